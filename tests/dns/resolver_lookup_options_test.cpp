// Lookups shaped by resolv.conf options read as glibc and Go read them: attempts:0, rotate, and
// glibc's single-request mode carried from one lookup of a thread to the next (resolver_lookup.h),
// from a pod in namespace airflow on a us-east-1 node (nameserver 10.100.0.10, ndots 5).

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_lookup.h"
#include "models/dns/resolver_messages.h"

namespace ekssim::dns {
namespace {

using sim::Duration;

constexpr Duration kRtt = Duration::milliseconds(1);
const net::Ipv4 kSecond = net::Ipv4::from_octets(10, 0, 0, 53);
const net::Ipv4 kThird = net::Ipv4::from_octets(10, 0, 0, 54);

ResolverConfig pod_config(std::vector<std::string> extra_options,
                          std::vector<net::Ipv4> extra_servers = {}) {
  KubeletDnsSettings kubelet{
      {net::Ipv4::from_octets(10, 100, 0, 10)},
      "cluster.local",
      ec2_node_resolv_conf("us-east-1", net::Ipv4::from_octets(10, 0, 0, 2))};
  PodDnsConfig custom;
  custom.nameservers = extra_servers;
  for (const std::string& option : extra_options) {
    const size_t colon = option.find(':');
    custom.options.push_back(
        colon == std::string::npos
            ? DnsConfigOption{option, std::nullopt}
            : DnsConfigOption{option.substr(0, colon), option.substr(colon + 1)});
  }
  return ResolverConfig(
      pod_resolv_conf(kubelet, "airflow", DnsPolicy::kClusterFirst, false, &custom).conf);
}

const ExchangeResult kOk{Reply::kAnswer, kRtt};
const ExchangeResult kNx{Reply::kNxdomain, kRtt};
const ExchangeResult kDropped{Reply::kTimeout, {}};

// (server, wait in seconds) of every exchange, each ending as `outcome`.
std::vector<std::pair<int, int64_t>> exchanges(ResolverKind kind, std::string_view name,
                                               const ResolverConfig& config, ExchangeResult outcome,
                                               LookupStart start = {}) {
  Lookup lookup(kind, name, config, start);
  std::vector<std::pair<int, int64_t>> seen;
  while (!lookup.done()) {
    seen.emplace_back(lookup.next().server, lookup.next().timeout.whole_seconds());
    lookup.complete(outcome);
  }
  return seen;
}

TEST_CASE("attempts:0 makes glibc fail every lookup at once without sending a query",
          "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({"attempts:0"});
  const ExchangeResult outcomes[] = {kOk};
  const LookupResult glibc = evaluate_lookup(ResolverKind::kGlibc, "redis", config, outcomes);
  CHECK_FALSE(glibc.resolved);
  CHECK(glibc.queries == 0);
  CHECK(glibc.elapsed == Duration::zero());
  CHECK(glibc.cause == Reply::kUnreachable);
  CHECK(failure_message(ResolverKind::kGlibc, glibc, "redis", config, {}) ==
        "Temporary failure in name resolution");
  CHECK(failure_reason(glibc) == "DnsNoQuerySent");
  // Go raises attempts to 1: the name resolves.
  const LookupResult go = evaluate_lookup(ResolverKind::kGo, "redis", config, outcomes);
  CHECK(go.resolved);
  CHECK(go.queries == 2);
}

TEST_CASE("ndots:x makes glibc try a short name as given first", "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({"ndots:x"});
  CHECK(config.options().ndots == 0);
  const CandidateList list = candidates(ResolverKind::kGlibc, "redis", config);
  REQUIRE(list.size() == 5);
  CHECK(list[0].kind == CandidateKind::kAsIsFirst);
}

TEST_CASE("timeout:0 waits 1 s per try, timeout:60 waits 30 s in glibc and 60 s in Go",
          "[dns][lookup][options]") {
  CHECK(exchanges(ResolverKind::kGlibc, "redis.", pod_config({"timeout:0"}), kDropped) ==
        std::vector<std::pair<int, int64_t>>{{0, 1}, {0, 1}});
  CHECK(exchanges(ResolverKind::kGlibc, "redis.", pod_config({"timeout:60"}), kDropped) ==
        std::vector<std::pair<int, int64_t>>{{0, 30}, {0, 30}});
  CHECK(exchanges(ResolverKind::kGo, "redis.", pod_config({"timeout:60"}), kDropped) ==
        std::vector<std::pair<int, int64_t>>{{0, 60}, {0, 60}});
}

TEST_CASE("Without rotate every query starts at the first nameserver", "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({}, {kSecond});
  CHECK(exchanges(ResolverKind::kGlibc, "redis.", config, kDropped, {1, false}) ==
        std::vector<std::pair<int, int64_t>>{{0, 5}, {1, 5}, {0, 5}, {1, 5}});
}

TEST_CASE("With rotate glibc starts each candidate at the next nameserver",
          "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({"rotate"}, {kSecond});
  Lookup lookup(ResolverKind::kGlibc, "redis", config, {1, false});
  std::vector<int> first_servers;
  while (!lookup.done()) {
    first_servers.push_back(lookup.next().server);
    lookup.complete(kNx);
  }
  // Five candidates (four search domains, then the name), offsets 1, 2, 3, 4, 5 of 2 servers.
  CHECK(first_servers == std::vector<int>{1, 0, 1, 0, 1});
}

TEST_CASE("With rotate glibc's wait follows the server's place in resolv.conf, not its turn",
          "[dns][lookup][options]") {
  // res_send.c send_dg: retrans << ns / nscount, ns the server's index: starting at the third
  // of three servers waits (5 << 2) / 3 = 6 s first, then 5 s and 3 s.
  const ResolverConfig config = pod_config({"rotate"}, {kSecond, kThird});
  CHECK(exchanges(ResolverKind::kGlibc, "redis.", config, kDropped, {2, false}) ==
        std::vector<std::pair<int, int64_t>>{{2, 6}, {0, 5}, {1, 3}, {2, 6}, {0, 5}, {1, 3}});
}

TEST_CASE("With rotate Go moves two servers on per candidate, one per query type",
          "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({"rotate"}, {kSecond, kThird});
  Lookup lookup(ResolverKind::kGo, "redis", config, {0, false});
  std::vector<int> first_servers;
  while (!lookup.done()) {
    first_servers.push_back(lookup.next().server);
    lookup.complete(kNx);
  }
  CHECK(first_servers == std::vector<int>{0, 2, 1, 0, 2});
}

TEST_CASE("A glibc thread that lost a reply starts its next lookup one query at a time",
          "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({});
  ExchangeResult lost = kOk;
  lost.one_reply_lost = true;
  const ExchangeResult race[] = {lost};
  const LookupResult first = evaluate_lookup(ResolverKind::kGlibc, "redis", config, race);
  CHECK(first.single_request);
  // The next lookup of the thread: no pair on one socket, A then AAAA.
  Lookup next(ResolverKind::kGlibc, "redis", config, {0, first.single_request});
  CHECK_FALSE(next.pair_on_one_socket());
  next.complete(kOk);
  REQUIRE(next.done());
  CHECK(next.result().elapsed == kRtt * 2);
  CHECK(next.result().single_request);
  // A thread that never lost one stays in parallel mode.
  const ExchangeResult fine[] = {kOk};
  CHECK_FALSE(evaluate_lookup(ResolverKind::kGlibc, "redis", config, fine).single_request);
}

TEST_CASE("Go and dig carry no single-request mode between lookups", "[dns][lookup][options]") {
  const ResolverConfig config = pod_config({});
  ExchangeResult lost = kOk;
  lost.one_reply_lost = true;
  const ExchangeResult race[] = {lost};
  CHECK_FALSE(evaluate_lookup(ResolverKind::kGo, "redis", config, race).single_request);
  CHECK_FALSE(Lookup(ResolverKind::kGo, "redis", config, {0, true}).pair_on_one_socket());
  const ExchangeResult fine[] = {kOk};
  CHECK_FALSE(evaluate_lookup(ResolverKind::kDig, "redis", config, fine, {0, true}).single_request);
}

}  // namespace
}  // namespace ekssim::dns
