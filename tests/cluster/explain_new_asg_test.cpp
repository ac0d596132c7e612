// `ekssim explain` on scenarios/new-asg-missing-sg-rules.yaml: a pod on the new ASG asks a
// CoreDNS pod on the old nodes, before and after the rule is added at 25m.

#include <catch2/catch.hpp>

#include "tests/cluster/explain_support.h"

using ekssim::cluster::ExplainDestination;
using ekssim::cluster::ServiceChoice;
using ekssim::net::Protocol;
using ekssim::sim::Duration;

namespace {
constexpr const char* kFile = "new-asg-missing-sg-rules.yaml";
constexpr const char* kFix =
    "add to nodes-old an inbound rule: udp 53 from security group nodes-new";
}  // namespace

TEST_CASE("at 20m a pod on ng-new is denied at nodes-old asking a CoreDNS pod on ng-old",
          "[explain][seed-story]") {
  const ekssim::test::ScenarioWorld at20("new-asg-missing-sg-rules.yaml", Duration::minutes(20));
  const auto e =
      at20.explain("pod/airflow/airflow-scheduler", "pod/kube-system/coredns:53", Protocol::udp());
  CHECK(e.source.node_group == "ng-new");
  CHECK(e.source.pod_name.rfind("airflow-scheduler-", 0) == 0);
  CHECK(e.source.chosen ==
        "3 pods in airflow start with airflow-scheduler; the first Running "
        "one by name");
  CHECK(e.destination.kind == ExplainDestination::Kind::kPod);
  CHECK(e.destination.name.rfind("kube-system/coredns-", 0) == 0);
  CHECK(ekssim::cluster::describe_holder(at20.world(), e.destination.address)
            .find("(node group ng-old)") != std::string::npos);
  CHECK_FALSE(e.service);  // a pod address: kube-proxy does not touch it
  REQUIRE(e.paths.size() == 1);
  const auto& v = e.paths[0].verdict;
  CHECK(v.disposition == ekssim::net::Disposition::kDeniedIn);
  CHECK(v.reason == ekssim::net::Reason::kEniSgRulesMismatch);
  const auto& hop = ekssim::test::stopping_hop(v);
  CHECK(&hop == &v.hops.back());
  CHECK(hop.component == ekssim::net::Component::kSecurityGroup);
  CHECK(hop.name == "nodes-old, eks-cluster-sg-prod");
  CHECK(hop.direction == ekssim::net::Direction::kInbound);
  CHECK(hop.detail.rfind("no rule matches udp 53 from " + e.source.address.to_string() +
                             " (secondary IP of eni ",
                         0) == 0);
  CHECK(hop.detail.find(", which carries nodes-new)") != std::string::npos);
  REQUIRE(v.fix);
  CHECK(v.fix->text == kFix);
  CHECK(v.fix->name == "nodes-old");

  // The same address written as an address.
  const auto by_address = at20.explain("pod/airflow/airflow-scheduler",
                                       e.destination.address.to_string() + ":53", Protocol::udp());
  CHECK(by_address.destination.kind == ExplainDestination::Kind::kAddress);
  CHECK(by_address.destination.holder.rfind("pod kube-system/coredns-", 0) == 0);
  CHECK(by_address.paths[0].verdict.fix->text == kFix);
}

TEST_CASE("at 20m kube-dns's two endpoints are both denied — at 30m both are accepted",
          "[explain][seed-story][service]") {
  const ekssim::test::ScenarioWorld at20(kFile, Duration::minutes(20));
  const auto e = at20.explain("pod/airflow/airflow-scheduler", "svc/kube-system/kube-dns:dns",
                              Protocol::udp());
  CHECK(e.destination.kind == ExplainDestination::Kind::kService);
  CHECK(e.destination.describe() == "service kube-system/kube-dns (172.20.0.10:53)");
  REQUIRE(e.service);
  CHECK(e.service->kind == ServiceChoice::Kind::kDnat);
  CHECK(e.service->service_port == "kube-system/kube-dns:dns");
  CHECK(e.service->candidates == 2);
  REQUIRE(e.paths.size() == 2);
  CHECK(e.passed() == 0);
  for (const auto& p : e.paths) {
    REQUIRE(p.endpoint);
    CHECK(p.endpoint->port == 53);
    CHECK(p.endpoint->holder.rfind("pod kube-system/coredns-", 0) == 0);
    CHECK(p.verdict.hops.front().to_string() ==
          "kube-proxy kube-system/kube-dns:dns (node " + e.source.node +
              ", nat PREROUTING): forwarded: DNAT 172.20.0.10:53 to endpoint " +
              p.endpoint->ip.to_string() + ":53");
    CHECK(p.verdict.disposition == ekssim::net::Disposition::kDeniedIn);
    CHECK(p.verdict.fix->text == kFix);
  }

  const ekssim::test::ScenarioWorld at30(kFile, Duration::minutes(30));
  const auto after =
      at30.explain("pod/airflow/airflow-scheduler", "pod/kube-system/coredns:53", Protocol::udp());
  REQUIRE(after.paths.size() == 1);
  CHECK(after.paths[0].verdict.disposition == ekssim::net::Disposition::kAccepted);
  CHECK_FALSE(after.paths[0].verdict.fix);
  const ekssim::net::Hop* allowed = nullptr;
  for (const auto& hop : after.paths[0].verdict.hops) {
    if (hop.component == ekssim::net::Component::kSecurityGroup &&
        hop.direction == ekssim::net::Direction::kInbound)
      allowed = &hop;
  }
  REQUIRE(allowed != nullptr);
  CHECK(allowed->name == "nodes-old");
  CHECK(allowed->action == ekssim::net::Action::kPermitted);
  CHECK(allowed->rule == 3);  // the rule added at 25m, after the two the group started with
  CHECK(allowed->detail == "rule 3: all traffic from security group nodes-new");
  const auto service =
      at30.explain("pod/airflow/airflow-scheduler", "svc/kube-system/kube-dns:53", Protocol::udp());
  CHECK(service.passed() == 2);
}

TEST_CASE("explain's mistakes name what exists", "[explain][errors]") {
  const ekssim::test::ScenarioWorld w(kFile, Duration::minutes(20));
  const auto message = [&w](std::string_view from, std::string_view to, Protocol p) {
    try {
      w.explain(from, to, p);
    } catch (const ekssim::cluster::ExplainError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("pod/airflow/web", "10.0.0.1:53", Protocol::udp())
            .rfind("no pod in airflow is named or starts with web at 20m; pods in airflow: "
                   "airflow-pgbouncer-",
                   0) == 0);
  CHECK(message("pod/nope/x", "10.0.0.1:53", Protocol::udp()) ==
        "no pods in namespace nope at 20m; namespaces with pods: airflow, kube-system");
  CHECK(message("node/ng-new/3", "10.0.0.1:53", Protocol::udp()) ==
        "no node ng-new/3 at 20m; name a node (ip-….ec2.internal) or GROUP/N (the N-th live "
        "node of a group in launch order); node groups: ng-old (2 nodes), ng-new (2 nodes)");
  CHECK(message("deployment/x", "10.0.0.1:53", Protocol::udp()) ==
        "--from deployment/x: expected pod/NAMESPACE/NAME (or a prefix of NAME), node/NAME or "
        "node/GROUP/N");
  CHECK(message("node/ng-old/1", "svc/kube-system/kube-dns:54", Protocol::udp()) ==
        "Service kube-system/kube-dns has no port 54/udp; its ports: dns 53/udp, dns-tcp "
        "53/tcp, metrics 9153/tcp");
  CHECK(message("node/ng-old/1", "svc/airflow/db:5432", Protocol::tcp()) ==
        "no Service airflow/db with a cluster IP; Services: airflow/airflow-pgbouncer, "
        "default/kubernetes, kube-system/kube-dns");
  CHECK(message("node/ng-old/1", "gitlab.cloudopz.com:443", Protocol::tcp()) ==
        "--to gitlab.cloudopz.com:443: unknown name gitlab.cloudopz.com (did you mean "
        "gitlab.cloudopz.co?); expected ADDRESS:PORT, NAME:PORT, pod/NAMESPACE/NAME:PORT, "
        "node/NAME:PORT or svc/NAMESPACE/NAME:PORT; names: ec2.us-east-1.amazonaws.com, "
        "gitlab.cloudopz.co");
  CHECK(message("node/ng-old/1", "10.0.0.1", Protocol::tcp()) ==
        "--to 10.0.0.1: no port; expected ADDRESS:PORT, NAME:PORT, pod/NAMESPACE/NAME:PORT, "
        "node/NAME:PORT or svc/NAMESPACE/NAME:PORT");
  CHECK(message("node/ng-old/1", "10.0.0.1:99999", Protocol::tcp()) ==
        "--to 10.0.0.1:99999: port 99999 is not a number 1-65535");
  CHECK(message("node/ng-old/1", "10.0.0.1:53", Protocol::icmp()) ==
        "--to 10.0.0.1:53: icmp has no ports; give ADDRESS or NAME");
}

TEST_CASE("explain resolves a name that only a wildcard of externalHosts answers", "[explain]") {
  const ekssim::test::ScenarioWorld world("dns-query-amplification-fqdn.yaml",
                                          Duration::minutes(4));
  const auto e = world.explain("pod/shop/crawler", "shop-17.us-prod.zone:443");
  CHECK(e.destination.kind == ExplainDestination::Kind::kExternalHost);
  CHECK(e.destination.name == "shop-17.us-prod.zone");
  CHECK(e.destination.address.to_string() == "203.0.113.20");
  // Below the zone only: the zone's own name and a node-domain candidate are unknown names.
  CHECK_THROWS_WITH(world.explain("pod/shop/crawler", "us-prod.zone:443"),
                    Catch::Contains("unknown name us-prod.zone"));
  CHECK_THROWS_WITH(world.explain("pod/shop/crawler", "shop-17.us-prod.zone.ec2.internal:443"),
                    Catch::Contains("unknown name"));
}
