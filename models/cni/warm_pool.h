#pragma once
// ipamd's warm-pool settings and decisions, as pure functions of the datastore's counts
// (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go; ../shared/reference/ipamd.md §1–2 restates them).
// Names follow upstream so each function can be read beside its original.

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
  bool prefix_delegation = false;  // ENABLE_PREFIX_DELEGATION, off on non-Nitro types
  bool custom_networking = false;  // AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
  int max_eni = 0;                 // min(MAX_ENI, the type's ENIs)
  int slots = 0;  // S: secondary IPs (or /28 prefixes) per ENI, the type's addresses − 1
  sim::Duration ip_cooldown = sim::Duration::seconds(30);  // IP_COOLDOWN_PERIOD

  // Parsed as upstream parses aws-node's environment: a negative or non-integer target falls back
  // to its default (1 for WARM_ENI_TARGET, 0 for the others).
  static WarmPoolConfig from_env(const EnvConfig& env, const aws::InstanceType& type);

  // warmIPTargetsDefined: WARM_IP_TARGET or MINIMUM_IP_TARGET set; then WARM_ENI_TARGET and
  // WARM_PREFIX_TARGET are ignored.
  bool warm_ip_targets_defined() const { return warm_ip_target > 0 || minimum_ip_target > 0; }
  // maxIPsPerENI: S, or 16·S with prefixes.
  int max_ips_per_eni() const { return prefix_delegation ? 16 * slots : slots; }
};

// The datastore's counts (GetIPStats). Cooldown addresses count as available.
struct PoolStats {
  int total = 0;     // addresses in the pool (a /28 counts 16)
  int assigned = 0;  // held by a pod
  int cooldown = 0;  // unassigned less than IP_COOLDOWN_PERIOD ago
  int total_prefixes = 0;
  int free_prefixes = 0;  // /28s with no assigned address
  int enis = 0;           // ENIs in the datastore, the primary included
  int available() const { return total - assigned; }
};

// datastoreTargetState: how many addresses (and /28s) short of or over the warm targets.
struct TargetState {
  int short_ips = 0;
  int over_ips = 0;
  int short_prefixes = 0;
  int over_prefixes = 0;
};
TargetState datastore_target_state(const WarmPoolConfig& c, const PoolStats& s);

// isDatastorePoolTooLow; `max_pods` is the node's capacity (growth stops there).
bool is_pool_too_low(const WarmPoolConfig& c, const PoolStats& s, int max_pods);
// isDatastorePoolTooHigh.
bool is_pool_too_high(const WarmPoolConfig& c, const PoolStats& s);
// shouldRemoveExtraENIs; `freeable_eni_exists`: some non-primary ENI without pods (PD only).
bool should_remove_extra_enis(const WarmPoolConfig& c, const PoolStats& s,
                              bool freeable_eni_exists);
// getPrefixesNeeded (PD).
int prefixes_needed(const WarmPoolConfig& c, const PoolStats& s);
// How many addresses (or /28s) to add to an existing ENI that has `current` of S slots used
// (tryAssignIPs / tryAssignPrefixes); 0 means nothing to do.
int cidrs_to_assign(const WarmPoolConfig& c, const PoolStats& s, int current);
// GetENIResourcesToAllocate: the addresses (or /28s) a new ENI is created with.
int resources_to_allocate(const WarmPoolConfig& c, const PoolStats& s);
// hasRoomForEni (no Security Groups for Pods, no unmanaged ENIs in ekssim).
bool has_room_for_eni(const WarmPoolConfig& c, int enis);
// How many free /32s (or /28s) tryUnassignCidrsFromAll releases.
int cidrs_to_release(const WarmPoolConfig& c, const PoolStats& s);

}  // namespace ekssim::cni
