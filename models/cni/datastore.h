#pragma once
// ipamd's datastore on one node (aws/amazon-vpc-cni-k8s pkg/ipamd/datastore/data_store.go): the
// ENIs ipamd manages, their secondary /32s or /28 prefixes, and which sandbox holds which address.
//
// What it models, by upstream function:
// - AddENI, AddIPv4CidrToStore, DelIPv4CidrFromStore, RemoveENIFromDataStore.
// - AssignPodIPv4Address: the same key asking again gets its address back; otherwise the first
//   address neither assigned nor cooling down. Upstream walks a Go map (unspecified order);
//   ekssim takes the lowest device number, then the lowest CIDR (a documented simplification,
//   ../shared/reference/ipamd.md §2.7). Inside a /28 it follows getUnusedIP: reuse an address
//   that was used before and is out of cooldown (the lowest, where upstream takes map order;
//   the others are dropped from the /28's map, so they count as never used again), else the
//   lowest never-used address, counting up from the network address (which pods may use).
// - UnassignPodIPAddress: the address cools down for IP_COOLDOWN_PERIOD (inCoolingPeriod:
//   elapsed ≤ period, so a negative period means no cooldown); cooling addresses still count as
//   available in the stats (DataStoreStats.AvailableAddresses).
// - GetIPStats: only CIDRs of the current mode count (/32s in secondary-IP mode, /28s with prefix
//   delegation), as after ENABLE_PREFIX_DELEGATION is toggled; TotalPrefixes and GetFreePrefixes
//   count every /28.
// - GetAllocatableENIs, FindFreeableCidrs, getDeletableENI (with minENILifeTime = 60 s),
//   CheckFreeableENIexists.
// Not modelled: trunk, EFA and excluded ENIs (the trunk of Security Groups for Pods stays out of
// the datastore, warm_pool.h's trunk_slot holds its slot; no subnet
// exclusion), IPv6, the checkpoint file (forget_cooldown() is what an ipamd restart loses).
//
// Costs: counts are kept incrementally, so stats() is O(log d) for d deletes in the last cooldown
// period; assign/unassign are O(addresses on the node) at worst with no allocation beyond the
// key. Per node there are at most a few hundred addresses.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/cni/warm_pool.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::cni {

// ErrNoAvailableIPInDataStore's text: what ipamd logs when an ADD finds no address.
inline constexpr std::string_view kErrNoAvailableIPInDataStore =
    "AssignPodIPAddress: no available IP/Prefix addresses";

// One address as the datastore sees it (upstream AddressInfo), for introspection and checks.
struct AddressInfo {
  net::Ipv4 ip;
  std::string eni;
  net::Cidr cidr;                          // the /32 or /28 it belongs to
  std::string key;                         // empty when unassigned
  sim::Time assigned_at;                   // meaningful while assigned
  std::optional<sim::Time> unassigned_at;  // set once released, until reused or forgotten
};

class Datastore {
 public:
  // The mode (prefix delegation or not), the cooldown, custom networking, the slots per ENI and
  // the warm targets all come from `config`.
  explicit Datastore(const WarmPoolConfig& config) : config_(config) {}
  // ipamd restarted with new settings; the ENIs, addresses and cooldown times stay.
  void set_config(const WarmPoolConfig& config);
  const WarmPoolConfig& config() const { return config_; }

  // AddENI. `added` is when ipamd added it: upstream stamps time.Now(), and minENILifeTime counts
  // from there. Adding an ENI that is already present does nothing (DuplicatedENIError).
  void add_eni(const std::string& id, int device, bool primary, sim::Time added);
  bool has_eni(std::string_view id) const;
  // AddIPv4CidrToStore for each secondary IP (a /32) or /28 prefix. A CIDR already present is
  // skipped (IPAlreadyInStoreError, which ipamd ignores), so the full list EC2 reports can be
  // passed again after growth. Throws std::logic_error for an unknown ENI.
  void add_ips(std::string_view eni, const std::vector<net::Ipv4>& ips);
  void add_prefixes(std::string_view eni, const std::vector<net::Cidr>& prefixes);
  // What EC2 reports the ENI holds (after AssignPrivateIpAddresses and DescribeNetworkInterfaces):
  // adds the CIDRs the store lacks, keeping the ones it has and who holds them. Nothing happens for
  // an ENI the store does not have.
  void sync_eni(std::string_view eni, const std::vector<net::Ipv4>& ips,
                const std::vector<net::Cidr>& prefixes);
  // DelIPv4CidrFromStore without force: false if the ENI or CIDR is unknown or an address in it is
  // assigned (IPInUseError). Cooling addresses do not prevent it.
  bool remove_cidr(std::string_view eni, const net::Cidr& cidr);
  // RemoveENIFromDataStore with force: the ENI goes, and any sandbox on it loses its address.
  void remove_eni(std::string_view id);
  // An ipamd restart: the checkpoint keeps assigned addresses only, so every released address is
  // immediately reusable again (ipamd.md §2.7).
  void forget_cooldown();

  // GetIPStats("4") at `now`, with TotalPrefixes, GetFreePrefixes and the ENI count.
  PoolStats stats(sim::Time now) const;

  struct Assignment {
    net::Ipv4 ip;
    std::string eni;
  };
  // AssignPodIPv4Address for the sandbox `key` (upstream IPAMKey; ipamd passes the pod's
  // "namespace/name"). nullopt is ErrNoAvailableIPInDataStore.
  std::optional<Assignment> assign(const std::string& key, sim::Time now);
  // UnassignPodIPAddress: the address released, or nullopt if `key` holds none (ErrUnknownPod).
  std::optional<net::Ipv4> unassign(const std::string& key, sim::Time now);
  // Addresses an ADD could get at `now`: unassigned, not cooling, of the current mode.
  int assignable(sim::Time now) const;

  // GetAllocatableENIs, first one: the lowest-device ENI with fewer than S CIDRs (the primary
  // skipped under custom networking). Its id and how many CIDRs it has.
  std::optional<std::pair<std::string, int>> allocatable_eni() const;
  // GetAllocatableENIs, all of them in that order (tryAssignIPs walks on past an ENI whose subnet
  // is out of addresses when subnet discovery is on).
  std::vector<std::pair<std::string, int>> allocatable_enis() const;
  // FindFreeableCidrs over the ENIs, as tryUnassignCidrsFromAll takes them: up to `count` CIDRs
  // with no assigned address (cooling ones included), from the highest device down and the
  // highest CIDR first, where upstream takes map order (so the newest ENI empties first).
  std::vector<std::pair<std::string, net::Cidr>> freeable_cidrs(int count) const;
  // getDeletableENI with the configured WARM_IP_TARGET, MINIMUM_IP_TARGET and WARM_PREFIX_TARGET:
  // the first ENI (lowest device) that is not the primary, at least 60 s in the store, has no
  // cooling address, no sandbox, and is not needed for those targets. Does not remove it.
  std::optional<std::string> deletable_eni(sim::Time now) const;
  // CheckFreeableENIexists: some non-primary ENI has no sandbox.
  bool freeable_eni_exists() const;

  int eni_count() const { return static_cast<int>(enis_.size()); }
  // Every address, by ENI device and address (for checks and reports).
  std::vector<AddressInfo> addresses() const;

 private:
  // Address kinds: a /32 (secondary-IP mode) or a /28 (prefix delegation).
  enum Kind { kIp = 0, kPrefix = 1 };
  struct Address {
    int32_t holder = -1;  // index into keys_, -1 when unassigned
    sim::Time assigned_at;
    // Upstream keeps an address in the CIDR's map from its first use until it is reused or
    // cleaned out; a set time means "used before", and the address cools down from it.
    std::optional<sim::Time> unassigned_at;
  };
  struct Block {
    net::Cidr cidr;
    std::vector<Address> addresses;  // addresses[k] is cidr.at(k)
    int assigned = 0;
    Kind kind() const { return cidr.prefix_length() == 32 ? kIp : kPrefix; }
  };
  struct Counts {
    int addresses = 0;
    int assigned = 0;
    int blocks = 0;
    int empty_blocks = 0;  // blocks with no assigned address
  };
  struct Eni {
    std::string id;
    int device = 0;
    bool primary = false;
    sim::Time added;
    std::vector<Block> blocks;  // by CIDR
    Counts counts[2];           // by Kind
    int assigned() const { return counts[kIp].assigned + counts[kPrefix].assigned; }
  };
  struct Holder {
    std::string key;  // empty: a free slot
    net::Ipv4 ip;
    int device = 0;  // of the ENI holding `ip`
  };
  struct Released {
    sim::Time at;
    net::Ipv4 ip;
    Kind kind;
  };

  Kind mode() const { return config_.prefix_delegation ? kPrefix : kIp; }
  bool cooling(const Address& a, sim::Time now) const;
  Eni* find(std::string_view id);
  const Eni* find(std::string_view id) const;
  Eni* find_device(int device);
  // The position in by_key_ where `key` is or would be.
  std::vector<int32_t>::const_iterator key_position(std::string_view key) const;
  void add_block(Eni& eni, const net::Cidr& cidr);
  // getUnusedIP on one CIDR: the address index to hand out, if any.
  std::optional<int> unused_address(Block& block, sim::Time now);
  void take(Eni& eni, Block& block, int index, int32_t holder, sim::Time now);
  void release(Eni& eni, Block& block, int index, sim::Time now);
  void forget_released(const net::Cidr& range);
  void rebuild_released();
  int32_t hold(const std::string& key, net::Ipv4 ip, int device);
  void drop_holder(int32_t slot);
  bool has_cooling_address(const Eni& eni, sim::Time now) const;
  bool required_for_targets(const Eni& eni) const;

  WarmPoolConfig config_;
  std::vector<Eni> enis_;        // by device number
  std::vector<Holder> keys_;     // slots; a released slot has an empty key and is reused
  std::vector<int32_t> by_key_;  // indexes into keys_ of the held slots, sorted by key
  std::vector<int32_t> free_slots_;
  Counts totals_[2];               // over all ENIs, by Kind
  std::deque<Released> released_;  // by time: the releases still within the cooldown period
};

}  // namespace ekssim::cni
