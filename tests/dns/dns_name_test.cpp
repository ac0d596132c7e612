#include "models/dns/dns_name.h"

#include <catch2/catch.hpp>

#include "dns_test_support.h"
#include "models/dns/message_size.h"

using namespace ekssim::dns;
using ekssim::dns::test::ip;

TEST_CASE("names are lowercased without their trailing dot and interned once", "[dns_name]") {
  CHECK(normalize_name("Gitlab.CloudOpz.co.") == "gitlab.cloudopz.co");
  CHECK(normalize_name("kube-dns.kube-system.svc.cluster.local") ==
        "kube-dns.kube-system.svc.cluster.local");
  CHECK(fqdn("gitlab.cloudopz.co") == "gitlab.cloudopz.co.");

  NameTable names;
  const NameId a = names.intern("Gitlab.Cloudopz.Co.");
  const NameId b = names.intern("gitlab.cloudopz.co");
  const NameId c = names.intern("redis.us-prod.zone");
  CHECK(a == b);
  CHECK(c != a);
  CHECK(names.size() == 2);
  CHECK(names.text(a) == "gitlab.cloudopz.co");
  CHECK(names.find("REDIS.us-prod.zone.") == c);
  CHECK_FALSE(names.find("redis.us-prod"));
}

// DnsExchanges sizes answers from the table's wire lengths, not from the text: the two must agree
// with message_size.h for every name interned, whatever form it arrived in.
TEST_CASE("the table keeps each name's wire length as message_size computes it", "[dns_name]") {
  NameTable names;
  const NameId service = names.intern("Airflow-PgBouncer.airflow.svc.cluster.local.");
  const NameId single = names.intern("localhost");
  const NameId again = names.intern("airflow-pgbouncer.airflow.svc.cluster.local");
  CHECK(again == service);
  for (const NameId id : {service, single}) {
    CHECK(names.wire_length(id) == wire_name_length(names.text(id)));
    CHECK(a_response_size_for_wire_length(names.wire_length(id), 3, true) ==
          a_response_size(names.text(id), 3, true));
  }
  CHECK(names.wire_length(service) == 45);  // 43 characters, a length byte more, the root's zero
  CHECK(names.wire_length(single) == 11);
}

TEST_CASE("a zone holds itself and the names below its labels only", "[dns_name]") {
  CHECK(is_in_zone("cluster.local", "cluster.local"));
  CHECK(is_in_zone("kube-dns.kube-system.svc.cluster.local", "cluster.local"));
  CHECK_FALSE(is_in_zone("acluster.local", "cluster.local"));
  CHECK_FALSE(is_in_zone("cluster.local.ec2.internal", "cluster.local"));
  CHECK_FALSE(is_in_zone("local", "cluster.local"));
}

TEST_CASE("dashed addresses parse as Go's net.ParseIP reads the dotted form", "[dns_name]") {
  CHECK(parse_dashed_ipv4("10-0-1-5") == ip("10.0.1.5"));
  CHECK(parse_dashed_ipv4("255-255-255-255") == ip("255.255.255.255"));
  CHECK_FALSE(parse_dashed_ipv4("10-0-1"));
  CHECK_FALSE(parse_dashed_ipv4("10-0-1-5-6"));
  CHECK_FALSE(parse_dashed_ipv4("10-0-01-5"));  // leading zeros: refused since Go 1.17
  CHECK_FALSE(parse_dashed_ipv4("10-0-1-256"));
  CHECK_FALSE(parse_dashed_ipv4("10--1-5"));
  CHECK_FALSE(parse_dashed_ipv4("web-0-1-2"));
}

TEST_CASE("an answer's kind tells data, no data and the error codes apart", "[dns_name]") {
  using ekssim::sim::Duration;
  CHECK(DnsAnswer::records({ip("10.0.0.1")}, Duration::seconds(5)).kind() == ResponseKind::kAnswer);
  CHECK(DnsAnswer::no_data(Duration::seconds(5)).kind() == ResponseKind::kNoData);
  CHECK(DnsAnswer::nxdomain(Duration::seconds(5)).kind() == ResponseKind::kNxDomain);
  CHECK(DnsAnswer::servfail().kind() == ResponseKind::kServFail);
  CHECK(to_string(Rcode::kNxDomain) == "NXDOMAIN");
  CHECK(to_string(QueryType::kAAAA) == "AAAA");
  CHECK(static_cast<int>(Rcode::kServFail) == 2);
}
