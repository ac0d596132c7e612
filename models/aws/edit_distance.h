#pragma once
// Levenshtein distance, for "did you mean" suggestions: instance types here, and every key, name
// and enum value in the scenario loader (tools/scenario/edit_distance.h builds on it). Computed
// with a single row, as Ninja's src/edit_distance.cc does (our own code).

#include <string_view>

namespace ekssim::aws {

// Insertions, deletions and substitutions needed to turn `a` into `b`. Stops early and returns
// `limit + 1` once every path is longer than `limit` (limit 0: no limit).
int edit_distance(std::string_view a, std::string_view b, int limit = 0);

}  // namespace ekssim::aws
