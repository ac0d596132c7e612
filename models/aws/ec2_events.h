#pragma once
// What the EC2 model reports about address space, as trace events.

#include <string_view>

#include "sim/trace.h"

namespace ekssim::aws {

// A subnet's free addresses changed (an ENI created or deleted, addresses assigned or released).
struct SubnetAddressesChanged {
  static constexpr std::string_view kKind = "SubnetAddressesChanged";
  std::string_view subnet;
  int64_t free;  // free addresses (usable minus used)
  int64_t used;
  int64_t usable;         // size minus the 5 addresses AWS reserves
  int64_t free_prefixes;  // fully free aligned /28 blocks
  void write(sim::FieldWriter& w) const {
    w.text("subnet", subnet);
    w.integer("free", free);
    w.integer("used", used);
    w.integer("usable", usable);
    w.integer("freePrefixes", free_prefixes);
  }
};

}  // namespace ekssim::aws
