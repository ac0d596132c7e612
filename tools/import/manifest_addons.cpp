// The add-ons' own objects. aws-node's container env is the VPC CNI's configuration
// (amazon-vpc-cni-k8s, config/master/aws-k8s-cni.yaml; the README's "Configuration Variables");
// ENIConfig is its custom-networking CRD (pkg/apis/crd/v1alpha1/eniconfig_types.go: spec.subnet,
// spec.securityGroups); CoreDNS's Deployment and Corefile are EKS's coredns add-on
// (coredns/coredns plugin/forward, plugin/cache).

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "tools/import/manifest_kinds.h"
#include "tools/scenario/env_vars.h"

namespace ekssim::import {
namespace {

std::string resolved(const std::map<std::string, std::string>& names, const std::string& id) {
  const auto it = names.find(id);
  return it == names.end() ? id : it->second;
}

}  // namespace

void read_aws_node(const ManifestObject& o, Imported& imported, ImportLog& log) {
  const auto containers = field(o.node, {"spec", "template", "spec", "containers"});
  if (!containers || !containers->IsSequence()) return;
  const auto& known = scenario::known_vpc_cni_env();
  std::vector<std::string> unmodelled;
  for (const YAML::Node& c : *containers) {
    if (text_field(c, {"name"}).value_or("") != "aws-node") continue;
    const auto env = field(c, {"env"});
    if (!env || !env->IsSequence()) continue;
    for (const YAML::Node& e : *env) {
      const auto name = text_field(e, {"name"});
      const auto value = field(e, {"value"});
      if (!name || !value || !value->IsScalar()) continue;  // valueFrom: the pod's own fields
      if (std::find(known.begin(), known.end(), *name) == known.end()) {
        unmodelled.push_back(*name);
        continue;
      }
      Doc& vars = imported.cluster.child("addons").child("vpcCni").child("env");
      vars.set(*name, Doc::quoted(value->Scalar())
                          .with_note("manifest " + o.label() + " env")
                          .at(origin_of(*value, o.path)));
    }
  }
  if (!unmodelled.empty()) {
    std::string names;
    for (const std::string& n : unmodelled)
      names += (names.empty() ? "" : ", ") + n;
    log.note("aws-node variables without effect in ekssim, not imported: " + names);
  }
}

void read_eni_config(const ManifestObject& o, Imported& imported, ImportLog& log) {
  Doc config = Doc::map();
  config.note = "manifest " + o.label();
  config.origin = o.origin();
  config.set("name", Doc::quoted(o.name).at(o.name_origin()));
  if (auto subnet = field(o.node, {"spec", "subnet"})) {
    const std::string name = resolved(imported.subnet_names, subnet->Scalar());
    config.set("subnet", Doc::quoted(name).at(origin_of(*subnet, o.path)));
  } else {
    log.error(o.node, o.path, fmt::format("ENIConfig {} has no spec.subnet", o.name),
              "spec.subnet: the subnet id for pod ENIs");
  }
  if (auto groups = field(o.node, {"spec", "securityGroups"}); groups && groups->IsSequence()) {
    Doc list = Doc::list();
    for (const YAML::Node& g : *groups)
      list.push(Doc::quoted(resolved(imported.group_names, g.Scalar())).at(origin_of(g, o.path)));
    config.set("securityGroups", std::move(list));
  }
  Doc& configs = imported.cluster.child("addons").child("vpcCni");
  if (!configs.find("eniConfigs")) configs.set("eniConfigs", Doc::list());
  configs.find("eniConfigs")->push(std::move(config));
}

void read_coredns_deployment(const ManifestObject& o, Imported& imported, ImportLog&) {
  const auto replicas = field(o.node, {"spec", "replicas"});
  Doc value = replicas
                  ? Doc::plain(replicas->Scalar())
                        .with_note("manifest " + o.label() + " spec.replicas")
                        .at(origin_of(*replicas, o.path))
                  : Doc::integer(1).with_note("manifest " + o.label() + ", Kubernetes default 1");
  imported.cluster.child("addons").child("coredns").set("replicas", std::move(value));
}

void read_corefile(const ManifestObject& o, ImportLog& log) {
  const auto corefile = text_field(o.node, {"data", "Corefile"});
  if (!corefile) return;
  std::istringstream lines(*corefile);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string word, from, to;
    words >> word;
    if (word == "forward" && (words >> from >> to) && to != "/etc/resolv.conf") {
      log.note(
          fmt::format("Corefile ({}): forward . {} is not modelled; CoreDNS forwards to the "
                      "nodes' resolvers (cluster.vpc.dhcpOptions)",
                      o.label(), to));
    } else if (word == "cache" && (words >> from) && from != "30") {
      log.note(
          fmt::format("Corefile ({}): cache {} is not modelled; ekssim's CoreDNS keeps "
                      "answers up to 30 s, the EKS default",
                      o.label(), from));
    }
  }
}

// EKS's kube-system/kube-proxy-config ConfigMap holds a KubeProxyConfiguration
// (kubernetes pkg/proxy/apis/config/types.go): mode, iptables.minSyncPeriod, iptables.syncPeriod,
// clusterCIDR (one IPv4 block; a dual-stack list is left to the IPv4 default, unset).
void read_kube_proxy_config(const ManifestObject& o, Imported& imported, ImportLog& log) {
  const auto config = field(o.node, {"data", "config"});
  if (!config) return;
  YAML::Node parsed;
  try {
    parsed = YAML::Load(config->Scalar());
  } catch (const YAML::Exception& e) {
    log.error(*config, o.path, "kube-proxy's config is not YAML: " + e.msg,
              "a KubeProxyConfiguration");
    return;
  }
  Doc& proxy = imported.cluster.child("addons").child("kubeProxy");
  const std::string note = "manifest " + o.label() + " data.config";
  if (auto mode = text_field(parsed, {"mode"}); mode && !mode->empty())
    proxy.set("mode", Doc::quoted(*mode).with_note(note + " mode").at(origin_of(*config, o.path)));
  if (auto cidr = text_field(parsed, {"clusterCIDR"});
      cidr && !cidr->empty() && cidr->find(',') == std::string::npos) {
    proxy.set("clusterCIDR",
              Doc::plain(*cidr).with_note(note + " clusterCIDR").at(origin_of(*config, o.path)));
  }
  for (const char* key : {"minSyncPeriod", "syncPeriod"}) {
    if (auto period = text_field(parsed, {"iptables", key}); period && !period->empty()) {
      proxy.set(
          key,
          Doc::plain(*period).with_note(note + " iptables." + key).at(origin_of(*config, o.path)));
    }
  }
}

}  // namespace ekssim::import
