#include "models/cni/ipamd_settings.h"

namespace ekssim::cni {

std::optional<std::string> ip_family_config_error(const EnvConfig& env,
                                                  bool prefix_delegation_supported) {
  const bool v4 = env_flag(env, "ENABLE_IPv4", true);
  const bool v6 = env_flag(env, "ENABLE_IPv6", false);
  // The log lines are upstream's (pkg/ipamd/ipamd.go isConfigValid).
  if (v4 && v6) {
    return "IPv4 and IPv6 are both enabled. VPC CNI currently does not support dual stack mode";
  }
  if (!v4 && !v6) return "IPv4 and IPv6 are both disabled. One of them have to be enabled";
  const bool custom = env_flag(env, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", false);
  const bool prefixes = env_flag(env, "ENABLE_PREFIX_DELEGATION", false);
  if (v6 && (custom || !prefixes)) {
    return "IPv6 is supported only in Prefix Delegation mode. Custom Networking is not supported "
           "in IPv6 mode. Please set the env variables accordingly.";
  }
  if (v6 && !prefix_delegation_supported) {
    return "Prefix Delegation is not supported on non-nitro instance. IPv6 is only supported in "
           "Prefix delegation Mode.";
  }
  return std::nullopt;
}

bool ipv6_mode(const EnvConfig& env) {
  return env_flag(env, "ENABLE_IPv6", false) && !ip_family_config_error(env, true);
}

IpamdSettings IpamdSettings::from_env(const EnvConfig& env, bool prefix_delegation_supported) {
  IpamdSettings s;
  s.ipv4 = env_flag(env, "ENABLE_IPv4", true);
  s.ipv6 = env_flag(env, "ENABLE_IPv6", false);
  s.subnet_discovery = env_flag(env, "ENABLE_SUBNET_DISCOVERY", true);
  s.manage_enis_non_schedulable = env_flag(env, "AWS_MANAGE_ENIS_NON_SCHEDULABLE", false);
  // disableENIProvisioning: also on in IMDS-only mode (ENABLE_IMDS_ONLY_MODE), which ekssim does
  // not accept as a variable.
  s.disable_provisioning = env_flag(env, "DISABLE_NETWORK_RESOURCE_PROVISIONING", false);
  s.invalid_config = ip_family_config_error(env, prefix_delegation_supported);
  return s;
}

}  // namespace ekssim::cni
