// The names each resolver tries, in order, for names with 0 to 5 dots and a trailing dot
// (glibc res_query.c __res_context_search, Go nameList, dig), from a pod in namespace airflow on
// a us-east-1 node.

#include "models/dns/resolver.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_config.h"

namespace ekssim::dns {
namespace {

ResolverConfig airflow_pod() {
  const KubeletDnsSettings kubelet{
      {*net::Ipv4::parse("10.100.0.10")},
      "cluster.local",
      ec2_node_resolv_conf("us-east-1", *net::Ipv4::parse("10.0.0.2"))};
  return ResolverConfig(pod_resolv_conf(kubelet, "airflow", DnsPolicy::kClusterFirst, false).conf);
}

std::vector<std::string> names(ResolverKind kind, std::string_view name,
                               const ResolverConfig& config) {
  std::vector<std::string> list;
  for (const Candidate candidate : candidates(kind, name, config)) {
    list.push_back(candidate_name(name, config, candidate));
  }
  return list;
}

TEST_CASE("A pod's resolv.conf reads as ndots 5, 5 s, 2 attempts, one nameserver",
          "[dns][resolver]") {
  const ResolverConfig config = airflow_pod();
  CHECK(config.options().ndots == 5);
  CHECK(config.options().timeout == sim::Duration::seconds(5));
  CHECK(config.options().attempts == 2);
  CHECK(config.nameservers().size() == 1);
  CHECK(config.search().size() == 4);
}

TEST_CASE("A service's full name with 4 dots walks the whole search list before itself",
          "[dns][resolver]") {
  const ResolverConfig config = airflow_pod();
  const std::vector<std::string> expected = {
      "airflow-pgbouncer.airflow.svc.cluster.local.airflow.svc.cluster.local.",
      "airflow-pgbouncer.airflow.svc.cluster.local.svc.cluster.local.",
      "airflow-pgbouncer.airflow.svc.cluster.local.cluster.local.",
      "airflow-pgbouncer.airflow.svc.cluster.local.ec2.internal.",
      "airflow-pgbouncer.airflow.svc.cluster.local.",
  };
  CHECK(names(ResolverKind::kGlibc, "airflow-pgbouncer.airflow.svc.cluster.local", config) ==
        expected);
  CHECK(names(ResolverKind::kGo, "airflow-pgbouncer.airflow.svc.cluster.local", config) ==
        expected);
}

TEST_CASE("Names with 0 to 4 dots try the search list first, 5 dots the name first",
          "[dns][resolver]") {
  const ResolverConfig config = airflow_pod();
  const auto searched = [](std::string_view name) {
    const std::string n(name);
    return std::vector<std::string>{n + ".airflow.svc.cluster.local.", n + ".svc.cluster.local.",
                                    n + ".cluster.local.", n + ".ec2.internal.", n + "."};
  };
  for (const std::string_view name :
       {"airflow-web", "redis.us-prod", "redis.us-prod.zone", "a.b.c.d", "a.b.c.d.e"}) {
    INFO(name);
    CHECK(names(ResolverKind::kGlibc, name, config) == searched(name));
    CHECK(names(ResolverKind::kGo, name, config) == searched(name));
  }
  const std::vector<std::string> five_dots = {
      "a.b.c.d.e.f.", "a.b.c.d.e.f.airflow.svc.cluster.local.", "a.b.c.d.e.f.svc.cluster.local.",
      "a.b.c.d.e.f.cluster.local.", "a.b.c.d.e.f.ec2.internal."};
  CHECK(names(ResolverKind::kGlibc, "a.b.c.d.e.f", config) == five_dots);
  CHECK(names(ResolverKind::kGo, "a.b.c.d.e.f", config) == five_dots);
  CHECK(candidates(ResolverKind::kGlibc, "a.b.c.d.e.f", config)[0].kind ==
        CandidateKind::kAsIsFirst);
}

TEST_CASE("A trailing dot means the name as given, only", "[dns][resolver]") {
  const ResolverConfig config = airflow_pod();
  const std::vector<std::string> only = {"redis.us-prod.zone."};
  CHECK(names(ResolverKind::kGlibc, "redis.us-prod.zone.", config) == only);
  CHECK(names(ResolverKind::kGo, "redis.us-prod.zone.", config) == only);
}

TEST_CASE("dig asks for the name as given, made absolute", "[dns][resolver]") {
  const ResolverConfig config = airflow_pod();
  CHECK(names(ResolverKind::kDig, "airflow-web", config) ==
        std::vector<std::string>{"airflow-web."});
}

TEST_CASE("A root search domain stands for the name as given", "[dns][resolver]") {
  const ResolverConfig config(ResolvConf{{*net::Ipv4::parse("10.0.0.2")}, {"corp", "."}, {}});
  CHECK(names(ResolverKind::kGlibc, "db", config) == std::vector<std::string>{"db.corp.", "db."});
  CHECK(names(ResolverKind::kGo, "db", config) == std::vector<std::string>{"db.corp.", "db."});
}

TEST_CASE("Go skips names longer than 254 characters", "[dns][resolver]") {
  const ResolverConfig config = airflow_pod();
  const std::string label(60, 'x');
  const std::string name = label + "." + label + "." + label + "." + label.substr(0, 48);
  REQUIRE(name.size() == 231);
  // With ".airflow.svc.cluster.local." the name would take 258 characters.
  CHECK(names(ResolverKind::kGo, name, config).size() == 4);
  CHECK(names(ResolverKind::kGlibc, name, config).size() == 5);
  CHECK(candidates(ResolverKind::kGo, std::string(255, 'a'), config).empty());
}

TEST_CASE("Options follow glibc's parser and limits", "[dns][resolver]") {
  const ResolverConfig config(
      ResolvConf{{*net::Ipv4::parse("10.0.0.1"), *net::Ipv4::parse("10.0.0.2"),
                  *net::Ipv4::parse("10.0.0.3"), *net::Ipv4::parse("10.0.0.4")},
                 {},
                 {"ndots:20", "timeout:2", "attempts:9", "single-request-reopen", "ndots:bad"}});
  CHECK(config.nameservers().size() == 3);
  // ndots:20 is capped at 15, then "ndots:bad" comes later and strtol reads it as 0.
  CHECK(config.options().ndots == 0);
  CHECK(config.options().timeout == sim::Duration::seconds(2));
  CHECK(config.options().attempts == 5);
  CHECK(config.options().single_request_reopen);
  CHECK_FALSE(config.options().single_request);
}

}  // namespace
}  // namespace ekssim::dns
