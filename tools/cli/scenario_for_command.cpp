#include "tools/cli/scenario_for_command.h"

#include "tools/import/resolve.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::cli {

std::optional<spec::Scenario> load_scenario_for_command(const std::string& path,
                                                        std::ostream& err) {
  scenario::LoadResult loaded = import::load_scenario_file(path);
  err << scenario::format_diagnostics(loaded.diagnostics);
  return std::move(loaded.scenario);
}

}  // namespace ekssim::cli
