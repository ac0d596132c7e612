#pragma once
// ipamd's datastore on one node (aws/amazon-vpc-cni-k8s pkg/ipamd/datastore/data_store.go): the
// ENIs ipamd manages, their secondary /32s or /28 prefixes, and which pod holds which address.
//
// - Assignment (AssignPodIPv4Address): the same pod asking again gets its address back; otherwise
//   the first address neither assigned nor cooling down. Upstream walks ENIs in Go map order
//   (unspecified); ekssim takes the lowest device number, then the lowest address (a documented
//   simplification, ../shared/reference/ipamd.md §2.7).
// - Release (UnassignPodIPAddress): the address cools down for IP_COOLDOWN_PERIOD before another
//   pod may take it; cooling addresses still count as available for the warm-pool arithmetic.
// - getDeletableENI's checks: not the primary, at least 60 s old (minENILifeTime), no address
//   cooling down, no pods, not needed for WARM_IP_TARGET / MINIMUM_IP_TARGET / WARM_PREFIX_TARGET.
// Per node there are at most a few hundred addresses; vectors, no per-address allocation.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/cni/warm_pool.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::cni {

class Datastore {
 public:
  explicit Datastore(const WarmPoolConfig& config) : config_(config) {}
  void set_config(const WarmPoolConfig& config) { config_ = config; }

  bool has_eni(std::string_view id) const;
  void add_eni(const std::string& id, int device, bool primary, sim::Time created);
  // Addresses EC2 assigned to the ENI (secondary IPs, or /28 prefixes expanded to 16 each).
  void add_ips(std::string_view eni, const std::vector<net::Ipv4>& ips);
  void add_prefixes(std::string_view eni, const std::vector<net::Cidr>& prefixes);
  // What EC2 reports the ENI holds: adds the addresses and prefixes the store lacks, keeping the
  // ones it has (and who holds them).
  void sync_eni(std::string_view eni, const std::vector<net::Ipv4>& ips,
                const std::vector<net::Cidr>& prefixes);

  PoolStats stats(sim::Time now) const;

  struct Assignment {
    net::Ipv4 ip;
    std::string eni;
  };
  // `pod` identifies the sandbox's pod ("namespace/name").
  std::optional<Assignment> assign(const std::string& pod, sim::Time now);
  // The address released, if the pod held one.
  std::optional<net::Ipv4> unassign(const std::string& pod, sim::Time now);

  // The ENI with room for more addresses (fewer than S /32s or /28s), lowest device first; the
  // primary is skipped under custom networking (GetAllocatableENIs). Returns id and current count.
  std::optional<std::pair<std::string, int>> allocatable_eni() const;
  // Up to `count` unassigned /32s (or /28s with no assigned address), cooling ones included, from
  // the highest device down (tryUnassignCidrsFromAll).
  std::vector<std::pair<std::string, net::Cidr>> freeable_cidrs(int count) const;
  void remove_cidr(std::string_view eni, net::Cidr cidr);
  // getDeletableENI, and removal from the store.
  std::optional<std::string> deletable_eni(sim::Time now) const;
  bool freeable_eni_exists() const;
  void remove_eni(std::string_view id);
  // ipamd restarts: cooldown is not checkpointed (ipamd.md §2.7).
  void forget_cooldown();

  int eni_count() const { return static_cast<int>(enis_.size()); }
  // Addresses free and not cooling down: what a pod's ADD could get now.
  int assignable(sim::Time now) const;

 private:
  struct Address {
    net::Ipv4 ip;
    std::string pod;  // empty when unassigned
    std::optional<sim::Time> unassigned_at;
  };
  struct Block {
    net::Cidr cidr;  // a /32, or a /28 in prefix mode
    std::vector<Address> addresses;
    int assigned() const;
  };
  struct Eni {
    std::string id;
    int device = 0;
    bool primary = false;
    sim::Time created;
    std::vector<Block> blocks;
    int assigned() const;
  };

  Eni* find(std::string_view id);
  const Eni* find(std::string_view id) const;
  bool cooling(const Address& a, sim::Time now) const;
  int addresses_on(const Eni& eni) const;
  int free_on(const Eni& eni) const;

  WarmPoolConfig config_;
  std::vector<Eni> enis_;  // by device number
  std::map<std::string, std::pair<std::string, net::Ipv4>, std::less<>> by_pod_;  // pod → eni, ip
};

}  // namespace ekssim::cni
