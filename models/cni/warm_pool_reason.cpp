#include "models/cni/warm_pool_reason.h"

#include <fmt/format.h>

namespace ekssim::cni {

namespace {

std::string unit(const WarmPoolConfig& c, int count) {
  if (c.prefix_delegation) return fmt::format("{} /28 prefix{}", count, count == 1 ? "" : "es");
  return fmt::format("{} address{}", count, count == 1 ? "" : "es");
}

// The targets in force, as aws-node's environment names them.
std::string targets(const WarmPoolConfig& c) {
  if (c.warm_ip_targets_defined()) {
    std::string out;
    if (c.warm_ip_target > 0) out = fmt::format("WARM_IP_TARGET {}", c.warm_ip_target);
    if (c.minimum_ip_target > 0) {
      if (!out.empty()) out += ", ";
      out += fmt::format("MINIMUM_IP_TARGET {}", c.minimum_ip_target);
    }
    return out;
  }
  if (c.prefix_delegation) return fmt::format("WARM_PREFIX_TARGET {}", c.warm_prefix_target);
  return fmt::format("WARM_ENI_TARGET {}", c.warm_eni_target);
}

// The comparison that made the pool too low (isDatastorePoolTooLow).
std::string shortfall(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    const TargetState t = datastore_target_state(c, s);
    return fmt::format("{} available of {}, short {}", s.available(), s.total, t.short_ips);
  }
  if (c.prefix_delegation) {
    return fmt::format("{} free /28 of {} wanted", s.free_prefixes, c.warm_prefix_target);
  }
  return fmt::format("{} available < {} × {} per ENI", s.available(), c.warm_eni_target, c.slots);
}

}  // namespace

std::string describe_growth(const WarmPoolConfig& c, const PoolStats& s, int count, bool new_eni) {
  return fmt::format("{}: {} → asks EC2 for {} {}", targets(c), shortfall(c, s), unit(c, count),
                     new_eni ? "on a new ENI" : "on an attached ENI");
}

std::string describe_release(const WarmPoolConfig& c, const PoolStats& s, int count) {
  if (c.warm_ip_targets_defined()) {
    const TargetState t = datastore_target_state(c, s);
    return fmt::format("{}: {} available of {}, over {} → releases {}", targets(c), s.available(),
                       s.total, t.over_ips, unit(c, count));
  }
  return fmt::format("{}: {} free /28 → releases {}", targets(c), s.free_prefixes, unit(c, count));
}

std::string describe_eni_free(const WarmPoolConfig& c, const PoolStats& s) {
  if (c.warm_ip_targets_defined()) {
    return fmt::format("{}: an ENI with no assigned address is not needed → frees it", targets(c));
  }
  const int w = c.prefix_delegation ? c.warm_prefix_target : c.warm_eni_target;
  return fmt::format("{}: {} available ≥ ({} + 1) × {} per ENI → frees an ENI", targets(c),
                     s.available(), w, c.max_ips_per_eni());
}

}  // namespace ekssim::cni
