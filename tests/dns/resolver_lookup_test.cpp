// Whole lookups: outcome, queries sent, virtual time and the message the application prints,
// for each failure an EKS pod meets (dataplane.md section b) and each resolver, from a pod in
// namespace airflow on a us-east-1 node (5 s timeout, 2 attempts, one nameserver 10.100.0.10).

#include "models/dns/resolver_lookup.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_messages.h"
#include "tests/support/allocation_probe.h"

namespace ekssim::dns {
namespace {

using sim::Duration;

constexpr Duration kRtt = Duration::milliseconds(1);
constexpr ClientSocket kClient{net::Ipv4::from_octets(10, 0, 1, 57), 43021};
constexpr std::string_view kService = "airflow-pgbouncer.airflow.svc.cluster.local";
constexpr std::string_view kExternal = "redis.us-prod.zone";

ResolverConfig pod_config(std::vector<std::string> extra_options = {},
                          std::vector<net::Ipv4> extra_servers = {}) {
  KubeletDnsSettings kubelet{
      {net::Ipv4::from_octets(10, 100, 0, 10)},
      "cluster.local",
      ec2_node_resolv_conf("us-east-1", net::Ipv4::from_octets(10, 0, 0, 2))};
  ResolvConf conf = pod_resolv_conf(kubelet, "airflow", DnsPolicy::kClusterFirst, false).conf;
  conf.options.insert(conf.options.end(), extra_options.begin(), extra_options.end());
  conf.nameservers.insert(conf.nameservers.end(), extra_servers.begin(), extra_servers.end());
  return ResolverConfig(conf);
}

ExchangeResult reply(Reply kind, Duration latency = kRtt) {
  return ExchangeResult{kind, latency};
}
const ExchangeResult kNx = reply(Reply::kNxdomain);
const ExchangeResult kOk = reply(Reply::kAnswer);
const ExchangeResult kDropped = reply(Reply::kTimeout);
const ExchangeResult kIcmp = reply(Reply::kUnreachable);

struct Outcome {
  LookupResult result;
  std::string message;
};

Outcome lookup(ResolverKind kind, std::string_view name, std::vector<ExchangeResult> outcomes,
               const ResolverConfig& config = pod_config()) {
  const LookupResult result = evaluate_lookup(kind, name, config, outcomes);
  return {result, failure_message(kind, result, name, config, kClient)};
}

TEST_CASE("A short service name answers at the first candidate: one A+AAAA pair", "[dns][lookup]") {
  const Outcome glibc = lookup(ResolverKind::kGlibc, "airflow-pgbouncer", {kOk});
  CHECK(glibc.result.resolved);
  CHECK(glibc.result.answered_candidate == 0);
  CHECK(glibc.result.queries == 2);
  CHECK(glibc.result.elapsed == kRtt);
  CHECK(glibc.message.empty());
}

TEST_CASE("A service's full name costs 10 queries, the 4th pair going to the VPC resolver",
          "[dns][lookup]") {
  for (const ResolverKind kind : {ResolverKind::kGlibc, ResolverKind::kGo}) {
    const Outcome outcome = lookup(kind, kService, {kNx, kNx, kNx, kNx, kOk});
    CHECK(outcome.result.resolved);
    CHECK(outcome.result.answered_candidate == 4);
    CHECK(outcome.result.queries == 10);
    CHECK(outcome.result.elapsed == kRtt * 5);
  }
}

TEST_CASE("A name that does not exist: NXDOMAIN everywhere", "[dns][lookup]") {
  const std::vector<ExchangeResult> nx = {kNx};
  const Outcome glibc = lookup(ResolverKind::kGlibc, kExternal, nx);
  CHECK(glibc.result.queries == 10);
  CHECK(glibc.message == "Name or service not known");
  CHECK(failure_reason(glibc.result) == "DnsNxdomain");
  CHECK(lookup(ResolverKind::kGo, kExternal, nx).message ==
        "lookup redis.us-prod.zone on 10.100.0.10:53: no such host");
  const Outcome dig = lookup(ResolverKind::kDig, kExternal, nx);
  CHECK(dig.message == "status: NXDOMAIN");
  CHECK(dig.result.queries == 1);
}

TEST_CASE("Dropped queries: glibc stops the search list but still tries the name, 20 s",
          "[dns][lookup]") {
  const Outcome glibc = lookup(ResolverKind::kGlibc, kExternal, {kDropped});
  CHECK_FALSE(glibc.result.resolved);
  CHECK(glibc.result.candidates_tried == 5);  // the first search domain, then the name itself
  CHECK(glibc.result.queries == 8);
  CHECK(glibc.result.elapsed == Duration::seconds(20));
  CHECK(glibc.message == "Temporary failure in name resolution");
  CHECK(failure_reason(glibc.result) == "DnsTimeout");
  // A name with a trailing dot is tried once: 2 tries of 5 s.
  CHECK(lookup(ResolverKind::kGlibc, "redis.us-prod.zone.", {kDropped}).result.elapsed ==
        Duration::seconds(10));
  // 5 dots: the name first (10 s), then the first search domain stops the list (10 s).
  CHECK(lookup(ResolverKind::kGlibc, "a.b.c.d.e.f", {kDropped}).result.elapsed ==
        Duration::seconds(20));
}

TEST_CASE("Time to fail for names with 0 to 5 dots and a trailing dot", "[dns][lookup]") {
  struct Row {
    std::string_view name;
    int64_t glibc_dropped_s, go_dropped_s, nxdomain_pairs;
  };
  const Row rows[] = {
      {"redis", 20, 50, 5},        {"redis.prod", 20, 50, 5}, {"a.b.c", 20, 50, 5},
      {"a.b.c.d", 20, 50, 5},      {"a.b.c.d.e", 20, 50, 5},  {"a.b.c.d.e.f", 20, 50, 5},
      {"a.b.c.d.e.f.", 10, 10, 1},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    CHECK(lookup(ResolverKind::kGlibc, row.name, {kDropped}).result.elapsed ==
          Duration::seconds(row.glibc_dropped_s));
    CHECK(lookup(ResolverKind::kGo, row.name, {kDropped}).result.elapsed ==
          Duration::seconds(row.go_dropped_s));
    const LookupResult nx = lookup(ResolverKind::kGlibc, row.name, {kNx}).result;
    CHECK(nx.elapsed == kRtt * row.nxdomain_pairs);
    CHECK(nx.queries == 2 * row.nxdomain_pairs);
  }
}

TEST_CASE("Dropped queries: Go tries every candidate, 50 s, and names the socket",
          "[dns][lookup]") {
  const Outcome go = lookup(ResolverKind::kGo, kExternal, {kDropped});
  CHECK(go.result.queries == 20);
  CHECK(go.result.elapsed == Duration::seconds(50));
  CHECK(go.message ==
        "lookup redis.us-prod.zone on 10.100.0.10:53: read udp 10.0.1.57:43021->10.100.0.10:53: "
        "i/o timeout");
}

TEST_CASE("Dropped queries: dig gives up after 3 tries of 5 s", "[dns][lookup]") {
  const Outcome dig = lookup(ResolverKind::kDig, kExternal, {kDropped});
  CHECK(dig.result.queries == 3);
  CHECK(dig.result.elapsed == Duration::seconds(15));
  CHECK(dig.message == ";; connection timed out; no servers could be reached");
}

TEST_CASE("A dig lookup that times out names a nameserver it asked, never one past the end",
          "[dns][lookup]") {
  // Issue 16: stepping past the last server left last_server == the number of servers, which
  // failure_message read out of bounds (an ASan heap-buffer-overflow in server_of).
  const Outcome one = lookup(ResolverKind::kDig, kExternal, {kDropped});
  CHECK(one.result.last_server == 0);
  const ResolverConfig two = pod_config({}, {net::Ipv4::from_octets(10, 100, 0, 11)});
  const Outcome both = lookup(ResolverKind::kDig, kExternal, {kDropped}, two);
  CHECK(both.result.queries == 6);
  CHECK(both.result.elapsed == Duration::seconds(30));
  CHECK(both.result.last_server == 1);
  CHECK(both.message == ";; connection timed out; no servers could be reached");
}

TEST_CASE("Go names the nameserver of its last exchange when every try timed out",
          "[dns][lookup]") {
  // tryOneName keeps the error of the last server it asked, 10.100.0.11 after 10.100.0.10.
  const ResolverConfig two = pod_config({}, {net::Ipv4::from_octets(10, 100, 0, 11)});
  const Outcome go = lookup(ResolverKind::kGo, "redis.", {kDropped}, two);
  CHECK(go.result.last_server == 1);
  CHECK(go.message ==
        "lookup redis. on 10.100.0.11:53: read udp 10.0.1.57:43021->10.100.0.11:53: i/o timeout");
}

TEST_CASE("kube-dns without endpoints: ICMP errors end a glibc lookup at once", "[dns][lookup]") {
  const Outcome glibc = lookup(ResolverKind::kGlibc, kExternal, {kIcmp});
  CHECK(glibc.result.candidates_tried == 1);
  CHECK(glibc.result.queries == 4);
  CHECK(glibc.result.elapsed == kRtt * 2);
  CHECK(glibc.message == "Temporary failure in name resolution");
  CHECK(failure_reason(glibc.result) == "DnsRefused");
  const Outcome go = lookup(ResolverKind::kGo, kExternal, {kIcmp});
  CHECK(go.result.queries == 20);
  CHECK(go.message ==
        "lookup redis.us-prod.zone on 10.100.0.10:53: read udp 10.0.1.57:43021->10.100.0.10:53: "
        "read: connection refused");
  CHECK(lookup(ResolverKind::kDig, kExternal, {kIcmp}).message ==
        ";; communications error to 10.100.0.10#53: connection refused");
}

TEST_CASE("SERVFAIL is retried, then the next search domain is tried", "[dns][lookup]") {
  const ExchangeResult servfail = reply(Reply::kServfail, Duration::seconds(2));
  const Outcome glibc = lookup(ResolverKind::kGlibc, kExternal, {servfail});
  CHECK(glibc.result.candidates_tried == 5);
  CHECK(glibc.result.queries == 20);
  CHECK(glibc.result.elapsed == Duration::seconds(20));
  CHECK(glibc.message == "Temporary failure in name resolution");
  CHECK(failure_reason(glibc.result) == "DnsServfail");
  CHECK(lookup(ResolverKind::kGo, kExternal, {servfail}).message ==
        "lookup redis.us-prod.zone on 10.100.0.10:53: server misbehaving");
  const Outcome dig = lookup(ResolverKind::kDig, kExternal, {servfail});
  CHECK(dig.message == "status: SERVFAIL");
  CHECK(dig.result.elapsed == Duration::seconds(2));
  // The VPC resolver failing for the ec2.internal candidate does not stop glibc.
  const Outcome recovered = lookup(ResolverKind::kGlibc, kService, {kNx, kNx, kNx, servfail, kOk});
  CHECK(recovered.result.resolved);
  CHECK(recovered.result.elapsed == kRtt * 4 + Duration::seconds(4));
}

TEST_CASE("A timeout after NXDOMAINs stops glibc's search list, not its last try",
          "[dns][lookup]") {
  // The answer buffer holds the NXDOMAIN, so the timeout reads as try-again, not SERVFAIL.
  const Outcome glibc = lookup(ResolverKind::kGlibc, kService, {kNx, kNx, kNx, kDropped, kOk});
  CHECK(glibc.result.resolved);
  CHECK(glibc.result.answered_candidate == 4);
  CHECK(glibc.result.elapsed == kRtt * 4 + Duration::seconds(10));
  // After a SERVFAIL the same timeout lets the search go on (the buffer still says SERVFAIL).
  const ExchangeResult servfail = reply(Reply::kServfail);
  const Outcome quirk = lookup(ResolverKind::kGlibc, "redis", {servfail, kDropped, kOk});
  CHECK(quirk.result.answered_candidate == 2);
}

TEST_CASE("With 5 dots a failing first try decides glibc's error", "[dns][lookup]") {
  const Outcome glibc = lookup(ResolverKind::kGlibc, "a.b.c.d.e.f", {kDropped, kNx});
  CHECK(glibc.result.candidates_tried == 5);
  CHECK(glibc.message == "Temporary failure in name resolution");
}

TEST_CASE("No data for every candidate reads as no address", "[dns][lookup]") {
  const Outcome glibc =
      lookup(ResolverKind::kGlibc, "redis", {kNx, kNx, reply(Reply::kNoData), kNx});
  CHECK(glibc.message == "No address associated with hostname");
  CHECK(failure_reason(glibc.result) == "DnsNoData");
}

TEST_CASE("A lost reply of the pair costs one timeout: the conntrack race", "[dns][lookup]") {
  ExchangeResult lost = kOk;
  lost.one_reply_lost = true;
  const Outcome glibc = lookup(ResolverKind::kGlibc, "airflow-pgbouncer", {lost});
  CHECK(glibc.result.resolved);
  CHECK(glibc.result.queries == 4);
  CHECK(glibc.result.elapsed == Duration::seconds(5) + kRtt * 2);
  const Outcome go = lookup(ResolverKind::kGo, "airflow-pgbouncer", {lost});
  CHECK(go.result.queries == 3);
  CHECK(go.result.elapsed == Duration::seconds(5) + kRtt);
}

TEST_CASE("Single-request sends A and AAAA one after the other", "[dns][lookup]") {
  const ResolverConfig config = pod_config({"single-request-reopen"});
  const Outcome glibc = lookup(ResolverKind::kGlibc, "airflow-pgbouncer", {kOk}, config);
  CHECK(glibc.result.elapsed == kRtt * 2);
  CHECK(glibc.result.queries == 2);
}

TEST_CASE("With three nameservers glibc shares the wait out as timeout << n / 3", "[dns][lookup]") {
  const ResolverConfig config = pod_config(
      {}, {net::Ipv4::from_octets(10, 100, 0, 11), net::Ipv4::from_octets(10, 100, 0, 12)});
  Lookup lookup(ResolverKind::kGlibc, "redis.", config);
  std::vector<std::pair<int, int64_t>> waits;
  while (!lookup.done()) {
    waits.emplace_back(lookup.next().server, lookup.next().timeout.whole_seconds());
    lookup.complete(kDropped);
  }
  CHECK(waits ==
        std::vector<std::pair<int, int64_t>>{{0, 5}, {1, 3}, {2, 6}, {0, 5}, {1, 3}, {2, 6}});
  CHECK(lookup.result().elapsed == Duration::seconds(28));
}

TEST_CASE("Driven step by step, a lookup lists its exchanges", "[dns][lookup]") {
  const ResolverConfig config = pod_config();
  Lookup lookup(ResolverKind::kGlibc, kExternal, config);
  std::vector<std::string> steps;
  while (!lookup.done()) {
    const Exchange& next = lookup.next();
    steps.push_back(candidate_name(kExternal, config, lookup.candidates()[next.candidate]) + " #" +
                    std::to_string(next.attempt));
    lookup.complete(kDropped);
  }
  CHECK(steps == std::vector<std::string>{"redis.us-prod.zone.airflow.svc.cluster.local. #0",
                                          "redis.us-prod.zone.airflow.svc.cluster.local. #1",
                                          "redis.us-prod.zone. #0", "redis.us-prod.zone. #1"});
}

TEST_CASE("Candidates and lookups allocate nothing", "[dns][lookup]") {
  const ResolverConfig config = pod_config();
  const ExchangeResult outcomes[] = {kNx, kNx, kNx, kNx, kOk};
  std::string name;
  name.reserve(256);
  int64_t queries = 0;
  ekssim::test::arm_allocation_probe();
  for (int i = 0; i < 1000; ++i) {
    for (const ResolverKind kind : {ResolverKind::kGlibc, ResolverKind::kGo, ResolverKind::kDig}) {
      const CandidateList list = candidates(kind, kService, config);
      for (const Candidate candidate : list) {
        name.clear();
        append_candidate_name(name, kService, config, candidate);
      }
      queries += evaluate_lookup(kind, kService, config, outcomes).queries;
    }
  }
  CHECK(ekssim::test::disarm_allocation_probe() == 0);
  CHECK(queries == 1000 * (10 + 10 + 1));
}

TEST_CASE("After a lost reply glibc sends one query at a time for the rest of the lookup",
          "[dns][lookup]") {
  ExchangeResult lost_nx = reply(Reply::kNxdomain);
  lost_nx.one_reply_lost = true;
  const ResolverConfig config = pod_config();
  Lookup glibc(ResolverKind::kGlibc, "airflow-pgbouncer", config);
  CHECK(glibc.pair_on_one_socket());
  glibc.complete(lost_nx);  // the first candidate: NXDOMAIN, one reply lost
  REQUIRE_FALSE(glibc.done());
  CHECK_FALSE(glibc.pair_on_one_socket());
  glibc.complete(kOk);  // the second: answered, A then AAAA
  REQUIRE(glibc.done());
  CHECK(glibc.result().resolved);
  // 2 + 2 resent one at a time for the first candidate, 2 for the second.
  CHECK(glibc.result().queries == 6);
  CHECK(glibc.result().elapsed == Duration::seconds(5) + kRtt * 2 + kRtt * 2);
  // Neither Go nor single-request glibc puts the pair on one socket.
  CHECK_FALSE(Lookup(ResolverKind::kGo, "redis", pod_config()).pair_on_one_socket());
  CHECK_FALSE(Lookup(ResolverKind::kGlibc, "redis", pod_config({"single-request-reopen"}))
                  .pair_on_one_socket());
}

}  // namespace
}  // namespace ekssim::dns
