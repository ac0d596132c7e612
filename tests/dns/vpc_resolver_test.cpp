#include "models/dns/vpc_resolver.h"

#include <catch2/catch.hpp>
#include <string>

#include "dns_test_support.h"
#include "models/dns/coredns_forward.h"

using namespace ekssim::dns;
using ekssim::dns::test::DnsWorld;
using ekssim::dns::test::ip;
using ekssim::dns::test::seconds;

TEST_CASE("the VPC resolver answers externalHosts and node names, NXDOMAIN for the rest",
          "[vpc_resolver]") {
  DnsWorld world;
  const VpcResolver& vpc = world.vpc;
  CHECK(vpc.address() == ip("10.0.0.2"));
  CHECK(vpc.is_amazon_dns(ip("10.0.0.2")));
  CHECK(vpc.is_amazon_dns(ip("169.254.169.253")));
  CHECK_FALSE(vpc.is_amazon_dns(ip("10.0.0.53")));
  CHECK(vpc.node_domain() == "ec2.internal");

  CHECK(vpc.answer("gitlab.cloudopz.co", QueryType::kA) ==
        DnsAnswer::records({ip("203.0.113.10")}, seconds(60)));
  CHECK(vpc.answer("gitlab.cloudopz.co", QueryType::kAAAA) == DnsAnswer::no_data(seconds(60)));
  CHECK(vpc.answer("ip-10-0-1-5.ec2.internal", QueryType::kA) ==
        DnsAnswer::records({ip("10.0.1.5")}, seconds(60)));
  CHECK(vpc.answer("ip-10-0-1-5.ec2.internal", QueryType::kAAAA).kind() == ResponseKind::kNoData);
  for (const char* name : {"ip-10-1-1-5.ec2.internal", "ip-10-0-1-5.us-west-2.compute.internal",
                           "x.ip-10-0-1-5.ec2.internal", "ec2.internal", "redis.us-prod.zone",
                           "airflow-pgbouncer.airflow.svc.cluster.local.ec2.internal"}) {
    INFO(name);
    CHECK(vpc.answer(name, QueryType::kA) == DnsAnswer::nxdomain(seconds(60)));
  }
}

TEST_CASE("outside us-east-1 node names live under <region>.compute.internal", "[vpc_resolver]") {
  VpcResolverConfig config = ekssim::dns::test::default_vpc();
  config.region = "eu-west-1";
  config.secondary_cidrs = {*ekssim::net::Cidr::parse("100.64.0.0/16")};
  DnsWorld world(config);
  CHECK(world.vpc.node_domain() == "eu-west-1.compute.internal");
  CHECK(world.vpc.answer("ip-100-64-3-4.eu-west-1.compute.internal", QueryType::kA) ==
        DnsAnswer::records({ip("100.64.3.4")}, seconds(60)));
  CHECK(world.vpc.answer("ip-10-0-1-5.ec2.internal", QueryType::kA).kind() ==
        ResponseKind::kNxDomain);
}

TEST_CASE(
    "the node's nameservers come from the DHCP options, AmazonProvidedDNS as base + 2, "
    "at most three",
    "[vpc_resolver]") {
  DnsWorld world;
  const std::vector<Upstream> amazon = upstreams_from_dhcp({std::nullopt}, world.vpc);
  REQUIRE(amazon.size() == 1);
  CHECK(amazon[0].address == ip("10.0.0.2"));
  CHECK(amazon[0].kind == UpstreamKind::kAmazonProvided);

  const std::vector<Upstream> custom = upstreams_from_dhcp(
      {ip("10.0.0.53"), ip("169.254.169.253"), ip("192.168.1.53"), std::nullopt}, world.vpc);
  REQUIRE(custom.size() == 3);
  CHECK(custom[0].address == ip("10.0.0.53"));
  CHECK(custom[0].kind == UpstreamKind::kCustom);
  CHECK(custom[1].kind == UpstreamKind::kAmazonProvided);
  CHECK(custom[2].address == ip("192.168.1.53"));
}

TEST_CASE("a wildcard record answers the names below its zone that have no record of their own",
          "[vpc_resolver]") {
  ExternalHosts hosts;
  hosts.add("*.us-prod.zone", ip("203.0.113.20"), seconds(10));
  hosts.add("*.eu.us-prod.zone", ip("203.0.113.21"));
  hosts.add("api.us-prod.zone", ip("203.0.113.22"));
  const auto address = [&](const char* name) {
    const ExternalRecord* r = hosts.lookup(name);
    return r == nullptr ? std::string("none") : r->addresses.front().to_string();
  };
  CHECK(address("shop-17.us-prod.zone") == "203.0.113.20");
  CHECK(hosts.lookup("shop-17.us-prod.zone")->ttl == seconds(10));
  CHECK(address("a.b.us-prod.zone") == "203.0.113.20");      // more than one label below
  CHECK(address("shop.eu.us-prod.zone") == "203.0.113.21");  // the closest wildcard first
  CHECK(address("api.us-prod.zone") == "203.0.113.22");      // a name's own record first
  CHECK(address("us-prod.zone") == "none");                  // not the zone itself
  // A search-list candidate ends in the node domain, below no wildcard.
  CHECK(address("shop-17.us-prod.zone.ec2.internal") == "none");
  CHECK(address("shop-17.us-prod.zonex") == "none");
}

TEST_CASE("only the wildcard at a name's closest encloser answers it (RFC 4592 3.3.1)",
          "[vpc_resolver]") {
  ExternalHosts hosts;
  hosts.add("*.us-prod.zone", ip("203.0.113.20"));
  hosts.add("api.us-prod.zone", ip("203.0.113.22"));
  hosts.add("db.eu.us-prod.zone", ip("203.0.113.23"));
  // api.us-prod.zone exists, so it is x.api's closest encloser and *.api.us-prod.zone is absent.
  CHECK(hosts.lookup("x.api.us-prod.zone") == nullptr);
  // eu.us-prod.zone exists without records (db.eu's parent): no wildcard below or at it.
  CHECK(hosts.lookup("x.eu.us-prod.zone") == nullptr);
  CHECK(hosts.lookup("eu.us-prod.zone") == nullptr);
  // Nothing exists between x.y.us-prod.zone and us-prod.zone: the wildcard answers.
  REQUIRE(hosts.lookup("x.y.us-prod.zone") != nullptr);
  CHECK(hosts.lookup("x.y.us-prod.zone")->addresses.front() == ip("203.0.113.20"));
}
