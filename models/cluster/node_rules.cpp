#include "models/cluster/node_rules.h"

#include <charconv>

#include "models/cni/snat.h"
#include "models/k8s/proxy/iptables_save.h"

namespace ekssim::cluster {

namespace {

std::string env_text(const cni::EnvConfig& env, std::string_view name, std::string fallback) {
  const auto it = env.find(name);
  return it == env.end() || it->second.empty() ? fallback : it->second;
}

}  // namespace

k8s::VpcCniHostConfig vpc_cni_host_config(const World& world, const NodeAgent& node) {
  const cni::EnvConfig& env = world.cni_env();
  const cni::SnatSettings snat = cni::SnatSettings::from_env(env);
  k8s::VpcCniHostConfig config;
  config.external_snat = snat.external_snat;
  config.vpc_cidrs = world.vpc().cidrs();
  config.exclude_snat_cidrs = snat.exclude_cidrs;
  config.primary_ip = node.primary_ip();
  // pkg/networkutils/network.go: veth prefix, connmark and node port support from the env.
  config.veth_prefix = env_text(env, "AWS_VPC_K8S_CNI_VETHPREFIX", "eni");
  const std::string mark = env_text(env, "AWS_VPC_K8S_CNI_CONNMARK", "");
  if (!mark.empty()) {
    uint32_t value = 0;
    const bool hex = mark.rfind("0x", 0) == 0;
    const char* first = mark.data() + (hex ? 2 : 0);
    if (std::from_chars(first, mark.data() + mark.size(), value, hex ? 16 : 10).ec == std::errc())
      config.connmark = value;
  }
  config.node_port_support = cni::env_flag(env, "AWS_VPC_CNI_NODE_PORT_SUPPORT", true);
  const std::string randomize = env_text(env, "AWS_VPC_K8S_CNI_RANDOMIZESNAT", "prng");
  config.randomize_snat = randomize == "none"         ? k8s::SnatRandomization::kNone
                          : randomize == "hashrandom" ? k8s::SnatRandomization::kHashRandom
                                                      : k8s::SnatRandomization::kPrng;
  return config;
}

std::optional<std::string> render_node_iptables(const World& world, std::string_view node_name) {
  const NodeAgent* node = world.find_node(node_name);
  const std::optional<k8s::NodeProxyView> view = world.proxy_view(node_name);
  if (node == nullptr || !view) return std::nullopt;
  const k8s::VpcCniHostConfig cni = vpc_cni_host_config(world, *node);
  return k8s::render_iptables_save(*view, &cni);
}

const NodeAgent* find_node_reference(const World& world, std::string_view reference) {
  const size_t slash = reference.rfind('/');
  if (slash != std::string_view::npos) {
    const std::string_view group = reference.substr(0, slash);
    const std::string_view index = reference.substr(slash + 1);
    size_t n = 0;
    if (std::from_chars(index.data(), index.data() + index.size(), n).ec != std::errc() || n == 0)
      return nullptr;
    for (const auto& g : world.node_groups()) {
      if (g->config().name != group) continue;
      size_t seen = 0;
      for (const auto& node : g->nodes()) {
        if (!node->terminated() && ++seen == n) return node.get();
      }
    }
    return nullptr;
  }
  return world.find_node(reference);
}

}  // namespace ekssim::cluster
