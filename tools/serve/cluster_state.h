#pragma once
// The cluster at one virtual instant as the page draws it, read from the live World (never
// re-derived): the VPC's zones and subnets with their used and free addresses, every node with
// its ENIs and each ENI's address cells (primary, assigned to a pod, warm in ipamd's pool,
// cooling after release, or a free slot the ENI could still take) and security groups, a trunk
// ENI with its branch ENIs (branch_eni_state.h), and every pod with its phase, address and
// security groups (and branch ENI).
//
// Cells come from ipamd's datastore (cni::Datastore::addresses, upstream's AddressInfo), the
// slots from the instance type (ipv4_per_eni − 1 secondary addresses, ×16 with prefixes).

#include <nlohmann/json.hpp>

#include "models/cluster/world.h"

namespace ekssim::serve {

// `now` is the world's clock (World::kernel is not const).
nlohmann::json cluster_state(const cluster::World& world, sim::Time now);

}  // namespace ekssim::serve
