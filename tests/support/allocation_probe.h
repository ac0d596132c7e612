#pragma once
// Counts heap allocations between arm and disarm, to test hot paths' no-allocation promises. The
// global allocation functions are replaced in every test binary that links this file
// (tests/support/allocation_probe.cpp), so nothing else in those binaries may replace them.

namespace ekssim::test {

void arm_allocation_probe();
// Stops counting and returns the allocations since arm_allocation_probe().
long disarm_allocation_probe();

}  // namespace ekssim::test
