// Pod controllers to ekssim Deployments. Every controller kind keeps pods alive in ekssim; what
// differs is how many: spec.replicas (Deployment, StatefulSet, ReplicaSet; Kubernetes' default 1),
// spec.parallelism (Job, CronJob's jobTemplate; default 1), one per node (DaemonSet: the node
// count the import knows, kubernetes pkg/controller/daemon).
// Requests follow Kubernetes' defaulting (pkg/apis/core/v1/defaults.go, SetDefaults_ResourceList
// via defaultRequests): a container's limit stands in for a request it does not state; the pod's
// request is the sum over its containers (init containers are not counted).

#include <fmt/format.h>

#include "tools/import/manifest_kinds.h"
#include "tools/scenario/quantity.h"

namespace ekssim::import {
namespace {

struct Shape {
  std::optional<YAML::Node> template_node;
  std::optional<YAML::Node> count;  // the replicas or parallelism node
  std::string count_key;
};

Shape shape_of(const ManifestObject& o) {
  const YAML::Node& n = o.node;
  if (o.kind == "CronJob") {
    return {field(n, {"spec", "jobTemplate", "spec", "template"}),
            field(n, {"spec", "jobTemplate", "spec", "parallelism"}),
            "spec.jobTemplate.spec.parallelism"};
  }
  if (o.kind == "Job") {
    return {field(n, {"spec", "template"}), field(n, {"spec", "parallelism"}), "spec.parallelism"};
  }
  if (o.kind == "DaemonSet") return {field(n, {"spec", "template"}), std::nullopt, ""};
  return {field(n, {"spec", "template"}), field(n, {"spec", "replicas"}), "spec.replicas"};
}

Doc replicas_doc(const ManifestObject& o, const Shape& shape, const Imported& imported,
                 ImportLog& log) {
  if (o.kind == "DaemonSet") {
    const int nodes = std::max(imported.initial_nodes, 1);
    return Doc::integer(nodes).with_note(fmt::format(
        "DaemonSet: one pod per node, {} node{} at the start", nodes, nodes == 1 ? "" : "s"));
  }
  if (!shape.count) return Doc::integer(1).with_note("Kubernetes default 1");
  if (!shape.count->IsScalar() ||
      shape.count->Scalar().find_first_not_of("0123456789") != std::string::npos) {
    log.error(*shape.count, o.path, shape.count_key + " is not a whole number",
              "a number of pods such as 3");
    return Doc::integer(1);
  }
  return Doc::plain(shape.count->Scalar())
      .with_note(shape.count_key)
      .at(origin_of(*shape.count, o.path));
}

// Adds one container's request (or limit) for `resource` to `total`; false on a bad quantity.
bool add_request(const YAML::Node& container, const char* resource, const ManifestObject& o,
                 ImportLog& log, int64_t& total, bool& any) {
  auto q = field(container, {"resources", "requests", resource});
  if (!q) q = field(container, {"resources", "limits", resource});
  if (!q) return true;
  const std::string& text = q->Scalar();
  const auto value = std::string_view(resource) == "cpu" ? scenario::parse_cpu_millis(text)
                                                         : scenario::parse_memory_bytes(text);
  if (!value) {
    log.error(*q, o.path, fmt::format("{} quantity '{}' is not valid", resource, text),
              "a Kubernetes quantity such as 250m or 256Mi");
    return false;
  }
  total += *value;
  any = true;
  return true;
}

std::optional<Doc> resources_doc(const YAML::Node& containers, const ManifestObject& o,
                                 ImportLog& log) {
  int64_t cpu = 0, memory = 0;
  bool any_cpu = false, any_memory = false;
  for (const YAML::Node& c : containers) {
    add_request(c, "cpu", o, log, cpu, any_cpu);
    add_request(c, "memory", o, log, memory, any_memory);
  }
  if (!any_cpu && !any_memory) return std::nullopt;
  Doc r = Doc::map();
  if (any_cpu) r.set("cpu", Doc::plain(fmt::format("{}m", cpu)));
  if (any_memory) {
    constexpr int64_t kMi = 1024 * 1024;
    r.set("memory", Doc::plain(memory % kMi == 0 ? fmt::format("{}Mi", memory / kMi)
                                                 : std::to_string(memory)));
  }
  r.note = "the containers' requests (a limit where no request), summed";
  return r;
}

Doc string_map(const YAML::Node& node, const std::string& path) {
  Doc m = Doc::map();
  for (const auto& pair : node)
    if (pair.second.IsScalar())
      m.set(pair.first.Scalar(),
            Doc::quoted(pair.second.Scalar()).at(origin_of(pair.second, path)));
  m.origin = origin_of(node, path);
  return m;
}

Doc tolerations_doc(const YAML::Node& list, const std::string& path) {
  Doc out = Doc::list();
  for (const YAML::Node& t : list) {
    Doc item = Doc::map();
    for (const char* key : {"key", "operator", "value", "effect"}) {
      if (auto v = text_field(t, {key}); v && !v->empty()) item.set(key, Doc::quoted(*v));
    }
    item.origin = origin_of(t, path);
    out.push(std::move(item));
  }
  return out;
}

// spec.dnsConfig as the scenario's dnsConfig: nameservers, searches, options {name, value}. The
// loader checks them as Kubernetes would and warns where a resolver reads an option otherwise.
Doc dns_config_doc(const YAML::Node& config, const std::string& path) {
  Doc out = Doc::map();
  out.origin = origin_of(config, path);
  for (const char* key : {"nameservers", "searches"}) {
    const auto list = field(config, {key});
    if (!list || !list->IsSequence()) continue;
    Doc items = Doc::list();
    for (const YAML::Node& item : *list) {
      if (!item.IsScalar()) continue;
      items.push(Doc::quoted(item.Scalar()).at(origin_of(item, path)));
    }
    out.set(key, std::move(items));
  }
  if (const auto options = field(config, {"options"}); options && options->IsSequence()) {
    Doc items = Doc::list();
    for (const YAML::Node& option : *options) {
      Doc item = Doc::map();
      for (const char* key : {"name", "value"}) {
        if (auto v = text_field(option, {key})) item.set(key, Doc::quoted(*v));
      }
      item.origin = origin_of(option, path);
      items.push(std::move(item));
    }
    out.set("options", std::move(items));
  }
  return out;
}

void collect_env(const YAML::Node& containers, const std::string& path, std::vector<EnvVar>& env) {
  for (const YAML::Node& c : containers) {
    const auto list = field(c, {"env"});
    if (!list || !list->IsSequence()) continue;
    for (const YAML::Node& e : *list) {
      auto name = text_field(e, {"name"});
      auto value = text_field(e, {"value"});
      if (name && value) env.push_back({*name, *value, origin_of(e, path)});
    }
  }
}

// Every container's `ports` as the Deployment's containerPorts (name, containerPort, protocol),
// for NetworkPolicies' named ports; hostPort and hostIP are not modelled.
std::optional<Doc> container_ports_doc(const YAML::Node& containers, const std::string& path) {
  Doc list = Doc::list();
  for (const YAML::Node& c : containers) {
    const auto ports = field(c, {"ports"});
    if (!ports || !ports->IsSequence()) continue;
    for (const YAML::Node& port : *ports) {
      Doc item = Doc::map();
      item.origin = origin_of(port, path);
      for (const char* key : {"name", "containerPort", "protocol"}) {
        if (auto v = field(port, {key})) item.set(key, Doc::from_yaml(*v, path));
      }
      list.push(std::move(item));
    }
  }
  if (list.items.empty()) return std::nullopt;
  return list;
}

void pod_spec_fields(Doc& d, const YAML::Node& pod, const ManifestObject& o, ImportLog& log) {
  if (auto s = field(pod, {"nodeSelector"}); s && s->IsMap())
    d.set("nodeSelector", string_map(*s, o.path));
  if (auto t = field(pod, {"tolerations"}); t && t->IsSequence() && t->size() > 0)
    d.set("tolerations", tolerations_doc(*t, o.path));
  if (auto c = field(pod, {"containers"}); c && c->IsSequence()) {
    if (auto r = resources_doc(*c, o, log)) d.set("resources", std::move(*r));
    if (auto ports = container_ports_doc(*c, o.path)) d.set("containerPorts", std::move(*ports));
  }
  if (auto policy = field(pod, {"dnsPolicy"})) {
    if (policy->Scalar() == "None") {
      log.error(*policy, o.path, "dnsPolicy None (the pod's own dnsConfig) is not modelled",
                "ClusterFirst, ClusterFirstWithHostNet or Default");
    } else {
      d.set("dnsPolicy", Doc::quoted(policy->Scalar()).at(origin_of(*policy, o.path)));
    }
  }
  if (auto c = field(pod, {"dnsConfig"}); c && c->IsMap())
    d.set("dnsConfig", dns_config_doc(*c, o.path));
  if (text_field(pod, {"hostNetwork"}).value_or("") == "true")
    d.set("hostNetwork", Doc::boolean(true));
  // serviceAccountName, or the deprecated serviceAccount it replaced (core/v1 PodSpec: the
  // older field is read when the newer is empty).
  auto account = field(pod, {"serviceAccountName"});
  if (!account) account = field(pod, {"serviceAccount"});
  if (account && account->IsScalar() && !account->Scalar().empty())
    d.set("serviceAccountName", Doc::quoted(account->Scalar()).at(origin_of(*account, o.path)));
}

}  // namespace

std::optional<Doc> workload_from(const ManifestObject& o, const Imported& imported, ImportLog& log,
                                 std::vector<EnvVar>& env) {
  const Shape shape = shape_of(o);
  if (!shape.template_node || !shape.template_node->IsMap()) {
    log.error(o.node, o.path, fmt::format("{} {} has no pod template", o.kind, o.name),
              "spec.template with the pod's spec");
    return std::nullopt;
  }
  Doc d = Doc::map();
  d.note = "manifest " + o.label();
  if (o.kind == "Job" || o.kind == "CronJob") {
    d.note += "; its pods are modelled as running for the whole scenario";
  }
  d.origin = o.origin();
  d.set("kind", Doc::quoted("Deployment"));
  d.set("namespace", Doc::quoted(o.ns));
  d.set("name", Doc::quoted(o.name).at(o.name_origin()));
  d.set("replicas", replicas_doc(o, shape, imported, log));
  if (auto labels = field(*shape.template_node, {"metadata", "labels"}); labels && labels->IsMap())
    d.set("labels", string_map(*labels, o.path));
  if (auto pod = field(*shape.template_node, {"spec"}); pod && pod->IsMap()) {
    pod_spec_fields(d, *pod, o, log);
    if (auto c = field(*pod, {"containers"}); c && c->IsSequence()) collect_env(*c, o.path, env);
  }
  return d;
}

}  // namespace ekssim::import
