#include "models/cni/warm_pool.h"

#include <algorithm>

#include "models/aws/pod_eni_limits.h"

namespace ekssim::cni {

namespace {

// GetPrefixDelegationDefaults: a /28 holds 16 addresses.
constexpr int64_t kPrefixSize = 16;

// DivCeil, for non-negative values. Inputs are widened: a target may be as large as INT_MAX.
int64_t div_ceil(int64_t x, int64_t y) {
  return (x + y - 1) / y;
}

int clamp_to_int(int64_t v) {
  return static_cast<int>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
}

}  // namespace

WarmPoolConfig WarmPoolConfig::from_env(const EnvConfig& env, const aws::InstanceType& type) {
  WarmPoolConfig c;
  const auto non_negative = [&env](std::string_view name, int fallback) {
    const auto v = env_int(env, name);
    return v && *v >= 0 ? *v : fallback;
  };
  c.warm_eni_target = non_negative("WARM_ENI_TARGET", 1);
  c.warm_ip_target = non_negative("WARM_IP_TARGET", 0);
  c.minimum_ip_target = non_negative("MINIMUM_IP_TARGET", 0);
  c.warm_prefix_target = non_negative("WARM_PREFIX_TARGET", 0);
  // usePrefixDelegation, forced off by isConfigValid where IsPrefixDelegationSupported is false.
  c.prefix_delegation = env_flag(env, "ENABLE_PREFIX_DELEGATION", false) &&
                        (type.hypervisor == aws::Hypervisor::kNitro || type.bare_metal);
  c.custom_networking = env_flag(env, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", false);
  const auto max_eni = env_int(env, "MAX_ENI");
  c.max_eni = max_eni && *max_eni >= 1 ? std::min(*max_eni, type.max_enis) : type.max_enis;
  c.trunk_slot = env_flag(env, "ENABLE_POD_ENI", false) && aws::cni_trunking_compatible(type);
  c.slots = type.ipv4_per_eni - 1;  // GetENIIPv4Limit: the primary address is never a pod's
  // datastore.getCooldownPeriod: seconds, negative allowed; a parse error keeps the 30 s.
  if (const auto cooldown = env_int(env, "IP_COOLDOWN_PERIOD")) {
    c.ip_cooldown = sim::Duration::seconds(*cooldown);
  }
  return c;
}

TargetState datastore_target_state(const WarmPoolConfig& c, const PoolStats& s) {
  TargetState t;
  if (!c.warm_ip_targets_defined()) return t;
  const int64_t w = c.warm_ip_target;
  const int64_t m = c.minimum_ip_target;
  const int64_t available = s.available();
  t.short_ips = clamp_to_int(std::max({w - available, int64_t{0}, m - s.total}));
  t.over_ips = clamp_to_int(std::max(std::min(available - w, s.total - m), int64_t{0}));
  if (c.prefix_delegation) {
    t.short_prefixes = clamp_to_int(div_ceil(t.short_ips, kPrefixSize));
    const int64_t for_warm = div_ceil(s.assigned + w, kPrefixSize);
    const int64_t for_minimum = div_ceil(m, kPrefixSize);
    t.over_prefixes =
        clamp_to_int(std::max(std::min({int64_t{s.free_prefixes}, s.total_prefixes - for_warm,
                                        s.total_prefixes - for_minimum}),
                              int64_t{0}));
  }
  return t;
}

bool is_pool_too_low(const WarmPoolConfig& c, const PoolStats& s, int max_pods) {
  if (s.total >= max_pods) return false;
  if (c.warm_ip_targets_defined()) return datastore_target_state(c, s).short_ips > 0;
  const int64_t unit = c.prefix_delegation ? kPrefixSize : c.slots;
  const int64_t w = c.prefix_delegation ? c.warm_prefix_target : c.warm_eni_target;
  return s.available() < unit * w || (w == 0 && s.available() == 0);
}

bool is_pool_too_high(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    const TargetState t = datastore_target_state(c, s);
    return (c.prefix_delegation ? t.over_prefixes : t.over_ips) > 0;
  }
  return c.warm_prefix_target_defined() && s.free_prefixes > c.warm_prefix_target;
}

bool should_remove_extra_enis(const WarmPoolConfig& c, const PoolStats& s,
                              bool freeable_eni_exists) {
  if (c.warm_ip_targets_defined()) return true;
  const int64_t w = c.prefix_delegation ? c.warm_prefix_target : c.warm_eni_target;
  if (s.available() >= (w + 1) * c.max_ips_per_eni()) return true;
  return c.prefix_delegation && freeable_eni_exists;
}

int prefixes_needed(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    return std::max(1, datastore_target_state(c, s).short_prefixes);
  }
  // datastorePrefixTargetState; warmPrefixTargetDefined holds whenever prefixes are on.
  return std::max(1, c.warm_prefix_target - s.free_prefixes);
}

int cidrs_to_assign(const WarmPoolConfig& c, const PoolStats& s, int current) {
  const int room = c.slots - current;
  if (room <= 0) return 0;  // GetAllocatableENIs would not have offered this ENI
  if (c.prefix_delegation) return std::min(room, prefixes_needed(c, s));
  if (c.warm_ip_targets_defined()) {
    const int short_ips = datastore_target_state(c, s).short_ips;
    return short_ips == 0 ? 0 : std::min(room, short_ips);
  }
  return room;
}

int resources_to_allocate(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.prefix_delegation) return std::min(prefixes_needed(c, s), c.slots);
  if (c.warm_ip_targets_defined()) {
    return std::min(datastore_target_state(c, s).short_ips, c.slots);
  }
  return c.slots;
}

bool has_room_for_eni(const WarmPoolConfig& c, int enis) {
  return enis < c.max_eni - (c.trunk_slot ? 1 : 0);
}

int cidrs_to_release(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    const TargetState t = datastore_target_state(c, s);
    return c.prefix_delegation ? t.over_prefixes : t.over_ips;
  }
  return c.warm_prefix_target_defined() ? std::max(0, s.free_prefixes - c.warm_prefix_target) : 0;
}

}  // namespace ekssim::cni
