#include "models/cluster/branch_eni_ec2.h"

#include <memory>
#include <utility>

namespace ekssim::cluster {

using aws::Ec2Action;
using aws::Ec2Error;

namespace {
aws::Ec2Caller controller_caller(const aws::IamRole* role) {
  aws::Ec2Caller caller;
  caller.name = "vpc-resource-controller";
  caller.role = role;
  caller.instance_id = "eks-vpc-resource-controller";
  caller.path_blocked = [] { return std::optional<std::string>(); };
  return caller;
}
}  // namespace

BranchEniEc2::BranchEniEc2(sim::Kernel& kernel, aws::Ec2State& ec2, aws::Ec2Api& api,
                           const aws::IamRole* role, uint64_t seed)
    : kernel_(kernel), ec2_(ec2), client_(kernel, api, controller_caller(role), seed) {}

void BranchEniEc2::call(aws::TokenBucket& limiter, Ec2Action action, Effect effect, Result done) {
  const sim::Duration wait = limiter.time_until(kernel_.now());
  if (wait > sim::Duration::zero()) {
    kernel_.schedule_in(wait, [this, &limiter, action, effect = std::move(effect),
                               done = std::move(done)]() mutable {
      call(limiter, action, std::move(effect), std::move(done));
    });
    return;
  }
  limiter.try_take(kernel_.now());
  client_.call(action, std::move(effect), std::move(done));
}

BranchEniEc2::Effect BranchEniEc2::create_interface(aws::SubnetIndex subnet,
                                                    std::vector<std::string> groups,
                                                    aws::InterfaceType type,
                                                    std::shared_ptr<aws::EniIndex> eni) {
  return [this, subnet, groups = std::move(groups), type, eni] {
    const auto created = ec2_.create_network_interface(subnet, groups, 0, 0, false, kernel_.now(),
                                                       std::nullopt, type);
    *eni = created.eni;
    return created.error;
  };
}

void BranchEniEc2::create_trunk(aws::InstanceIndex instance, aws::SubnetIndex subnet,
                                std::vector<std::string> groups, int device_index, Done done) {
  auto eni = std::make_shared<aws::EniIndex>(0);
  call(
      user_client_, Ec2Action::kCreateNetworkInterface,
      create_interface(subnet, std::move(groups), aws::InterfaceType::kTrunk, eni),
      [this, instance, device_index, eni, done](const Ec2Error& error) {
        if (!error.ok()) return done(error, Ec2Action::kCreateNetworkInterface, 0);
        call(
            user_client_, Ec2Action::kAttachNetworkInterface,
            [this, eni, instance, device_index] {
              return ec2_.attach_network_interface(*eni, instance, device_index);
            },
            [this, eni, done](const Ec2Error& attach) {
              if (!attach.ok()) {
                // helper.go: a trunk that cannot be attached is deleted again.
                call(
                    user_client_, Ec2Action::kDeleteNetworkInterface,
                    [this, eni] { return ec2_.delete_network_interface(*eni); },
                    [done, attach](const Ec2Error&) {
                      done(attach, Ec2Action::kAttachNetworkInterface, 0);
                    });
                return;
              }
              call(
                  user_client_, Ec2Action::kModifyNetworkInterfaceAttribute,
                  [this, eni] {
                    ec2_.set_delete_on_termination(*eni);
                    return Ec2Error::none();
                  },
                  [eni, done](const Ec2Error& modify) {
                    done(modify, Ec2Action::kModifyNetworkInterfaceAttribute, *eni);
                  });
            });
      });
}

void BranchEniEc2::create_branch(aws::SubnetIndex subnet, std::vector<std::string> groups,
                                 aws::EniIndex trunk, int vlan, Done done) {
  auto eni = std::make_shared<aws::EniIndex>(0);
  call(
      user_client_, Ec2Action::kCreateNetworkInterface,
      create_interface(subnet, std::move(groups), aws::InterfaceType::kBranch, eni),
      [this, trunk, vlan, eni, done](const Ec2Error& error) {
        if (!error.ok()) return done(error, Ec2Action::kCreateNetworkInterface, 0);
        call(
            instance_client_, Ec2Action::kAssociateTrunkInterface,
            [this, eni, trunk, vlan] { return ec2_.associate_trunk_interface(*eni, trunk, vlan); },
            [eni, done](const Ec2Error& associate) {
              done(associate, Ec2Action::kAssociateTrunkInterface, *eni);
            });
      });
}

void BranchEniEc2::delete_branch(aws::EniIndex eni, std::function<void(const Ec2Error&)> done) {
  call(
      user_client_, Ec2Action::kDeleteNetworkInterface,
      [this, eni] { return ec2_.delete_network_interface(eni); }, std::move(done));
}

}  // namespace ekssim::cluster
