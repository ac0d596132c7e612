#pragma once
// ipamd's warm-pool settings and decisions, as pure functions of the datastore's counts
// (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go; ../shared/reference/ipamd.md §1–2 restates them).
// Names follow upstream so each function can be read beside its original. Everything here is for
// the default network card (ENABLE_MULTI_NIC is not modelled); the caller runs the loop
// (updateIPPoolIfRequired) and talks to EC2.

#include <cstdint>

#include "models/aws/instance_types.h"
#include "models/cni/env_config.h"
#include "sim/time.h"

namespace ekssim::cni {

struct WarmPoolConfig {
  int warm_eni_target = 1;         // WARM_ENI_TARGET (getWarmENITarget)
  int warm_ip_target = 0;          // WARM_IP_TARGET, 0 = unset (getWarmIPTarget)
  int minimum_ip_target = 0;       // MINIMUM_IP_TARGET, 0 = unset (getMinimumIPTarget)
  int warm_prefix_target = 0;      // WARM_PREFIX_TARGET (getWarmPrefixTarget)
  bool prefix_delegation = false;  // ENABLE_PREFIX_DELEGATION, after isConfigValid
  bool custom_networking = false;  // AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
  int max_eni = 0;                 // maxENI: min(MAX_ENI, the type's ENIs) (getMaxENI)
  // ENABLE_POD_ENI on a type ipamd calls trunk-compatible (aws::cni_trunking_compatible): one ENI
  // slot of the default card belongs to the trunk, attached or still to come (hasRoomForEni).
  bool trunk_slot = false;
  int slots = 0;  // S: secondary IPs, or /28 prefixes, per ENI: the type's IPv4 addresses − 1
  sim::Duration ip_cooldown = sim::Duration::seconds(30);  // IP_COOLDOWN_PERIOD

  // Parsed from aws-node's environment exactly as upstream's getters parse it:
  // - WARM_ENI_TARGET (default 1), WARM_IP_TARGET, MINIMUM_IP_TARGET, WARM_PREFIX_TARGET
  //   (default 0): a non-integer or negative value gives the default.
  // - MAX_ENI: used only when it is an integer ≥ 1, and never above the type's ENI limit.
  // - ENABLE_PREFIX_DELEGATION (Go's ParseBool, default false) is silently off on a type that is
  //   neither Nitro nor bare metal (isConfigValid, IsPrefixDelegationSupported).
  // - IP_COOLDOWN_PERIOD in seconds (default 30; a non-integer gives 30). Upstream accepts a
  //   negative value, which means no cooldown at all, and so does ekssim.
  // - ENABLE_POD_ENI (ParseBool, default false) reserves the trunk's slot on a trunk-compatible
  //   type.
  // Integers are read as Go's strconv.Atoi reads them (an optional sign, decimal digits).
  static WarmPoolConfig from_env(const EnvConfig& env, const aws::InstanceType& type);

  // warmIPTargetsDefined: WARM_IP_TARGET or MINIMUM_IP_TARGET set; then WARM_ENI_TARGET and
  // WARM_PREFIX_TARGET do not drive growth.
  bool warm_ip_targets_defined() const { return warm_ip_target > 0 || minimum_ip_target > 0; }
  // warmPrefixTargetDefined: `WARM_PREFIX_TARGET >= 0` with prefix delegation, so it holds
  // whenever prefix delegation is on, even with the variable unset (a target of 0).
  bool warm_prefix_target_defined() const { return prefix_delegation && warm_prefix_target >= 0; }
  // maxIPsPerENI: S, or 16·S with prefixes (GetIPv4Limit).
  int max_ips_per_eni() const { return prefix_delegation ? 16 * slots : slots; }
};

// The datastore's counts (GetIPStats("4"), GetFreePrefixes, GetENIs). Cooldown addresses count
// as available.
struct PoolStats {
  int total = 0;     // addresses in the pool (a /28 counts 16)
  int assigned = 0;  // held by a pod
  int cooldown = 0;  // unassigned at most IP_COOLDOWN_PERIOD ago
  int total_prefixes = 0;
  int free_prefixes = 0;                              // /28s with no assigned address
  int enis = 0;                                       // ENIs in the datastore, the primary included
  int available() const { return total - assigned; }  // AvailableAddresses
};

// datastoreTargetState: how far the pool is from WARM_IP_TARGET and MINIMUM_IP_TARGET. All zero
// when neither is set (upstream returns "not enabled"). In secondary-IP mode:
//   short = max(W − available, 0, M − total),  over = max(min(available − W, total − M), 0).
// With prefix delegation upstream returns /28 counts instead, filled in here as
//   short_prefixes = ceil(short / 16),
//   over_prefixes = max(min(free /28s, total /28s − ceil((assigned + W) / 16),
//                           total /28s − ceil(M / 16)), 0);
// short_ips and over_ips keep the address counts in both modes.
struct TargetState {
  int short_ips = 0;
  int over_ips = 0;
  int short_prefixes = 0;
  int over_prefixes = 0;
};
TargetState datastore_target_state(const WarmPoolConfig& c, const PoolStats& s);

// isDatastorePoolTooLow. Not low once total ≥ `max_pods` (the node's status.capacity.pods). With
// warm IP targets: low iff short > 0. Otherwise, with W = WARM_ENI_TARGET and unit = S (or
// W = WARM_PREFIX_TARGET and unit = 16 with prefixes): low iff available < unit·W, or W = 0 and
// nothing is available.
bool is_pool_too_low(const WarmPoolConfig& c, const PoolStats& s, int max_pods);
// isDatastorePoolTooHigh. With warm IP targets: over > 0 (over_prefixes with prefixes). Otherwise
// only with prefix delegation: free /28s > WARM_PREFIX_TARGET. Never under WARM_ENI_TARGET alone.
bool is_pool_too_high(const WarmPoolConfig& c, const PoolStats& s);
// shouldRemoveExtraENIs: always with warm IP targets; else available ≥ (W + 1)·maxIPsPerENI
// (W = WARM_ENI_TARGET, or WARM_PREFIX_TARGET with prefixes); else, with prefixes,
// `freeable_eni_exists` (Datastore::freeable_eni_exists, CheckFreeableENIexists).
bool should_remove_extra_enis(const WarmPoolConfig& c, const PoolStats& s,
                              bool freeable_eni_exists);
// getPrefixesNeeded (prefix delegation): max(1, short_prefixes) with warm IP targets, else
// max(1, WARM_PREFIX_TARGET − free /28s). Always at least one.
int prefixes_needed(const WarmPoolConfig& c, const PoolStats& s);
// The count tryAssignIPs passes to AssignPrivateIpAddresses (or tryAssignPrefixes as
// Ipv4PrefixCount) for an existing ENI holding `current` of its S CIDRs:
//   secondary IPs: 0 if warm IP targets are set and short = 0; else min(S − current,
//   short if warm IP targets are set, else S);  prefixes: min(S − current, prefixes_needed).
// 0 means nothing to ask for.
int cidrs_to_assign(const WarmPoolConfig& c, const PoolStats& s, int current);
// GetENIResourcesToAllocate: the addresses (SecondaryPrivateIpAddressCount) or /28s
// (Ipv4PrefixCount) a new ENI is created with: S, or min(short, S) with warm IP targets; with
// prefixes min(prefixes_needed, S). tryAllocateENI does nothing when this is ≤ 0.
int resources_to_allocate(const WarmPoolConfig& c, const PoolStats& s);
// hasRoomForEni with `enis` pod ENIs in the datastore (pkg/ipamd/ipamd.go): enis < maxENI, less
// one for the trunk with `trunk_slot`. Upstream subtracts the trunk from maxENI only while no
// trunk is attached and counts it among the datastore's ENIs once it is; ekssim keeps the trunk
// out of the datastore, so one subtraction covers both. No unmanaged or excluded ENIs exist here.
bool has_room_for_eni(const WarmPoolConfig& c, int enis);
// How many free /32s (or /28s) tryUnassignCidrsFromAll releases: over (over_prefixes) with warm
// IP targets; else, with prefixes, max(free /28s − WARM_PREFIX_TARGET, 0)
// (computeExtraPrefixesOverWarmTarget); else 0.
int cidrs_to_release(const WarmPoolConfig& c, const PoolStats& s);

}  // namespace ekssim::cni
