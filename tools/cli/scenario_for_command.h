#pragma once
// Loading the one scenario a command works on (explain, explain --dns, iptables, reachability):
// through import, so `from:` works everywhere, with every diagnostic — warnings too, which the
// commands used to drop when the scenario loaded — printed on `err`.

#include <optional>
#include <ostream>
#include <string>

#include "models/spec/scenario.h"

namespace ekssim::cli {

// The scenario, or nothing when it did not load (the caller exits 2).
std::optional<spec::Scenario> load_scenario_for_command(const std::string& path,
                                                        std::ostream& err);

}  // namespace ekssim::cli
