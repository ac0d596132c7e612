#pragma once
// Kubernetes manifests to ekssim workloads and add-on settings: multi-document YAML, JSON and
// `kind: List` (what `kubectl get … -o yaml|json` writes).
//
//   Deployment, StatefulSet, ReplicaSet, DaemonSet, Job, CronJob → a workload of kind Deployment
//     (replicas, the pod template's labels, requests, nodeSelector, tolerations, hostNetwork,
//     dnsPolicy); env values that name an imported Service → inferred traffic
//   Service, EndpointSlice (not the controller's own), NetworkPolicy → as they are
//   Namespace → `namespaces` with its labels
//   kube-system/aws-node's env → cluster.addons.vpcCni.env; ENIConfig → vpcCni.eniConfigs
//   kube-system/coredns's replicas → addons.coredns.replicas; its Corefile is read for notes
//   anything else → one note per kind

#include <string>
#include <utility>
#include <vector>

#include "tools/import/doc.h"
#include "tools/import/import_log.h"
#include "tools/import/imported.h"

namespace ekssim::import {

// `paths`: files or folders, each with where it was named (a scenario's `from:`) or unknown.
void import_manifests(const std::vector<std::pair<std::string, Origin>>& paths, Imported& out,
                      ImportLog& log);

// A located scalar field of a Kubernetes object, for the manifest readers.
struct ManifestObject {
  YAML::Node node;
  std::string path;
  std::string kind;
  std::string name;
  std::string ns;  // "default" when not written

  Origin origin() const { return origin_of(node, path); }
  // Where metadata.name was written.
  Origin name_origin() const;
  std::string label() const;  // "StatefulSet default/web (k8s/web.yaml:12)"
  // A workload item of `kind` with this object's namespace and name, noted and located here.
  Doc workload_doc(std::string_view kind) const;
};

}  // namespace ekssim::import
