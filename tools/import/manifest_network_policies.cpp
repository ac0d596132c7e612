// NetworkPolicy (networking.k8s.io/v1) as it is: its spec's fields become the workload's, as a
// Service's do (manifest_services.cpp); the loader validates them like any scenario's. And the
// Namespaces whose labels its namespaceSelectors match.

#include <fmt/format.h>

#include "tools/import/manifest_kinds.h"

namespace ekssim::import {

std::optional<Doc> network_policy_from(const ManifestObject& o, ImportLog& log) {
  Doc d = o.workload_doc("NetworkPolicy");
  const auto spec = field(o.node, {"spec"});
  if (!spec) {
    log.error(o.origin(), fmt::format("NetworkPolicy {}/{} without spec", o.ns, o.name),
              "spec.podSelector");
    return std::nullopt;
  }
  for (const char* key : {"podSelector", "policyTypes", "ingress", "egress"}) {
    if (auto v = field(*spec, {key})) d.set(key, Doc::from_yaml(*v, o.path));
  }
  // An empty podSelector is written `podSelector: {}`, which field() reads as absent.
  if (!d.find("podSelector")) d.set("podSelector", Doc::map());
  return d;
}

Doc namespace_from(const ManifestObject& o) {
  Doc d = Doc::map();
  d.note = "manifest " + o.label();
  d.origin = o.origin();
  d.set("name", Doc::quoted(o.name).at(o.name_origin()));
  if (auto labels = field(o.node, {"metadata", "labels"})) {
    d.set("labels", Doc::from_yaml(*labels, o.path));
  }
  return d;
}

}  // namespace ekssim::import

namespace ekssim::import {

// SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1) as it is: podSelector,
// serviceAccountSelector and securityGroups.groupIds become the workload's; the groupIds must
// name the scenario's security groups (a describe import names them as EC2 does), which the
// loader checks.
std::optional<Doc> security_group_policy_from(const ManifestObject& o, ImportLog& log) {
  Doc d = o.workload_doc("SecurityGroupPolicy");
  const auto spec = field(o.node, {"spec"});
  if (!spec) {
    log.error(o.origin(), fmt::format("SecurityGroupPolicy {}/{} without spec", o.ns, o.name),
              "spec.podSelector and spec.securityGroups.groupIds");
    return std::nullopt;
  }
  for (const char* key : {"podSelector", "serviceAccountSelector", "securityGroups"}) {
    if (auto v = field(*spec, {key})) d.set(key, Doc::from_yaml(*v, o.path));
  }
  return d;
}

Doc service_account_from(const ManifestObject& o) {
  Doc d = Doc::map();
  d.note = "manifest " + o.label();
  d.origin = o.origin();
  d.set("namespace", Doc::quoted(o.ns));
  d.set("name", Doc::quoted(o.name).at(o.name_origin()));
  if (auto labels = field(o.node, {"metadata", "labels"})) {
    d.set("labels", Doc::from_yaml(*labels, o.path));
  }
  return d;
}

}  // namespace ekssim::import
