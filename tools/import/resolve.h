#pragma once
// Composing import and the loader. The loader (tools/scenario) knows nothing of `from:`; this
// layer sits above it:
//
//   scenario file ──has `from:`?── no ──────────────────────────────► scenario::load_scenario_text
//        │ yes
//        ▼
//   read `from:` → import the files (Imported: cluster + workloads, with provenance)
//   → merge the scenario's `cluster:` / `workloads:` onto them → emit ekssim/v1 text
//   → scenario::load_scenario_text → diagnostics mapped back to the user's files
//
// so a scenario with `from:` is exactly the scenario `ekssim import` prints, and both give the
// same spec::Scenario, report and digest.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/import/doc.h"
#include "tools/import/sources.h"
#include "tools/scenario/diagnostics.h"
#include "tools/scenario/loader.h"

namespace ekssim::import {

struct Resolution {
  std::optional<Emitted> resolved;  // set when there are no diagnostics
  std::vector<scenario::Diagnostic> diagnostics;
  ImportLog log;  // the files read (for source lines) and the notes
};

// The resolved text of a scenario with `from:` (nullopt `resolved` and no diagnostics when the
// text has no `from:` section: it is already resolved).
Resolution resolve_scenario_text(std::string_view text, const std::string& path);

// The resolved scenario of `ekssim import`'s flags: a header (name from the cluster, duration
// 30m, no events or expectations) around what was imported.
Resolution resolve_sources(const Sources& sources);

// Loads a scenario as the loader does, importing what its `from:` names first. Diagnostics about
// imported values point at the files they came from.
scenario::LoadResult load_scenario_text(std::string_view text, const std::string& path);
scenario::LoadResult load_scenario_file(const std::string& path);

}  // namespace ekssim::import
