#include "models/cluster/security_group_policies.h"

#include <algorithm>
#include <tuple>

namespace ekssim::cluster {

namespace {
bool before(const spec::SecurityGroupPolicy& a, const spec::SecurityGroupPolicy& b) {
  return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
}
}  // namespace

SecurityGroupPolicies::SecurityGroupPolicies(
    const std::vector<spec::Workload>& workloads,
    const std::vector<spec::ServiceAccount>& service_accounts) {
  for (const spec::Workload& w : workloads) {
    if (const auto* p = std::get_if<spec::SecurityGroupPolicy>(&w)) policies_.push_back(*p);
  }
  std::stable_sort(policies_.begin(), policies_.end(), before);
  for (const spec::ServiceAccount& a : service_accounts)
    accounts_[{a.ns, a.name}] = a.labels;
}

const SecurityGroupPolicies::LabelMap& SecurityGroupPolicies::account_labels(
    std::string_view ns, std::string_view name) const {
  const auto it = accounts_.find(std::pair<std::string, std::string>(ns, name));
  return it == accounts_.end() ? no_labels_ : it->second;
}

void SecurityGroupPolicies::apply(const spec::SecurityGroupPolicy& policy) {
  const auto at = std::lower_bound(policies_.begin(), policies_.end(), policy, before);
  if (at != policies_.end() && at->ns == policy.ns && at->name == policy.name) {
    *at = policy;
    return;
  }
  policies_.insert(at, policy);
}

void SecurityGroupPolicies::remove(std::string_view ns, std::string_view name) {
  std::erase_if(policies_,
                [&](const spec::SecurityGroupPolicy& p) { return p.ns == ns && p.name == name; });
}

// filterPodSecurityGroups: a policy applies when every selector it has matches, the podSelector
// the pod's labels and the serviceAccountSelector its service account's.
bool SecurityGroupPolicies::applies(const spec::SecurityGroupPolicy& policy, std::string_view ns,
                                    const LabelMap& labels, const LabelMap& account) const {
  if (policy.ns != ns) return false;
  // filterPodSecurityGroups: a policy without a selector or without groups is skipped.
  if ((!policy.pod_selector && !policy.service_account_selector) ||
      policy.security_groups.empty()) {
    return false;
  }
  if (policy.pod_selector && !policy.pod_selector->matches(labels)) return false;
  if (policy.service_account_selector && !policy.service_account_selector->matches(account)) {
    return false;
  }
  return true;
}

std::vector<std::string> SecurityGroupPolicies::groups_for(std::string_view ns,
                                                           const LabelMap& labels,
                                                           std::string_view service_account) const {
  const LabelMap& account = account_labels(ns, service_account);
  std::vector<std::string> groups;
  for (const spec::SecurityGroupPolicy& p : policies_) {
    if (!applies(p, ns, labels, account)) continue;
    for (const spec::Ref& g : p.security_groups) {
      if (std::find(groups.begin(), groups.end(), g.name) == groups.end()) {
        groups.push_back(g.name);
      }
    }
  }
  return groups;
}

std::vector<std::string> SecurityGroupPolicies::policies_for(
    std::string_view ns, const LabelMap& labels, std::string_view service_account) const {
  const LabelMap& account = account_labels(ns, service_account);
  std::vector<std::string> names;
  for (const spec::SecurityGroupPolicy& p : policies_) {
    if (applies(p, ns, labels, account)) names.push_back(p.ns + "/" + p.name);
  }
  return names;
}

}  // namespace ekssim::cluster
