#pragma once
// The VPC resource controller's EC2 calls for Security Groups for Pods, kept in one file
// (aws/amazon-vpc-resource-controller-k8s pkg/aws/ec2/api/helper.go and wrapper.go):
//  - a trunk: CreateAndAttachNetworkInterface: CreateNetworkInterface with InterfaceType trunk in
//    the node's subnet with the instance's groups, AttachNetworkInterface at the device index
//    asked for (the ENI is deleted if that fails), then ModifyNetworkInterfaceAttribute for
//    DeleteOnTermination;
//  - a branch: CreateNetworkInterface with InterfaceType branch, then AssociateBranchToTrunk
//    (AssociateTrunkInterface with the VLAN id);
//  - DeleteNetworkInterface for a branch whose pod is gone.
// Every call goes through the SDK's retrying client (aws::Ec2Client) and, before it, waits for a
// token of the controller's own client-side limiter: main.go's --user-client-qps 12 and
// --user-client-burst 18 for the user client, the same defaults for the instance client that
// NewEC2Wrapper keeps for AssociateTrunkInterface. EC2's own per-API throttling applies after.
// The controller runs in EKS's control plane: its path to the EC2 endpoint is never blocked.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/aws/ec2_client.h"
#include "models/aws/ec2_state.h"
#include "models/aws/token_bucket.h"
#include "sim/kernel.h"

namespace ekssim::cluster {

class BranchEniEc2 {
 public:
  BranchEniEc2(sim::Kernel& kernel, aws::Ec2State& ec2, aws::Ec2Api& api, const aws::IamRole* role,
               uint64_t seed);

  // The error (none on success), the action it came from, and the ENI made.
  using Done = std::function<void(const aws::Ec2Error&, aws::Ec2Action, aws::EniIndex)>;
  void create_trunk(aws::InstanceIndex instance, aws::SubnetIndex subnet,
                    std::vector<std::string> groups, int device_index, Done done);
  void create_branch(aws::SubnetIndex subnet, std::vector<std::string> groups, aws::EniIndex trunk,
                     int vlan, Done done);
  void delete_branch(aws::EniIndex eni, std::function<void(const aws::Ec2Error&)> done);

  static constexpr int64_t kClientQps = 12;
  static constexpr int64_t kClientBurst = 18;

 private:
  using Effect = std::function<aws::Ec2Error()>;
  using Result = std::function<void(const aws::Ec2Error&)>;
  // Waits for a token of `limiter`, then calls EC2 through the retrying client.
  void call(aws::TokenBucket& limiter, aws::Ec2Action action, Effect effect, Result done);
  // CreateNetworkInterface of `type` in `subnet` with `groups`; the new ENI goes to `*eni`.
  Effect create_interface(aws::SubnetIndex subnet, std::vector<std::string> groups,
                          aws::InterfaceType type, std::shared_ptr<aws::EniIndex> eni);

  sim::Kernel& kernel_;
  aws::Ec2State& ec2_;
  aws::Ec2Client client_;
  aws::TokenBucket user_client_{kClientBurst, kClientQps};
  aws::TokenBucket instance_client_{kClientBurst, kClientQps};
};

}  // namespace ekssim::cluster
