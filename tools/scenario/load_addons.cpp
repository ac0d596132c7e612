// cluster.addons: the VPC CNI (aws-node's environment, ENIConfigs, the IRSA role), CoreDNS and
// kube-proxy. kube-proxy's periods follow its own validation (cmd/kube-proxy/app, validation.go,
// validateKubeProxyIPTablesConfiguration): syncPeriod > 0 and minSyncPeriod <= syncPeriod.

#include <fmt/format.h>

#include "tools/scenario/env_vars.h"
#include "tools/scenario/resource_limits.h"
#include "tools/scenario/sections.h"

namespace ekssim::scenario {
namespace {

void load_eni_config(Reader& reader, const YAML::Node& node, const std::string& label,
                     spec::VpcCni& cni) {
  MapReader map(reader, node, label, "an ENIConfig");
  if (!map.ok()) return;
  spec::EniConfig config;
  config.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the ENIConfig's name (usually the AZ)")) {
    config.name = *name;
  }
  if (auto subnet = map.ref("subnet", Need::kRequired, "a subnet name")) config.subnet = *subnet;
  config.security_groups = map.refs("securityGroups", Need::kOptional, "security group name");
  map.finish();
  cni.eni_configs.push_back(std::move(config));
}

spec::VpcCni load_vpc_cni(Reader& reader, const YAML::Node& node) {
  spec::VpcCni cni;
  MapReader map(reader, node, "vpcCni", "the VPC CNI add-on", true);
  cni.location = map.location();
  if (!map.ok()) return cni;
  if (auto env = map.get("env")) {
    load_vpc_cni_env(reader, *env, "env", cni.env, cni.env_locations);
  }
  if (auto configs = map.get("eniConfigs")) {
    for_each_item(reader, *configs, "eniConfigs", "a list of ENIConfigs",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_eni_config(reader, item, label, cni);
                  });
  }
  cni.service_account_role = map.ref("serviceAccountRole", Need::kOptional, "an IAM role name");
  map.finish();
  return cni;
}

spec::CoreDns load_coredns(Reader& reader, const YAML::Node& node) {
  spec::CoreDns dns;
  MapReader map(reader, node, "coredns", "the CoreDNS add-on", true);
  dns.location = map.location();
  if (!map.ok()) return dns;
  if (auto replicas = map.integer("replicas", Need::kOptional, 0, kMaxCorednsReplicas)) {
    dns.replicas = static_cast<int>(*replicas);
  }
  map.finish();
  return dns;
}

spec::KubeProxy load_kube_proxy(Reader& reader, const YAML::Node& node) {
  spec::KubeProxy proxy;
  MapReader map(reader, node, "kubeProxy", "the kube-proxy add-on", true);
  proxy.location = map.location();
  if (!map.ok()) return proxy;
  if (auto mode_node = map.get("mode")) {
    if (mode_node->IsScalar() &&
        (mode_node->Scalar() == "ipvs" || mode_node->Scalar() == "nftables")) {
      reader.error(*mode_node,
                   fmt::format("kube-proxy mode '{}' is not modelled", mode_node->Scalar()),
                   "iptables");
    } else if (auto mode = reader.one_of(*mode_node, "mode", {"iptables"})) {
      proxy.mode = *mode;
    }
  }
  if (auto d = map.duration("minSyncPeriod", Need::kOptional)) proxy.min_sync_period = *d;
  proxy.cluster_cidr = map.cidr("clusterCIDR", Need::kOptional);
  auto sync_node = map.get("syncPeriod");
  if (auto d = map.duration("syncPeriod", Need::kOptional)) {
    if (*d == sim::Duration::zero()) {
      reader.error(*sync_node, "syncPeriod is 0", "a duration greater than 0");
    }
    proxy.sync_period = *d;
  }
  if (proxy.min_sync_period > proxy.sync_period) {
    auto min_node = map.get("minSyncPeriod");
    reader.error(min_node ? *min_node : *sync_node,
                 fmt::format("minSyncPeriod {} is longer than syncPeriod {}",
                             sim::format_duration(proxy.min_sync_period),
                             sim::format_duration(proxy.sync_period)),
                 "minSyncPeriod no longer than syncPeriod");
  }
  map.finish();
  return proxy;
}

}  // namespace

spec::Addons load_addons(Reader& reader, const YAML::Node& node) {
  spec::Addons addons;
  MapReader map(reader, node, "addons", "the add-ons", true);
  if (!map.ok()) return addons;
  addons.vpc_cni = load_vpc_cni(reader, map.get("vpcCni").value_or(YAML::Node()));
  addons.coredns = load_coredns(reader, map.get("coredns").value_or(YAML::Node()));
  addons.kube_proxy = load_kube_proxy(reader, map.get("kubeProxy").value_or(YAML::Node()));
  map.finish();
  return addons;
}

}  // namespace ekssim::scenario
