#pragma once
// Shared by `sweep`, `merge` and `fit`: reading the scenario's text and writing a sweep table.

#include <optional>
#include <string>

#include "tools/cli/sweep_table.h"

namespace ekssim::cli {

// Returns a formatted error ("path: error: cannot read: …\n"), or nullopt with `text` filled.
std::optional<std::string> read_scenario_text(const std::string& path, std::string& text);

// Writes the table as text, json or csv to `output` (atomically) or stdout; returns the exit code.
int write_sweep_table(const SweepTable& table, const std::string& format, const std::string& output,
                      const std::string& command);

}  // namespace ekssim::cli
