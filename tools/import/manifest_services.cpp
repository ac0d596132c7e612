// Services and EndpointSlices as they are, less what the API server or a controller writes into
// an exported object (status, clusterIPs, ipFamilies, the EndpointSlice controller's own slices,
// which ekssim computes from the selected pods as kubernetes pkg/controller/endpointslice does).

#include <fmt/format.h>

#include "tools/import/manifest_kinds.h"

namespace ekssim::import {
namespace {

// A copy of the keys of `node` named in `keys`, scalars as written, nothing else.
Doc pick(const YAML::Node& node, const std::string& path, std::initializer_list<const char*> keys) {
  Doc d = Doc::map();
  d.origin = origin_of(node, path);
  for (const char* key : keys)
    if (auto v = field(node, {key})) d.set(key, Doc::from_yaml(*v, path));
  return d;
}

Doc pick_list(const YAML::Node& list, const std::string& path,
              std::initializer_list<const char*> keys) {
  Doc out = Doc::list();
  for (const YAML::Node& item : list)
    out.push(pick(item, path, keys));
  return out;
}

const std::string kManagedBy = "endpointslice.kubernetes.io/managed-by";

}  // namespace

std::optional<Doc> service_from(const ManifestObject& o, ImportLog& log) {
  if ((o.ns == "default" && o.name == "kubernetes") ||
      (o.ns == "kube-system" && o.name == "kube-dns")) {
    log.note(
        fmt::format("Service {}/{} skipped: ekssim creates it with the cluster", o.ns, o.name));
    return std::nullopt;
  }
  const auto spec = field(o.node, {"spec"});
  Doc d = o.workload_doc("Service");
  if (!spec) return d;
  if (auto ip = field(*spec, {"clusterIP"}); ip && ip->IsScalar() && !ip->Scalar().empty()) {
    if (ip->Scalar() == "None") {
      d.set("clusterIP", Doc::quoted("None").at(origin_of(*ip, o.path)));
    } else {
      log.note(
          fmt::format("clusterIP {} of Service {}/{} not kept: ekssim allocates ClusterIPs in "
                      "the cluster's serviceIpv4Cidr",
                      ip->Scalar(), o.ns, o.name));
    }
  }
  Doc rest = pick(*spec, o.path,
                  {"type", "selector", "externalIPs", "loadBalancerIP", "loadBalancerSourceRanges",
                   "sessionAffinity", "sessionAffinityConfig", "externalTrafficPolicy",
                   "internalTrafficPolicy", "healthCheckNodePort", "externalName"});
  for (auto& [key, value] : rest.entries)
    d.set(key, std::move(value));
  if (auto ports = field(*spec, {"ports"}); ports && ports->IsSequence()) {
    d.set("ports",
          pick_list(*ports, o.path, {"name", "port", "targetPort", "nodePort", "protocol"}));
  }
  return d;
}

std::optional<Doc> endpoint_slice_from(const ManifestObject& o, ImportLog& log) {
  const auto managed_by = text_field(o.node, {"metadata", "labels", kManagedBy.c_str()});
  if (managed_by && (managed_by->starts_with("endpointslice-controller") ||
                     managed_by->starts_with("endpointslicemirroring-controller"))) {
    log.note(
        "EndpointSlices written by Kubernetes' controllers skipped: ekssim computes them from "
        "the selected pods");
    return std::nullopt;
  }
  Doc d = o.workload_doc("EndpointSlice");
  if (auto service = text_field(o.node, {"metadata", "labels", "kubernetes.io/service-name"})) {
    d.set("service", Doc::quoted(*service).with_note("label kubernetes.io/service-name"));
  } else {
    log.error(o.node, o.path,
              fmt::format("EndpointSlice {} has no label kubernetes.io/service-name", o.name),
              "the label naming the Service the slice belongs to");
  }
  if (auto type = field(o.node, {"addressType"}))
    d.set("addressType", Doc::from_yaml(*type, o.path));
  if (auto ports = field(o.node, {"ports"}); ports && ports->IsSequence())
    d.set("ports", pick_list(*ports, o.path, {"name", "port", "protocol"}));
  if (auto endpoints = field(o.node, {"endpoints"}); endpoints && endpoints->IsSequence()) {
    d.set("endpoints", pick_list(*endpoints, o.path, {"addresses", "conditions", "nodeName"}));
  }
  return d;
}

}  // namespace ekssim::import
