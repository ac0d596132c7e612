#include "models/cni/env_config.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>

#include "models/cni/snat.h"

namespace ekssim::cni {

namespace {

// Go's strconv.ParseBool.
std::optional<bool> parse_go_bool(std::string_view v) {
  if (v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "FALSE" || v == "false" || v == "False") {
    return false;
  }
  return std::nullopt;
}

// Go's strconv.Atoi on a 64-bit platform.
std::optional<int64_t> parse_go_atoi(std::string_view text) {
  // Atoi takes a leading '+', which std::from_chars does not.
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The getters' rules: flags with their defaults, integers with the least value used.
struct FlagRule {
  std::string_view name;
  bool fallback;
};
constexpr FlagRule kFlags[] = {
    {"ENABLE_PREFIX_DELEGATION", false},
    {"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", false},
    {"AWS_VPC_K8S_CNI_EXTERNALSNAT", false},
    {"ENABLE_SUBNET_DISCOVERY", true},
    {"ENABLE_POD_ENI", false},
    {"AWS_MANAGE_ENIS_NON_SCHEDULABLE", false},
    {"DISABLE_NETWORK_RESOURCE_PROVISIONING", false},
    {"ENABLE_IPv4", true},
    {"ENABLE_IPv6", false},
    {"AWS_VPC_CNI_NODE_PORT_SUPPORT", true},
    // ekssim's name for the network policy agent's --enable-network-policy flag (the EKS add-on's
    // enableNetworkPolicy), which Go's flag package reads with strconv.ParseBool.
    {"ENABLE_NETWORK_POLICY", false},
};
struct IntRule {
  std::string_view name;
  int64_t least;              // a smaller value falls back too
  std::string_view fallback;  // in words
};
constexpr IntRule kIntegers[] = {
    {"WARM_ENI_TARGET", 0, "its default, 1"},
    {"WARM_IP_TARGET", 0, "its default, unset"},
    {"MINIMUM_IP_TARGET", 0, "its default, unset"},
    {"WARM_PREFIX_TARGET", 0, "its default, 0"},
    {"MAX_ENI", 1, "its default, the instance type's ENI limit"},
    {"IP_COOLDOWN_PERIOD", INT64_MIN, "its default, 30 seconds"},
};

}  // namespace

bool env_flag(const EnvConfig& env, std::string_view name, bool fallback) {
  const auto it = env.find(name);
  if (it == env.end()) return fallback;
  return parse_go_bool(it->second).value_or(fallback);
}

std::optional<int> env_int(const EnvConfig& env, std::string_view name) {
  const auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  const auto value = parse_go_atoi(it->second);
  if (!value) return std::nullopt;
  return static_cast<int>(std::clamp<int64_t>(*value, INT32_MIN, INT32_MAX));
}

std::optional<EnvFallback> env_value_fallback(std::string_view name, std::string_view value) {
  for (const FlagRule& flag : kFlags) {
    if (flag.name != name || value.empty() || parse_go_bool(value)) continue;
    return EnvFallback{"is not a boolean (aws-node reads it with Go's strconv.ParseBool)",
                       std::string("its default, ") + (flag.fallback ? "true" : "false"),
                       "one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False"};
  }
  if (name == "AWS_VPC_K8S_CNI_RANDOMIZESNAT" && !value.empty() && value != "prng" &&
      value != "hashrandom" && value != "none") {
    // pkg/networkutils/network.go typeOfSNAT: any other value logs and takes the default.
    return EnvFallback{"is not a SNAT mode", "its default, prng", "prng, hashrandom or none"};
  }
  if (name == "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS" && !value.empty()) {
    // getExcludeSNATCIDRs: splits on ',' and skips each entry net.ParseCIDR refuses.
    for (size_t start = 0; start <= value.size();) {
      const size_t comma = std::min(value.find(',', start), value.size());
      const std::string_view entry = value.substr(start, comma - start);
      if (!parse_go_ipv4_cidr(entry)) {
        return EnvFallback{
            "has an entry '" + std::string(entry) + "' that is not an IPv4 CIDR (net.ParseCIDR)",
            "the other entries only",
            "IPv4 CIDR blocks separated by commas, such as 10.1.0.0/16,10.2.0.0/16"};
      }
      start = comma + 1;
    }
  }
  for (const IntRule& rule : kIntegers) {
    if (rule.name != name) continue;
    const std::string expected = rule.least == INT64_MIN
                                     ? std::string("an integer")
                                     : "an integer of at least " + std::to_string(rule.least);
    const auto parsed = parse_go_atoi(value);
    if (!parsed) {
      return EnvFallback{"is not an integer (aws-node reads it with Go's strconv.Atoi)",
                         std::string(rule.fallback), expected};
    }
    if (*parsed < rule.least) {
      return EnvFallback{"is below " + std::to_string(rule.least) + ", which aws-node ignores",
                         std::string(rule.fallback), expected};
    }
  }
  return std::nullopt;
}

}  // namespace ekssim::cni
