#pragma once
// The seed network of tests/vpc/seed_network.h, with more on node ng-new-1: a second pod on eth0
// (10.0.1.22) and a secondary ENI, eth1, 10.0.1.30, holding pods 10.0.1.31 and 10.0.1.32. eth1
// carries `locked`, a group with no inbound rules, so a packet that reached eth1 through the VPC
// would be refused: whatever arrives there is the host's doing. kube-dns is 172.20.0.10, with the
// CoreDNS pod 10.0.16.11 on ng-old-1 as its endpoint.

#include <array>

#include "models/cni/host_path.h"
#include "models/cni/snat.h"
#include "tests/vpc/seed_network.h"

namespace ekssim::cni::testing {

using vpc::testing::cidr;
using vpc::testing::ip;

inline const net::Ipv4 kKubeDns = ip("172.20.0.10");
inline const net::Ipv4 kCoreDnsPod = ip("10.0.16.11");
inline const net::Ipv4 kInternetHost = ip("203.0.113.10");

struct HostNetwork {
  vpc::testing::SeedNetwork seed;
  vpc::SecurityGroupId locked;
  vpc::EniId new_eth1;
  std::array<vpc::EniId, 2> new_enis;
  std::array<vpc::EniId, 1> old_enis;

  HostNetwork() {
    locked = seed.vpc.add_security_group(vpc::SecurityGroup::with_aws_defaults("locked"));
    seed.vpc.assign_private_ip(seed.new_node, ip("10.0.1.22"));
    new_eth1 = seed.vpc.add_eni(vpc::Eni{"ng-new-1/eth1",
                                         seed.private_1a,
                                         ip("10.0.1.30"),
                                         {ip("10.0.1.31"), ip("10.0.1.32")},
                                         {},
                                         {locked},
                                         std::nullopt,
                                         vpc::EniRole::kInstance,
                                         ""});
    new_enis = {seed.new_node, new_eth1};
    old_enis = {seed.old_node};
  }

  NodeHost new_node() const { return NodeHost{"ng-new-1", seed.new_node, new_enis}; }
  NodeHost old_node() const { return NodeHost{"ng-old-1", seed.old_node, old_enis}; }
  SnatChain snat(const SnatSettings& settings = {}) const {
    return SnatChain(seed.vpc.cidrs(), settings);
  }
};

// kube-proxy as the tests need it: kube-dns's two ports go to `answer`, nothing else is a Service.
inline ServiceDnat kube_dns_answering(ServiceLookup::Kind kind) {
  return [kind](net::Ipv4 dst, uint16_t port, net::Protocol protocol) {
    if (dst != kKubeDns || port != 53) return ServiceLookup::not_a_service();
    const std::string_view name = protocol == net::Protocol::udp() ? "kube-system/kube-dns:dns"
                                                                   : "kube-system/kube-dns:dns-tcp";
    const uint32_t index = protocol == net::Protocol::udp() ? 0 : 1;
    switch (kind) {
      case ServiceLookup::Kind::kReject:
        return ServiceLookup::reject(name, index);
      case ServiceLookup::Kind::kDrop:
        return ServiceLookup::drop(name, index);
      case ServiceLookup::Kind::kEndpoint:
        return ServiceLookup::endpoint(name, index, kCoreDnsPod, 53);
      case ServiceLookup::Kind::kNotAService:
        break;
    }
    return ServiceLookup::not_a_service();
  };
}

}  // namespace ekssim::cni::testing
