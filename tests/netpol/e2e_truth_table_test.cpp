// The verdicts against a second source: Kubernetes' own NetworkPolicy conformance tests
// (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go). Each case there builds pods
// x/a … z/c (label pod=<name>, namespace label kubernetes.io/metadata.name), creates policies and
// states the expected truth table of pod-to-pod connections on TCP 80, loopback ignored. The
// cases below restate a few of those tables as data (the policy, then the pairs the e2e expects
// denied; every other pair is allowed) and compare models/netpol's verdict (egress at the client,
// ingress at the server, both with the policies applied) for every pair of the 3×3 pods.

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/netpol/policy_verdict.h"

namespace ekssim::netpol {
namespace {

struct TestPod {
  std::string id;  // "x/a"
  PodInfo info;
  net::Ipv4 ip;
};

std::vector<TestPod> topology() {
  std::vector<TestPod> pods;
  uint32_t n = 10;
  for (const char* ns : {"x", "y", "z"}) {
    for (const char* name : {"a", "b", "c"}) {
      pods.push_back({std::string(ns) + "/" + name, PodInfo{ns, name, LabelMap{{"pod", name}}, {}, {}},
                      net::Ipv4(0x0A000000u + n++)});
    }
  }
  return pods;
}

LabelSelector labels(LabelMap m) {
  LabelSelector s;
  s.match_labels = std::move(m);
  return s;
}

LabelSelector expression(const char* key, LabelRequirement::Operator op,
                         std::vector<std::string> values) {
  LabelSelector s;
  s.match_expressions.push_back({key, op, std::move(values)});
  return s;
}

NetworkPolicy policy(const char* name, LabelSelector selector, bool ingress, bool egress) {
  NetworkPolicy p;
  p.ns = "x";
  p.name = name;
  p.pod_selector = std::move(selector);
  p.isolates_ingress = ingress;
  p.isolates_egress = egress;
  return p;
}

Rule from(std::vector<Peer> peers) {
  Rule r;
  r.peers = std::move(peers);
  return r;
}

Peer pods(LabelSelector s) {
  Peer p;
  p.pod_selector = std::move(s);
  return p;
}

Peer namespaces(LabelSelector s) {
  Peer p;
  p.namespace_selector = std::move(s);
  return p;
}

// The pairs (client, server) the verdicts deny on TCP 80, loopback left out as the e2e does.
std::set<std::pair<std::string, std::string>> denied(const std::vector<NetworkPolicy>& policies) {
  const std::vector<TestPod> all = topology();
  std::set<std::pair<std::string, std::string>> out;
  for (const TestPod& client : all) {
    for (const TestPod& server : all) {
      if (client.id == server.id) continue;
      const Remote to{server.ip, server.info, std::nullopt, false};
      const Remote back{client.ip, client.info, std::nullopt, false};
      const bool ok = judge(policies, client.info, PodState::kPoliciesApplied,
                            PolicyDirection::kEgress, to, net::Protocol::tcp(), 80)
                          .allowed &&
                      judge(policies, server.info, PodState::kPoliciesApplied,
                            PolicyDirection::kIngress, back, net::Protocol::tcp(), 80)
                          .allowed;
      if (!ok) out.insert({client.id, server.id});
    }
  }
  return out;
}

// Every pair from `clients` to `servers` (ids, or "*" for all of a namespace "x/*"), less
// loopback.
std::set<std::pair<std::string, std::string>> pairs(const std::vector<std::string>& clients,
                                                    const std::vector<std::string>& servers) {
  const auto match = [](const std::string& pattern, const std::string& id) {
    return pattern == "*" || pattern == id ||
           (pattern.size() == 3 && pattern[2] == '*' && id[0] == pattern[0]);
  };
  std::set<std::pair<std::string, std::string>> out;
  for (const TestPod& c : topology()) {
    for (const TestPod& s : topology()) {
      if (c.id == s.id) continue;
      for (const std::string& cp : clients)
        for (const std::string& sp : servers)
          if (match(cp, c.id) && match(sp, s.id)) out.insert({c.id, s.id});
    }
  }
  return out;
}

TEST_CASE("e2e: should support a 'default-deny-ingress' policy") {
  CHECK(denied({policy("deny-ingress", {}, true, false)}) == pairs({"*"}, {"x/*"}));
}

TEST_CASE("e2e: should support a 'default-deny-all' policy") {
  auto expected = pairs({"*"}, {"x/*"});
  const auto out = pairs({"x/*"}, {"*"});
  expected.insert(out.begin(), out.end());
  CHECK(denied({policy("deny-all", {}, true, true)}) == expected);
}

TEST_CASE(
    "e2e: should enforce policy to allow traffic from pods within server namespace based "
    "on PodSelector") {
  NetworkPolicy p = policy("x-a-allows-x-b", labels({{"pod", "a"}}), true, false);
  p.ingress.push_back(from({pods(labels({{"pod", "b"}}))}));
  auto expected = pairs({"*"}, {"x/a"});
  expected.erase({"x/b", "x/a"});
  CHECK(denied({p}) == expected);
}

TEST_CASE("e2e: should enforce policy to allow ingress traffic for a target") {
  NetworkPolicy allow = policy("allow-all-to-a", labels({{"pod", "a"}}), true, false);
  Peer everyone;
  everyone.pod_selector = LabelSelector{};
  everyone.namespace_selector = LabelSelector{};
  allow.ingress.push_back(from({everyone}));
  CHECK(denied({policy("deny-all", {}, true, false), allow}) == pairs({"*"}, {"x/b", "x/c"}));
}

TEST_CASE(
    "e2e: should enforce policy to allow traffic only from a different namespace, based "
    "on NamespaceSelector (and with MatchExpressions)") {
  NetworkPolicy by_label =
      policy("allow-client-a-via-ns-selector", labels({{"pod", "a"}}), true, false);
  by_label.ingress.push_back(from({namespaces(labels({{"kubernetes.io/metadata.name", "y"}}))}));
  auto expected = pairs({"x/*", "z/*"}, {"x/a"});
  CHECK(denied({by_label}) == expected);
  NetworkPolicy by_expression = by_label;
  by_expression.ingress = {from({namespaces(
      expression("kubernetes.io/metadata.name", LabelRequirement::Operator::kIn, {"y"}))})};
  CHECK(denied({by_expression}) == expected);
}

TEST_CASE("e2e: should enforce policy based on PodSelector or NamespaceSelector") {
  NetworkPolicy p = policy("allow-ns-y-match-selector", labels({{"pod", "a"}}), true, false);
  p.ingress.push_back(from({namespaces(expression("kubernetes.io/metadata.name",
                                                  LabelRequirement::Operator::kNotIn, {"x"})),
                            pods(labels({{"pod", "b"}}))}));
  CHECK(denied({p}) == pairs({"x/c"}, {"x/a"}));
}

TEST_CASE("e2e: should enforce policy based on PodSelector and NamespaceSelector") {
  NetworkPolicy p = policy("allow-ns-y-podselector", labels({{"pod", "a"}}), true, false);
  Peer both = namespaces(
      expression("kubernetes.io/metadata.name", LabelRequirement::Operator::kNotIn, {"x"}));
  both.pod_selector = labels({{"pod", "b"}});
  p.ingress.push_back(from({both}));
  auto expected = pairs({"*"}, {"x/a"});
  expected.erase({"y/b", "x/a"});
  expected.erase({"z/b", "x/a"});
  CHECK(denied({p}) == expected);
}

}  // namespace
}  // namespace ekssim::netpol
