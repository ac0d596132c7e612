#pragma once
// The Amazon-provided DNS server, Route 53 Resolver, at the VPC base + 2 and at 169.254.169.253:
// CoreDNS's upstream in EKS (AWS VPC user guide "Amazon DNS server" and "DNS attributes for your
// VPC"; ../shared/reference/dataplane.md §b).
//
// What it answers:
// - the scenario's externalHosts (the world outside the VPC), wildcards included, through an
//   ExternalHostDirectory;
// - EC2 private DNS names of addresses in the VPC's CIDR blocks: ip-a-b-c-d.ec2.internal in
//   us-east-1, ip-a-b-c-d.<region>.compute.internal elsewhere (AWS "Amazon EC2 instance hostname
//   types", IP name);
// - NXDOMAIN for every other name. AAAA for a name that exists is NOERROR with no data.
// What limits it: no security group or network ACL filters traffic to it (AWS "Security group
// rules" and "Network ACLs"), but each network interface may send it 1024 packets per second;
// packets over that are dropped (PacketBudget, one per ENI, kept here so that two CoreDNS
// replicas whose addresses sit on one ENI share one budget). With enableDnsSupport false it does
// not answer at all.
//
// Simplifications:
// - every answer takes `latency`; the resolver's own recursion on a miss is not modelled;
// - resource-name hostnames (i-0123….compute.internal), private hosted zones, Resolver rules and
//   Resolver endpoints are not modelled;
// - the TTLs are assumptions: 60 s for node names, the externalHosts' own TTL (60 s unless given),
//   60 s for denials. All exceed `cache 30`'s cap, so CoreDNS keeps them 30 s whatever the true
//   values above 30 s are.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/dns/dns_name.h"
#include "models/dns/packet_budget.h"
#include "models/net/ipv4.h"
#include "sim/kernel.h"
#include "sim/time.h"

namespace ekssim::dns {

// The caller's stable number for one network interface (e.g. the index of vpc::EniId).
using EniKey = uint32_t;

struct ExternalRecord {
  std::vector<net::Ipv4> addresses;
  sim::Duration ttl = sim::Duration::seconds(60);
};

// Names outside the cluster and the VPC, as the VPC resolver would resolve them on the internet.
class ExternalHostDirectory {
 public:
  virtual ~ExternalHostDirectory() = default;
  // The record for a normalized name, or null when the name does not exist.
  virtual const ExternalRecord* lookup(std::string_view name) const = 0;
};

// A directory filled from the scenario's externalHosts. A name "*.ZONE" is a wildcard record.
class ExternalHosts final : public ExternalHostDirectory {
 public:
  // Adds `ip` to the name's addresses (a name may be given several times).
  void add(std::string_view name, net::Ipv4 ip, sim::Duration ttl = sim::Duration::seconds(60));
  const ExternalRecord* lookup(std::string_view name) const override;

 private:
  // Lookup only, never iterated.
  std::unordered_map<std::string, ExternalRecord> records_;
  // Every name that exists: the records' names and the names above them (RFC 4592's closest
  // encloser is the nearest of these above a name). Lookup only.
  std::unordered_set<std::string> existing_;
};

struct VpcResolverConfig {
  net::Cidr vpc_cidr;
  std::vector<net::Cidr> secondary_cidrs;
  std::string region = "us-east-1";
  bool enable_dns_support = true;
  sim::Duration latency = sim::Duration::milliseconds(1);
  sim::Duration node_name_ttl = sim::Duration::seconds(60);
  sim::Duration negative_ttl = sim::Duration::seconds(60);
  int64_t packets_per_second = PacketBudget::kRoute53ResolverPacketsPerSecond;
};

// One ENI's packets to the resolver over the run.
struct EniPackets {
  EniKey eni = 0;
  int64_t packets = 0;  // offered, dropped included
  int64_t dropped = 0;
  int64_t peak_per_second = 0;  // offered in the busiest second
  sim::Time peak_at;            // when that second began
};

class VpcResolver {
 public:
  static constexpr net::Ipv4 kLinkLocalAddress = net::Ipv4::from_octets(169, 254, 169, 253);

  VpcResolver(const sim::Kernel& kernel, VpcResolverConfig config,
              const ExternalHostDirectory& hosts);
  VpcResolver(const VpcResolver&) = delete;
  VpcResolver& operator=(const VpcResolver&) = delete;

  // The VPC base + 2 ("10.0.0.2" for 10.0.0.0/16).
  net::Ipv4 address() const { return config_.vpc_cidr.base() + 2; }
  // Whether `server` is this resolver: base + 2 or 169.254.169.253.
  bool is_amazon_dns(net::Ipv4 server) const;
  // enableDnsSupport: whether it answers at all.
  bool answering() const { return config_.enable_dns_support; }
  sim::Duration latency() const { return config_.latency; }
  // The nodes' DNS suffix: "ec2.internal" in us-east-1, "<region>.compute.internal" elsewhere.
  std::string node_domain() const;

  // What it answers for a normalized name.
  DnsAnswer answer(std::string_view name, QueryType type) const;

  // The per-ENI packet limit: admits up to `packets` query packets sent from `eni` in the second
  // holding `at` and returns how many were admitted. A second older than the budget keeps is a
  // caller's bug and stops the run.
  int64_t admit(EniKey eni, sim::Time at, int64_t packets);
  // The same for packets spread evenly over [start, start + span) (PacketBudget::admit_spread).
  int64_t admit_spread(EniKey eni, sim::Time start, sim::Duration span, int64_t packets);
  // Room left for `eni` in the second holding `at`.
  int64_t remaining(EniKey eni, sim::Time at) const;
  // Totals over the run for one ENI (zero for an ENI that never sent).
  int64_t dropped_total(EniKey eni) const;
  // Packets dropped over the run, every ENI together.
  int64_t dropped_total() const;
  // What one ENI sent (zeros for an ENI that never sent).
  EniPackets packets_of(EniKey eni) const;
  int64_t packets_per_second() const { return config_.packets_per_second; }
  // What each ENI that sent a packet sent, in the order of EniKey.
  std::vector<EniPackets> packets_by_eni() const;

 private:
  PacketBudget& budget(EniKey eni);
  void check_retained(const PacketBudget& budget, EniKey eni, sim::Time at) const;
  bool in_vpc(net::Ipv4 ip) const;

  const sim::Kernel& kernel_;
  VpcResolverConfig config_;
  const ExternalHostDirectory& hosts_;
  std::string node_domain_;
  std::map<EniKey, PacketBudget> budgets_;
};

}  // namespace ekssim::dns
