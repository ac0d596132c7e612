#pragma once
// Checks that span sections: every name is declared once, every reference resolves (the message
// lists the valid names and suggests the nearest), and facts that depend on two sections hold
// (a route to the internet gateway needs one; a host's address lies in its subnet; a scaling
// event stays within its node group's bounds).

#include "models/spec/scenario.h"
#include "tools/scenario/map_reader.h"

namespace ekssim::scenario {

void check_cross_references(Reader& reader, const spec::Scenario& scenario);

}  // namespace ekssim::scenario
