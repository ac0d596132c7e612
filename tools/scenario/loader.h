#pragma once
// Loading a scenario: YAML text → validated spec::Scenario, or every mistake in the file as
// located diagnostics (STYLE.md, "Errors"). The only entry point to tools/scenario.
//
//   auto result = ekssim::scenario::load_scenario_file("scenarios/subnet-exhaustion.yaml");
//   if (!result.ok()) { std::cerr << format_diagnostics(result.diagnostics); return 2; }
//   run(*result.scenario);
//
// No exception escapes; nothing is printed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "models/spec/scenario.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::scenario {

struct LoadResult {
  std::optional<spec::Scenario> scenario;  // set exactly when no diagnostic is an error
  // Errors and warnings, sorted by (line, column, message), no duplicates. Print them whether
  // or not the scenario loaded: warnings come with a scenario that loads.
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return scenario.has_value(); }
};

// `display_path` is what diagnostics call the file.
LoadResult load_scenario_text(std::string_view text, std::string_view display_path);
// The same, for a caller that has already read the text's YAML documents with
// load_all_documents (yaml_documents.h): import, which looks for `from:` first, hands them on
// so that a large scenario is parsed once, not twice.
LoadResult load_scenario_documents(std::string_view text, std::string_view display_path,
                                   const std::vector<YAML::Node>& documents);

// Reads the file; one that cannot be read gives a single line-0 diagnostic,
// "path: error: cannot read: <reason>". Only regular files of at most 64 MiB are read
// (input_file.h): a directory, a FIFO or a device (/dev/zero) is refused before it is opened.
LoadResult load_scenario_file(const std::string& path);

}  // namespace ekssim::scenario
