// Exchanges that went on over TCP after a truncated UDP reply (ExchangeResult::over_tcp): glibc
// (resolv/res_send.c) makes one TCP attempt per server and waits out its blocking connect();
// Go (net/dnsclient_unix.go exchange) fails the attempt within its deadline and tries again.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_lookup.h"

namespace ekssim::dns {
namespace {

using sim::Duration;

constexpr Duration kRtt = Duration::milliseconds(1);
// The name made absolute: one candidate, so each test sees one query's tries.
constexpr std::string_view kHeadless = "cassandra.data.svc.cluster.local.";

ResolverConfig pod_config() {
  KubeletDnsSettings kubelet{
      {net::Ipv4::from_octets(10, 100, 0, 10)},
      "cluster.local",
      ec2_node_resolv_conf("us-east-1", net::Ipv4::from_octets(10, 0, 0, 2))};
  return ResolverConfig(pod_resolv_conf(kubelet, "data", DnsPolicy::kClusterFirst, false).conf);
}

ExchangeResult over_tcp(Reply reply, Duration latency) {
  ExchangeResult result;
  result.reply = reply;
  result.latency = latency;
  result.over_tcp = true;
  return result;
}

TEST_CASE("An answer that came over TCP takes the exchange's whole latency", "[dns][lookup][tcp]") {
  const std::vector<ExchangeResult> outcomes = {over_tcp(Reply::kAnswer, kRtt * 3)};
  for (const ResolverKind kind : {ResolverKind::kGlibc, ResolverKind::kGo}) {
    const LookupResult r = evaluate_lookup(kind, kHeadless, pod_config(), outcomes);
    CHECK(r.resolved);
    CHECK(r.queries == 2);
    CHECK(r.elapsed == kRtt * 3);
  }
}

TEST_CASE("glibc waits out a TCP connect that is dropped and makes no second try",
          "[dns][lookup][tcp]") {
  const Duration waited = kRtt + Duration::seconds(127);
  const std::vector<ExchangeResult> outcomes = {over_tcp(Reply::kTimeout, waited)};
  const LookupResult r = evaluate_lookup(ResolverKind::kGlibc, kHeadless, pod_config(), outcomes);
  CHECK_FALSE(r.resolved);
  CHECK(r.cause == Reply::kTimeout);
  CHECK(r.queries == 2);  // attempts:2 would have sent a second pair over UDP
  CHECK(r.elapsed == waited);
}

TEST_CASE("Go's TCP dial fails within the try's timeout and every attempt follows",
          "[dns][lookup][tcp]") {
  const std::vector<ExchangeResult> outcomes = {over_tcp(Reply::kTimeout, Duration::seconds(5))};
  const LookupResult r = evaluate_lookup(ResolverKind::kGo, kHeadless, pod_config(), outcomes);
  CHECK_FALSE(r.resolved);
  CHECK(r.cause == Reply::kTimeout);
  CHECK(r.queries == 4);
  CHECK(r.elapsed == Duration::seconds(10));
}

}  // namespace
}  // namespace ekssim::dns
