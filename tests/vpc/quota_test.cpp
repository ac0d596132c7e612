// AWS's default VPC quotas and the messages that name a broken one.

#include "models/vpc/quota.h"

#include <catch2/catch.hpp>

#include "seed_network.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;
using net::Direction;

namespace {
SgRule tcp_port_from(uint16_t port, const char* block) {
  return allow_cidr(net::TrafficSelector::tcp(net::PortRange::single(port)), block);
}
}  // namespace

TEST_CASE("A security group may have 60 inbound rules — the 61st breaks the quota") {
  SeedNetwork seed;
  // nodes-old has 2 inbound rules already.
  for (uint16_t port = 1000; port < 1058; ++port) {
    seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, tcp_port_from(port, "10.1.0.0/16"));
  }
  CHECK(check_quotas(seed.vpc).empty());
  seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, tcp_port_from(2000, "10.1.0.0/16"));
  CHECK(check_quotas(seed.vpc) ==
        std::vector<std::string>{"security group nodes-old has 61 inbound rules; AWS allows 60 "
                                 "(quota 'Inbound or outbound rules per security group')"});
}

TEST_CASE("A rule that references a prefix list counts as the list's maximum entries") {
  SeedNetwork seed;
  const PrefixListId list = seed.vpc.add_prefix_list({"pl-corp", {cidr("10.8.0.0/16")}, 60});
  seed.vpc.add_rule(seed.nodes_new, Direction::kOutbound,
                    SgRule{net::TrafficSelector::all_traffic(), SgPeer::prefix_list_of(list), ""});
  CHECK(check_security_group(seed.vpc, seed.vpc.security_group(seed.nodes_new)) ==
        std::vector<std::string>{
            "security group nodes-new has 61 outbound rules (a prefix list counts as its maximum "
            "number of entries); AWS allows 60 (quota 'Inbound or outbound rules per security "
            "group')"});
}

TEST_CASE("A network interface may carry 5 security groups — a sixth breaks the quota") {
  SeedNetwork seed;
  std::vector<SecurityGroupId> groups{seed.nodes_old};
  for (int i = 0; i < 5; ++i) {
    groups.push_back(seed.vpc.add_security_group(SecurityGroup("extra-" + std::to_string(i))));
  }
  seed.vpc.set_security_groups(seed.old_node, groups);
  CHECK(check_quotas(seed.vpc) ==
        std::vector<std::string>{"network interface ng-old-1/eth0 has 6 security groups; AWS "
                                 "allows 5 (quota 'Security groups per network interface')"});
  CHECK(check_quotas(seed.vpc, Quotas{.security_groups_per_interface = 16}).empty());
}

TEST_CASE("A network ACL may have 20 rules each way, its default deny rule included") {
  NetworkAcl acl("strict");
  for (int number = 1; number <= 19; ++number) {
    acl.add_entry(Direction::kOutbound, {number * 10, net::TrafficSelector::all_traffic(),
                                         cidr("0.0.0.0/0"), NaclAction::kAllow});
  }
  CHECK(check_network_acl(acl).empty());
  acl.add_entry(Direction::kOutbound,
                {500, net::TrafficSelector::all_traffic(), cidr("0.0.0.0/0"), NaclAction::kDeny});
  CHECK(check_network_acl(acl) ==
        std::vector<std::string>{"network ACL strict has 21 outbound rules, the default deny "
                                 "rule included; AWS allows 20 (quota 'Rules per network ACL')"});
}
