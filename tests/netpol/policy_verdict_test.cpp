// One test per rule of the network policy agent's verdict (models/netpol/policy_verdict.h), each
// naming the upstream source it follows: aws/aws-network-policy-agent's eBPF programs and rule
// processor, amazon-network-policy-controller-k8s's endpoint resolver, the Kubernetes API.

#include "models/netpol/policy_verdict.h"

#include <catch2/catch.hpp>
#include <utility>
#include <vector>

namespace ekssim::netpol {
namespace {

net::Ipv4 ip(const char* text) {
  return *net::Ipv4::parse(text);
}
net::Cidr cidr(const char* text) {
  return *net::Cidr::parse(text);
}

PodInfo pod(const char* ns, const char* name, LabelMap labels) {
  PodInfo p;
  p.ns = ns;
  p.name = name;
  p.labels = std::move(labels);
  return p;
}

Remote to_pod(const char* address, PodInfo p) {
  return Remote{ip(address), p, {}, false};
}
Remote to_ip(const char* address) {
  return Remote{ip(address), {}, {}, false};
}

PolicyPort tcp(uint16_t port) {
  return {net::Protocol::tcp(), port, "", {}};
}
PolicyPort udp(uint16_t port) {
  return {net::Protocol::udp(), port, "", {}};
}

// A policy of `ns` selecting `selector` that isolates egress (or ingress) and has no rules yet.
NetworkPolicy policy(const char* ns, const char* name, LabelMap selector = {},
                     bool isolates_ingress = false, bool isolates_egress = true) {
  NetworkPolicy p;
  p.ns = ns;
  p.name = name;
  p.pod_selector.match_labels = std::move(selector);
  p.isolates_ingress = isolates_ingress;
  p.isolates_egress = isolates_egress;
  return p;
}

LabelSelector match(LabelMap labels) {
  LabelSelector s;
  s.match_labels = std::move(labels);
  return s;
}

NetworkPolicy deny_all_egress(const char* ns) {
  return policy(ns, "deny-egress");
}

const PodInfo kWeb = pod("app", "web-1", {{"app", "web"}});
const PodInfo kDb = pod("app", "db-1", {{"app", "db"}});
const PodInfo kOther = pod("other", "client-1", {{"app", "web"}});

Decision egress(const std::vector<NetworkPolicy>& ps, const Remote& r, net::Protocol proto,
                uint16_t port, PodState state = PodState::kPoliciesApplied) {
  return judge(ps, kWeb, state, PolicyDirection::kEgress, r, proto, port);
}
Decision ingress(const std::vector<NetworkPolicy>& ps, const PodInfo& dst, const Remote& from,
                 net::Protocol proto, uint16_t port) {
  return judge(ps, dst, PodState::kPoliciesApplied, PolicyDirection::kIngress, from, proto, port);
}

TEST_CASE(
    "a pod that no policy isolates is not restricted (Kubernetes NetworkPolicy docs, "
    "Isolated and Non-isolated Pods)") {
  NetworkPolicy ingress_only = policy("app", "db-ingress", {{"app", "db"}}, true, false);
  const Decision d = egress({ingress_only}, to_ip("10.0.0.1"), net::Protocol::tcp(), 443);
  CHECK(d.allowed);
  CHECK(d.basis == Basis::kNotIsolated);
}

TEST_CASE("an egress policy without rules denies everything and names itself") {
  const Decision d =
      egress({deny_all_egress("app")}, to_ip("10.100.0.10"), net::Protocol::udp(), 53);
  CHECK_FALSE(d.allowed);
  CHECK(d.basis == Basis::kNoRuleMatched);
  CHECK(d.policies == std::vector<std::string>{"app/deny-egress"});
  CHECK(d.describe(net::Protocol::udp(), 53, ip("10.100.0.10")) ==
        "egress denied: pod isolated by policy app/deny-egress and no egress rule allows udp 53 "
        "to 10.100.0.10");
}

TEST_CASE("a policy of another namespace never selects the pod (policies are namespaced)") {
  const Decision d =
      egress({deny_all_egress("other")}, to_ip("10.0.0.1"), net::Protocol::tcp(), 80);
  CHECK(d.allowed);
}

TEST_CASE("rules of all isolating policies are ORed and the first allowing rule is reported") {
  NetworkPolicy allow = policy("app", "allow-https");
  allow.egress.push_back(Rule{{}, {tcp(80)}});
  allow.egress.push_back(Rule{{}, {tcp(443)}});
  const Decision d =
      egress({deny_all_egress("app"), allow}, to_ip("52.1.2.3"), net::Protocol::tcp(), 443);
  CHECK(d.allowed);
  CHECK(d.policies == std::vector<std::string>{"app/allow-https"});
  CHECK(d.rule == 1);
  CHECK(d.describe(net::Protocol::tcp(), 443, ip("52.1.2.3")) ==
        "egress allowed by policy app/allow-https spec.egress[1]");
}

TEST_CASE("ipBlock allows its CIDR less the except CIDRs (endpoints.go buildIPBlockEndpoint)") {
  NetworkPolicy p = policy("app", "vpc-only");
  Peer block;
  block.ip_block = IpBlock{cidr("10.0.0.0/16"), {cidr("10.0.5.0/24")}};
  p.egress.push_back(Rule{{block}, {}});
  CHECK(egress({p}, to_ip("10.0.1.9"), net::Protocol::tcp(), 5432).allowed);
  CHECK_FALSE(egress({p}, to_ip("10.0.5.9"), net::Protocol::tcp(), 5432).allowed);
  CHECK_FALSE(egress({p}, to_ip("10.1.0.1"), net::Protocol::tcp(), 5432).allowed);
}

TEST_CASE(
    "a port range covers port through endPort inclusive (tc.v4egress.bpf.c "
    "evaluateNamespacePolicyByLookUp)") {
  NetworkPolicy p = policy("app", "range");
  PolicyPort range = tcp(8000);
  range.end_port = 8080;
  p.egress.push_back(Rule{{}, {range}});
  CHECK(egress({p}, to_ip("10.0.0.1"), net::Protocol::tcp(), 8000).allowed);
  CHECK(egress({p}, to_ip("10.0.0.1"), net::Protocol::tcp(), 8080).allowed);
  CHECK_FALSE(egress({p}, to_ip("10.0.0.1"), net::Protocol::tcp(), 8081).allowed);
  CHECK_FALSE(egress({p}, to_ip("10.0.0.1"), net::Protocol::tcp(), 7999).allowed);
}

TEST_CASE("a port matches its protocol only: udp 53 does not allow tcp 53") {
  NetworkPolicy p = policy("app", "dns-udp");
  p.egress.push_back(Rule{{}, {udp(53)}});
  CHECK(egress({p}, to_ip("10.100.0.10"), net::Protocol::udp(), 53).allowed);
  CHECK_FALSE(egress({p}, to_ip("10.100.0.10"), net::Protocol::tcp(), 53).allowed);
}

TEST_CASE("a port without a number allows every port of its protocol (NetworkPolicyPort)") {
  NetworkPolicy p = policy("app", "all-udp");
  p.egress.push_back(Rule{{}, {PolicyPort{net::Protocol::udp(), {}, "", {}}}});
  CHECK(egress({p}, to_ip("10.0.0.1"), net::Protocol::udp(), 9999).allowed);
  CHECK_FALSE(egress({p}, to_ip("10.0.0.1"), net::Protocol::tcp(), 9999).allowed);
}

TEST_CASE("a named port matches no ipBlock peer (endpoints.go convertToPolicyInfoPortForCIDRs)") {
  NetworkPolicy p = policy("app", "named");
  p.egress.push_back(Rule{{}, {PolicyPort{net::Protocol::tcp(), {}, "http", {}}}});
  CHECK_FALSE(egress({p}, to_ip("10.0.0.1"), net::Protocol::tcp(), 80).allowed);
}

TEST_CASE(
    "an egress named port resolves against each destination pod's containerPorts "
    "(endpoints.go getPortList)") {
  NetworkPolicy p = policy("app", "to-db-by-name");
  Peer db;
  db.pod_selector = match({{"app", "db"}});
  p.egress.push_back(Rule{{db}, {PolicyPort{net::Protocol::tcp(), {}, "pg", {}}}});
  PodInfo db_with_port = kDb;
  db_with_port.container_ports = {{"pg", 5432, net::Protocol::tcp()}};
  CHECK(egress({p}, to_pod("10.0.1.5", db_with_port), net::Protocol::tcp(), 5432).allowed);
  CHECK_FALSE(egress({p}, to_pod("10.0.1.5", db_with_port), net::Protocol::tcp(), 5433).allowed);
  // The name with another protocol, or a pod that declares no such port: dropped, denied.
  PodInfo udp_only = kDb;
  udp_only.container_ports = {{"pg", 5432, net::Protocol::udp()}};
  CHECK_FALSE(egress({p}, to_pod("10.0.1.5", udp_only), net::Protocol::tcp(), 5432).allowed);
  CHECK_FALSE(egress({p}, to_pod("10.0.1.5", kDb), net::Protocol::tcp(), 5432).allowed);
}

TEST_CASE(
    "an ingress named port resolves against the policy's own pods, whatever the peer "
    "(endpoints.go resolveIngressPorts)") {
  PodInfo db = kDb;
  db.container_ports = {{"pg", 5432, net::Protocol::tcp()}};
  NetworkPolicy p = policy("app", "db-ingress", {{"app", "db"}}, true, false);
  Peer web;
  web.pod_selector = match({{"app", "web"}});
  IpBlock block;
  block.cidr = cidr("192.168.0.0/16");
  Peer office;
  office.ip_block = block;
  p.ingress.push_back(Rule{{web, office}, {PolicyPort{net::Protocol::tcp(), {}, "pg", {}}}});
  CHECK(ingress({p}, db, to_pod("10.0.1.7", kWeb), net::Protocol::tcp(), 5432).allowed);
  // The client declares no port: it is the server's name that counts.
  CHECK(ingress({p}, db, to_ip("192.168.4.4"), net::Protocol::tcp(), 5432).allowed);
  CHECK_FALSE(ingress({p}, db, to_ip("192.168.4.4"), net::Protocol::tcp(), 5433).allowed);
  // A server without the port: the rule's port is dropped, nothing matches.
  CHECK_FALSE(ingress({p}, kDb, to_pod("10.0.1.7", kWeb), net::Protocol::tcp(), 5432).allowed);
}

TEST_CASE("a podSelector peer alone means pods of the policy's own namespace") {
  NetworkPolicy p = policy("app", "to-db");
  Peer db;
  db.pod_selector = match({{"app", "db"}});
  p.egress.push_back(Rule{{db}, {tcp(5432)}});
  CHECK(egress({p}, to_pod("10.0.1.5", kDb), net::Protocol::tcp(), 5432).allowed);
  const PodInfo db_elsewhere = pod("other", "db-1", {{"app", "db"}});
  CHECK_FALSE(egress({p}, to_pod("10.0.1.6", db_elsewhere), net::Protocol::tcp(), 5432).allowed);
}

TEST_CASE("a namespaceSelector matches the kubernetes.io/metadata.name label of the namespace") {
  NetworkPolicy p = policy("app", "to-kube-system");
  Peer ns;
  ns.namespace_selector = match({{"kubernetes.io/metadata.name", "kube-system"}});
  p.egress.push_back(Rule{{ns}, {}});
  const PodInfo dns = pod("kube-system", "coredns-1", {{"k8s-app", "kube-dns"}});
  CHECK(egress({p}, to_pod("10.0.2.2", dns), net::Protocol::udp(), 53).allowed);
  CHECK_FALSE(egress({p}, to_pod("10.0.1.5", kDb), net::Protocol::udp(), 53).allowed);
}

TEST_CASE("a namespaceSelector matches a namespace's declared labels, and its name label always") {
  NetworkPolicy p = policy("app", "to-monitoring");
  Peer team;
  team.namespace_selector = match({{"team", "observability"}});
  p.egress.push_back(Rule{{team}, {tcp(9090)}});
  PodInfo prometheus = pod("monitoring", "prometheus-0", {{"app", "prometheus"}});
  // Undeclared labels: only kubernetes.io/metadata.name, which `team` does not match.
  CHECK_FALSE(egress({p}, to_pod("10.0.3.3", prometheus), net::Protocol::tcp(), 9090).allowed);
  prometheus.namespace_labels = namespace_labels("monitoring", {{"team", "observability"}});
  CHECK(egress({p}, to_pod("10.0.3.3", prometheus), net::Protocol::tcp(), 9090).allowed);
  // The API server's name label holds beside the declared ones, and overrides a declared value.
  const LabelMap labels = namespace_labels("monitoring", {{"kubernetes.io/metadata.name", "x"}});
  CHECK(labels.at("kubernetes.io/metadata.name") == "monitoring");
  Peer by_name;
  by_name.namespace_selector = match({{"kubernetes.io/metadata.name", "monitoring"}});
  NetworkPolicy named = policy("app", "by-name");
  named.egress.push_back(Rule{{by_name}, {}});
  CHECK(egress({named}, to_pod("10.0.3.3", prometheus), net::Protocol::tcp(), 9090).allowed);
}

TEST_CASE("namespaceSelector and podSelector in one peer are ANDed, in two peers ORed") {
  const PodInfo dns = pod("kube-system", "coredns-1", {{"k8s-app", "kube-dns"}});
  const PodInfo proxy = pod("kube-system", "proxy-1", {{"k8s-app", "proxy"}});
  Peer both;
  both.namespace_selector = match({{"kubernetes.io/metadata.name", "kube-system"}});
  both.pod_selector = match({{"k8s-app", "kube-dns"}});
  NetworkPolicy anded = policy("app", "and");
  anded.egress.push_back(Rule{{both}, {}});
  CHECK(egress({anded}, to_pod("10.0.2.2", dns), net::Protocol::udp(), 53).allowed);
  CHECK_FALSE(egress({anded}, to_pod("10.0.2.3", proxy), net::Protocol::udp(), 53).allowed);

  Peer ns_only;
  ns_only.namespace_selector = both.namespace_selector;
  Peer pods_only;
  pods_only.pod_selector = both.pod_selector;
  NetworkPolicy ored = policy("app", "or");
  ored.egress.push_back(Rule{{ns_only, pods_only}, {}});
  CHECK(egress({ored}, to_pod("10.0.2.3", proxy), net::Protocol::udp(), 53).allowed);
}

TEST_CASE("matchExpressions NotIn matches a pod without the key (labels selector.go)") {
  LabelSelector s{{}, {LabelRequirement{"tier", LabelRequirement::Operator::kNotIn, {"db"}}}};
  CHECK(s.matches({{"app", "web"}}));
  CHECK(s.matches({{"tier", "web"}}));
  CHECK_FALSE(s.matches({{"tier", "db"}}));
  LabelSelector exists{{}, {LabelRequirement{"tier", LabelRequirement::Operator::kExists, {}}}};
  CHECK_FALSE(exists.matches({{"app", "web"}}));
  CHECK(s.to_string() == "tier notin (db)");
}

TEST_CASE(
    "egress to a ClusterIP is allowed when the peer's podSelector matches the Service's "
    "selector and the rule's port is its targetPort (endpoints.go "
    "getMatchingServiceClusterIPs)") {
  ServiceInfo web_svc{"app",
                      "web",
                      LabelMap{{"app", "web"}},
                      false,
                      {ServicePortInfo{80, 8080, "", net::Protocol::tcp()}},
                      {}};
  NetworkPolicy p = policy("app", "to-web");
  Peer web;
  web.pod_selector = match({{"app", "web"}});
  p.egress.push_back(Rule{{web}, {tcp(8080)}});
  const Remote cluster_ip{ip("10.100.7.7"), {}, web_svc, false};
  CHECK(egress({p}, cluster_ip, net::Protocol::tcp(), 80).allowed);
  // The Service port, not the targetPort, is what a policy on the ClusterIP cannot name.
  NetworkPolicy by_service_port = p;
  by_service_port.egress = {Rule{{web}, {tcp(80)}}};
  CHECK_FALSE(egress({by_service_port}, cluster_ip, net::Protocol::tcp(), 80).allowed);
  // A headless Service has no ClusterIP to allow.
  ServiceInfo headless = web_svc;
  headless.headless = true;
  CHECK_FALSE(
      egress({p}, Remote{ip("10.100.7.7"), {}, headless, false}, net::Protocol::tcp(), 80).allowed);
}

TEST_CASE("a peer selecting pods the Service does not select leaves its ClusterIP denied") {
  ServiceInfo web_svc{"app",
                      "web",
                      LabelMap{{"app", "web"}},
                      false,
                      {ServicePortInfo{80, 80, "", net::Protocol::tcp()}},
                      {}};
  NetworkPolicy p = policy("app", "to-db");
  Peer db;
  db.pod_selector = match({{"app", "db"}});
  p.egress.push_back(Rule{{db}, {}});
  CHECK_FALSE(
      egress({p}, Remote{ip("10.100.7.7"), {}, web_svc, false}, net::Protocol::tcp(), 80).allowed);
}

TEST_CASE("a ClusterIP is judged on ingress never: ingress sees the client pod after the DNAT") {
  NetworkPolicy p = policy("app", "db-from-web", {{"app", "db"}}, true, false);
  Peer web;
  web.pod_selector = match({{"app", "web"}});
  p.ingress.push_back(Rule{{web}, {tcp(5432)}});
  CHECK(ingress({p}, kDb, to_pod("10.0.1.4", kWeb), net::Protocol::tcp(), 5432).allowed);
  const Decision d = ingress({p}, kDb, to_pod("10.0.9.4", kOther), net::Protocol::tcp(), 5432);
  CHECK_FALSE(d.allowed);
  CHECK(d.describe(net::Protocol::tcp(), 5432, ip("10.0.9.4")) ==
        "ingress denied: pod isolated by policy app/db-from-web and no ingress rule allows tcp "
        "5432 from 10.0.9.4");
}

TEST_CASE(
    "the pod's own node is always allowed, even in DEFAULT_DENY (fw_rule_processor.go "
    "ComputeMapEntriesFromEndpointRules)") {
  const Remote node{ip("10.0.1.10"), {}, {}, true};
  const Decision d = judge({}, kDb, PodState::kDefaultDeny, PolicyDirection::kIngress, node,
                           net::Protocol::tcp(), 8080);
  CHECK(d.allowed);
  CHECK(d.basis == Basis::kOwnNode);
}

TEST_CASE(
    "DEFAULT_DENY drops what no policy allows yet, DEFAULT_ALLOW passes what a policy "
    "would deny (tc.v4egress.bpf.c pod_state)") {
  const std::vector<NetworkPolicy> ps{deny_all_egress("app")};
  const Decision deny =
      egress(ps, to_ip("10.0.0.1"), net::Protocol::tcp(), 80, PodState::kDefaultDeny);
  CHECK_FALSE(deny.allowed);
  CHECK(deny.basis == Basis::kDefaultDeny);
  const Decision allow =
      egress(ps, to_ip("10.0.0.1"), net::Protocol::tcp(), 80, PodState::kDefaultAllow);
  CHECK(allow.allowed);
  CHECK(allow.basis == Basis::kDefaultAllow);
}

TEST_CASE(
    "pod state: strict starts DEFAULT_DENY and stays so unselected — standard starts "
    "DEFAULT_ALLOW (rpc_handler.go EnforceNpToPod, policyendpoints_controller.go "
    "cleanupPod)") {
  using enum EnforcingMode;
  CHECK(pod_state(kStrict, false, true) == PodState::kDefaultDeny);
  CHECK(pod_state(kStrict, true, false) == PodState::kDefaultDeny);
  CHECK(pod_state(kStrict, true, true) == PodState::kPoliciesApplied);
  CHECK(pod_state(kStandard, false, true) == PodState::kDefaultAllow);
  CHECK(pod_state(kStandard, true, false) == PodState::kDefaultAllow);
  CHECK(pod_state(kStandard, true, true) == PodState::kPoliciesApplied);
}

TEST_CASE(
    "NETWORK_POLICY_ENFORCING_MODE is read in any case — other values are refused "
    "(utils.go IsValidNetworkPolicyEnforcingMode)") {
  CHECK(parse_enforcing_mode("strict") == EnforcingMode::kStrict);
  CHECK(parse_enforcing_mode("Standard") == EnforcingMode::kStandard);
  CHECK_FALSE(parse_enforcing_mode("none").has_value());
  CHECK_FALSE(parse_enforcing_mode("").has_value());
}

}  // namespace
}  // namespace ekssim::netpol
