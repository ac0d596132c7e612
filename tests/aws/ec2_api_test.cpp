#include "models/aws/ec2_api.h"

#include <catch2/catch.hpp>

#include "models/aws/ec2_client.h"

using namespace ekssim;

namespace {
struct Fixture {
  sim::Kernel kernel;
  sim::Trace trace{kernel};
  aws::Ec2Api api{kernel, trace, 1, "us-east-1"};
  aws::IamRole with_cni{"node-role", {"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"}};
  aws::IamRole without_cni{"node-role-no-cni", {"AmazonEKSWorkerNodePolicy"}};
};
aws::Ec2Caller caller(const aws::IamRole& role) {
  aws::Ec2Caller c;
  c.name = "node/test/ipamd";
  c.role = &role;
  c.instance_id = "i-0123456789abcdef0";
  return c;
}
}  // namespace

TEST_CASE("a call without the CNI policy is refused with EC2's UnauthorizedOperation",
          "[ec2_api]") {
  Fixture f;
  const aws::Ec2Caller c = caller(f.without_cni);
  std::optional<aws::Ec2Error> result;
  bool effect_ran = false;
  f.api.call(
      c, aws::Ec2Action::kCreateNetworkInterface,
      [&] {
        effect_ran = true;
        return aws::Ec2Error::none();
      },
      [&](const aws::Ec2Error& e) { result = e; });
  f.kernel.run();
  REQUIRE(result);
  CHECK_FALSE(effect_ran);
  CHECK(result->code == "UnauthorizedOperation");
  CHECK(result->message ==
        "You are not authorized to perform this operation. User: "
        "arn:aws:sts::111122223333:assumed-role/node-role-no-cni/i-0123456789abcdef0 is not "
        "authorized to perform: ec2:CreateNetworkInterface because no identity-based policy "
        "allows the ec2:CreateNetworkInterface action");
  CHECK(f.api.counters(aws::Ec2Action::kCreateNetworkInterface).errors == 1);
}

TEST_CASE("a burst beyond the bucket is throttled and the SDK client retries it", "[ec2_api]") {
  Fixture f;
  const aws::Ec2Caller c = caller(f.with_cni);
  int ok = 0, throttled = 0;
  // 60 mutating calls at once: the bucket holds 50.
  for (int i = 0; i < 60; ++i) {
    f.api.call(
        c, aws::Ec2Action::kAssignPrivateIpAddresses, [] { return aws::Ec2Error::none(); },
        [&](const aws::Ec2Error& e) { (e.ok() ? ok : throttled) += 1; });
  }
  f.kernel.run();
  // 50 from the full bucket, plus the tokens refilled (5/s) while the responses spread over the
  // call latency.
  CHECK(ok >= 50);
  CHECK(ok <= 52);
  CHECK(ok + throttled == 60);
  CHECK(f.api.counters(aws::Ec2Action::kAssignPrivateIpAddresses).throttled == throttled);

  aws::Ec2Client client(f.kernel, f.api, caller(f.with_cni), 3);
  int eventually_ok = 0;
  for (int i = 0; i < 20; ++i) {
    client.call(
        aws::Ec2Action::kAssignPrivateIpAddresses, [] { return aws::Ec2Error::none(); },
        [&](const aws::Ec2Error& e) { eventually_ok += e.ok() ? 1 : 0; });
  }
  f.kernel.run();
  CHECK(eventually_ok == 20);  // refilled at 5/s, retried with jittered back-off
}

TEST_CASE("an unreachable endpoint answers nothing: the SDK times out after 10 s", "[ec2_api]") {
  Fixture f;
  aws::Ec2Caller c = caller(f.with_cni);
  c.path_blocked = [] { return std::optional<std::string>("no route to 52.94.0.10"); };
  std::optional<aws::Ec2Error> result;
  f.api.call(
      c, aws::Ec2Action::kDescribeNetworkInterfaces, [] { return aws::Ec2Error::none(); },
      [&](const aws::Ec2Error& e) { result = e; });
  f.kernel.run();
  REQUIRE(result);
  CHECK(f.kernel.now() == sim::Time::at(sim::Duration::seconds(10)));
  CHECK(result->code == "RequestError");
  CHECK(result->message.find("dial tcp 52.94.0.10:443: i/o timeout") != std::string::npos);
}
