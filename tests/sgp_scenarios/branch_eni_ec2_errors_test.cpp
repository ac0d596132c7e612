// The VPC resource controller's error branches (models/cluster/branch_eni_controller.h,
// branch_eni_ec2.h), with tests/support/failing_ec2.h in front of the controller's aws::Ec2: a
// branch job that fails is requeued up to WorkQueueDefaultMaxRetries (5) times with client-go's
// per-item back-off (pkg/worker/worker.go processNextItem), a branch created but not associated
// is deleted, and a trunk that cannot be attached is deleted and tried again.

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/world.h"
#include "tests/support/failing_ec2.h"
#include "tests/support/routed_vpc_yaml.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

namespace {

constexpr std::string_view kHead = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: branch-errors}
duration: 20m
cluster:
  name: shop
  region: us-east-1
)";

constexpr std::string_view kRest = R"(  securityGroups:
    - name: nodes
      ingress:
        - {protocol: all, from: {securityGroup: nodes}}
    - name: pay-pods
      ingress:
        - {protocol: all, from: {securityGroup: nodes}}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - {name: ng, instanceType: m5.large, desiredCapacity: 1, subnets: [a],
       securityGroups: [nodes], iamRole: node-role}
  addons:
    vpcCni:
      env: {ENABLE_POD_ENI: "true"}
workloads:
  - {kind: SecurityGroupPolicy, namespace: shop, name: pay, podSelector: {matchLabels: {app: pay}},
     securityGroups: {groupIds: [pay-pods]}}
  - {kind: Deployment, namespace: shop, name: pay, replicas: 1, labels: {app: pay}}
)";

spec::Scenario load() {
  const std::string text = std::string(kHead) + std::string(test::kRoutedVpcYaml) + std::string(kRest);
  scenario::LoadResult loaded = scenario::load_scenario_text(text, "branch-errors.yaml");
  INFO(scenario::format_diagnostics(loaded.diagnostics));
  REQUIRE(loaded.ok());
  return std::move(*loaded.scenario);
}

// The World with FailingEc2 between the controller and its SdkEc2.
struct Cluster {
  explicit Cluster(const spec::Scenario& scenario)
      : world(scenario, 1), ec2(world.kernel(), world.resource_controller_ec2()) {
    world.route_resource_controller_ec2(ec2);
  }
  // Fails the branches' calls from the moment the trunk is done (its last call is
  // ModifyNetworkInterfaceAttribute), so that the trunk's own CreateNetworkInterface succeeds.
  void once_trunk_is_made(std::function<void()> then) {
    ec2.on_call(aws::Ec2Action::kModifyNetworkInterfaceAttribute, std::move(then));
  }
  const k8s::Pod& pay_pod() const {
    const k8s::ApiServer& api = world.api();
    for (size_t i = 0; i < api.pod_slots(); ++i) {
      const k8s::Pod& pod = api.pod(k8s::PodId(static_cast<uint32_t>(i)));
      if (!pod.removed && api.namespace_of(pod) == "shop") return pod;
    }
    FAIL("no pay pod");
    return api.pod(k8s::PodId(0));
  }
  void run_for(sim::Duration d) { world.run_until(sim::Time::at(d)); }

  cluster::World world;
  test::FailingEc2 ec2;
};

const aws::Ec2Error kNoAddresses{"InsufficientFreeAddressesInSubnet",
                                 "There are not enough free addresses in subnet 'a'"};

}  // namespace

TEST_CASE(
    "a branch ENI that EC2 will not create leaves the pod ContainerCreating with the error, "
    "after the job's 5 requeues") {
  const spec::Scenario scenario = load();
  Cluster c(scenario);
  c.once_trunk_is_made([&] {
    c.ec2.fail(aws::Ec2Action::kCreateNetworkInterface, kNoAddresses, test::FailingEc2::kAlways);
  });
  c.world.start();
  c.run_for(sim::Duration::minutes(5));
  // The trunk's CreateNetworkInterface, then the branch job's first try and its 5 requeues.
  CHECK(c.ec2.count(aws::Ec2Action::kCreateNetworkInterface) == 1 + 1 + 5);
  CHECK(c.ec2.count(aws::Ec2Action::kAssociateTrunkInterface) == 0);
  const k8s::Pod& pod = c.pay_pod();
  CHECK(pod.phase == k8s::PodPhase::kPending);
  CHECK_FALSE(pod.has_ip);
  CHECK(c.world.branch_enis().branch_of(pod.id) == nullptr);
  const cluster::BranchEniController::Pending why = c.world.branch_enis().pending(pod.id);
  CHECK(why.cause ==
        "the VPC resource controller could not make the pod's branch ENI: failed to allocate "
        "branch ENI to pod: CreateNetworkInterface: InsufficientFreeAddressesInSubnet: There are "
        "not enough free addresses in subnet 'a'");
  CHECK(why.fix ==
        "fix the EC2 error above; the controller gave up after 5 retries and tries again when "
        "the pod is recreated");
}

TEST_CASE(
    "a branch ENI that fails twice is made on the job's second requeue and the pod runs "
    "on it") {
  const spec::Scenario scenario = load();
  Cluster c(scenario);
  c.once_trunk_is_made(
      [&] { c.ec2.fail(aws::Ec2Action::kCreateNetworkInterface, kNoAddresses, 2); });
  c.world.start();
  c.run_for(sim::Duration::minutes(5));
  CHECK(c.ec2.count(aws::Ec2Action::kCreateNetworkInterface) == 1 + 3);
  CHECK(c.ec2.count(aws::Ec2Action::kAssociateTrunkInterface) == 1);
  const k8s::Pod& pod = c.pay_pod();
  const cluster::BranchEni* branch = c.world.branch_enis().branch_of(pod.id);
  REQUIRE(branch != nullptr);
  CHECK(pod.phase == k8s::PodPhase::kRunning);
  CHECK(pod.interface_id == branch->id);
  CHECK(branch->security_groups == std::vector<std::string>{"pay-pods"});
}

TEST_CASE("a branch that cannot be associated with the trunk is deleted and the job requeued") {
  const spec::Scenario scenario = load();
  Cluster c(scenario);
  c.ec2.fail(aws::Ec2Action::kAssociateTrunkInterface,
             {"InvalidParameterValue", "the trunk is not attached"});
  c.world.start();
  c.run_for(sim::Duration::minutes(5));
  CHECK(c.ec2.count(aws::Ec2Action::kCreateNetworkInterface) == 1 + 2);
  CHECK(c.ec2.count(aws::Ec2Action::kAssociateTrunkInterface) == 2);
  CHECK(c.ec2.count(aws::Ec2Action::kDeleteNetworkInterface) == 1);
  const k8s::Pod& pod = c.pay_pod();
  REQUIRE(c.world.branch_enis().branch_of(pod.id) != nullptr);
  CHECK(pod.phase == k8s::PodPhase::kRunning);
}

TEST_CASE("a trunk that cannot be attached is deleted and tried again 30 s later") {
  const spec::Scenario scenario = load();
  Cluster c(scenario);
  c.ec2.fail(aws::Ec2Action::kAttachNetworkInterface,
             {"AttachmentLimitExceeded", "Interface count 4 exceeds the limit for m5.large"});
  c.world.start();
  c.run_for(sim::Duration::minutes(5));
  // The first trunk (deleted after its attachment failed), the second trunk, the pod's branch.
  CHECK(c.ec2.count(aws::Ec2Action::kAttachNetworkInterface) == 2);
  CHECK(c.ec2.count(aws::Ec2Action::kDeleteNetworkInterface) == 1);
  CHECK(c.ec2.count(aws::Ec2Action::kCreateNetworkInterface) == 3);
  const k8s::Pod& pod = c.pay_pod();
  REQUIRE(c.world.branch_enis().branch_of(pod.id) != nullptr);
  CHECK(pod.phase == k8s::PodPhase::kRunning);
}
