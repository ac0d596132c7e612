#pragma once
// A node's iptables rules as they stand in the live cluster (`ekssim iptables`): kube-proxy's
// chains from the Services it holds, kubelet's, and the VPC CNI's SNAT and connmark rules from
// aws-node's environment now (k8s/proxy/iptables_save.h, k8s/proxy/vpc_cni_rules.h).

#include <optional>
#include <string>
#include <string_view>

#include "models/cluster/world.h"
#include "models/k8s/proxy/vpc_cni_rules.h"

namespace ekssim::cluster {

// aws-node's host rules for `node` under the environment `env` (AWS_VPC_K8S_CNI_EXTERNALSNAT,
// AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS, AWS_VPC_K8S_CNI_RANDOMIZESNAT, AWS_VPC_K8S_CNI_VETHPREFIX,
// AWS_VPC_K8S_CNI_CONNMARK, AWS_VPC_CNI_NODE_PORT_SUPPORT, upstream's names and defaults).
k8s::VpcCniHostConfig vpc_cni_host_config(const World& world, const NodeAgent& node);

// The node's whole ruleset in iptables-save form, with kube-proxy's part as of now (the caller
// runs the world to the time minus the node's sync lag); none for a node that is not registered.
std::optional<std::string> render_node_iptables(const World& world, std::string_view node_name);

// A node named the way users can know it before a run: its Kubernetes name
// ("ip-10-0-1-23.ec2.internal"), or GROUP/N, the N-th (from 1) live node of node group GROUP in
// launch order. Null when there is no such node now.
const NodeAgent* find_node_reference(const World& world, std::string_view reference);

}  // namespace ekssim::cluster
