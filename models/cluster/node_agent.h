#pragma once
// One EC2 instance of a node group and its way to becoming a Ready node
// (../shared/reference/dataplane.md §d, ipamd.md §4):
//  1. RunInstances: the instance and its primary ENI (with the group's security groups, plus the
//     EKS cluster security group on managed node groups) take an address in the chosen subnet;
//  2. after the launch time the OS boots and nodeadm/bootstrap starts the kubelet;
//  3. the kubelet needs tcp 443 to the API server (public endpoint through a NAT or internet
//     gateway, or the control plane's ENIs with private access) — else "Unable to register node
//     with API server … i/o timeout" and no node; with the in-tree cloud provider (Kubernetes
//     1.26 and older) it also calls ec2:DescribeInstances at start — else "error listing AWS
//     instances … i/o timeout" and kubelet crash-loops; both are retried every 10 s, so a rule
//     added later lets the node come up;
//  4. the node registers NotReady; aws-node starts (its image pulled) and ipamd initialises —
//     needing the EC2 API path and the CNI policy — then the node is Ready.
// Timings are seeded lognormal draws with documented medians (scenarios/README.md, "Timing"):
// launch 20 s, boot to kubelet 40 s, aws-node start 8 s.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_api.h"
#include "models/aws/ec2_state.h"
#include "models/aws/iam.h"
#include "models/aws/instance_types.h"
#include "models/aws/sdk_ec2.h"
#include "models/cluster/address_sync.h"
#include "models/cluster/aws_endpoints.h"
#include "models/cluster/branch_eni_plugin.h"
#include "models/cni/ipamd.h"
#include "models/k8s/api_server.h"
#include "models/k8s/kubelet.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/timer.h"
#include "sim/trace.h"

namespace ekssim::cluster {

// What every node of the cluster shares.
struct NodeServices {
  sim::Kernel& kernel;
  sim::Trace& trace;
  uint64_t seed;
  std::string region;
  int kubernetes_minor;  // 29 for "1.29"
  aws::Ec2State& ec2;
  aws::Ec2Api& ec2_api;
  vpc::Vpc& vpc;
  AddressSync& addresses;
  AwsEndpoints& endpoints;
  k8s::ApiServer& api;
  // aws-node's environment as it is now (setEnv changes it).
  const cni::EnvConfig* cni_env;
  const aws::IamRole* cni_service_account_role;  // IRSA; null: the node role
  // The VPC resource controller; null: pods never take branch ENIs.
  const BranchEniController* branch_enis = nullptr;
};

struct GroupSubnet {
  aws::SubnetIndex subnet;
  std::string name;
  std::string availability_zone;
  std::optional<cni::PodEniPlacement> eni_config;  // custom networking's ENIConfig for the zone
};

// A pinned node (spec::PinnedNode) with the group's subnet that holds its address.
struct PinnedNodeConfig {
  std::string name;
  net::Ipv4 ip;
  size_t subnet = 0;  // index into NodeGroupConfig::subnets
};

struct NodeGroupConfig {
  std::string name;
  const aws::InstanceType* type = nullptr;
  std::vector<GroupSubnet> subnets;
  std::vector<std::string> security_groups;  // the cluster SG included when managed
  const aws::IamRole* role = nullptr;
  k8s::Labels labels;
  std::vector<k8s::Taint> taints;
  int max_pods = 0;
  int64_t cpu_millis = 0;    // allocatable
  int64_t memory_bytes = 0;  // allocatable
  bool custom_networking = false;
  double conntrack_dns_race = 0;  // spec::NodeGroup::conntrack_dns_race
  std::vector<PinnedNodeConfig> pinned;
};

class NodeAgent {
 public:
  // `pinned_name`: the name a pinned node takes; empty: the instance's private DNS name.
  NodeAgent(NodeServices& services, const NodeGroupConfig& group, const GroupSubnet& subnet,
            aws::InstanceIndex instance, std::string pinned_name = {});
  NodeAgent(const NodeAgent&) = delete;
  NodeAgent& operator=(const NodeAgent&) = delete;
  ~NodeAgent();

  // Starts the bring-up after the launch time.
  void launch();
  void terminate();
  void restart_ipamd();

  const std::string& name() const { return name_; }
  const std::string& node_group() const { return group_.name; }
  double conntrack_dns_race() const { return group_.conntrack_dns_race; }
  const GroupSubnet& subnet() const { return subnet_; }
  aws::InstanceIndex instance() const { return instance_; }
  net::Ipv4 primary_ip() const { return primary_ip_; }
  vpc::EniId primary_eni() const;
  bool terminated() const { return terminated_; }
  // Whether this node took a pinned name and address (NodeGroupConfig::pinned).
  bool pinned() const { return pinned_; }
  const cni::Ipamd& ipamd() const { return *ipamd_; }
  const k8s::Kubelet& kubelet() const { return *kubelet_; }

 private:
  void boot();
  void try_start_kubelet();
  void bring_up_failed(std::string_view component, std::string_view reason,
                       const std::string& message, const BlockedPath& path);
  std::optional<std::string> ec2_path_blocked() const;
  // ipamd's isNodeNonSchedulable on this node's Node object.
  bool node_unschedulable() const;

  NodeServices& s_;
  const NodeGroupConfig& group_;
  GroupSubnet subnet_;
  aws::InstanceIndex instance_;
  std::string name_;
  net::Ipv4 primary_ip_;
  sim::RandomStream rng_;
  // ipamd's EC2 through the SDK; it outlives ipamd, whose calls it answers.
  std::unique_ptr<aws::SdkEc2> ipamd_ec2_;
  std::unique_ptr<cni::Ipamd> ipamd_;
  // ipamd behind the branch-ENI path of rpc_handler.go; what the kubelet calls.
  std::unique_ptr<BranchEniPlugin> plugin_;
  std::unique_ptr<k8s::Kubelet> kubelet_;
  sim::Timer boot_timer_;
  sim::Timer retry_timer_;
  sim::Timer aws_node_timer_;
  std::string last_failure_;
  // node.kubernetes.io/unschedulable's id, looked up once it is interned: ipamd asks at every
  // pool increase, and a string table lookup each time was 2% of a 20,000-node bring-up.
  mutable k8s::StrId unschedulable_key_ = k8s::StringTable::kMissing;
  bool terminated_ = false;
  bool pinned_ = false;
};

// The fix for a new connection to a public AWS endpoint (aws_endpoints.h) that the sender's own
// security group refuses outbound: the evaluator names the far end's /32, but the endpoint has no
// fixed address (one representative address stands in for AWS's published ranges), so the rule
// to add covers every address on 443: "add to nodes an outbound rule: tcp 443 to 0.0.0.0/0
// (ec2.us-east-1.amazonaws.com has no fixed address)". None for any other verdict or target.
std::optional<std::string> public_endpoint_fix(const net::Verdict& verdict, net::Ipv4 target,
                                               std::string_view service);

// "ip-10-0-1-23.ec2.internal" in us-east-1, "ip-10-0-1-23.<region>.compute.internal" elsewhere
// (the EC2 private DNS name EKS uses as the node name).
std::string node_name_for(net::Ipv4 address, const std::string& region);

}  // namespace ekssim::cluster
