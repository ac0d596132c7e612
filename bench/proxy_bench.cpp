// kube-proxy's ClusterIP decision on the data plane's hot path (k8s/proxy/dnat.h), which reads
// the service port's ServicePortPlan (service_port_plan.h) on every call:
//  - BM_ProxyDecideClusterIp: decide_cluster_ip over 10,000 one-port services with zero to
//    three endpoints on four nodes, a third of them internalTrafficPolicy Local and every tenth
//    one a LoadBalancer with externalTrafficPolicy Local (whose plan also looks up the node's
//    local endpoints), each call to a service drawn beforehand.
// The counter `dnat` is the share of calls that picked an endpoint, a check that the table is
// the one meant.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "models/k8s/proxy/dnat.h"
#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/proxy/service_table.h"

namespace {

using ekssim::net::Ipv4;

constexpr uint32_t kServices = 10'000;
constexpr size_t kSamples = 1 << 12;

struct ProxyTable {
  ekssim::k8s::ProxyServiceTable table;
  ekssim::k8s::ProxyConfig config;
};

const ProxyTable& proxy_table() {
  static const ProxyTable built = [] {
    ProxyTable t;
    for (uint32_t i = 0; i < kServices; ++i) {
      ekssim::k8s::Service svc;
      svc.ns = "ns";
      svc.name = "svc-" + std::to_string(i);
      svc.cluster_ip = Ipv4(Ipv4::from_octets(172, 20, 0, 0).value() + i);
      svc.ports = {{"http", 80, 8080, 0, ekssim::net::Protocol::tcp()}};
      if (i % 3 == 0) svc.internal_traffic_policy = ekssim::k8s::TrafficPolicy::kLocal;
      if (i % 10 == 0) {
        svc.type = ekssim::k8s::ServiceType::kLoadBalancer;
        svc.ports[0].node_port = static_cast<uint16_t>(30000 + i % 2000);
        svc.external_traffic_policy = ekssim::k8s::TrafficPolicy::kLocal;
      }
      ekssim::k8s::EndpointSlice slice;
      slice.ports = {{"http", 8080, ekssim::net::Protocol::tcp()}};
      for (uint32_t e = 0; e < i % 4; ++e) {
        slice.endpoints.push_back({Ipv4(Ipv4::from_octets(10, 1, 0, 0).value() + i * 4 + e),
                                   ekssim::k8s::StrId{1 + (i + e) % 4},
                                   {}});
      }
      t.table.set(svc, std::vector<ekssim::k8s::EndpointSlice>{slice});
    }
    return t;
  }();
  return built;
}

void BM_ProxyDecideClusterIp(benchmark::State& state) {
  const ProxyTable& t = proxy_table();
  const ekssim::k8s::NodeProxyView view{t.table, t.config, ekssim::k8s::StrId{1},
                                        Ipv4::from_octets(192, 168, 0, 2)};
  uint64_t z = 20261207;
  std::vector<Ipv4> destinations;
  for (size_t i = 0; i < kSamples; ++i) {
    z = z * 6364136223846793005ULL + 1442695040888963407ULL;
    destinations.push_back(Ipv4(Ipv4::from_octets(172, 20, 0, 0).value() +
                                static_cast<uint32_t>((z >> 33) % kServices)));
  }
  size_t i = 0;
  int64_t dnat = 0;
  for (auto _ : state) {
    const ekssim::k8s::DnatDecision d = ekssim::k8s::decide_cluster_ip(
        view, destinations[i++ & (kSamples - 1)], 80, ekssim::net::Protocol::tcp());
    dnat += d.verdict == ekssim::k8s::DnatVerdict::kDnat;
    benchmark::DoNotOptimize(d);
  }
  state.counters["dnat"] = static_cast<double>(dnat) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProxyDecideClusterIp);

}  // namespace
