// SdkEc2, the one implementation of aws::Ec2: each operation is one call of its own EC2 action
// (its throttle bucket, its IAM action) whose effect on Ec2State happens when EC2 answers.

#include "models/aws/sdk_ec2.h"

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <optional>

using namespace ekssim;
using aws::Ec2Action;

namespace {

struct Fixture {
  explicit Fixture(std::vector<std::string> policies = {"AmazonEKSWorkerNodePolicy",
                                                        "AmazonEKS_CNI_Policy"})
      : role("node-role", std::move(policies)) {
    subnet = state.add_subnet("nodes-1a", "us-east-1a", *net::Cidr::parse("10.0.0.0/24"));
    instance = state
                   .run_instance(*aws::find_instance_type("m5.large"), subnet, {"nodes"},
                                 sim::Time::zero())
                   .instance;
    aws::Ec2Caller caller;
    caller.name = "node/test/ipamd";
    caller.role = &role;
    caller.instance_id = state.instance(instance).id;
    ec2 = std::make_unique<aws::SdkEc2>(kernel, state, api, caller, 1);
  }
  // Runs the kernel until the call made by `call` is answered; returns its error.
  aws::Ec2Error answer(const std::function<void(aws::Ec2::Done)>& call) {
    std::optional<aws::Ec2Error> result;
    call([&result](const aws::Ec2Error& e) { result = e; });
    kernel.run();
    REQUIRE(result);
    return *result;
  }
  int64_t calls(Ec2Action action) const { return api.counters(action).calls; }

  sim::Kernel kernel;
  sim::Trace trace{kernel};
  aws::Ec2State state{1};
  aws::Ec2Api api{kernel, trace, 1, "us-east-1"};
  aws::IamRole role;
  aws::SubnetIndex subnet = 0;
  aws::InstanceIndex instance = 0;
  std::unique_ptr<aws::SdkEc2> ec2;
};

}  // namespace

TEST_CASE("each SdkEc2 operation is one call of its EC2 action, applied when EC2 answers",
          "[sdk_ec2]") {
  Fixture f;
  aws::CreateEniRequest request;
  request.subnet = f.subnet;
  request.security_groups = {"nodes"};
  request.secondary_ips = 3;
  std::optional<aws::EniIndex> created;
  f.ec2->create_network_interface(request, [&](const aws::Ec2Error& e, aws::EniIndex eni) {
    REQUIRE(e.ok());
    created = eni;
  });
  CHECK(f.state.enis().size() == 1);  // nothing yet: EC2 has not answered
  f.kernel.run();
  REQUIRE(created);
  const aws::EniIndex eni = *created;
  CHECK(f.calls(Ec2Action::kCreateNetworkInterface) == 1);
  CHECK(f.state.eni(eni).secondary_ips.size() == 3);
  CHECK(f.state.eni(eni).created_by_cni);

  CHECK(f.answer([&](auto done) { f.ec2->describe_instances(done); }).ok());
  CHECK(f.calls(Ec2Action::kDescribeInstances) == 1);
  CHECK(
      f.answer([&](auto done) { f.ec2->attach_network_interface(eni, f.instance, 1, done); }).ok());
  CHECK(f.state.eni(eni).device_index == 1);
  CHECK(f.answer([&](auto done) { f.ec2->set_delete_on_termination(eni, done); }).ok());
  CHECK(f.state.eni(eni).delete_on_termination);
  CHECK(f.calls(Ec2Action::kModifyNetworkInterfaceAttribute) == 1);
  CHECK(f.answer([&](auto done) { f.ec2->assign_private_ip_addresses(eni, 2, 0, done); }).ok());
  REQUIRE(f.state.eni(eni).secondary_ips.size() == 5);
  const net::Ipv4 first = f.state.eni(eni).secondary_ips.front();
  CHECK(f.answer([&](auto done) {
           f.ec2->unassign_private_ip_addresses(eni, {first}, {}, done);
         }).ok());
  CHECK(f.state.eni(eni).secondary_ips.size() == 4);
  CHECK(f.answer([&](auto done) { f.ec2->detach_network_interface(eni, done); }).ok());
  CHECK(f.answer([&](auto done) { f.ec2->delete_network_interface(eni, done); }).ok());
  CHECK(f.state.eni(eni).status == aws::EniStatus::kDeleted);
  for (Ec2Action action :
       {Ec2Action::kAttachNetworkInterface, Ec2Action::kAssignPrivateIpAddresses,
        Ec2Action::kUnassignPrivateIpAddresses, Ec2Action::kDetachNetworkInterface,
        Ec2Action::kDeleteNetworkInterface}) {
    CHECK(f.calls(action) == 1);
  }
  CHECK(f.state.check_invariants().empty());
}

TEST_CASE("an operation the caller's role does not allow changes nothing in EC2", "[sdk_ec2]") {
  Fixture f({"AmazonEKSWorkerNodePolicy"});
  aws::CreateEniRequest request;
  request.subnet = f.subnet;
  request.secondary_ips = 3;
  std::optional<aws::Ec2Error> result;
  f.ec2->create_network_interface(request,
                                  [&](const aws::Ec2Error& e, aws::EniIndex) { result = e; });
  f.kernel.run();
  REQUIRE(result);
  CHECK(result->code == aws::ec2_errors::kUnauthorizedOperation);
  CHECK(f.state.enis().size() == 1);  // the primary ENI only
  CHECK_FALSE(f.ec2->last_throttle());
}
