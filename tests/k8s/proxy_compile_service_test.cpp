// compile_service two ways: a table that a service's endpoints churn through (each compile taking
// the hashes of the one before) against a fresh compile of the same slices, and both against the
// rules of pkg/proxy/endpointslicecache.go written out plainly (endpoints deduplicated and sorted
// by their "ip:port" string, KUBE-SEP hashes from the port's name, protocol and that string).

#include <catch2/catch.hpp>
#include <algorithm>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "models/k8s/proxy/chain_names.h"
#include "tests/k8s/proxy_test_support.h"

namespace ekssim::k8s::testing {
namespace {

bool same(const ProxyEndpoint& a, const ProxyEndpoint& b) {
  return a.ip == b.ip && a.port == b.port && a.node_name == b.node_name &&
         a.conditions.ready == b.conditions.ready &&
         a.conditions.serving == b.conditions.serving &&
         a.conditions.terminating == b.conditions.terminating && a.chain == b.chain;
}

bool same(const std::vector<ProxyEndpoint>& a, const std::vector<ProxyEndpoint>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) {
           return same(x, y);
         });
}

// The port's endpoints as upstream orders them, each with the hash of its "ip:port".
std::vector<ProxyEndpoint> reference_endpoints(const ServicePortEntry& entry,
                                               const std::vector<EndpointSlice>& slices) {
  std::vector<std::pair<std::string, ProxyEndpoint>> keyed;
  for (const EndpointSlice& s : slices) {
    for (const EndpointPort& port : s.ports) {
      if (port.name != entry.port_name || port.protocol != entry.protocol) continue;
      for (const Endpoint& e : s.endpoints) {
        std::string text;
        append_endpoint(text, e.ip, port.port);
        keyed.push_back({text, {e.ip, port.port, e.node_name, e.conditions, {}}});
      }
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ProxyEndpoint> out;
  for (size_t i = 0; i < keyed.size(); ++i) {
    if (i > 0 && keyed[i].first == keyed[i - 1].first) continue;  // the first "ip:port" wins
    ProxyEndpoint e = keyed[i].second;
    e.chain = endpoint_chain_hash(entry.name, entry.protocol_name(), keyed[i].first);
    out.push_back(e);
  }
  return out;
}

TEST_CASE("compiling a service after each endpoint change equals compiling it afresh",
          "[proxy]") {
  std::mt19937_64 rng(GENERATE(11, 12));
  const Service svc = service("ns", "web", "172.30.0.41",
                              {tcp_port("http", 80), tcp_port("metrics", 9100)});
  ProxyServiceTable table;
  // Addresses whose strings sort apart from their numbers: 10.0.0.9 after 10.0.0.10.
  std::vector<Endpoint> pool;
  for (int i = 0; i < 40; ++i) {
    const EndpointConditions conditions{rng() % 4 != 0, true, rng() % 5 == 0};
    pool.push_back(Endpoint{ip("10.0.0.0") + static_cast<uint32_t>(1 + rng() % 300),
                            rng() % 2 == 0 ? kTestNode : kOtherNode, conditions});
  }
  std::vector<Endpoint> live;
  for (int step = 0; step < 400; ++step) {
    if (live.empty() || rng() % 3 != 0) {
      live.push_back(pool[rng() % pool.size()]);  // duplicates too: the first one wins
    } else {
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(rng() % live.size()));
    }
    // A second slice with one port repeats some endpoints on a different target port.
    const std::vector<EndpointSlice> slices = {
        slice({tcp_endpoint_port("http", 8080), tcp_endpoint_port("metrics", 9100)}, live),
        slice({tcp_endpoint_port("http", 8081)},
              std::vector<Endpoint>(live.begin(), live.begin() + static_cast<std::ptrdiff_t>(
                                                                      live.size() / 2)))};
    table.set(svc, slices);
    const std::vector<ServicePortEntry> fresh = compile_service(svc, slices);
    const auto churned = table.service_entries("ns", "web");
    REQUIRE(churned.size() == fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
      INFO("step " << step << ", port " << fresh[i].name);
      CHECK(churned[i]->hash == fresh[i].hash);
      CHECK(same(churned[i]->endpoints, fresh[i].endpoints));
      CHECK(same(churned[i]->cluster_endpoints, fresh[i].cluster_endpoints));
      CHECK(same(churned[i]->usable_by_node, fresh[i].usable_by_node));
      CHECK(same(fresh[i].endpoints, reference_endpoints(fresh[i], slices)));
    }
  }
}

TEST_CASE("set returns the service's entries as service_entries finds them", "[proxy]") {
  // Services before and after "ns/web" in the table's order, so its range starts inside.
  ProxyServiceTable table;
  table.set(service("a", "first", "172.30.0.10", {tcp_port("http", 80)}), {});
  table.set(service("z", "last", "172.30.0.11", {tcp_port("http", 80), tcp_port("grpc", 81)}),
            {});
  const auto check_returned = [&](const Service& svc, const std::vector<EndpointSlice>& slices) {
    const std::span<const ProxyServiceTable::Entry> returned = table.set(svc, slices);
    const std::span<const ProxyServiceTable::Entry> found = table.service_entries("ns", "web");
    REQUIRE(returned.size() == svc.ports.size());
    REQUIRE(returned.size() == found.size());
    for (size_t i = 0; i < found.size(); ++i)
      CHECK(returned[i].get() == found[i].get());
  };
  const Service two_ports =
      service("ns", "web", "172.30.0.41", {tcp_port("http", 80), tcp_port("metrics", 9100)});
  const std::vector<EndpointSlice> one = {
      slice({tcp_endpoint_port("http", 8080)}, {endpoint("10.0.0.5", kTestNode)})};
  const std::vector<EndpointSlice> two = {slice(
      {tcp_endpoint_port("http", 8080)},
      {endpoint("10.0.0.5", kTestNode), endpoint("10.0.0.6", kOtherNode)})};
  check_returned(two_ports, {});  // a new service
  check_returned(two_ports, one);  // endpoints only: replaced in place
  check_returned(two_ports, two);
  // Reshaped: a third port moves the entries after it.
  check_returned(service("ns", "web", "172.30.0.41",
                         {tcp_port("http", 80), tcp_port("metrics", 9100), tcp_port("admin", 9000)}),
                 two);
  check_returned(service("ns", "web", "172.30.0.41", {tcp_port("http", 80)}), one);
  CHECK(table.entries().size() == 1 + 2 + 1);
}

TEST_CASE("an endpoint's \"ip:port\" text, the longest included, is appended whole") {
  // The text kube-proxy hashes into KUBE-SEP names (BaseEndpointInfo.String()), written into a
  // fixed buffer sized for the longest "255.255.255.255:65535".
  std::string text = "x ";
  append_endpoint(text, net::Ipv4(~uint32_t{0}), 65535);
  CHECK(text == "x 255.255.255.255:65535");
  text.clear();
  append_endpoint(text, net::Ipv4(0), 0);
  CHECK(text == "0.0.0.0:0");
  text.clear();
  append_endpoint(text, net::Ipv4::from_octets(10, 100, 3, 7), 53);
  CHECK(text == "10.100.3.7:53");
}

}  // namespace
}  // namespace ekssim::k8s::testing
