#pragma once
// Counts heap allocations while armed: the global allocation functions are replaced in this
// test binary (allocation_probe.cpp, kept in its own file so no caller sees malloc behind new).

namespace ekssim::dns::testing {

void arm_allocation_probe();
// Disarms the probe and returns the allocations made since it was armed.
long disarm_allocation_probe();

}  // namespace ekssim::dns::testing
