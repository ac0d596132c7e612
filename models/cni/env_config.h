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
// An integer as Go's strconv.Atoi reads it (an optional + or − sign, then decimal digits, nothing
// else): unset or not an integer gives nullopt. Go's int has 64 bits; a value beyond ±2^31 is
// clamped, where every target is already unreachable.
std::optional<int> env_int(const EnvConfig& env, std::string_view name);

}  // namespace ekssim::cni
