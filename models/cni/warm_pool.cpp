#include "models/cni/warm_pool.h"

#include <algorithm>

namespace ekssim::cni {

namespace {
int ceil_div(int a, int b) {
  return (a + b - 1) / b;
}
constexpr int kPrefixSize = 16;  // a /28
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
  // usePrefixDelegation, forced off by isConfigValid on types that are neither Nitro nor metal.
  c.prefix_delegation = env_flag(env, "ENABLE_PREFIX_DELEGATION", false) &&
                        (type.hypervisor == aws::Hypervisor::kNitro || type.bare_metal);
  c.custom_networking = env_flag(env, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", false);
  const auto max_eni = env_int(env, "MAX_ENI");
  c.max_eni = max_eni && *max_eni >= 1 ? std::min(*max_eni, type.max_enis) : type.max_enis;
  c.slots = type.ipv4_per_eni - 1;
  if (const auto cooldown = env_int(env, "IP_COOLDOWN_PERIOD"); cooldown && *cooldown >= 0) {
    c.ip_cooldown = sim::Duration::seconds(*cooldown);
  }
  return c;
}

TargetState datastore_target_state(const WarmPoolConfig& c, const PoolStats& s) {
  const int w = c.warm_ip_target;
  const int m = c.minimum_ip_target;
  TargetState t;
  t.short_ips = std::max({w - s.available(), 0, m - s.total});
  t.over_ips = std::max(std::min(s.available() - w, s.total - m), 0);
  if (c.prefix_delegation) {
    t.short_prefixes = ceil_div(t.short_ips, kPrefixSize);
    const int need = ceil_div(s.assigned + w, kPrefixSize);
    const int need_min = ceil_div(m, kPrefixSize);
    t.over_prefixes = std::max(
        std::min({s.free_prefixes, s.total_prefixes - need, s.total_prefixes - need_min}), 0);
  }
  return t;
}

bool is_pool_too_low(const WarmPoolConfig& c, const PoolStats& s, int max_pods) {
  if (s.total >= max_pods) return false;
  if (c.warm_ip_targets_defined()) return datastore_target_state(c, s).short_ips > 0;
  const int unit = c.prefix_delegation ? kPrefixSize : c.slots;
  const int w = c.prefix_delegation ? c.warm_prefix_target : c.warm_eni_target;
  return s.available() < unit * w || (w == 0 && s.available() == 0);
}

bool is_pool_too_high(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    const TargetState t = datastore_target_state(c, s);
    return c.prefix_delegation ? t.over_prefixes > 0 : t.over_ips > 0;
  }
  return c.prefix_delegation && s.free_prefixes > c.warm_prefix_target;
}

bool should_remove_extra_enis(const WarmPoolConfig& c, const PoolStats& s,
                              bool freeable_eni_exists) {
  if (c.warm_ip_targets_defined()) return true;
  const int w = c.prefix_delegation ? c.warm_prefix_target : c.warm_eni_target;
  if (s.available() >= (w + 1) * c.max_ips_per_eni()) return true;
  return c.prefix_delegation && freeable_eni_exists;
}

int prefixes_needed(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    return std::max(1, datastore_target_state(c, s).short_prefixes);
  }
  return std::max(1, c.warm_prefix_target - s.free_prefixes);
}

int cidrs_to_assign(const WarmPoolConfig& c, const PoolStats& s, int current) {
  const int room = c.slots - current;
  if (room <= 0) return 0;
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
  return enis < c.max_eni;
}

int cidrs_to_release(const WarmPoolConfig& c, const PoolStats& s) {
  const TargetState t = datastore_target_state(c, s);
  if (c.prefix_delegation) {
    return c.warm_ip_targets_defined() ? t.over_prefixes
                                       : std::max(0, s.free_prefixes - c.warm_prefix_target);
  }
  return c.warm_ip_targets_defined() ? t.over_ips : 0;
}

}  // namespace ekssim::cni
