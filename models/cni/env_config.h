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

// Why aws-node would not use a value as written, and what it uses instead.
struct EnvFallback {
  std::string problem;   // "is not an integer (strconv.Atoi)"
  std::string fallback;  // "its default, 1"
  std::string expected;  // what would be used as written: "an integer of at least 0"
};

// How ipamd's getters read `value` for `name` (pkg/ipamd/ipamd.go getWarmIPTarget,
// getMinimumIPTarget, getWarmENITarget, getMaxENI, pkg/ipamd/datastore getCooldownPeriod, and the
// flags through strconv.ParseBool in parseBoolEnvVar / utils.GetBoolAsStringEnvVar): nullopt when
// the value is used as written, else what upstream does instead. An empty flag is upstream's
// "unset" and is used as such. The model reads the same values with env_flag and env_int, so the
// loader's warning names exactly the fallback the run takes. Variables without a getter here
// are not checked.
std::optional<EnvFallback> env_value_fallback(std::string_view name, std::string_view value);

}  // namespace ekssim::cni
