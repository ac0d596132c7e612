// libFuzzer target: the scenario loader on arbitrary bytes, as `ekssim check` would read them.
// Whatever the input, load_scenario_text must return a scenario or located diagnostics; a crash,
// an escaping exception, a leak or undefined behaviour is a finding. Seeds: scenarios/*.yaml.
//
//   build/sanitize/tests/fuzz/fuzz_load_scenario -max_total_time=60 CORPUS_DIR scenarios
//   build/sanitize/tests/fuzz/fuzz_load_scenario CRASH_FILE      (replays one input)

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tools/scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ekssim::scenario::LoadResult result =
      ekssim::scenario::load_scenario_text(text, "fuzz.yaml");
  // loader.h's contract: a scenario exactly when no diagnostic is an error (warnings come with a
  // scenario that loads), each diagnostic saying what.
  if (result.ok() != (ekssim::scenario::error_count(result.diagnostics) == 0)) std::abort();
  for (const ekssim::scenario::Diagnostic& d : result.diagnostics) {
    if (d.message.empty() || d.line < 0 || d.column < 0) std::abort();
  }
  // Formatting walks each diagnostic's source line and column.
  const std::string formatted = ekssim::scenario::format_diagnostics(result.diagnostics);
  if (formatted.empty() != result.diagnostics.empty()) std::abort();
  return 0;
}
