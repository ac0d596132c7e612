// `ekssim explain`'s naming of the two ends (explain.h): the sender by pod or node, the
// destination by address, name, pod, node or Service, each checked against the World as it is
// at the time asked, with errors that name what exists.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "models/aws/edit_distance.h"
#include "models/cluster/explain.h"
#include "models/cluster/node_agent.h"
#include "models/cluster/node_rules.h"
#include "models/dns/dns_name.h"
#include "models/dns/vpc_resolver.h"

namespace ekssim::cluster {

namespace {

// At most this many names in an error's list, then "… (N in all)".
constexpr size_t kListedNames = 8;

std::string list_names(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < kListedNames; ++i)
    text += (i == 0 ? "" : ", ") + names[i];
  if (names.size() > kListedNames) text += fmt::format(", … ({} in all)", names.size());
  return text.empty() ? "none" : text;
}

std::string at_text(sim::Duration at) {
  return sim::format_duration(at);
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::optional<uint32_t> parse_number(std::string_view text) {
  uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Live pods, in creation order.
std::vector<const k8s::Pod*> live_pods(const k8s::ApiServer& api) {
  std::vector<const k8s::Pod*> pods;
  for (uint32_t i = 0; i < api.pod_slots(); ++i) {
    const k8s::Pod& pod = api.pod(k8s::PodId(i));
    if (!pod.removed) pods.push_back(&pod);
  }
  return pods;
}

bool can_send(const k8s::Pod& pod) {
  return pod.phase == k8s::PodPhase::kRunning && pod.has_ip;
}

std::string pod_state(const k8s::Pod& pod) {
  if (can_send(pod)) return "Running";
  std::string state(k8s::to_string(pod.phase));
  if (!pod.pending_reason.empty()) state += ": " + std::string(pod.pending_reason);
  return state;
}

// The pod `pod/NS/NAME` names: an exact name, else the first Running one by name among the
// names starting with NAME.
const k8s::Pod& find_pod(const World& world, std::string_view ns, std::string_view name,
                         sim::Duration at, std::string& chosen) {
  const k8s::ApiServer& api = world.api();
  std::vector<const k8s::Pod*> in_namespace;
  std::set<std::string> namespaces;
  for (const k8s::Pod* pod : live_pods(api)) {
    namespaces.emplace(api.namespace_of(*pod));
    if (api.namespace_of(*pod) == ns) in_namespace.push_back(pod);
  }
  if (in_namespace.empty()) {
    throw ExplainError(fmt::format("no pods in namespace {} at {}; namespaces with pods: {}", ns,
                                   at_text(at),
                                   list_names({namespaces.begin(), namespaces.end()})));
  }
  std::sort(in_namespace.begin(), in_namespace.end(),
            [](const k8s::Pod* a, const k8s::Pod* b) { return a->name < b->name; });
  std::vector<const k8s::Pod*> matches;
  for (const k8s::Pod* pod : in_namespace) {
    if (pod->name == name) {
      if (!can_send(*pod)) {
        throw ExplainError(fmt::format("pod {}/{} is {} at {}: it has no address yet", ns, name,
                                       pod_state(*pod), at_text(at)));
      }
      return *pod;
    }
    if (pod->name.starts_with(name)) matches.push_back(pod);
  }
  if (matches.empty()) {
    std::vector<std::string> names;
    for (const k8s::Pod* pod : in_namespace)
      names.push_back(pod->name);
    throw ExplainError(fmt::format("no pod in {} is named or starts with {} at {}; pods in {}: {}",
                                   ns, name, at_text(at), ns, list_names(names)));
  }
  for (const k8s::Pod* pod : matches) {
    if (!can_send(*pod)) continue;
    if (matches.size() > 1) {
      chosen = fmt::format("{} pods in {} start with {}; the first Running one by name",
                           matches.size(), ns, name);
    } else {
      chosen = fmt::format("the only pod in {} that starts with {}", ns, name);
    }
    return *pod;
  }
  std::vector<std::string> states;
  for (const k8s::Pod* pod : matches)
    states.push_back(pod->name + " (" + pod_state(*pod) + ")");
  throw ExplainError(
      fmt::format("no pod in {} that starts with {} is Running with an address at "
                  "{}: {}",
                  ns, name, at_text(at), list_names(states)));
}

// Every node group with its live nodes, for errors.
std::string describe_groups(const World& world) {
  std::vector<std::string> groups;
  for (const auto& group : world.node_groups()) {
    size_t live = 0;
    for (const auto& node : group->nodes())
      live += node->terminated() ? 0 : 1;
    groups.push_back(
        fmt::format("{} ({} {})", group->config().name, live, live == 1 ? "node" : "nodes"));
  }
  return list_names(groups);
}

// `node/NAME` or `node/GROUP/N`, as `ekssim iptables --node` takes them (node_rules.h).
const NodeAgent& find_node_agent(const World& world, std::string_view reference, sim::Duration at,
                                 std::string& chosen) {
  if (const NodeAgent* node = find_node_reference(world, reference)) {
    const size_t slash = reference.rfind('/');
    if (slash != std::string_view::npos) {
      chosen = fmt::format("node {} of node group {} in launch order: {}",
                           reference.substr(slash + 1), reference.substr(0, slash), node->name());
    }
    return *node;
  }
  throw ExplainError(
      fmt::format("no node {} at {}; name a node (ip-….ec2.internal) or GROUP/N "
                  "(the N-th live node of a group in launch order); node groups: {}",
                  reference, at_text(at), describe_groups(world)));
}

ExplainSource node_source(const World& world, const NodeAgent& node) {
  ExplainSource s;
  s.kind = ExplainSource::Kind::kNode;
  s.node = node.name();
  s.node_group = node.node_group();
  s.address = node.primary_ip();
  s.kube_proxy = world.api().find_node(node.name()).valid();
  return s;
}

ExplainSource pod_source(const World& world, const k8s::Pod& pod) {
  const k8s::ApiServer& api = world.api();
  ExplainSource s;
  s.kind = ExplainSource::Kind::kPod;
  s.pod_namespace = std::string(api.namespace_of(pod));
  s.pod_name = pod.name;
  s.host_network = api.spec_of(pod).host_network;
  s.node = std::string(api.node_name(pod.node));
  if (const NodeAgent* agent = world.node_agent(pod.node)) s.node_group = agent->node_group();
  s.address = pod.ip;
  return s;
}

ExplainDestination destination(ExplainDestination::Kind kind, std::string name, net::Ipv4 address,
                               uint16_t port) {
  ExplainDestination d;
  d.kind = kind;
  d.name = std::move(name);
  d.address = address;
  d.port = port;
  return d;
}

std::string source_usage() {
  return "expected pod/NAMESPACE/NAME (or a prefix of NAME), node/NAME or node/GROUP/N";
}

// The names a bare NAME may be, with their addresses.
std::map<std::string, std::pair<ExplainDestination::Kind, net::Ipv4>, std::less<>> known_names(
    const World& world, const ExplainSource& source) {
  std::map<std::string, std::pair<ExplainDestination::Kind, net::Ipv4>, std::less<>> names;
  for (const spec::VpcHost& h : world.scenario().cluster.vpc.hosts)
    names.emplace(h.name, std::pair(ExplainDestination::Kind::kVpcHost, h.ip));
  for (const spec::ExternalHost& h : world.scenario().external_hosts)
    names.emplace(h.name, std::pair(ExplainDestination::Kind::kExternalHost, h.ip));
  // The EC2 API as the node resolves it (aws_endpoints.h): the ec2 interface endpoint with
  // private DNS, in the sender's zone if it has one there, else the public endpoint.
  const bool private_dns = std::any_of(
      world.scenario().cluster.vpc.endpoints.begin(), world.scenario().cluster.vpc.endpoints.end(),
      [](const spec::VpcEndpoint& e) {
        return e.service == "ec2" && e.type == spec::VpcEndpoint::Type::kInterface && e.private_dns;
      });
  std::optional<net::Ipv4> ec2;
  const vpc::Vpc& vpc = world.vpc();
  const NodeAgent* sender = world.find_node(source.node);
  for (uint32_t i = 0; private_dns && i < vpc.eni_count(); ++i) {
    if (!vpc.eni_exists(vpc::EniId(i))) continue;
    const vpc::Eni& eni = vpc.eni(vpc::EniId(i));
    if (eni.role != vpc::EniRole::kInterfaceEndpoint || eni.service != "ec2") continue;
    const bool same_zone = sender != nullptr && vpc.subnet(eni.subnet).availability_zone ==
                                                    sender->subnet().availability_zone;
    if (!ec2 || same_zone) ec2 = eni.primary_ip;
    if (same_zone) break;
  }
  names.emplace("ec2." + world.scenario().cluster.region + ".amazonaws.com",
                std::pair(ExplainDestination::Kind::kAwsEndpoint,
                          ec2.value_or(AwsEndpoints::kEc2PublicAddress)));
  return names;
}

std::string destination_usage() {
  return "expected ADDRESS:PORT, NAME:PORT, pod/NAMESPACE/NAME:PORT, node/NAME:PORT or "
         "svc/NAMESPACE/NAME:PORT";
}

ExplainDestination service_destination(const World& world, std::string_view ns,
                                       std::string_view name, std::string_view port,
                                       net::Protocol protocol) {
  const k8s::ProxyServiceTable& table = world.services().table();
  const auto entries = table.service_entries(ns, name);
  if (entries.empty()) {
    std::set<std::string> services;
    for (const auto& e : table.entries())
      services.insert(e->ns + "/" + e->service);
    throw ExplainError(fmt::format("no Service {}/{} with a cluster IP; Services: {}", ns, name,
                                   list_names({services.begin(), services.end()})));
  }
  if (!protocol.has_ports()) {
    throw ExplainError(
        fmt::format("--protocol {}: a Service's ports are tcp or udp", protocol.to_string()));
  }
  const auto number = parse_number(port);
  std::vector<std::string> ports;
  for (const auto& e : entries) {
    const bool named = !e->port_name.empty() && e->port_name == port;
    if ((named || (number && e->port == *number)) && e->protocol == protocol) {
      return destination(ExplainDestination::Kind::kService,
                         std::string(ns) + "/" + std::string(name), e->cluster_ip, e->port);
    }
    ports.push_back(fmt::format("{}{}/{}", e->port_name.empty() ? "" : e->port_name + " ", e->port,
                                e->protocol_name()));
  }
  throw ExplainError(fmt::format("Service {}/{} has no port {}/{}; its ports: {}", ns, name, port,
                                 protocol.to_string(), list_names(ports)));
}

// A pod by its exact name in any namespace, for a bare NAME.
const k8s::Pod* pod_named(const World& world, std::string_view name) {
  const k8s::Pod* found = nullptr;
  std::vector<std::string> namespaces;
  for (const k8s::Pod* pod : live_pods(world.api())) {
    if (pod->name != name) continue;
    found = pod;
    namespaces.emplace_back(world.api().namespace_of(*pod));
  }
  if (namespaces.size() > 1) {
    throw ExplainError(fmt::format("pods named {} live in {}; write pod/NAMESPACE/{}", name,
                                   list_names(namespaces), name));
  }
  return found;
}

}  // namespace

std::string ExplainSource::describe() const {
  if (kind == Kind::kNode) {
    return fmt::format("node {} ({}, node group {})", node, address.to_string(), node_group);
  }
  return fmt::format("pod {}/{} ({}{}) on {} (node group {})", pod_namespace, pod_name,
                     address.to_string(), host_network ? ", host network" : "", node, node_group);
}

std::string ExplainDestination::describe() const {
  const std::string where =
      port == 0 ? address.to_string() : fmt::format("{}:{}", address.to_string(), port);
  switch (kind) {
    case Kind::kAddress:
      return holder.empty() ? where : where + ", " + holder;
    case Kind::kVpcHost:
      return fmt::format("VPC host {} ({})", name, where);
    case Kind::kExternalHost:
      return fmt::format("external host {} ({})", name, where);
    case Kind::kAwsEndpoint:
      return fmt::format("{} ({})", name, where);
    case Kind::kNode:
      return fmt::format("node {} ({})", name, where);
    case Kind::kPod:
      return fmt::format("pod {} ({})", name, where);
    case Kind::kService:
      return fmt::format("service {} ({})", name, where);
  }
  return where;
}

ExplainSource find_source(const World& world, std::string_view from, sim::Duration at) {
  const std::vector<std::string> parts = split(from, '/');
  if (parts.size() == 3 && parts[0] == "pod" && !parts[1].empty() && !parts[2].empty()) {
    std::string chosen;
    const k8s::Pod& pod = find_pod(world, parts[1], parts[2], at, chosen);
    ExplainSource s = pod_source(world, pod);
    s.chosen = std::move(chosen);
    return s;
  }
  if (parts.size() >= 2 && parts[0] == "node" && from.size() > 5) {
    std::string chosen;
    const NodeAgent& node = find_node_agent(world, from.substr(5), at, chosen);
    ExplainSource s = node_source(world, node);
    s.chosen = std::move(chosen);
    return s;
  }
  throw ExplainError(fmt::format("--from {}: {}", from, source_usage()));
}

ExplainDestination find_destination(const World& world, std::string_view to, net::Protocol protocol,
                                    const ExplainSource& source, sim::Duration at) {
  std::string_view target = to;
  std::string_view port;
  const size_t colon = to.rfind(':');
  if (protocol.has_ports()) {
    if (colon == std::string_view::npos) {
      throw ExplainError(fmt::format("--to {}: no port; {}", to, destination_usage()));
    }
    target = to.substr(0, colon);
    port = to.substr(colon + 1);
  } else if (colon != std::string_view::npos) {
    throw ExplainError(
        fmt::format("--to {}: {} has no ports; give ADDRESS or NAME", to, protocol.to_string()));
  }
  const std::vector<std::string> parts = split(target, '/');
  if (parts.size() == 3 && parts[0] == "svc") {
    return service_destination(world, parts[1], parts[2], port, protocol);
  }
  const auto number = parse_number(port);
  if (protocol.has_ports() && (!number || *number == 0 || *number > 65535)) {
    throw ExplainError(fmt::format("--to {}: port {} is not a number 1-65535", to, port));
  }
  const uint16_t p = protocol.has_ports() ? static_cast<uint16_t>(*number) : 0;
  if (const auto address = net::Ipv4::parse(target)) {
    ExplainDestination d = destination(ExplainDestination::Kind::kAddress, "", *address, p);
    d.holder = describe_holder(world, *address);
    return d;
  }
  if (parts.size() == 3 && parts[0] == "pod") {
    std::string chosen;
    const k8s::Pod& pod = find_pod(world, parts[1], parts[2], at, chosen);
    return destination(ExplainDestination::Kind::kPod, parts[1] + "/" + pod.name, pod.ip, p);
  }
  if (parts.size() >= 2 && parts[0] == "node" && target.size() > 5) {
    std::string chosen;
    const NodeAgent& node = find_node_agent(world, target.substr(5), at, chosen);
    return destination(ExplainDestination::Kind::kNode, node.name(), node.primary_ip(), p);
  }
  const auto names = known_names(world, source);
  if (const auto it = names.find(target); it != names.end()) {
    return destination(it->second.first, it->first, it->second.second, p);
  }
  if (const NodeAgent* node = world.find_node(target)) {
    return destination(ExplainDestination::Kind::kNode, node->name(), node->primary_ip(), p);
  }
  if (const k8s::Pod* pod = pod_named(world, target)) {
    if (!pod->has_ip) {
      throw ExplainError(fmt::format("pod {} has no address yet ({})", target, pod_state(*pod)));
    }
    return destination(ExplainDestination::Kind::kPod,
                       std::string(world.api().namespace_of(*pod)) + "/" + pod->name, pod->ip, p);
  }
  // A name only a wildcard of externalHosts answers ("shop-17.us-prod.zone" under
  // "*.us-prod.zone"), as the VPC resolver would.
  const std::string normalized = dns::normalize_name(target);
  const dns::VpcResolver& resolver = world.vpc_resolver();
  if (!dns::is_in_zone(normalized, resolver.node_domain())) {
    const dns::DnsAnswer answer = resolver.answer(normalized, dns::QueryType::kA);
    if (!answer.addresses.empty()) {
      return destination(ExplainDestination::Kind::kExternalHost, normalized,
                         answer.addresses.front(), p);
    }
  }
  std::vector<std::string> listed;
  std::string nearest;
  int best = 4;  // suggest only a near miss
  for (const auto& [name, kind_address] : names) {
    listed.push_back(name);
    const int d = aws::edit_distance(target, name, best);
    if (d < best) {
      best = d;
      nearest = name;
    }
  }
  throw ExplainError(fmt::format("--to {}: unknown name {}{}; {}; names: {}", to, target,
                                 nearest.empty() ? "" : " (did you mean " + nearest + "?)",
                                 destination_usage(), list_names(listed)));
}

std::string describe_holder(const World& world, net::Ipv4 address) {
  const k8s::ApiServer& api = world.api();
  for (const k8s::Pod* pod : live_pods(api)) {
    if (!pod->has_ip || pod->ip != address || api.spec_of(*pod).host_network) continue;
    const NodeAgent* agent = world.node_agent(pod->node);
    return fmt::format("pod {}/{} on {} (node group {})", api.namespace_of(*pod), pod->name,
                       api.node_name(pod->node), agent != nullptr ? agent->node_group() : "?");
  }
  for (const auto& group : world.node_groups()) {
    for (const auto& node : group->nodes()) {
      if (!node->terminated() && node->primary_ip() == address)
        return fmt::format("node {} (node group {})", node->name(), node->node_group());
    }
  }
  return "";
}

}  // namespace ekssim::cluster
