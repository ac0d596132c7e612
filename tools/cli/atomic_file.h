#pragma once
// Reports are written whole or not at all: into a temporary file beside the target, then renamed
// over it, so a crash or a full disk never leaves a half-written report for CI to misread.

#include <optional>
#include <string>
#include <string_view>

namespace ekssim::cli {

// Returns an error message, or nullopt on success.
std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content);

}  // namespace ekssim::cli
