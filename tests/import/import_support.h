#pragma once
// Helpers for the import tests: fixture paths, resolving flags or a scenario, and finding what
// was imported in the loaded spec.

#include <optional>
#include <string>
#include <vector>

#include "models/spec/scenario.h"
#include "tools/import/resolve.h"

namespace ekssim::test {

std::string fixture(const std::string& relative);  // tests/import/fixtures/<relative>

// A scenario in tests/import/fixtures/ with `from_section` (YAML lines under `from:`, paths
// relative to the fixtures) and `cluster` (a whole small cluster by default), run through import
// and the loader. Throws with the diagnostics when it does not load.
spec::Scenario load_from(const std::string& from_section, const std::string& cluster = "default");
// The formatted diagnostics of the same (empty when it loads).
std::string errors_from(const std::string& from_section, const std::string& cluster = "default");
// The resolved text `ekssim import` prints for `sources`; throws with the diagnostics.
std::string resolved_text(const import::Sources& sources);

const spec::Deployment& deployment(const spec::Scenario& s, const std::string& ns,
                                   const std::string& name);
const spec::Service& service(const spec::Scenario& s, const std::string& ns,
                             const std::string& name);
size_t count_services(const spec::Scenario& s);

}  // namespace ekssim::test
