// AWS-SNAT-CHAIN-0 (pkg/networkutils/network.go, buildIptablesSNATRules) and how the VPC CNI
// reads the two variables that shape it.

#include "models/cni/snat.h"

#include <catch2/catch.hpp>

#include "tests/vpc/seed_network.h"

using namespace ekssim;
using namespace ekssim::cni;
using vpc::testing::cidr;
using vpc::testing::ip;

TEST_CASE("Excluded CIDRs read as net.ParseCIDR reads them, host bits cleared") {
  CHECK(parse_go_ipv4_cidr(" 192.168.0.0/16 ") == cidr("192.168.0.0/16"));
  CHECK(parse_go_ipv4_cidr("10.1.2.3/8") == cidr("10.0.0.0/8"));
  CHECK(parse_go_ipv4_cidr("0.0.0.0/0") == cidr("0.0.0.0/0"));
  for (const char* bad : {"", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "fd00::/8", "10.0.0.0/1x"}) {
    CHECK_FALSE(parse_go_ipv4_cidr(bad));
  }
}

TEST_CASE("The settings default to SNAT on with no exclusions") {
  const SnatSettings settings = SnatSettings::from_env({});
  CHECK_FALSE(settings.external_snat);
  CHECK(settings.exclude_cidrs.empty());
}

TEST_CASE("The settings read EXTERNALSNAT and skip exclusions that are not IPv4 CIDRs") {
  const SnatSettings settings = SnatSettings::from_env(
      {{"AWS_VPC_K8S_CNI_EXTERNALSNAT", "True"},
       {"AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS", "192.168.0.0/16, fd00::/8,,bogus,172.16.9.9/12"}});
  CHECK(settings.external_snat);
  CHECK(settings.exclude_cidrs ==
        std::vector<net::Cidr>{cidr("192.168.0.0/16"), cidr("172.16.0.0/12")});
  CHECK_FALSE(SnatSettings::from_env({{"AWS_VPC_K8S_CNI_EXTERNALSNAT", "yes"}}).external_snat);
}

TEST_CASE("Destinations in a VPC CIDR return first, then the exclusions, in the chain's order") {
  SnatSettings settings;
  settings.exclude_cidrs = {cidr("192.168.0.0/16"), cidr("10.0.0.0/8")};
  const SnatChain chain({cidr("10.0.0.0/16"), cidr("100.64.0.0/16")}, settings);
  CHECK(chain.returns() == std::vector<net::Cidr>{cidr("10.0.0.0/16"), cidr("100.64.0.0/16"),
                                                  cidr("192.168.0.0/16"), cidr("10.0.0.0/8")});

  const SnatDecision vpc = chain.decide(ip("10.0.16.11"));
  CHECK(vpc.step == SnatStep::kReturnVpcCidr);
  CHECK(vpc.rule == 1);
  CHECK(vpc.matched == cidr("10.0.0.0/16"));
  CHECK_FALSE(vpc.translated());

  const SnatDecision secondary = chain.decide(ip("100.64.3.4"));
  CHECK(secondary.step == SnatStep::kReturnVpcCidr);
  CHECK(secondary.rule == 2);

  const SnatDecision excluded = chain.decide(ip("10.9.0.1"));
  CHECK(excluded.step == SnatStep::kReturnExcluded);
  CHECK(excluded.rule == 4);
  CHECK(excluded.matched == cidr("10.0.0.0/8"));

  const SnatDecision outside = chain.decide(ip("203.0.113.10"));
  CHECK(outside.step == SnatStep::kSnat);
  CHECK(outside.rule == 5);
  CHECK(outside.translated());
}

TEST_CASE("With EXTERNALSNAT the chain is absent, exclusions included") {
  SnatSettings settings;
  settings.external_snat = true;
  settings.exclude_cidrs = {cidr("192.168.0.0/16")};
  const SnatChain chain({cidr("10.0.0.0/16")}, settings);
  CHECK(chain.external_snat());
  CHECK(chain.returns() == std::vector<net::Cidr>{cidr("10.0.0.0/16")});
  for (const char* dst : {"10.0.16.11", "192.168.1.1", "203.0.113.10"}) {
    const SnatDecision decision = chain.decide(ip(dst));
    CHECK(decision.step == SnatStep::kNoChain);
    CHECK(decision.rule == 0);
  }
}
