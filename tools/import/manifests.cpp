// Reading manifest files into objects and handing each to the reader for its kind.

#include "tools/import/manifests.h"

#include <fmt/format.h>

#include <algorithm>

#include "tools/import/manifest_kinds.h"
#include "tools/scenario/yaml_documents.h"

namespace ekssim::import {
namespace {

const std::vector<std::string> kWorkloadKinds = {"Deployment", "StatefulSet", "ReplicaSet",
                                                 "DaemonSet",  "Job",         "CronJob"};

class ManifestReader {
 public:
  ManifestReader(Imported& out, ImportLog& log) : out_(out), log_(log) {}

  void read_file_objects(const std::string& path) {
    const auto text = read_file(path, log_);
    if (!text) return;
    try {
      for (const YAML::Node& document : scenario::load_all_documents(*text)) {
        if (document.IsNull()) continue;  // an empty document between '---' lines
        read_object(document, path);
      }
    } catch (const YAML::Exception& e) {
      const Origin at =
          e.mark.is_null() ? Origin{path, 1, 1} : Origin{path, e.mark.line + 1, e.mark.column + 1};
      log_.error(at, "invalid YAML or JSON: " + e.msg, "Kubernetes objects in YAML or JSON");
    }
  }

  void finish() {
    add_inferred_traffic(out_, envs_);
    for (const auto& [kind, count] : ignored_)
      log_.note(fmt::format("kind {} ignored ({} object{}): not part of what ekssim models", kind,
                            count, count == 1 ? "" : "s"));
  }

 private:
  void read_object(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) {
      log_.error(node, path, "a manifest document is not a map", "a Kubernetes object");
      return;
    }
    const auto kind = text_field(node, {"kind"});
    if (!kind) {
      log_.error(node, path, "a Kubernetes object without 'kind'", "kind: Deployment, Service …");
      return;
    }
    if (kind->ends_with("List")) {  // kind: List, DeploymentList …
      if (auto items = field(node, {"items"}); items && items->IsSequence()) {
        for (const YAML::Node& item : *items)
          read_object(item, path);
      }
      return;
    }
    ManifestObject object{node, path, *kind, text_field(node, {"metadata", "name"}).value_or(""),
                          text_field(node, {"metadata", "namespace"}).value_or("default")};
    if (object.name.empty()) {
      log_.error(node, path, fmt::format("{} without metadata.name", *kind), "metadata.name");
      return;
    }
    dispatch(object);
  }

  void dispatch(const ManifestObject& o) {
    const bool system = o.ns == "kube-system";
    if (o.kind == "DaemonSet" && system && o.name == "aws-node")
      return read_aws_node(o, out_, log_);
    if (o.kind == "DaemonSet" && system && o.name == "kube-proxy") {
      return log_.note(
          "kube-system/kube-proxy DaemonSet: kube-proxy runs on every node in ekssim "
          "(cluster.addons.kubeProxy)");
    }
    if (o.kind == "Deployment" && system && o.name == "coredns")
      return read_coredns_deployment(o, out_, log_);
    if (o.kind == "ConfigMap" && system && o.name == "coredns") return read_corefile(o, log_);
    if (o.kind == "ConfigMap" && system && o.name == "kube-proxy-config")
      return read_kube_proxy_config(o, out_, log_);
    if (o.kind == "ENIConfig") return read_eni_config(o, out_, log_);
    if (o.kind == "Namespace") {
      const bool known = std::any_of(
          out_.namespaces.items.begin(), out_.namespaces.items.end(), [&](const Doc& item) {
            const Doc* name = item.find("name");
            return name != nullptr && name->text == o.name;
          });
      if (known) return log_.note("Namespace " + o.name + " appears twice: the first is kept");
      out_.namespaces.push(namespace_from(o));
      return;
    }
    if (o.kind == "ServiceAccount") {
      const auto is = [](const Doc& item, const char* key, const std::string& value) {
        const Doc* found = item.find(key);
        return found != nullptr && found->text == value;
      };
      const bool known = std::any_of(
          out_.service_accounts.items.begin(), out_.service_accounts.items.end(),
          [&](const Doc& item) { return is(item, "namespace", o.ns) && is(item, "name", o.name); });
      if (known) {
        return log_.note("ServiceAccount " + o.ns + "/" + o.name +
                         " appears twice: the first is kept");
      }
      out_.service_accounts.push(service_account_from(o));
      return;
    }
    if (std::find(kWorkloadKinds.begin(), kWorkloadKinds.end(), o.kind) != kWorkloadKinds.end()) {
      std::vector<EnvVar> env;
      if (auto workload = workload_from(o, out_, log_, env)) {
        out_.workloads.push(std::move(*workload));
        envs_.push_back({out_.workloads.items.size() - 1, o.ns, std::move(env)});
      }
      return;
    }
    std::optional<Doc> doc = o.kind == "Service"         ? service_from(o, log_)
                             : o.kind == "EndpointSlice" ? endpoint_slice_from(o, log_)
                             : o.kind == "NetworkPolicy" ? network_policy_from(o, log_)
                             : o.kind == "SecurityGroupPolicy"
                                 ? security_group_policy_from(o, log_)
                                 : std::nullopt;
    if (doc) {
      out_.workloads.push(std::move(*doc));
    } else if (o.kind != "Service" && o.kind != "EndpointSlice" && o.kind != "NetworkPolicy" &&
               o.kind != "SecurityGroupPolicy") {
      ++ignored_[o.kind];
    }
  }

  Imported& out_;
  ImportLog& log_;
  std::vector<WorkloadEnv> envs_;
  std::map<std::string, int> ignored_;
};

}  // namespace

std::string ManifestObject::label() const {
  const Origin at = origin();
  return fmt::format("{} {}/{} ({}:{})", kind, ns, name, at.path, at.line);
}

Doc ManifestObject::workload_doc(std::string_view workload_kind) const {
  Doc d = Doc::map();
  d.note = "manifest " + label();
  d.origin = origin();
  d.set("kind", Doc::quoted(std::string(workload_kind)));
  d.set("namespace", Doc::quoted(ns));
  d.set("name", Doc::quoted(name).at(name_origin()));
  return d;
}

Origin ManifestObject::name_origin() const {
  const auto name_node = field(node, {"metadata", "name"});
  return name_node ? origin_of(*name_node, path) : origin();
}

std::optional<YAML::Node> field(const YAML::Node& node, std::initializer_list<const char*> path) {
  YAML::Node current = node;
  for (const char* key : path) {
    if (!current.IsMap()) return std::nullopt;
    const YAML::Node& read_only = current;  // const: a lookup must not add the key
    YAML::Node next = read_only[key];
    if (!next.IsDefined() || next.IsNull()) return std::nullopt;
    current.reset(next);  // operator= would write next into the tree
  }
  return current;
}

std::optional<std::string> text_field(const YAML::Node& node,
                                      std::initializer_list<const char*> path) {
  auto value = field(node, path);
  if (!value || !value->IsScalar()) return std::nullopt;
  return value->Scalar();
}

void import_manifests(const std::vector<std::pair<std::string, Origin>>& paths, Imported& out,
                      ImportLog& log) {
  ManifestReader reader(out, log);
  for (const std::string& file : expand_paths(paths, log))
    reader.read_file_objects(file);
  reader.finish();
}

}  // namespace ekssim::import
