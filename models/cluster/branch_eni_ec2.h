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
// Each call is one operation of aws::Ec2 (the controller's SdkEc2, caller
// "vpc-resource-controller": the SDK's retries, EC2's latency, throttling and IAM), made once a
// token of the controller's own client-side limiter is free: main.go's --user-client-qps 12 and
// --user-client-burst 18 for the user client, the same defaults for the instance client that
// NewEC2Wrapper keeps for AssociateTrunkInterface. The controller runs in EKS's control plane: its
// path to the EC2 endpoint is never blocked. Each sequence is a job whose steps are the methods
// below, one per EC2 answer.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/aws/ec2.h"
#include "models/aws/token_bucket.h"
#include "sim/kernel.h"

namespace ekssim::cluster {

class BranchEniEc2 {
 public:
  BranchEniEc2(sim::Kernel& kernel, aws::Ec2& ec2) : kernel_(kernel), ec2_(&ec2) {}

  // Sends every later call to `ec2` instead (a test double such as tests/support/failing_ec2.h
  // wrapping the controller's SdkEc2). Before the first call.
  void use(aws::Ec2& ec2) { ec2_ = &ec2; }

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
  struct TrunkJob {
    aws::InstanceIndex instance = 0;
    int device_index = 0;
    aws::EniIndex eni = 0;
    aws::Ec2Error attach_error;
    Done done;
  };
  struct BranchJob {
    aws::EniIndex trunk = 0;
    int vlan = 0;
    aws::EniIndex eni = 0;
    Done done;
  };

  // Runs `call` (one aws::Ec2 operation) once `limiter` has a token.
  void when_allowed(aws::TokenBucket& limiter, std::function<void()> call);
  void trunk_created(std::shared_ptr<TrunkJob> job, const aws::Ec2Error& error, aws::EniIndex eni);
  void trunk_attached(std::shared_ptr<TrunkJob> job, const aws::Ec2Error& error);
  void branch_created(std::shared_ptr<BranchJob> job, const aws::Ec2Error& error,
                      aws::EniIndex eni);

  sim::Kernel& kernel_;
  aws::Ec2* ec2_;
  aws::TokenBucket user_client_{kClientBurst, kClientQps};
  aws::TokenBucket instance_client_{kClientBurst, kClientQps};
};

}  // namespace ekssim::cluster
