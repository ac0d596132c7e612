#pragma once
// The EC2 operations a cluster component calls, one method per API action, each "call now, answer
// after latency" with a plain continuation. SdkEc2 (sdk_ec2.h) is the one implementation with
// EC2's latency, throttling, IAM and errors; a test replaces it with a double that fails any call
// on demand (tests/support/failing_ec2.h), so that a caller's error branches can be tested.
//
// An answer carries the error (empty code: success) and, for CreateNetworkInterface, the new
// interface. What a Describe* call returns is EC2's state when its response arrives: the caller
// reads it from Ec2State (read only) in its continuation; the operation here only takes the time,
// the throttle and the authorisation that reading costs.
//
// Adding an operation: its action in ec2_action.h/.cpp (name, IAM action, mutating or not), a
// method here, its effect on Ec2State in SdkEc2, and a forwarding line in the test double.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_action.h"
#include "models/aws/ec2_error.h"
#include "models/aws/ec2_state.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::aws {

// CreateNetworkInterface's parameters as the VPC CNI sends them (awsutils createENI): the subnet,
// the security groups, SecondaryPrivateIpAddressCount or Ipv4PrefixCount, and the CNI's
// description and tags; the VPC resource controller sends InterfaceType trunk or branch
// (pkg/aws/ec2/api/wrapper.go CreateNetworkInterface), without the CNI's tags.
struct CreateEniRequest {
  SubnetIndex subnet = 0;
  std::vector<std::string> security_groups;
  int secondary_ips = 0;
  int prefixes = 0;
  bool by_cni = true;
  InterfaceType type = InterfaceType::kInterface;
};

// The last response EC2 throttled, if any: a caller's diagnosis while the SDK retries.
struct Ec2Throttle {
  sim::Time at;
  Ec2Action action;
};

class Ec2 {
 public:
  using Done = std::function<void(const Ec2Error&)>;
  using Created = std::function<void(const Ec2Error&, EniIndex)>;

  virtual ~Ec2() = default;

  // DescribeNetworkInterfaces, DescribeInstances, DescribeSubnets.
  virtual void describe_network_interfaces(Done done) = 0;
  virtual void describe_instances(Done done) = 0;
  virtual void describe_subnets(Done done) = 0;
  // CreateNetworkInterface; `done` gets the new interface when the error is empty.
  virtual void create_network_interface(CreateEniRequest request, Created done) = 0;
  virtual void attach_network_interface(EniIndex eni, InstanceIndex instance, int device_index,
                                        Done done) = 0;
  // ModifyNetworkInterfaceAttribute with the attachment's DeleteOnTermination = true.
  virtual void set_delete_on_termination(EniIndex eni, Done done) = 0;
  virtual void detach_network_interface(EniIndex eni, Done done) = 0;
  virtual void delete_network_interface(EniIndex eni, Done done) = 0;
  // AssignPrivateIpAddresses with SecondaryPrivateIpAddressCount `ips` or Ipv4PrefixCount
  // `prefixes`.
  virtual void assign_private_ip_addresses(EniIndex eni, int ips, int prefixes, Done done) = 0;
  virtual void unassign_private_ip_addresses(EniIndex eni, std::vector<net::Ipv4> ips,
                                             std::vector<net::Cidr> prefixes, Done done) = 0;
  // AssociateTrunkInterface: a branch joins an attached trunk under `vlan`.
  virtual void associate_trunk_interface(EniIndex branch, EniIndex trunk, int vlan,
                                         Done done) = 0;

  // The last response EC2 throttled for this caller, retried or not.
  virtual const std::optional<Ec2Throttle>& last_throttle() const = 0;
};

}  // namespace ekssim::aws
