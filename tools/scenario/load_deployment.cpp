// kind: Deployment — the pods, where they may run (nodeSelector, tolerations), what they request,
// their DNS settings and the traffic each pod makes. Rules from Kubernetes' validation
// (pkg/apis/core/validation, validateTolerations and validateDNSPolicy).

#include <fmt/format.h>

#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/resource_limits.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/traffic_fields.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {
namespace {

void load_toleration(Reader& reader, const YAML::Node& node, const std::string& label,
                     spec::Deployment& d) {
  MapReader map(reader, node, label, "a toleration");
  if (!map.ok()) return;
  spec::Toleration t;
  t.location = map.location();
  if (auto key = map.text("key", Need::kOptional)) t.key = *key;
  if (auto op = map.one_of("operator", Need::kOptional, {"Equal", "Exists"})) {
    t.op =
        *op == "Exists" ? spec::Toleration::Operator::kExists : spec::Toleration::Operator::kEqual;
  }
  auto value = map.get("value");
  if (value) {
    if (auto v = reader.k8s_string(*value, "value")) t.value = *v;
  }
  if (auto effect =
          map.one_of("effect", Need::kOptional, {"NoSchedule", "PreferNoSchedule", "NoExecute"})) {
    t.effect = *effect == "NoSchedule"         ? spec::TaintEffect::kNoSchedule
               : *effect == "PreferNoSchedule" ? spec::TaintEffect::kPreferNoSchedule
                                               : spec::TaintEffect::kNoExecute;
  }
  map.finish();
  if (t.op == spec::Toleration::Operator::kExists && value && !t.value.empty()) {
    reader.error(*value, "a toleration with operator Exists has a value",
                 "no value with operator Exists");
  } else if (t.key.empty() && t.op == spec::Toleration::Operator::kEqual) {
    reader.error(t.location, "a toleration without a key has operator Equal",
                 "operator: Exists when key is empty (tolerates every taint)");
  }
  d.tolerations.push_back(std::move(t));
}

void load_resources(Reader& reader, const YAML::Node& node, spec::Deployment& d) {
  MapReader map(reader, node, "resources", "a pod's resource requests");
  if (!map.ok()) return;
  if (auto cpu = map.get("cpu")) d.cpu_millis = reader.cpu(*cpu, "cpu").value_or(0);
  if (auto memory = map.get("memory"))
    d.memory_bytes = reader.memory(*memory, "memory").value_or(0);
  map.finish();
}

// {resolve: NAME, every: D} or {connect: "HOST:PORT", every: D, protocol: tcp|udp}, either with
// client: glibc|go|dig and names: N (NAME or HOST then holds "{n}").
void load_traffic(Reader& reader, const YAML::Node& node, const std::string& label,
                  spec::Deployment& d) {
  MapReader map(reader, node, label, "a traffic entry");
  if (!map.ok()) return;
  spec::Traffic t;
  t.location = map.location();
  auto resolve = map.get("resolve");
  auto connect = map.get("connect");
  auto protocol = map.get("protocol");
  bool ok = true;
  if (resolve.has_value() == connect.has_value()) {
    reader.error(node,
                 resolve ? "traffic entry has both resolve and connect"
                         : "traffic entry has neither resolve nor connect",
                 "exactly one of: resolve: NAME, connect: \"HOST:PORT\"");
    ok = false;
  } else if (resolve) {
    t.kind = spec::Traffic::Kind::kResolve;
    auto name = reader.text(*resolve, "resolve", "a DNS name");
    ok = name.has_value();
    if (name) t.host = *name;
    if (protocol) {
      reader.error(*protocol, "protocol given for a resolve entry", "protocol only with connect");
      ok = false;
    }
  } else {
    t.kind = spec::Traffic::Kind::kConnect;
    auto target = reader.text(*connect, "connect", "HOST:PORT such as \"db.example.com:5432\"");
    const size_t colon = target ? target->rfind(':') : std::string::npos;
    std::optional<int64_t> port;
    if (target && colon != std::string::npos && colon > 0) {
      const std::string digits = target->substr(colon + 1);
      if (!digits.empty() && digits.size() <= 5 &&
          digits.find_first_not_of("0123456789") == std::string::npos) {
        port = std::stoll(digits);
      }
    }
    if (target && (!port || *port < 1 || *port > 65535)) {
      reader.error(*connect, fmt::format("connect is '{}'", *target),
                   "HOST:PORT with a port from 1 to 65535, such as \"db.example.com:5432\"");
    }
    ok = target && port && *port >= 1 && *port <= 65535;
    if (ok) {
      t.host = target->substr(0, colon);
      t.port = static_cast<uint16_t>(*port);
    }
    if (protocol) {
      auto p = reader.one_of(*protocol, "protocol", {"tcp", "udp"});
      ok = ok && p;
      if (p) t.protocol = *p == "udp" ? net::Protocol::udp() : net::Protocol::tcp();
    }
  }
  if (auto client = map.get("client")) {
    auto c = reader.one_of(*client, "client", {"glibc", "go", "dig"});
    ok = ok && c;
    if (c) {
      t.client = *c == "go"    ? spec::Traffic::Client::kGo
                 : *c == "dig" ? spec::Traffic::Client::kDig
                               : spec::Traffic::Client::kGlibc;
    }
  }
  auto every = map.duration("every", Need::kRequired);
  if (every && *every < kMinTrafficInterval) {
    reader.error(
        *map.get("every"),
        fmt::format("every {} is below {}, the shortest traffic interval",
                    sim::format_duration(*every), sim::format_duration(kMinTrafficInterval)),
        fmt::format("a duration of at least {}", sim::format_duration(kMinTrafficInterval)));
    every.reset();
  }
  // names: N stands for N names, the host's "{n}" replaced by 0 .. N-1; one without the other
  // is a mistake.
  const bool placeholder = t.host.find(spec::kNamePlaceholder) != std::string::npos;
  const bool names_given = map.get("names").has_value();
  if (auto names = map.integer("names", Need::kOptional, 1, 1000000)) {
    t.names = *names;
    if (t.names > 1 && !placeholder && ok) {
      reader.error(*map.get("names"),
                   fmt::format("names is {} but '{}' has no {{n}}", t.names, t.host),
                   "a name with {n} where the number goes, such as \"shop-{n}.example.com\"");
      ok = false;
    }
  } else if (placeholder && !names_given) {
    reader.error(resolve ? *resolve : *connect, fmt::format("'{}' has {{n}} but no names", t.host),
                 "names: N beside it, the number of distinct names (1 to 1000000)");
    ok = false;
  }
  map.finish();
  if (!ok || !every) return;
  t.every = *every;
  d.traffic.push_back(std::move(t));
}

// `containerPorts`: every container's ports in one list, as Pod validation sees them
// (validation.go validateContainerPorts: containerPort 1-65535, a name an IANA_SVC_NAME unique in
// the pod).
void load_container_port(Reader& reader, const YAML::Node& node, const std::string& label,
                         spec::Deployment& d) {
  MapReader map(reader, node, label, "a container port");
  if (!map.ok()) return;
  spec::ContainerPort p;
  p.location = map.location();
  if (auto name = read_k8s_name(map, "name", Need::kOptional, is_port_name, kPortNameExpected)) {
    for (const spec::ContainerPort& other : d.container_ports) {
      if (other.name == *name) {
        reader.error(*map.get("name"), fmt::format("container port name '{}' is used twice", *name),
                     "each port name once in a pod");
      }
    }
    p.name = *name;
  }
  if (auto port_node = map.require("containerPort", "a port from 1 to 65535")) {
    if (auto port = read_port(reader, *port_node, "containerPort")) p.port = *port;
  }
  if (auto protocol = read_port_protocol(map)) p.protocol = *protocol;
  map.finish();
  d.container_ports.push_back(std::move(p));
}

}  // namespace

spec::Deployment load_deployment(MapReader& map) {
  Reader& reader = map.reader();
  spec::Deployment d;
  d.location = map.location();
  d.ns = read_namespace(map);
  if (auto name = read_k8s_name(map, "name", Need::kRequired, is_dns1123_subdomain,
                                kDns1123SubdomainExpected)) {
    d.name = *name;
    map.set_what("Deployment '" + d.name + "'");
  }
  if (auto replicas = map.integer("replicas", Need::kOptional, 0, kMaxReplicas)) {
    d.replicas = static_cast<int>(*replicas);
  }
  if (auto labels = map.get("labels")) d.labels = reader.string_map(*labels, "labels");
  if (auto selector = map.get("nodeSelector")) {
    d.node_selector = reader.string_map(*selector, "nodeSelector");
  }
  if (auto tolerations = map.get("tolerations")) {
    for_each_item(reader, *tolerations, "tolerations", "a list of tolerations",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_toleration(reader, item, label, d);
                  });
  }
  if (auto resources = map.get("resources")) load_resources(reader, *resources, d);
  if (auto policy_node = map.get("dnsPolicy")) {
    if (policy_node->IsScalar() && policy_node->Scalar() == "None") {
      reader.error(*policy_node, "dnsPolicy None needs a dnsConfig, which ekssim does not model",
                   "one of: ClusterFirst, ClusterFirstWithHostNet, Default");
    } else if (auto policy =
                   reader.one_of(*policy_node, "dnsPolicy",
                                 {"ClusterFirst", "ClusterFirstWithHostNet", "Default"})) {
      d.dns_policy = *policy == "Default"        ? spec::DnsPolicy::kDefault
                     : *policy == "ClusterFirst" ? spec::DnsPolicy::kClusterFirst
                                                 : spec::DnsPolicy::kClusterFirstWithHostNet;
    }
  }
  if (auto dns_config = map.get("dnsConfig")) d.dns_config = load_dns_config(reader, *dns_config);
  if (auto host_network = map.boolean("hostNetwork", Need::kOptional)) {
    d.host_network = *host_network;
  }
  // serviceAccountName, a DNS-1123 subdomain (ValidatePodSpec, ValidateServiceAccountName);
  // cross_references.cpp warns when no ServiceAccount of the namespace has it.
  if (auto account = read_k8s_name(map, "serviceAccountName", Need::kOptional, is_dns1123_subdomain,
                                   kDns1123SubdomainExpected)) {
    d.service_account = *account;
    d.service_account_location = location_of(*map.get("serviceAccountName"));
  }
  if (auto ports = map.get("containerPorts")) {
    for_each_item(reader, *ports, "containerPorts", "a list of {name?, containerPort, protocol?}",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_container_port(reader, item, label, d);
                  });
  }
  if (auto traffic = map.get("traffic")) {
    for_each_item(reader, *traffic, "traffic", "a list of traffic entries",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_traffic(reader, item, label, d);
                  });
  }
  return d;
}

}  // namespace ekssim::scenario
