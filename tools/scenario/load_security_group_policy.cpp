// kind: SecurityGroupPolicy, flattened as a NetworkPolicy is: namespace, name, podSelector or
// serviceAccountSelector, and securityGroups.groupIds, as the VPC resource controller's CRD shapes
// them (aws/amazon-vpc-resource-controller-k8s apis/vpcresources/v1beta1/
// securitygrouppolicy_types.go; config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml):
// groupIds has at least one and, as the controller's README says, at most five groups. A policy
// with neither selector is one the controller skips as invalid (pkg/utils/helper.go,
// filterPodSecurityGroups), so the loader refuses it; with both, a pod must match both.
// groupIds name the scenario's security groups.

#include <fmt/format.h>

#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {

namespace {
constexpr size_t kMaxGroupsPerPolicy = 5;
}

spec::SecurityGroupPolicy load_security_group_policy(MapReader& map) {
  Reader& reader = map.reader();
  spec::SecurityGroupPolicy out;
  out.location = map.location();
  out.ns = read_namespace(map);
  out.name =
      read_k8s_name(map, "name", Need::kRequired, is_dns1123_subdomain, kDns1123SubdomainExpected)
          .value_or("");
  map.set_what(fmt::format("SecurityGroupPolicy '{}'", out.name));
  if (auto selector = map.get("podSelector"))
    out.pod_selector = load_selector(reader, *selector, "podSelector");
  if (auto selector = map.get("serviceAccountSelector"))
    out.service_account_selector = load_selector(reader, *selector, "serviceAccountSelector");
  if (!out.pod_selector && !out.service_account_selector) {
    reader.error(out.location,
                 fmt::format("{} has no selector (the controller ignores such a policy)",
                             map.what()),
                 "podSelector or serviceAccountSelector ({} selects every pod)");
  }
  if (auto groups = map.require("securityGroups", "{groupIds: [security group names]}")) {
    MapReader g(reader, *groups, "securityGroups", "the policy's security groups");
    if (g.ok()) {
      out.security_groups = g.refs("groupIds", Need::kRequired, "a security group name");
      if (out.security_groups.empty() && g.has("groupIds")) {
        reader.error(*groups, fmt::format("{} lists no security groups", map.what()),
                     "groupIds: [at least one security group name]");
      }
      if (out.security_groups.size() > kMaxGroupsPerPolicy) {
        reader.error(out.security_groups[kMaxGroupsPerPolicy].location,
                     fmt::format("{} lists {} security groups", map.what(),
                                 out.security_groups.size()),
                     "at most 5 groupIds per SecurityGroupPolicy (use a second policy for more)");
      }
      g.finish();
    }
  }
  return out;
}

}  // namespace ekssim::scenario
