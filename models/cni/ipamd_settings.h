#pragma once
// ipamd's switches outside the warm pool, read from aws-node's environment as ipamd.New reads
// them (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go: UseSubnetDiscovery,
// ManageENIsOnNonSchedulableNode, disableENIProvisioning, isIPv4Enabled, isIPv6Enabled), and
// isConfigValid's verdict on the address family.
//
// Defaults are the shipped manifest's (config/master/aws-k8s-cni.yaml sets ENABLE_IPv4 "true" and
// ENABLE_IPv6 "false"; the Go getters would default ENABLE_IPv4 to false, but no supported
// install leaves it unset).
// Simplification: a valid IPv6 configuration (ENABLE_IPv6 with prefix delegation, IPv4 off) is
// not modelled; the loader warns and the run treats the cluster as IPv4.

#include <optional>
#include <string>

#include "models/cni/env_config.h"

namespace ekssim::cni {

struct IpamdSettings {
  bool ipv4 = true;                           // ENABLE_IPv4
  bool ipv6 = false;                          // ENABLE_IPv6
  bool subnet_discovery = true;               // ENABLE_SUBNET_DISCOVERY
  bool manage_enis_non_schedulable = false;   // AWS_MANAGE_ENIS_NON_SCHEDULABLE
  bool disable_provisioning = false;          // DISABLE_NETWORK_RESOURCE_PROVISIONING
  std::optional<std::string> invalid_config;  // isConfigValid's log line when it fails

  // `prefix_delegation_supported`: the instance type is Nitro or bare metal
  // (IsPrefixDelegationSupported).
  static IpamdSettings from_env(const EnvConfig& env, bool prefix_delegation_supported);
};

// isConfigValid on the address family: exactly one of ENABLE_IPv4 and ENABLE_IPv6; IPv6 only with
// prefix delegation and without custom networking; IPv6 prefix delegation only where the type
// supports it. nullopt when valid, else the log line ipamd prints before it exits.
std::optional<std::string> ip_family_config_error(const EnvConfig& env,
                                                  bool prefix_delegation_supported);

// ENABLE_IPv6 is on and the configuration is otherwise valid: an IPv6 cluster, not modelled.
bool ipv6_mode(const EnvConfig& env);

}  // namespace ekssim::cni
