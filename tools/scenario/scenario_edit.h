#pragma once
// Edits a scenario's text as `ekssim sweep` varies it: each setting replaces one scalar value in
// place, or inserts a missing key into its map, so the variant is then loaded and validated by
// the ordinary loader exactly like a scenario, and its diagnostics point at the file's own lines.
//
//   auto edit = edit_scenario_text(text, {{"cluster.nodeGroups[web].desiredCapacity", "9"}});
//   if (!edit.ok()) { … edit.error … }
//   auto loaded = load_scenario_text(edit.text, path);
//   relocate_diagnostics(loaded.diagnostics, edit, "desiredCapacity=9");
//
// Values are YAML text. A value replacing a quoted scalar keeps its quotes when written plain, so
// `WARM_IP_TARGET=1` edits `WARM_IP_TARGET: "5"` into `WARM_IP_TARGET: "1"`. A key missing from
// a block map is written on a line of its own before the map's first key; a missing map on the
// way is written in flow style (`env: {WARM_IP_TARGET: "1"}`). Only one-line scalars are edited.

#include <string>
#include <string_view>
#include <vector>

#include "models/spec/location.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::scenario {

struct Setting {
  std::string path;   // sweep_path.h
  std::string value;  // YAML text
};

struct ScenarioEdit {
  std::string text;                 // the edited scenario
  std::vector<int> inserted_lines;  // 1-based, in the original's numbering, ascending
  std::string error;                // why a setting cannot be applied, naming its path

  bool ok() const { return error.empty(); }
  // The original file's line for a line of the edited text; an inserted line maps to the line
  // of the key it was inserted before.
  int original_line(int edited_line) const;
};

ScenarioEdit edit_scenario_text(std::string_view text, const std::vector<Setting>& settings);

// Renumbers the variant's diagnostics to the original file's lines and prefixes each message
// with "variant 'NAME': ".
void relocate_diagnostics(std::vector<Diagnostic>& diagnostics, const ScenarioEdit& edit,
                          std::string_view variant);

}  // namespace ekssim::scenario
