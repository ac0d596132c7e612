// The Vpc's tables and indexes: address ownership, group membership, subnets, routes, and how
// they follow changes during a run.

#include <catch2/catch.hpp>
#include <stdexcept>

#include "models/vpc/vpc.h"
#include "seed_network.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;

TEST_CASE("Primary, secondary and /28 prefix addresses all map to their ENI") {
  SeedNetwork seed;
  seed.vpc.reserve_addresses(1000, 100);
  seed.vpc.assign_prefix(seed.new_node, cidr("10.0.3.16/28"));
  CHECK(seed.vpc.owner_of(ip("10.0.16.10")) == seed.old_node);
  CHECK(seed.vpc.owner_of(ip("10.0.16.11")) == seed.old_node);
  CHECK(seed.vpc.owner_of(ip("10.0.3.16")) == seed.new_node);
  CHECK(seed.vpc.owner_of(ip("10.0.3.31")) == seed.new_node);
  CHECK_FALSE(seed.vpc.owner_of(ip("10.0.3.32")));
  CHECK_FALSE(seed.vpc.owner_of(ip("10.0.16.12")));
}

TEST_CASE("Group membership covers pod secondary and prefix addresses, never public IPs") {
  SeedNetwork seed;
  seed.vpc.assign_prefix(seed.new_node, cidr("10.0.3.16/28"));
  seed.vpc.set_public_ip(seed.old_node, ip("203.0.113.50"));
  CHECK(seed.vpc.in_group(ip("10.0.16.11"), seed.nodes_old));
  CHECK(seed.vpc.in_group(ip("10.0.3.20"), seed.nodes_new));
  CHECK_FALSE(seed.vpc.in_group(ip("10.0.3.20"), seed.nodes_old));
  CHECK_FALSE(seed.vpc.in_group(ip("203.0.113.50"), seed.nodes_old));
}

TEST_CASE("Assignments, releases, group changes and deletions take effect at once") {
  SeedNetwork seed;
  seed.vpc.assign_private_ip(seed.new_node, ip("10.0.1.22"));
  CHECK(seed.vpc.in_group(ip("10.0.1.22"), seed.nodes_new));
  seed.vpc.unassign_private_ip(seed.new_node, ip("10.0.1.22"));
  CHECK_FALSE(seed.vpc.owner_of(ip("10.0.1.22")));

  seed.vpc.set_security_groups(seed.new_node, {seed.nodes_new, seed.nodes_old});
  CHECK(seed.vpc.in_group(ip("10.0.1.21"), seed.nodes_old));

  seed.vpc.delete_eni(seed.new_node);
  CHECK_FALSE(seed.vpc.eni_exists(seed.new_node));
  CHECK_FALSE(seed.vpc.owner_of(ip("10.0.1.20")));
  CHECK_FALSE(seed.vpc.owner_of(ip("10.0.1.21")));
  CHECK_THROWS_WITH(seed.vpc.assign_private_ip(seed.new_node, ip("10.0.1.23")),
                    "ENI ng-new-1/eth0 is deleted");
}

TEST_CASE("An address held twice, outside its subnet, or a prefix that overlaps is refused") {
  SeedNetwork seed;
  CHECK_THROWS_WITH(seed.vpc.assign_private_ip(seed.new_node, ip("10.0.16.11")),
                    "ENI ng-new-1/eth0: 10.0.16.11/32 is outside its subnet private-1a "
                    "(10.0.0.0/20)");
  const EniId second = seed.vpc.add_eni(Eni{"ng-new-1/eth1",
                                            seed.private_1a,
                                            ip("10.0.1.40"),
                                            {},
                                            {},
                                            {seed.nodes_new},
                                            std::nullopt,
                                            EniRole::kInstance,
                                            ""});
  CHECK_THROWS_WITH(seed.vpc.assign_private_ip(second, ip("10.0.1.21")),
                    "ENI ng-new-1/eth1: 10.0.1.21 is already held by ENI ng-new-1/eth0");
  CHECK_THROWS_WITH(seed.vpc.assign_prefix(second, cidr("10.0.1.16/28")),
                    "ENI ng-new-1/eth1: 10.0.1.20 is already held by ENI ng-new-1/eth0");
  CHECK_THROWS_WITH(seed.vpc.assign_prefix(second, cidr("10.0.1.64/26")),
                    "prefix 10.0.1.64/26 is not a /28, the only IPv4 prefix size EC2 assigns");
}

TEST_CASE("Subnets are found by address — gaps and other VPCs' space belong to none") {
  SeedNetwork seed;
  CHECK(seed.vpc.subnet_containing(ip("10.0.0.0")) == seed.private_1a);
  CHECK(seed.vpc.subnet_containing(ip("10.0.31.255")) == seed.private_1b);
  CHECK(seed.vpc.subnet_containing(ip("10.0.128.9")) == seed.public_1a);
  CHECK_FALSE(seed.vpc.subnet_containing(ip("10.0.64.1")));
  CHECK_FALSE(seed.vpc.subnet_containing(ip("192.168.0.1")));
  CHECK(seed.vpc.find_subnet("private-1b") == seed.private_1b);
  CHECK(seed.vpc.find_security_group("nodes-new") == seed.nodes_new);
  CHECK(seed.vpc.find_route_table("public") == seed.public_table);
  CHECK(seed.vpc.find_network_acl("default") == seed.vpc.default_network_acl());
  CHECK_FALSE(seed.vpc.find_security_group("nodes"));
}

TEST_CASE("Routes follow the longest prefix — a prefix-list route loses a tie to a CIDR route") {
  SeedNetwork seed;
  const PrefixListId s3 =
      seed.vpc.add_prefix_list({"pl-63a5400a", {cidr("52.216.0.0/15"), cidr("3.5.0.0/19")}, 0});
  const GatewayEndpointId endpoint =
      seed.vpc.add_gateway_endpoint({"s3", s3}, {seed.private_table});
  const auto to_s3 = seed.vpc.route(seed.private_table, ip("52.217.1.1"));
  REQUIRE(to_s3);
  CHECK(to_s3->route->target == RouteTarget::gateway_endpoint(endpoint));
  CHECK(to_s3->matched == cidr("52.216.0.0/15"));
  CHECK(seed.vpc.route(seed.private_table, ip("8.8.8.8"))->route->target ==
        RouteTarget::nat_gateway(seed.nat));
  CHECK(seed.vpc.route(seed.private_table, ip("10.0.99.1"))->route->target == RouteTarget::local());

  const GatewayId tgw = seed.vpc.add_gateway({"tgw-1", Gateway::Kind::kTransitGateway, true});
  seed.vpc.add_route(seed.private_table,
                     Route{cidr("52.216.0.0/15"), {}, RouteTarget::transit_gateway(tgw)});
  CHECK(seed.vpc.route(seed.private_table, ip("52.217.1.1"))->route->target ==
        RouteTarget::transit_gateway(tgw));
  CHECK(seed.vpc.route(seed.private_table, ip("3.5.1.1"))->route->target ==
        RouteTarget::gateway_endpoint(endpoint));
}

TEST_CASE("Every route table has the local routes, which cannot be removed") {
  Vpc vpc("main", cidr("10.0.0.0/16"));
  const RouteTableId table = vpc.add_route_table("private");
  vpc.add_cidr(cidr("100.64.0.0/16"));
  CHECK(vpc.route(table, ip("100.64.3.3"))->route->target == RouteTarget::local());
  CHECK(vpc.route(vpc.main_route_table(), ip("10.0.3.3"))->route->target == RouteTarget::local());
  CHECK_FALSE(vpc.route(table, ip("8.8.8.8")));
  CHECK_THROWS_WITH(vpc.remove_route(table, cidr("10.0.0.0/16")),
                    "route table private: the local route for 10.0.0.0/16 cannot be removed");
  CHECK_THROWS_WITH(vpc.add_route(table, Route{cidr("10.0.0.0/16"), {}, RouteTarget::blackhole()}),
                    "route table private already has a route for 10.0.0.0/16");
}

TEST_CASE("The DNS server is the VPC base + 2 — the link-local services are recognised") {
  const Vpc vpc("main", cidr("10.0.0.0/16"));
  CHECK(vpc.dns_server() == ip("10.0.0.2"));
  CHECK(vpc.amazon_service_at(ip("10.0.0.2")) == AmazonService::kDns);
  CHECK(vpc.amazon_service_at(ip("169.254.169.253")) == AmazonService::kDns);
  CHECK(vpc.amazon_service_at(ip("169.254.169.254")) == AmazonService::kInstanceMetadata);
  CHECK(vpc.amazon_service_at(ip("169.254.169.123")) == AmazonService::kTimeSync);
  CHECK(vpc.amazon_service_at(ip("10.0.0.3")) == AmazonService::kNone);
}
