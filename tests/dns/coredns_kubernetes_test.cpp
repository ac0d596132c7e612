#include "models/dns/coredns_kubernetes.h"

#include <catch2/catch.hpp>

#include "dns_test_support.h"

using namespace ekssim::dns;
using ekssim::dns::test::ip;
using ekssim::dns::test::seconds;

namespace {

struct Cluster {
  Cluster() {
    services.add_cluster_ip("kube-system", "kube-dns", ip("172.20.0.10"));
    services.add_cluster_ip("airflow", "airflow-pgbouncer", ip("172.20.14.7"),
                            {ip("10.0.1.30"), ip("10.0.1.31")});
    // A duplicate address (two slices naming one pod) gives one record (backend_lookup.go dup).
    services.add_headless("airflow", "airflow-workers",
                          {ip("10.0.1.40"), ip("10.0.2.41"), ip("10.0.1.40"), ip("10.0.3.42")});
    services.add_headless("airflow", "starting", {});
    services.add_external_name("airflow", "warehouse", "Warehouse.Example.com.");
    services.add_external_name("airflow", "literal", "192.0.2.7");
    services.add_namespace("default");
  }
  KubernetesAnswer ask(std::string_view name, QueryType type = QueryType::kA) const {
    return answer_cluster_name(name, type, zone, services);
  }
  MapServiceDirectory services;
  KubernetesZone zone;
};

}  // namespace

TEST_CASE("a ClusterIP service answers its cluster IP with the plugin's 5 s TTL",
          "[coredns][kubernetes]") {
  const Cluster c;
  const KubernetesAnswer a = c.ask("kube-dns.kube-system.svc.cluster.local");
  CHECK(a.answer == DnsAnswer::records({ip("172.20.0.10")}, seconds(5)));
  CHECK(a.cname.empty());
}

TEST_CASE("AAAA for an IPv4 service is NOERROR with no data, never NXDOMAIN",
          "[coredns][kubernetes]") {
  const Cluster c;
  const KubernetesAnswer a = c.ask("kube-dns.kube-system.svc.cluster.local", QueryType::kAAAA);
  CHECK(a.answer.rcode == Rcode::kNoError);
  CHECK(a.answer.kind() == ResponseKind::kNoData);
  CHECK(a.answer.ttl == seconds(5));  // the SOA of the denial carries the plugin's TTL
  CHECK(c.ask("airflow-workers.airflow.svc.cluster.local", QueryType::kAAAA).answer.kind() ==
        ResponseKind::kNoData);
  CHECK(c.ask("10-0-1-5.default.pod.cluster.local", QueryType::kAAAA).answer.kind() ==
        ResponseKind::kNoData);
  CHECK(c.ask("missing.airflow.svc.cluster.local", QueryType::kAAAA).answer.kind() ==
        ResponseKind::kNxDomain);
}

TEST_CASE("a headless service answers one A record per ready endpoint, NXDOMAIN with none",
          "[coredns][kubernetes]") {
  const Cluster c;
  CHECK(c.ask("airflow-workers.airflow.svc.cluster.local").answer ==
        DnsAnswer::records({ip("10.0.1.40"), ip("10.0.2.41"), ip("10.0.3.42")}, seconds(5)));
  CHECK(c.ask("starting.airflow.svc.cluster.local").answer.kind() == ResponseKind::kNxDomain);
}

TEST_CASE("an endpoint name answers the ready endpoint with that dashed address",
          "[coredns][kubernetes]") {
  const Cluster c;
  CHECK(c.ask("10-0-2-41.airflow-workers.airflow.svc.cluster.local").answer ==
        DnsAnswer::records({ip("10.0.2.41")}, seconds(5)));
  // Endpoint names work under a ClusterIP service too (findServices: r.endpoint != "").
  CHECK(c.ask("10-0-1-31.airflow-pgbouncer.airflow.svc.cluster.local").answer ==
        DnsAnswer::records({ip("10.0.1.31")}, seconds(5)));
  CHECK(c.ask("10-0-9-9.airflow-workers.airflow.svc.cluster.local").answer.kind() ==
        ResponseKind::kNxDomain);
}

TEST_CASE("pods insecure answers any dashed address in a namespace that exists",
          "[coredns][kubernetes]") {
  const Cluster c;
  CHECK(c.ask("10-0-1-5.default.pod.cluster.local").answer ==
        DnsAnswer::records({ip("10.0.1.5")}, seconds(5)));
  CHECK(c.ask("10-0-1-5.nowhere.pod.cluster.local").answer.kind() == ResponseKind::kNxDomain);
  CHECK(c.ask("web-0.default.pod.cluster.local").answer.kind() == ResponseKind::kNxDomain);
  CHECK(c.ask("10-0-1-500.default.pod.cluster.local").answer.kind() == ResponseKind::kNxDomain);
}

TEST_CASE("the zone's own levels are NODATA and every other name in it NXDOMAIN",
          "[coredns][kubernetes]") {
  const Cluster c;
  for (const char* name : {"cluster.local", "svc.cluster.local", "pod.cluster.local",
                           "airflow.svc.cluster.local", "default.pod.cluster.local"}) {
    INFO(name);
    CHECK(c.ask(name).answer == DnsAnswer::no_data(seconds(5)));
  }
  for (const char* name : {"nowhere.svc.cluster.local", "missing.airflow.svc.cluster.local",
                           "kube-dns.nowhere.svc.cluster.local", "foo.cluster.local",
                           "a.b.cluster.local", "x.y.z.kube-dns.kube-system.svc.cluster.local"}) {
    INFO(name);
    CHECK(c.ask(name).answer == DnsAnswer::nxdomain(seconds(5)));
  }
}

TEST_CASE("the search-path expansions of a service name are NXDOMAIN, as in the seed log",
          "[coredns][kubernetes]") {
  // dataplane.md §b: a pod in airflow resolving airflow-pgbouncer.airflow.svc.cluster.local
  // (4 dots < ndots 5) first asks these three, all answered by the kubernetes plugin.
  const Cluster c;
  for (const char* name : {"airflow-pgbouncer.airflow.svc.cluster.local.airflow.svc.cluster.local",
                           "airflow-pgbouncer.airflow.svc.cluster.local.svc.cluster.local",
                           "airflow-pgbouncer.airflow.svc.cluster.local.cluster.local"}) {
    INFO(name);
    CHECK(c.ask(name).answer.kind() == ResponseKind::kNxDomain);
  }
  CHECK(c.ask("airflow-pgbouncer.airflow.svc.cluster.local").answer ==
        DnsAnswer::records({ip("172.20.14.7")}, seconds(5)));
}

TEST_CASE("an ExternalName service is a CNAME to its target — an IP literal target is nothing",
          "[coredns][kubernetes]") {
  const Cluster c;
  const KubernetesAnswer a = c.ask("warehouse.airflow.svc.cluster.local");
  CHECK(a.cname == "warehouse.example.com");
  CHECK(c.ask("10-0-1-5.warehouse.airflow.svc.cluster.local").answer.kind() ==
        ResponseKind::kNxDomain);
  const KubernetesAnswer literal = c.ask("literal.airflow.svc.cluster.local");
  CHECK(literal.cname.empty());
  CHECK(literal.answer.kind() == ResponseKind::kNxDomain);
}
