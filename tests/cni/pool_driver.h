#pragma once
// A synchronous stand-in for ipamd's pool loop over a real Datastore, for pinning what the
// warm-pool decisions do step by step. It follows updateIPPoolIfRequired, increaseDatastorePool,
// tryAssignIPs/tryAssignPrefixes, tryAllocateENI, tryUnassignCidrsFromAll and tryFreeENI
// (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go), with EC2 replaced by instant, never-failing
// handouts of consecutive addresses (or /28s). The event-driven ipamd with EC2 latency lives in
// models/cni/ipamd.h; this driver only exercises the pure parts.

#include <optional>
#include <string>

#include "models/cni/datastore.h"
#include "models/cni/warm_pool.h"

namespace ekssim::cni::testing {

class PoolDriver {
 public:
  PoolDriver(const WarmPoolConfig& config, int max_pods)
      : config_(config), max_pods_(max_pods), store_(config) {}

  // nodeInit: the primary ENI (device 0, no secondary addresses yet), then handlePreScaling;
  // the first pool tick follows 5 s later.
  void start(sim::Time now) {
    store_.add_eni("eni-0", 0, true, now);
    if (is_pool_too_low(config_, store_.stats(now), max_pods_)) increase(now);
    next_tick_ = now + sim::Duration::seconds(5);
  }

  // One updateIPPoolIfRequired at `now`.
  void tick(sim::Time now) {
    // Upstream decides with one snapshot: shouldRemoveExtraENIs sees the stats taken before the
    // increase or decrease of the same tick.
    const PoolStats before = store_.stats(now);
    if (is_pool_too_low(config_, before, max_pods_)) {
      increase(now);
    } else if (is_pool_too_high(config_, before) &&
               (!last_decrease_ || now - *last_decrease_ > sim::Duration::seconds(30))) {
      for (const auto& [eni, cidr] : store_.freeable_cidrs(cidrs_to_release(config_, before))) {
        store_.remove_cidr(eni, cidr);
      }
      last_decrease_ = now;
    }
    if (should_remove_extra_enis(config_, before, store_.freeable_eni_exists())) {
      if (const auto victim = store_.deletable_eni(now)) store_.remove_eni(*victim);
    }
  }

  // Ticks every 5 s (ipPoolMonitorInterval) from the last tick up to and including `until`.
  void run_until(sim::Time until) {
    while (next_tick_ <= until) {
      tick(next_tick_);
      next_tick_ += sim::Duration::seconds(5);
    }
  }

  Datastore& store() { return store_; }
  PoolStats stats(sim::Time now) const { return store_.stats(now); }

 private:
  void increase(sim::Time now) {
    const PoolStats s = store_.stats(now);
    if (const auto eni = store_.allocatable_eni()) {
      const int n = cidrs_to_assign(config_, s, eni->second);
      if (n > 0) {
        give(eni->first, n);
        return;
      }
    }
    if (!has_room_for_eni(config_, store_.eni_count())) return;
    const int n = resources_to_allocate(config_, s);
    if (n <= 0) return;
    const std::string id = "eni-" + std::to_string(next_device_);
    store_.add_eni(id, next_device_++, false, now);
    give(id, n);
  }

  void give(const std::string& eni, int n) {
    for (int i = 0; i < n; ++i) {
      if (config_.prefix_delegation) {
        store_.add_prefixes(eni, {net::Cidr::of(next_prefix_, 28)});
        next_prefix_ = next_prefix_ + 16;
      } else {
        store_.add_ips(eni, {next_ip_});
        next_ip_ = next_ip_ + 1;
      }
    }
  }

  WarmPoolConfig config_;
  int max_pods_;
  Datastore store_;
  std::optional<sim::Time> last_decrease_;
  sim::Time next_tick_;
  int next_device_ = 1;
  net::Ipv4 next_ip_ = net::Ipv4::from_octets(10, 0, 0, 10);
  net::Ipv4 next_prefix_ = net::Ipv4::from_octets(10, 1, 0, 0);
};

}  // namespace ekssim::cni::testing
