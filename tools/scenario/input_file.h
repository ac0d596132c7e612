#pragma once
// Reading a user's file (a scenario, or what a scenario imports) with the limits every input
// gets: only regular files, checked before opening (opening a FIFO blocks until a writer comes;
// /dev/zero never ends), and at most kMaxInputFileBytes.

#include <cstdint>
#include <optional>
#include <string>

namespace ekssim::scenario {

// The largest input file read (64 MiB): a generated 100,000-node cluster is a few MiB, and
// anything far larger is a mistake (a device, a log) that would otherwise be read until memory
// runs out.
inline constexpr uintmax_t kMaxInputFileBytes = uintmax_t{64} << 20;

struct InputText {
  std::optional<std::string> text;
  std::string problem;  // why it could not be read, e.g. "a FIFO, not a regular file"
};

InputText read_input_file(const std::string& path);

}  // namespace ekssim::scenario
