// The VPC data plane at the size of ekssim's target cluster: 5,000 nodes with three ENIs each
// (15,000 ENIs) and ten pod addresses per ENI (150,000 pods), in sixteen /18 subnets of four /16
// blocks behind one NAT gateway. Measured:
//  - BM_VpcEvaluatePodToPod: vpc::evaluate of a new connection between two random pods, most of
//    them in different subnets (two address lookups, both groups, one route, two network ACLs
//    and their replies);
//  - BM_VpcEvaluatePodToInternet: a node's (SNATed) connection out through the NAT gateway and the
//    internet gateway;
//  - BM_VpcAssignUnassign: the VPC CNI's churn, one AssignPrivateIpAddresses and one
//    UnassignPrivateIpAddresses of a secondary address (an item is the pair);
//  - BM_HostPathPodToService: cni::evaluate_from_pod of a pod's connection to a ClusterIP that
//    kube-proxy DNATs to a random pod: the host's part plus the VPC's.
// Flows are drawn beforehand from a fixed-seed generator, so the generator's cost is not measured;
// the counter `passed` is the share of flows that got through, a check that the walk went the
// whole way.

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/cni/host_path.h"
#include "models/cni/snat.h"
#include "models/net/flow.h"
#include "models/vpc/path.h"
#include "models/vpc/vpc.h"

namespace {

using ekssim::net::Cidr;
using ekssim::net::Flow;
using ekssim::net::Ipv4;

constexpr int kNodes = 5000;
constexpr int kEnisPerNode = 3;
constexpr int kPodsPerEni = 10;
constexpr int kSubnets = 16;
constexpr size_t kSamples = 1 << 12;

// SplitMix64: a fixed, portable sequence.
class Draw {
 public:
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }

 private:
  uint64_t state_ = 1;
};

struct Cluster {
  ekssim::vpc::Vpc vpc{"bench", *Cidr::parse("10.0.0.0/16")};
  std::vector<ekssim::vpc::EniId> enis;  // node n's ENIs are kEnisPerNode * n + 0, 1, 2
  std::vector<Ipv4> pods;                // ENI e's pods are kPodsPerEni * e + 0 … 9
  std::vector<Ipv4> spare;               // a free address of ENI e's subnet: spare[e]

  Cluster() {
    using namespace ekssim::vpc;
    for (const char* block : {"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"}) {
      vpc.add_cidr(*Cidr::parse(block));
    }
    vpc.set_internet_gateway(true);
    vpc.reserve_addresses(kNodes * kEnisPerNode * (kPodsPerEni + 2), 0);
    const RouteTableId public_table = vpc.add_route_table("public");
    const RouteTableId private_table = vpc.add_route_table("private");
    vpc.add_route(public_table, Route{Cidr::everything(), {}, RouteTarget::internet_gateway()});
    const SubnetId public_subnet =
        vpc.add_subnet({"public", "us-west-2a", *Cidr::parse("10.4.0.0/24"), public_table,
                        vpc.default_network_acl()});
    const NatGatewayId nat = vpc.add_nat_gateway({"nat", public_subnet, true, Ipv4::from_octets(203, 0, 113, 1)});
    vpc.add_route(private_table, Route{Cidr::everything(), {}, RouteTarget::nat_gateway(nat)});

    const SecurityGroupId nodes = vpc.add_security_group(SecurityGroup::with_aws_defaults("nodes"));
    const SecurityGroupId cluster = vpc.add_security_group(SecurityGroup::with_aws_defaults("eks"));
    const auto tcp = [](uint16_t port) {
      return ekssim::net::TrafficSelector::tcp(ekssim::net::PortRange::single(port));
    };
    // A realistic node group: a few specific rules ahead of the self-reference.
    vpc.add_rule(nodes, ekssim::net::Direction::kInbound,
                 {tcp(443), SgPeer::cidr_block(*Cidr::parse("10.0.0.0/8")), ""});
    vpc.add_rule(nodes, ekssim::net::Direction::kInbound,
                 {tcp(10250), SgPeer::security_group(cluster), ""});
    vpc.add_rule(nodes, ekssim::net::Direction::kInbound,
                 {ekssim::net::TrafficSelector::all_traffic(), SgPeer::security_group(nodes), ""});
    vpc.add_rule(
        cluster, ekssim::net::Direction::kInbound,
        {ekssim::net::TrafficSelector::all_traffic(), SgPeer::security_group(cluster), ""});

    std::array<SubnetId, kSubnets> subnets;
    std::array<uint64_t, kSubnets> next;
    for (int s = 0; s < kSubnets; ++s) {
      const Cidr block = Cidr::of(
          Ipv4::from_octets(10, static_cast<uint8_t>(s / 4), static_cast<uint8_t>(s % 4 * 64), 0),
          18);
      subnets[s] = vpc.add_subnet({"private-" + std::to_string(s), "us-west-2a", block,
                                   private_table, vpc.default_network_acl()});
      next[s] = 4;  // AWS reserves the first four
    }
    for (int n = 0; n < kNodes; ++n) {
      const int s = n % kSubnets;
      const Cidr block = vpc.subnet(subnets[s]).cidr;
      for (int e = 0; e < kEnisPerNode; ++e) {
        Eni eni;
        eni.name = "node-" + std::to_string(n) + "/eth" + std::to_string(e);
        eni.subnet = subnets[s];
        eni.primary_ip = block.at(next[s]++);
        for (int p = 0; p < kPodsPerEni; ++p) {
          eni.secondary_ips.push_back(block.at(next[s]++));
          pods.push_back(eni.secondary_ips.back());
        }
        eni.security_groups = {nodes, cluster};
        spare.push_back(block.at(block.size() - 2));  // the subnet's last usable address
        enis.push_back(vpc.add_eni(std::move(eni)));
      }
    }
  }

  ekssim::vpc::EniId eni_of_pod(size_t pod) const { return enis[pod / kPodsPerEni]; }
};

// Built once for every benchmark; BM_VpcAssignUnassign undoes each of its changes.
Cluster& cluster() {
  static Cluster shared;
  return shared;
}

void BM_VpcEvaluatePodToPod(benchmark::State& state) {
  const Cluster& c = cluster();
  Draw draw;
  std::vector<std::pair<Flow, ekssim::vpc::EniId>> flows;
  for (size_t i = 0; i < kSamples; ++i) {
    const size_t from = draw.below(c.pods.size());
    const size_t to = draw.below(c.pods.size());
    flows.push_back({Flow::tcp(c.pods[from], 40000, c.pods[to], 8080), c.eni_of_pod(from)});
  }
  size_t i = 0;
  int64_t passed = 0;
  for (auto _ : state) {
    const auto& [flow, eni] = flows[i++ & (kSamples - 1)];
    passed += ekssim::vpc::evaluate(c.vpc, flow, eni).passed();
  }
  state.counters["passed"] = static_cast<double>(passed) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VpcEvaluatePodToPod);

void BM_VpcEvaluatePodToInternet(benchmark::State& state) {
  const Cluster& c = cluster();
  Draw draw;
  std::vector<std::pair<Flow, ekssim::vpc::EniId>> flows;
  for (size_t i = 0; i < kSamples; ++i) {
    const size_t node = draw.below(kNodes);
    const ekssim::vpc::EniId primary = c.enis[node * kEnisPerNode];
    const Ipv4 internet = Ipv4::from_octets(203, 0, 113, static_cast<uint8_t>(draw.below(256)));
    flows.push_back({Flow::tcp(c.vpc.eni(primary).primary_ip, 40000, internet, 443), primary});
  }
  size_t i = 0;
  int64_t passed = 0;
  for (auto _ : state) {
    const auto& [flow, eni] = flows[i++ & (kSamples - 1)];
    passed += ekssim::vpc::evaluate(c.vpc, flow, eni).passed();
  }
  state.counters["passed"] = static_cast<double>(passed) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VpcEvaluatePodToInternet);

void BM_VpcAssignUnassign(benchmark::State& state) {
  Cluster& c = cluster();
  Draw draw;
  std::vector<size_t> which;
  for (size_t i = 0; i < kSamples; ++i)
    which.push_back(draw.below(c.enis.size()));
  size_t i = 0;
  for (auto _ : state) {
    const size_t e = which[i++ & (kSamples - 1)];
    c.vpc.assign_private_ip(c.enis[e], c.spare[e]);
    c.vpc.unassign_private_ip(c.enis[e], c.spare[e]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VpcAssignUnassign);

void BM_HostPathPodToService(benchmark::State& state) {
  const Cluster& c = cluster();
  const Ipv4 cluster_ip = Ipv4::from_octets(172, 20, 0, 10);
  Draw draw;
  std::vector<Ipv4> endpoints;
  for (size_t i = 0; i < kSamples; ++i)
    endpoints.push_back(c.pods[draw.below(c.pods.size())]);
  size_t pick = 0;
  // kube-proxy's random endpoint choice, precomputed.
  const ekssim::cni::ServiceDnat dnat = [&](Ipv4 dst, uint16_t port, ekssim::net::Protocol) {
    if (dst != cluster_ip) return ekssim::cni::ServiceLookup::not_a_service();
    return ekssim::cni::ServiceLookup::endpoint("default/web:http", 0,
                                                endpoints[pick++ & (kSamples - 1)], port);
  };
  const ekssim::cni::SnatChain snat(c.vpc.cidrs(), {});
  std::vector<size_t> sources;
  for (size_t i = 0; i < kSamples; ++i)
    sources.push_back(draw.below(c.pods.size()));
  size_t i = 0;
  int64_t passed = 0;
  for (auto _ : state) {
    const size_t pod = sources[i++ & (kSamples - 1)];
    const size_t first = pod / kPodsPerEni / kEnisPerNode * kEnisPerNode;
    const ekssim::cni::NodeHost node{"node", c.enis[first], {&c.enis[first], kEnisPerNode}};
    passed += ekssim::cni::evaluate_from_pod({c.vpc, snat, &dnat}, node,
                                             Flow::tcp(c.pods[pod], 40000, cluster_ip, 80))
                  .passed();
  }
  state.counters["passed"] = static_cast<double>(passed) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HostPathPodToService);

}  // namespace
