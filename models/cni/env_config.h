#pragma once
// aws-node's environment: the VPC CNI's settings by their upstream names, as strings, exactly as
// users write them in the DaemonSet or the EKS add-on's configurationValues.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ekssim::cni {

using EnvConfig = std::map<std::string, std::string, std::less<>>;

// Go's strconv.ParseBool, which the CNI uses for its flags: 1 t T TRUE true True, 0 f F FALSE
// false False; anything else (or unset) gives `fallback`.
bool env_flag(const EnvConfig& env, std::string_view name, bool fallback);
// An integer as the CNI's getters read it: unset or not an integer gives nullopt.
std::optional<int> env_int(const EnvConfig& env, std::string_view name);

}  // namespace ekssim::cni
