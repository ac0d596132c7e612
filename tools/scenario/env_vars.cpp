#include "tools/scenario/env_vars.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/cni/env_config.h"
#include "models/cni/ipamd_settings.h"
#include "models/netpol/enforcement.h"
#include "tools/scenario/edit_distance.h"

namespace ekssim::scenario {

const std::vector<std::string>& known_vpc_cni_env() {
  static const std::vector<std::string> kNames = {"WARM_ENI_TARGET",
                                                  "WARM_IP_TARGET",
                                                  "MINIMUM_IP_TARGET",
                                                  "WARM_PREFIX_TARGET",
                                                  "ENABLE_PREFIX_DELEGATION",
                                                  "MAX_ENI",
                                                  "IP_COOLDOWN_PERIOD",
                                                  "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG",
                                                  "AWS_VPC_K8S_CNI_EXTERNALSNAT",
                                                  "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS",
                                                  "AWS_VPC_K8S_CNI_RANDOMIZESNAT",
                                                  "ENABLE_SUBNET_DISCOVERY",
                                                  "ENABLE_POD_ENI",
                                                  "AWS_MANAGE_ENIS_NON_SCHEDULABLE",
                                                  "DISABLE_NETWORK_RESOURCE_PROVISIONING",
                                                  "ENABLE_IPv4",
                                                  "ENABLE_IPv6",
                                                  "ENI_CONFIG_LABEL_DEF",
                                                  "ENI_CONFIG_ANNOTATION_DEF",
                                                  "AWS_VPC_ENI_MTU",
                                                  "POD_SECURITY_GROUP_ENFORCING_MODE",
                                                  "AWS_VPC_K8S_CNI_LOGLEVEL",
                                                  "ENABLE_NETWORK_POLICY",
                                                  "NETWORK_POLICY_ENFORCING_MODE"};
  return kNames;
}

namespace {

std::string env_or(const std::map<std::string, std::string>& env, const std::string& key,
                   const char* fallback) {
  const auto it = env.find(key);
  return it == env.end() ? fallback : it->second;
}

// ipamd.New's isConfigValid on ENABLE_IPv4 and ENABLE_IPv6: a combination it refuses makes
// aws-node exit at every start, which the run models; an IPv6 cluster is not modelled. The
// warning sits on whichever of the two this map sets (ENABLE_IPv6 first).
void check_ip_family(Reader& reader, const YAML::Node& node,
                     const std::map<std::string, std::string>& written) {
  const char* key = written.count("ENABLE_IPv6")   ? "ENABLE_IPv6"
                    : written.count("ENABLE_IPv4") ? "ENABLE_IPv4"
                                                   : nullptr;
  if (key == nullptr || !node[key]) return;
  const cni::EnvConfig env(written.begin(), written.end());
  // Prefix delegation is taken as supported: the type is the node group's, and only the IPv6
  // message on a Xen type depends on it (the run judges each node's own type).
  if (const auto error = cni::ip_family_config_error(env, true)) {
    reader.warning(node[key],
                   fmt::format("ENABLE_IPv4 \"{}\" with ENABLE_IPv6 \"{}\" is refused by ipamd's "
                               "isConfigValid (\"{}\"): aws-node exits at every start and its "
                               "nodes stay NotReady",
                               env_or(written, "ENABLE_IPv4", "true"),
                               env_or(written, "ENABLE_IPv6", "false"), *error),
                   "ENABLE_IPv4 \"true\" with ENABLE_IPv6 \"false\"");
  } else if (cni::ipv6_mode(env)) {
    reader.warning(node[key], "an IPv6 cluster is not modelled; ekssim runs it as IPv4",
                   "ENABLE_IPv4 \"true\" with ENABLE_IPv6 \"false\"");
  }
}

}  // namespace

void load_vpc_cni_env(Reader& reader, const YAML::Node& node, std::string_view label,
                      std::map<std::string, std::string>& env,
                      std::map<std::string, spec::Location>& locations) {
  if (!node.IsMap()) {
    reader.error(node, fmt::format("{} is {}", label, describe(node)),
                 "a map of aws-node variables such as {WARM_IP_TARGET: \"5\"}");
    return;
  }
  MapReader map(reader, node, std::string(label), std::string(label));
  const auto& known = known_vpc_cni_env();
  for (const MapReader::Entry& e : map.entries()) {
    if (std::find(known.begin(), known.end(), e.key) == known.end()) {
      reader.error(
          e.key_node,
          fmt::format("unknown aws-node variable '{}'{}", e.key, did_you_mean(e.key, known)),
          "one of: " + join_names(known, known.size()));
      continue;
    }
    if (auto v = reader.k8s_string(e.value, e.key)) {
      env[e.key] = *v;
      locations[e.key] = location_of(e.value);
      // ipamd refuses to start on any other mode (pkg/ipamd/ipamd.go getNetworkPolicyMode).
      if (e.key == "NETWORK_POLICY_ENFORCING_MODE" && !netpol::parse_enforcing_mode(*v)) {
        reader.error(e.value,
                     fmt::format("NETWORK_POLICY_ENFORCING_MODE \"{}\" is not a mode: ipamd "
                                 "refuses to start (\"invalid Network policy mode\")",
                                 *v),
                     "strict or standard");
        continue;
      }
      // Upstream logs and falls back; the run does the same (cni::WarmPoolConfig::from_env …),
      // and check says so where the value is written.
      if (const auto fallback = cni::env_value_fallback(e.key, *v)) {
        reader.warning(e.value,
                       fmt::format("{} \"{}\" {}; aws-node uses {}", e.key, *v, fallback->problem,
                                   fallback->fallback),
                       fallback->expected);
      }
    }
  }
  check_ip_family(reader, node, env);
}

}  // namespace ekssim::scenario
