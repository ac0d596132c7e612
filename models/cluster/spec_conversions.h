#pragma once
// The scenario's words for pod and node settings turned into the Kubernetes model's, written once
// for every place the World builds pods, nodes and traffic from the spec.

#include "models/k8s/pod.h"
#include "models/k8s/taints.h"
#include "models/spec/node_group.h"
#include "models/spec/workloads.h"

namespace ekssim::cluster {

k8s::TaintEffect to_k8s_taint_effect(spec::TaintEffect effect);
k8s::DnsPolicy to_k8s_dns_policy(spec::DnsPolicy policy);

}  // namespace ekssim::cluster
