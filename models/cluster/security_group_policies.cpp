#include "models/cluster/security_group_policies.h"

#include <algorithm>
#include <tuple>

namespace ekssim::cluster {

SecurityGroupPolicies::SecurityGroupPolicies(const std::vector<spec::Workload>& workloads) {
  for (const spec::Workload& w : workloads) {
    if (const auto* p = std::get_if<spec::SecurityGroupPolicy>(&w)) policies_.push_back(*p);
  }
  std::stable_sort(policies_.begin(), policies_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
  });
}

bool SecurityGroupPolicies::applies(const spec::SecurityGroupPolicy& policy, std::string_view ns,
                                    const std::map<std::string, std::string>& labels) const {
  if (policy.ns != ns) return false;
  // filterPodSecurityGroups: a policy without a selector or without groups is skipped.
  if ((!policy.pod_selector && !policy.service_account_selector) ||
      policy.security_groups.empty()) {
    return false;
  }
  if (policy.pod_selector && !policy.pod_selector->matches(labels)) return false;
  // The "default" service account carries no labels.
  if (policy.service_account_selector && !policy.service_account_selector->matches({})) {
    return false;
  }
  return true;
}

std::vector<std::string> SecurityGroupPolicies::groups_for(
    std::string_view ns, const std::map<std::string, std::string>& labels) const {
  std::vector<std::string> groups;
  for (const spec::SecurityGroupPolicy& p : policies_) {
    if (!applies(p, ns, labels)) continue;
    for (const spec::Ref& g : p.security_groups) {
      if (std::find(groups.begin(), groups.end(), g.name) == groups.end()) {
        groups.push_back(g.name);
      }
    }
  }
  return groups;
}

std::vector<std::string> SecurityGroupPolicies::policies_for(
    std::string_view ns, const std::map<std::string, std::string>& labels) const {
  std::vector<std::string> names;
  for (const spec::SecurityGroupPolicy& p : policies_) {
    if (applies(p, ns, labels)) names.push_back(p.ns + "/" + p.name);
  }
  return names;
}

}  // namespace ekssim::cluster
