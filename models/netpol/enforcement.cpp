#include "models/netpol/enforcement.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace ekssim::netpol {

std::optional<EnforcingMode> parse_enforcing_mode(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "standard") return EnforcingMode::kStandard;
  if (lower == "strict") return EnforcingMode::kStrict;
  return std::nullopt;
}

std::string_view to_string(EnforcingMode mode) {
  return mode == EnforcingMode::kStrict ? "strict" : "standard";
}

std::string_view to_string(PodState state) {
  switch (state) {
    case PodState::kDefaultAllow:
      return "DEFAULT_ALLOW";
    case PodState::kDefaultDeny:
      return "DEFAULT_DENY";
    case PodState::kPoliciesApplied:
      return "POLICIES_APPLIED";
  }
  return "";
}

PodState pod_state(EnforcingMode mode, bool in_force, bool selected) {
  if (in_force && selected) return PodState::kPoliciesApplied;
  return mode == EnforcingMode::kStrict ? PodState::kDefaultDeny : PodState::kDefaultAllow;
}

}  // namespace ekssim::netpol
