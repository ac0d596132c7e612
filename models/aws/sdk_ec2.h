#pragma once
// EC2 as one caller meets it through the AWS SDK: each operation of Ec2 (ec2.h) is an Ec2Client
// call (the SDK's retries) of Ec2Api (latency, per-API throttling, IAM, an unreachable endpoint),
// whose effect, once EC2 accepts the request, is the matching change to Ec2State. This is the
// only place that turns an operation into its action and its effect.

#include <cstdint>

#include "models/aws/ec2.h"
#include "models/aws/ec2_api.h"
#include "models/aws/ec2_client.h"
#include "models/aws/ec2_state.h"
#include "sim/kernel.h"

namespace ekssim::aws {

class SdkEc2 final : public Ec2 {
 public:
  // `seed` seeds the SDK's retry jitter (Ec2Client), as the caller's own stream.
  SdkEc2(sim::Kernel& kernel, Ec2State& state, Ec2Api& api, Ec2Caller caller, uint64_t seed);

  void describe_network_interfaces(Done done) override;
  void describe_instances(Done done) override;
  void describe_subnets(Done done) override;
  void create_network_interface(CreateEniRequest request, Created done) override;
  void attach_network_interface(EniIndex eni, InstanceIndex instance, int device_index,
                                Done done) override;
  void set_delete_on_termination(EniIndex eni, Done done) override;
  void detach_network_interface(EniIndex eni, Done done) override;
  void delete_network_interface(EniIndex eni, Done done) override;
  void assign_private_ip_addresses(EniIndex eni, int ips, int prefixes, Done done) override;
  void unassign_private_ip_addresses(EniIndex eni, std::vector<net::Ipv4> ips,
                                     std::vector<net::Cidr> prefixes, Done done) override;
  void associate_trunk_interface(EniIndex branch, EniIndex trunk, int vlan, Done done) override;

  const std::optional<Ec2Throttle>& last_throttle() const override {
    return client_.last_throttle();
  }
  const Ec2Caller& caller() const { return client_.caller(); }

 private:
  // A Describe* call: no change to EC2's state.
  void describe(Ec2Action action, Done done);

  sim::Kernel& kernel_;
  Ec2State& state_;
  Ec2Client client_;
};

}  // namespace ekssim::aws
