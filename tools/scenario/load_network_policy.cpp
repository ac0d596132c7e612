// kind: NetworkPolicy, its spec's fields flattened as a Service's are, with the rules of
// Kubernetes' ValidateNetworkPolicy (pkg/apis/networking/validation/validation.go) that shape
// what the network policy agent enforces: a peer is exactly an ipBlock or selectors, an except
// lies inside its cidr, endPort needs a numeric port not above it, policyTypes are Ingress or
// Egress. policyTypes left out default as the API server defaults them (pkg/apis/networking/v1
// defaults.go SetDefaults_NetworkPolicy): Ingress, and Egress when there are egress rules.

#include <fmt/format.h>

#include <algorithm>

#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/traffic_fields.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {
namespace {

const std::vector<std::string> kPolicyTypes = {"Ingress", "Egress"};
const std::vector<std::string> kOperators = {"In", "NotIn", "Exists", "DoesNotExist"};

}  // namespace

netpol::LabelSelector load_selector(Reader& reader, const YAML::Node& node,
                                    const std::string& label) {
  netpol::LabelSelector s;
  MapReader map(reader, node, label, "a label selector", /*allow_null=*/true);
  if (!map.ok()) return s;
  s.match_labels = map.string_map("matchLabels");
  if (auto exprs = map.get("matchExpressions")) {
    for_each_item(reader, *exprs, label + ".matchExpressions", "a list of {key, operator, values}",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    MapReader e(reader, item, item_label, "a label selector requirement");
                    if (!e.ok()) return;
                    netpol::LabelRequirement r;
                    r.key = e.text("key", Need::kRequired).value_or("");
                    const auto op = e.one_of("operator", Need::kRequired, kOperators);
                    if (op == "NotIn") r.op = netpol::LabelRequirement::Operator::kNotIn;
                    if (op == "Exists") r.op = netpol::LabelRequirement::Operator::kExists;
                    if (op == "DoesNotExist")
                      r.op = netpol::LabelRequirement::Operator::kDoesNotExist;
                    const bool takes_values = op == "In" || op == "NotIn";
                    if (auto values = e.get("values")) {
                      for_each_item(reader, *values, item_label + ".values", "a list of strings",
                                    [&](const YAML::Node& v, const std::string& v_label) {
                                      if (auto text = reader.k8s_string(v, v_label))
                                        r.values.push_back(*text);
                                    });
                      if (op && !takes_values) {
                        reader.error(*values, fmt::format("values given with operator {}", *op),
                                     "no values with Exists or DoesNotExist");
                      }
                    }
                    if (op && takes_values && r.values.empty()) {
                      reader.error(item, fmt::format("operator {} without values", *op),
                                   "values: [one or more label values]");
                    }
                    e.finish();
                    s.match_expressions.push_back(std::move(r));
                  });
  }
  map.finish();
  return s;
}

namespace {

void load_port(Reader& reader, const YAML::Node& node, const std::string& label,
               std::vector<netpol::PolicyPort>& out) {
  MapReader map(reader, node, label, "a NetworkPolicy port");
  if (!map.ok()) return;
  netpol::PolicyPort p;
  if (auto protocol = read_port_protocol(map)) p.protocol = *protocol;
  std::optional<YAML::Node> port_node = map.get("port");
  if (port_node) {
    if (port_node->IsScalar() && !is_quoted(*port_node) &&
        port_node->Scalar().find_first_not_of("0123456789") == std::string::npos) {
      p.port = read_port(reader, *port_node, "port");
    } else if (auto name = reader.text(*port_node, "port", "a port number or a port name")) {
      if (is_port_name(*name)) {
        p.port_name = *name;  // resolved against containerPorts (cross_references.cpp warns)
      } else {
        reader.error(*port_node, fmt::format("port '{}' is not a valid port name", *name),
                     std::string(kPortNameExpected) + ", or a number from 1 to 65535");
      }
    }
  }
  if (auto end = map.get("endPort")) {
    if (auto n = reader.integer(*end, "endPort", 1, 65535)) {
      if (!p.port) {
        reader.error(*end, "endPort without a numeric port",
                     "endPort only with a numeric port (ValidateNetworkPolicyPort)");
      } else if (*n < *p.port) {
        reader.error(*end, fmt::format("endPort {} is below port {}", *n, *p.port),
                     "endPort at least port");
      } else {
        p.end_port = static_cast<uint16_t>(*n);
      }
    }
  }
  map.finish();
  out.push_back(std::move(p));
}

void load_peer(Reader& reader, const YAML::Node& node, const std::string& label,
               std::vector<netpol::Peer>& out) {
  MapReader map(reader, node, label, "a NetworkPolicy peer");
  if (!map.ok()) return;
  netpol::Peer peer;
  if (auto pods = map.get("podSelector"))
    peer.pod_selector = load_selector(reader, *pods, label + ".podSelector");
  if (auto namespaces = map.get("namespaceSelector"))
    peer.namespace_selector = load_selector(reader, *namespaces, label + ".namespaceSelector");
  if (auto block = map.get("ipBlock")) {
    MapReader b(reader, *block, label + ".ipBlock", "an ipBlock");
    if (b.ok()) {
      netpol::IpBlock ip_block;
      if (auto c = b.cidr("cidr", Need::kRequired)) ip_block.cidr = *c;
      if (auto except = b.get("except")) {
        for_each_item(reader, *except, label + ".ipBlock.except", "a list of CIDRs",
                      [&](const YAML::Node& item, const std::string& item_label) {
                        auto c = reader.cidr(item, item_label);
                        if (!c) return;
                        if (!ip_block.cidr.contains(*c) || *c == ip_block.cidr) {
                          reader.error(item,
                                       fmt::format("except {} is not inside cidr {}",
                                                   c->to_string(), ip_block.cidr.to_string()),
                                       "a CIDR strictly inside the ipBlock's cidr");
                          return;
                        }
                        ip_block.except.push_back(*c);
                      });
      }
      peer.ip_block = std::move(ip_block);
    }
    b.finish();
  }
  if (peer.ip_block && (peer.pod_selector || peer.namespace_selector)) {
    reader.error(node, "a peer with ipBlock and a selector",
                 "either ipBlock or podSelector/namespaceSelector in one peer");
  } else if (!peer.ip_block && !peer.pod_selector && !peer.namespace_selector) {
    reader.error(node, "a peer with neither ipBlock nor a selector",
                 "one of ipBlock, podSelector, namespaceSelector");
  }
  map.finish();
  out.push_back(std::move(peer));
}

std::vector<netpol::Rule> load_rules(Reader& reader, const YAML::Node& node,
                                     const std::string& label, const char* peers_key) {
  std::vector<netpol::Rule> rules;
  for_each_item(
      reader, node, label, fmt::format("a list of rules, each {{{}?, ports?}}", peers_key),
      [&](const YAML::Node& item, const std::string& item_label) {
        MapReader map(reader, item, item_label, fmt::format("a NetworkPolicy {} rule", label),
                      /*allow_null=*/true);
        if (!map.ok()) return;
        netpol::Rule rule;
        if (auto peers = map.get(peers_key)) {
          for_each_item(reader, *peers, item_label + "." + peers_key, "a list of peers",
                        [&](const YAML::Node& p, const std::string& p_label) {
                          load_peer(reader, p, p_label, rule.peers);
                        });
        }
        if (auto ports = map.get("ports")) {
          for_each_item(reader, *ports, item_label + ".ports", "a list of {protocol?, port?}",
                        [&](const YAML::Node& p, const std::string& p_label) {
                          load_port(reader, p, p_label, rule.ports);
                        });
        }
        map.finish();
        rules.push_back(std::move(rule));
      });
  return rules;
}

}  // namespace

spec::NetworkPolicy load_network_policy(MapReader& map) {
  Reader& reader = map.reader();
  spec::NetworkPolicy out;
  out.location = map.location();
  netpol::NetworkPolicy& p = out.policy;
  p.ns = read_namespace(map);
  p.name =
      read_k8s_name(map, "name", Need::kRequired, is_dns1123_subdomain, kDns1123SubdomainExpected)
          .value_or("");
  map.set_what(fmt::format("NetworkPolicy '{}'", p.name));
  if (auto selector = map.require("podSelector", "a label selector ({} selects every pod)"))
    p.pod_selector = load_selector(reader, *selector, "podSelector");
  if (auto ingress = map.get("ingress"))
    p.ingress = load_rules(reader, *ingress, "ingress", "from");
  std::optional<YAML::Node> egress = map.get("egress");
  if (egress) p.egress = load_rules(reader, *egress, "egress", "to");
  if (auto types = map.get("policyTypes")) {
    p.isolates_ingress = false;
    for_each_item(reader, *types, "policyTypes", "a list of Ingress and Egress",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    const auto t = reader.one_of(item, item_label, kPolicyTypes);
                    if (t == "Ingress") p.isolates_ingress = true;
                    if (t == "Egress") p.isolates_egress = true;
                  });
  } else {
    p.isolates_egress = egress.has_value() && !p.egress.empty();
  }
  return out;
}

}  // namespace ekssim::scenario
