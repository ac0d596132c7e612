#pragma once
// The cluster add-ons that shape pod networking (scenario `cluster.addons`): the Amazon VPC CNI
// (aws-node), CoreDNS and kube-proxy.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/spec/location.h"
#include "sim/time.h"

namespace ekssim::spec {

// An ENIConfig custom resource: the subnet and security groups for pod ENIs when custom
// networking is on (amazon-vpc-cni-k8s, pkg/apis/crd/v1alpha1/eniconfig_types.go).
struct EniConfig {
  std::string name;  // usually the availability zone
  Ref subnet;
  std::vector<Ref> security_groups;
  Location location;
};

struct VpcCni {
  // The aws-node container's environment, names and string values as written. Turning them into
  // typed settings (with upstream's defaults) belongs to the CNI model.
  std::map<std::string, std::string> env;
  std::map<std::string, Location> env_locations;  // where each value was written
  std::vector<EniConfig> eni_configs;
  // Extension: the IAM role for the aws-node service account (IRSA); when set, ipamd calls EC2
  // with this role's policies instead of the node role's.
  std::optional<Ref> service_account_role;
  Location location;
};

struct CoreDns {
  int replicas = 2;
  Location location;
};

struct KubeProxy {
  std::string mode = "iptables";  // the only mode modelled
  sim::Duration min_sync_period = sim::Duration::seconds(1);
  sim::Duration sync_period = sim::Duration::seconds(30);
  // KubeProxyConfiguration.clusterCIDR: with it, the local-traffic detector (detectLocalMode
  // ClusterCIDR) tells pod traffic apart. None: EKS's kube-proxy-config leaves it empty, so
  // kube-proxy uses the no-op detector.
  std::optional<net::Cidr> cluster_cidr;
  Location location;
};

struct Addons {
  VpcCni vpc_cni;
  CoreDns coredns;
  KubeProxy kube_proxy;
};

}  // namespace ekssim::spec
