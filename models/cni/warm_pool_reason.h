#pragma once
// ipamd's warm-pool decisions in words, with the arithmetic that drove them, for the trace
// (IpamdPoolChanged::why): "WARM_IP_TARGET 5: 3 available, short 2 → asks EC2 for 2 addresses".
// The figures are those of the pure rules in warm_pool.h, which follow aws/amazon-vpc-cni-k8s
// pkg/ipamd/ipamd.go (isDatastorePoolTooLow, datastoreTargetState, tryAssignIPs,
// GetENIResourcesToAllocate, tryUnassignCidrsFromAll, shouldRemoveExtraENIs); nothing here
// decides anything.

#include <string>

#include "models/cni/warm_pool.h"

namespace ekssim::cni {

// The rule that made the pool too low, and what ipamd asks for: `count` addresses (or /28s) on
// an existing ENI (`new_eni` false, tryAssignIPs) or on a new ENI (GetENIResourcesToAllocate).
std::string describe_growth(const WarmPoolConfig& c, const PoolStats& s, int count, bool new_eni);
// Why ipamd gives `count` addresses (or /28s) back (tryUnassignCidrsFromAll).
std::string describe_release(const WarmPoolConfig& c, const PoolStats& s, int count);
// Why ipamd frees a whole ENI (shouldRemoveExtraENIs).
std::string describe_eni_free(const WarmPoolConfig& c, const PoolStats& s);

}  // namespace ekssim::cni
