#include "models/aws/sdk_ec2.h"

#include <memory>
#include <utility>

namespace ekssim::aws {

SdkEc2::SdkEc2(sim::Kernel& kernel, Ec2State& state, Ec2Api& api, Ec2Caller caller, uint64_t seed)
    : kernel_(kernel), state_(state), client_(kernel, api, std::move(caller), seed) {}

void SdkEc2::describe(Ec2Action action, Done done) {
  client_.call(
      action, [] { return Ec2Error::none(); }, std::move(done));
}

void SdkEc2::describe_network_interfaces(Done done) {
  describe(Ec2Action::kDescribeNetworkInterfaces, std::move(done));
}

void SdkEc2::describe_instances(Done done) {
  describe(Ec2Action::kDescribeInstances, std::move(done));
}

void SdkEc2::describe_subnets(Done done) {
  describe(Ec2Action::kDescribeSubnets, std::move(done));
}

void SdkEc2::create_network_interface(CreateEniRequest request, Created done) {
  // The effect may run once per attempt; the interface it created (on success) is the answer.
  auto created = std::make_shared<EniIndex>(0);
  client_.call(
      Ec2Action::kCreateNetworkInterface,
      [this, request = std::move(request), created] {
        const Ec2State::Created result = state_.create_network_interface(
            request.subnet, request.security_groups, request.secondary_ips, request.prefixes,
            request.by_cni, kernel_.now(), std::nullopt, request.type);
        *created = result.eni;
        return result.error;
      },
      [created, done = std::move(done)](const Ec2Error& error) { done(error, *created); });
}

void SdkEc2::attach_network_interface(EniIndex eni, InstanceIndex instance, int device_index,
                                      Done done) {
  client_.call(
      Ec2Action::kAttachNetworkInterface,
      [this, eni, instance, device_index] {
        return state_.attach_network_interface(eni, instance, device_index);
      },
      std::move(done));
}

void SdkEc2::set_delete_on_termination(EniIndex eni, Done done) {
  client_.call(
      Ec2Action::kModifyNetworkInterfaceAttribute,
      [this, eni] {
        state_.set_delete_on_termination(eni);
        return Ec2Error::none();
      },
      std::move(done));
}

void SdkEc2::detach_network_interface(EniIndex eni, Done done) {
  client_.call(
      Ec2Action::kDetachNetworkInterface,
      [this, eni] { return state_.detach_network_interface(eni); }, std::move(done));
}

void SdkEc2::delete_network_interface(EniIndex eni, Done done) {
  client_.call(
      Ec2Action::kDeleteNetworkInterface,
      [this, eni] { return state_.delete_network_interface(eni); }, std::move(done));
}

void SdkEc2::assign_private_ip_addresses(EniIndex eni, int ips, int prefixes, Done done) {
  client_.call(
      Ec2Action::kAssignPrivateIpAddresses,
      [this, eni, ips, prefixes] { return state_.assign_private_ip_addresses(eni, ips, prefixes); },
      std::move(done));
}

void SdkEc2::unassign_private_ip_addresses(EniIndex eni, std::vector<net::Ipv4> ips,
                                           std::vector<net::Cidr> prefixes, Done done) {
  client_.call(
      Ec2Action::kUnassignPrivateIpAddresses,
      [this, eni, ips = std::move(ips), prefixes = std::move(prefixes)] {
        return state_.unassign_private_ip_addresses(eni, ips, prefixes);
      },
      std::move(done));
}

void SdkEc2::associate_trunk_interface(EniIndex branch, EniIndex trunk, int vlan, Done done) {
  client_.call(
      Ec2Action::kAssociateTrunkInterface,
      [this, branch, trunk, vlan] { return state_.associate_trunk_interface(branch, trunk, vlan); },
      std::move(done));
}

}  // namespace ekssim::aws
