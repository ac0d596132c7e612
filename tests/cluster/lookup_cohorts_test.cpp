// lookup_cohorts.h: many identical lookups as cohorts split by outcome.

#include "models/cluster/lookup_cohorts.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "models/dns/resolv_conf.h"

namespace {

using ekssim::cluster::ExchangeRequest;
using ekssim::cluster::ExchangeShare;
using ekssim::cluster::kNoPick;
using ekssim::sim::Duration;
namespace dns = ekssim::dns;

dns::ResolverConfig cluster_first() {
  return dns::ResolverConfig(dns::ResolvConf::parse(
      "search airflow.svc.cluster.local svc.cluster.local cluster.local ec2.internal\n"
      "nameserver 172.20.0.10\noptions ndots:5\n"));
}

}  // namespace

TEST_CASE("members split by outcome keep their own histories, and retries keep their endpoint",
          "[lookup-cohorts]") {
  const dns::ResolverConfig config = cluster_first();
  std::vector<ExchangeRequest> seen;
  std::vector<std::string> names;
  const auto results = ekssim::cluster::run_lookup_cohorts(
      dns::ResolverKind::kGlibc, "pgbouncer", config, 10,
      [&](const ExchangeRequest& r, std::vector<ExchangeShare>& shares) {
        seen.push_back(r);
        names.emplace_back(r.wire_name);
        if (r.candidate == 0 && r.pick == kNoPick) {
          // kube-proxy sends 4 of 10 to an endpoint that drops them, 6 to one that answers.
          shares.push_back({4, {dns::Reply::kTimeout, {}, false}, 1, 7});
          shares.push_back({6, {dns::Reply::kAnswer, Duration::milliseconds(1), false}, 2, 0});
        } else if (r.pick == 1) {
          shares.push_back({r.count, {dns::Reply::kTimeout, {}, false}, 1, 7});
        } else {
          shares.push_back({r.count,
                            {dns::Reply::kAnswer, Duration::milliseconds(1), false},
                            r.pick == kNoPick ? 3 : r.pick,
                            0});
        }
      });
  int64_t resolved = 0, failed = 0;
  for (const auto& c : results)
    (c.result.resolved ? resolved : failed) += c.count;
  CHECK(resolved + failed == 10);
  CHECK(resolved == 10);  // the 4 time out on the first candidate, then the as-is name answers
  CHECK(names.front() == "pgbouncer.airflow.svc.cluster.local.");
  // The retry of the first candidate goes to the same endpoint (glibc keeps its socket); the
  // as-is name is a new socket, a new pick.
  REQUIRE(seen.size() == 3);
  CHECK(seen[1].candidate == 0);
  CHECK(seen[1].pick == 1);
  CHECK(seen[1].count == 4);
  CHECK(seen[1].sent == Duration::seconds(5));
  CHECK(seen[2].pick == kNoPick);
  CHECK(names[2] == "pgbouncer.");
  CHECK(seen[2].sent == Duration::seconds(10));
}

TEST_CASE("a cohort that never gets an answer fails together, with its cause", "[lookup-cohorts]") {
  const dns::ResolverConfig config = cluster_first();
  const auto results = ekssim::cluster::run_lookup_cohorts(
      dns::ResolverKind::kGlibc, "pgbouncer", config, 3,
      [&](const ExchangeRequest& r, std::vector<ExchangeShare>& shares) {
        shares.push_back({r.count, {dns::Reply::kTimeout, {}, false}, 1, 5});
      });
  REQUIRE(results.size() == 1);
  CHECK(results[0].count == 3);
  CHECK_FALSE(results[0].result.resolved);
  CHECK(results[0].result.cause == dns::Reply::kTimeout);
  CHECK(results[0].cause == 5);
  CHECK(results[0].result.elapsed == Duration::seconds(20));
}

TEST_CASE("with rotate the members' first queries spread evenly over the nameservers",
          "[lookup-cohorts]") {
  const dns::ResolverConfig config(dns::ResolvConf::parse(
      "search svc.cluster.local\nnameserver 172.20.0.10\nnameserver 10.0.0.53\n"
      "options ndots:5 rotate\n"));
  std::map<std::string, int64_t> first_tries;
  const auto count_first = [&](const ExchangeRequest& r, std::vector<ExchangeShare>& shares) {
    if (r.candidate == 0) first_tries[r.server.to_string()] += r.count;
    shares.push_back({r.count, {dns::Reply::kAnswer, Duration::milliseconds(1), false}, 0, 0});
  };
  ekssim::cluster::run_lookup_cohorts(dns::ResolverKind::kGlibc, "pgbouncer", config, 5,
                                      count_first, {1, 0});
  // Members 0..4 at offsets 1..5 of 2: three start at the second server, two at the first.
  CHECK(first_tries == std::map<std::string, int64_t>{{"10.0.0.53", 3}, {"172.20.0.10", 2}});
  // Without rotate every member starts at the first nameserver.
  first_tries.clear();
  ekssim::cluster::run_lookup_cohorts(dns::ResolverKind::kGlibc, "pgbouncer", cluster_first(), 5,
                                      count_first, {1, 0});
  CHECK(first_tries == std::map<std::string, int64_t>{{"172.20.0.10", 5}});
}

TEST_CASE("members whose glibc thread switched to single-request send no pair on one socket",
          "[lookup-cohorts]") {
  const dns::ResolverConfig config = cluster_first();
  int64_t paired = 0, sequential = 0;
  const auto results = ekssim::cluster::run_lookup_cohorts(
      dns::ResolverKind::kGlibc, "pgbouncer", config, 10,
      [&](const ExchangeRequest& r, std::vector<ExchangeShare>& shares) {
        (r.same_socket_pair ? paired : sequential) += r.count;
        shares.push_back({r.count, {dns::Reply::kAnswer, Duration::milliseconds(1), false}, 0, 0});
      },
      {0, 3});
  CHECK(paired == 7);
  CHECK(sequential == 3);
  int64_t still_single = 0;
  for (const auto& c : results) {
    if (c.result.single_request) still_single += c.count;
    // One after the other: A, then AAAA.
    CHECK(c.result.elapsed == Duration::milliseconds(c.result.single_request ? 2 : 1));
  }
  CHECK(still_single == 3);
}
