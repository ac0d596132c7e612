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

namespace {
std::pair<int64_t, int64_t> limits_of(const aws::Ec2Api& api, aws::Ec2Action action) {
  const aws::ThrottleLimits l = api.limits(action);
  return {l.capacity, l.refill_per_second};
}
}  // namespace

TEST_CASE("overlapping throttles compose: one that ends restores what the other set",
          "[ec2_api]") {
  Fixture f;
  using aws::Ec2Action;
  const auto at = [&](int minutes) {
    f.kernel.run_until(sim::Time::at(sim::Duration::minutes(minutes)));
  };
  // Every API at 1/s for 10 minutes; from 2m, AssignPrivateIpAddresses alone at 5/s for 2m.
  f.api.throttle({1, 1}, sim::Duration::minutes(10));
  at(2);
  f.api.throttle({5, 5}, sim::Duration::minutes(2), Ec2Action::kAssignPrivateIpAddresses);
  at(3);
  CHECK(limits_of(f.api, Ec2Action::kAssignPrivateIpAddresses) == std::pair<int64_t, int64_t>{5, 5});
  CHECK(limits_of(f.api, Ec2Action::kCreateNetworkInterface) == std::pair<int64_t, int64_t>{1, 1});
  // The short throttle ends at 4m: the action goes back to the long one's 1/s, not to EC2's
  // defaults (the restore used to reset every limit and end the long throttle early).
  at(5);
  CHECK(limits_of(f.api, Ec2Action::kAssignPrivateIpAddresses) == std::pair<int64_t, int64_t>{1, 1});
  CHECK(limits_of(f.api, Ec2Action::kDescribeInstances) == std::pair<int64_t, int64_t>{1, 1});
  // The long one ends at 10m: the configured limits (mutating 50/5, non-mutating 100/20).
  at(11);
  CHECK(limits_of(f.api, Ec2Action::kAssignPrivateIpAddresses) ==
        std::pair<int64_t, int64_t>{50, 5});
  CHECK(limits_of(f.api, Ec2Action::kDescribeInstances) == std::pair<int64_t, int64_t>{100, 20});
}

TEST_CASE("a throttle that ends first while a later one covers it keeps the later one",
          "[ec2_api]") {
  Fixture f;
  using aws::Ec2Action;
  // One action at 2/s for 5 minutes, then every API at 3/s for 1 minute from 1m: the action
  // follows the latest in force (3/s), and from 2m its own 2/s again until 5m.
  f.api.throttle({2, 2}, sim::Duration::minutes(5), Ec2Action::kCreateNetworkInterface);
  f.kernel.run_until(sim::Time::at(sim::Duration::minutes(1)));
  f.api.throttle({3, 3}, sim::Duration::minutes(1));
  CHECK(limits_of(f.api, Ec2Action::kCreateNetworkInterface) == std::pair<int64_t, int64_t>{3, 3});
  f.kernel.run_until(sim::Time::at(sim::Duration::minutes(3)));
  CHECK(limits_of(f.api, Ec2Action::kCreateNetworkInterface) == std::pair<int64_t, int64_t>{2, 2});
  CHECK(limits_of(f.api, Ec2Action::kAttachNetworkInterface) == std::pair<int64_t, int64_t>{50, 5});
  f.kernel.run_until(sim::Time::at(sim::Duration::minutes(6)));
  CHECK(limits_of(f.api, Ec2Action::kCreateNetworkInterface) ==
        std::pair<int64_t, int64_t>{50, 5});
}

TEST_CASE("each caller draws its latencies from its own stream: another caller changes nothing",
          "[ec2_api]") {
  // ipamd on node A makes five calls, alone and then with node B calling in between: A's
  // latencies are the same (they used to come from one stream shared by every caller).
  const auto latencies_of_a = [](bool with_b) {
    Fixture f;
    aws::Ec2Caller a = caller(f.with_cni);
    a.name = "node/ip-10-0-0-10.ec2.internal/ipamd";
    aws::Ec2Caller b = caller(f.with_cni);
    b.name = "node/ip-10-0-0-20.ec2.internal/ipamd";
    std::vector<std::string> latencies;
    f.trace.subscribe<aws::Ec2ApiCalled>([&](sim::Time, const aws::Ec2ApiCalled& e) {
      if (e.caller == a.name) latencies.push_back(sim::format_duration_ms(e.latency));
    });
    for (int i = 0; i < 5; ++i) {
      if (with_b) {
        f.api.call(
            b, aws::Ec2Action::kDescribeInstances, [] { return aws::Ec2Error::none(); },
            [](const aws::Ec2Error&) {});
      }
      f.api.call(
          a, aws::Ec2Action::kDescribeNetworkInterfaces, [] { return aws::Ec2Error::none(); },
          [](const aws::Ec2Error&) {});
      f.kernel.run();
    }
    return latencies;
  };
  const std::vector<std::string> alone = latencies_of_a(false);
  REQUIRE(alone.size() == 5);
  CHECK(alone == latencies_of_a(true));
}
