#include "models/cluster/branch_eni_ec2.h"

#include <utility>

namespace ekssim::cluster {

using aws::Ec2Action;
using aws::Ec2Error;

namespace {
// wrapper.go CreateNetworkInterface as the controller calls it: a trunk or branch, no secondary
// addresses or prefixes, not the CNI's.
aws::CreateEniRequest interface_request(aws::SubnetIndex subnet, std::vector<std::string> groups,
                                        aws::InterfaceType type) {
  aws::CreateEniRequest request;
  request.subnet = subnet;
  request.security_groups = std::move(groups);
  request.by_cni = false;
  request.type = type;
  return request;
}
}  // namespace

void BranchEniEc2::when_allowed(aws::TokenBucket& limiter, std::function<void()> call) {
  const sim::Duration wait = limiter.time_until(kernel_.now());
  if (wait > sim::Duration::zero()) {
    kernel_.schedule_in(wait, [this, &limiter, call = std::move(call)]() mutable {
      when_allowed(limiter, std::move(call));
    });
    return;
  }
  limiter.try_take(kernel_.now());
  call();
}

void BranchEniEc2::create_trunk(aws::InstanceIndex instance, aws::SubnetIndex subnet,
                                std::vector<std::string> groups, int device_index, Done done) {
  auto job = std::make_shared<TrunkJob>();
  job->instance = instance;
  job->device_index = device_index;
  job->done = std::move(done);
  const aws::CreateEniRequest request =
      interface_request(subnet, std::move(groups), aws::InterfaceType::kTrunk);
  when_allowed(user_client_, [this, job, request] {
    ec2_->create_network_interface(request, [this, job](const Ec2Error& error, aws::EniIndex eni) {
      trunk_created(job, error, eni);
    });
  });
}

void BranchEniEc2::trunk_created(std::shared_ptr<TrunkJob> job, const Ec2Error& error,
                                 aws::EniIndex eni) {
  if (!error.ok()) return job->done(error, Ec2Action::kCreateNetworkInterface, 0);
  job->eni = eni;
  when_allowed(user_client_, [this, job] {
    ec2_->attach_network_interface(job->eni, job->instance, job->device_index,
                                   [this, job](const Ec2Error& e) { trunk_attached(job, e); });
  });
}

void BranchEniEc2::trunk_attached(std::shared_ptr<TrunkJob> job, const Ec2Error& error) {
  if (!error.ok()) {
    // helper.go CreateAndAttachNetworkInterface: a trunk that cannot be attached is deleted again.
    job->attach_error = error;
    when_allowed(user_client_, [this, job] {
      ec2_->delete_network_interface(job->eni, [job](const Ec2Error&) {
        job->done(job->attach_error, Ec2Action::kAttachNetworkInterface, 0);
      });
    });
    return;
  }
  when_allowed(user_client_, [this, job] {
    ec2_->set_delete_on_termination(job->eni, [job](const Ec2Error& modify) {
      job->done(modify, Ec2Action::kModifyNetworkInterfaceAttribute, job->eni);
    });
  });
}

void BranchEniEc2::create_branch(aws::SubnetIndex subnet, std::vector<std::string> groups,
                                 aws::EniIndex trunk, int vlan, Done done) {
  auto job = std::make_shared<BranchJob>();
  job->trunk = trunk;
  job->vlan = vlan;
  job->done = std::move(done);
  const aws::CreateEniRequest request =
      interface_request(subnet, std::move(groups), aws::InterfaceType::kBranch);
  when_allowed(user_client_, [this, job, request] {
    ec2_->create_network_interface(request, [this, job](const Ec2Error& error, aws::EniIndex eni) {
      branch_created(job, error, eni);
    });
  });
}

void BranchEniEc2::branch_created(std::shared_ptr<BranchJob> job, const Ec2Error& error,
                                  aws::EniIndex eni) {
  if (!error.ok()) return job->done(error, Ec2Action::kCreateNetworkInterface, 0);
  job->eni = eni;
  // AssociateBranchToTrunk goes through the instance client's limiter (NewEC2Wrapper).
  when_allowed(instance_client_, [this, job] {
    ec2_->associate_trunk_interface(job->eni, job->trunk, job->vlan, [job](const Ec2Error& e) {
      job->done(e, Ec2Action::kAssociateTrunkInterface, job->eni);
    });
  });
}

void BranchEniEc2::delete_branch(aws::EniIndex eni, std::function<void(const Ec2Error&)> done) {
  when_allowed(user_client_, [this, eni, done = std::move(done)]() mutable {
    ec2_->delete_network_interface(eni, std::move(done));
  });
}

}  // namespace ekssim::cluster
