// vpc::Vpc::config_version: every setting a path verdict depends on moves it; ENIs and addresses
// coming and going do not (models/README.md, "Caches and versions").

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "tests/vpc/seed_network.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;

namespace {

struct Change {
  std::string what;
  std::function<void(SeedNetwork&)> apply;
};

bool moves_version(const Change& change) {
  SeedNetwork n;
  const uint64_t before = n.vpc.config_version();
  change.apply(n);
  return n.vpc.config_version() > before;
}

}  // namespace

TEST_CASE("every change of a verdict's inputs moves the VPC's config version", "[vpc][version]") {
  const auto dns53 = net::TrafficSelector::udp(net::PortRange::single(53));
  const std::vector<Change> changes = {
      {"add a rule", [&](SeedNetwork& n) {
         n.vpc.add_rule(n.nodes_new, net::Direction::kInbound, allow_cidr(dns53, "10.0.0.0/16"));
       }},
      {"remove a rule", [&](SeedNetwork& n) {
         n.vpc.remove_rule(n.nodes_new, net::Direction::kInbound,
                           allow_from_group(net::TrafficSelector::all_traffic(), n.nodes_new));
       }},
      {"a rule event", [&](SeedNetwork& n) {
         n.vpc.apply(Vpc::RuleChange{n.nodes_old, net::Direction::kOutbound,
                                     allow_cidr(dns53, "10.0.0.0/16"), true});
       }},
      {"add a NACL entry", [](SeedNetwork& n) {
         NaclEntry deny;
         deny.rule_number = 50;
         deny.traffic = net::TrafficSelector::all_traffic();
         deny.cidr = cidr("10.0.0.0/8");
         deny.action = NaclAction::kDeny;
         n.vpc.add_nacl_entry(n.vpc.default_network_acl(), net::Direction::kInbound, deny);
       }},
      {"remove a route", [](SeedNetwork& n) {
         n.vpc.remove_route(n.private_table, net::Cidr::everything());
       }},
      {"associate a route table",
       [](SeedNetwork& n) { n.vpc.associate_route_table(n.private_1a, n.public_table); }},
      {"a NAT gateway fails", [](SeedNetwork& n) { n.vpc.set_nat_gateway_available(n.nat, false); }},
      {"detach the internet gateway", [](SeedNetwork& n) { n.vpc.set_internet_gateway(false); }},
      {"an ENI's groups", [](SeedNetwork& n) { n.vpc.set_security_groups(n.new_node, {n.nodes_old}); }},
      {"a secondary CIDR", [](SeedNetwork& n) { n.vpc.add_cidr(cidr("100.64.0.0/16")); }},
      {"a new security group", [](SeedNetwork& n) {
         n.vpc.add_security_group(SecurityGroup::with_aws_defaults("pods"));
       }},
  };
  for (const Change& change : changes) {
    INFO(change.what);
    CHECK(moves_version(change));
  }
}

TEST_CASE("addresses and ENIs coming and going leave the config version alone",
          "[vpc][version]") {
  const std::vector<Change> changes = {
      {"assign an address", [](SeedNetwork& n) { n.vpc.assign_private_ip(n.new_node, ip("10.0.1.22")); }},
      {"unassign an address",
       [](SeedNetwork& n) { n.vpc.unassign_private_ip(n.new_node, ip("10.0.1.21")); }},
      {"assign a prefix", [](SeedNetwork& n) { n.vpc.assign_prefix(n.new_node, cidr("10.0.1.48/28")); }},
      {"delete an ENI", [](SeedNetwork& n) { n.vpc.delete_eni(n.old_node); }},
  };
  for (const Change& change : changes) {
    INFO(change.what);
    CHECK_FALSE(moves_version(change));
  }
}
