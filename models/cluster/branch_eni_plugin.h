#pragma once
// The VPC CNI's ADD and DEL for a pod with a branch ENI (aws/amazon-vpc-cni-k8s
// pkg/ipamd/rpc_handler.go, AddNetwork and DelNetwork): with ENABLE_POD_ENI, a pod that requests
// vpc.amazonaws.com/pod-eni takes the address of the branch ENI named in its
// vpc.amazonaws.com/pod-eni annotation instead of one from ipamd's datastore; without the
// annotation yet the ADD fails ("failed to get Branch ENI resource", the plugin's "failed to
// assign an IP address to container") and the kubelet retries the sandbox. Every other pod, and
// every pod while ENABLE_POD_ENI is off, goes to ipamd as before.

#include "models/cluster/branch_eni_controller.h"
#include "models/cni/ipamd.h"
#include "models/k8s/network_plugin.h"

namespace ekssim::cluster {

class BranchEniPlugin final : public k8s::NetworkPlugin {
 public:
  BranchEniPlugin(cni::Ipamd& ipamd, const BranchEniController& controller,
                  const k8s::ApiServer& api, const cni::EnvConfig& env, sim::Trace& trace,
                  std::string node_name);

  bool ready() const override { return ipamd_.ready(); }
  std::string not_ready_message() const override { return ipamd_.not_ready_message(); }
  void add(const k8s::SandboxRef& sandbox, AddCallback done) override;
  void del(const k8s::SandboxRef& sandbox) override;

 private:
  bool wants_branch(k8s::PodId pod) const;

  cni::Ipamd& ipamd_;
  const BranchEniController& controller_;
  const k8s::ApiServer& api_;
  const cni::EnvConfig& env_;
  sim::Trace& trace_;
  std::string node_name_;
};

}  // namespace ekssim::cluster
