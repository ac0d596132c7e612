#pragma once
// Levenshtein distance, for "did you mean" suggestions of instance types and policies.

#include <cstddef>
#include <string_view>

namespace ekssim::aws {

size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace ekssim::aws
