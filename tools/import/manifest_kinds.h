#pragma once
// The manifest readers, one per group of kinds (manifests.cpp dispatches to them). Each reads one
// object into the Imported tree, reporting located errors and notes.

#include <optional>
#include <string>
#include <vector>

#include "tools/import/imported.h"
#include "tools/import/manifests.h"

namespace ekssim::import {

// A container's env entry with a literal value.
struct EnvVar {
  std::string name;
  std::string value;
  Origin origin;
};

// A workload's pods' env, kept until every Service is known (inferred_traffic.cpp).
struct WorkloadEnv {
  size_t workload = 0;  // index into Imported::workloads.items
  std::string ns;
  std::vector<EnvVar> env;
};

// A string field at `path` ("spec", "replicas"), if present as a scalar.
std::optional<YAML::Node> field(const YAML::Node& node, std::initializer_list<const char*> path);
std::optional<std::string> text_field(const YAML::Node& node,
                                      std::initializer_list<const char*> path);

// Deployment, StatefulSet, ReplicaSet, DaemonSet, Job, CronJob → a Deployment workload.
std::optional<Doc> workload_from(const ManifestObject& object, const Imported& imported,
                                 ImportLog& log, std::vector<EnvVar>& env);
std::optional<Doc> service_from(const ManifestObject& object, ImportLog& log);
std::optional<Doc> endpoint_slice_from(const ManifestObject& object, ImportLog& log);
std::optional<Doc> network_policy_from(const ManifestObject& object, ImportLog& log);
// Namespace → an item of the scenario's `namespaces`: its name and metadata.labels (what a
// NetworkPolicy's namespaceSelector matches).
Doc namespace_from(const ManifestObject& object);
std::optional<Doc> security_group_policy_from(const ManifestObject& object, ImportLog& log);
// ServiceAccount → an item of the scenario's `serviceAccounts`: namespace, name and
// metadata.labels (what a SecurityGroupPolicy's serviceAccountSelector matches).
Doc service_account_from(const ManifestObject& object);

void read_aws_node(const ManifestObject& object, Imported& imported, ImportLog& log);
void read_eni_config(const ManifestObject& object, Imported& imported, ImportLog& log);
void read_coredns_deployment(const ManifestObject& object, Imported& imported, ImportLog& log);
void read_corefile(const ManifestObject& object, ImportLog& log);
void read_kube_proxy_config(const ManifestObject& object, Imported& imported, ImportLog& log);

// Adds resolve/connect traffic for env values that name an imported Service.
void add_inferred_traffic(Imported& imported, const std::vector<WorkloadEnv>& envs);

}  // namespace ekssim::import
