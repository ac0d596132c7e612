#pragma once
// A test double of aws::Ec2 that fails any call on demand and forwards the others to a real
// implementation (aws::SdkEc2), so that EC2's state stays consistent with what the caller saw.
// A failure is answered after kLatency with the given error and changes nothing in EC2 (as an
// error from EC2 does); every call, forwarded or failed, is recorded by action in order.
//
// Usage: `ec2.fail(aws::Ec2Action::kAttachNetworkInterface, {"AttachmentLimitExceeded", "…"})`
// fails the next AttachNetworkInterface; `times` fails that many in a row (kAlways: every one).

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "models/aws/ec2.h"
#include "sim/kernel.h"

namespace ekssim::test {

class FailingEc2 final : public aws::Ec2 {
 public:
  static constexpr int kAlways = -1;
  static constexpr sim::Duration kLatency = sim::Duration::milliseconds(100);

  FailingEc2(sim::Kernel& kernel, aws::Ec2& real) : kernel_(kernel), real_(real) {}

  // The next `times` calls of `action` answer `error` (queued after any failures already set).
  void fail(aws::Ec2Action action, aws::Ec2Error error, int times = 1) {
    failures_[action].push_back(Failure{std::move(error), times});
  }
  // Runs `hook` when the next call of `action` is made, before it is forwarded or failed (e.g.
  // to restart the caller while its call is in flight).
  void on_call(aws::Ec2Action action, std::function<void()> hook) {
    hooks_[action] = std::move(hook);
  }

  // The actions called, in order.
  const std::vector<aws::Ec2Action>& calls() const { return calls_; }
  int count(aws::Ec2Action action) const {
    int n = 0;
    for (aws::Ec2Action a : calls_)
      n += a == action ? 1 : 0;
    return n;
  }
  int failed() const { return failed_; }

  void describe_network_interfaces(Done done) override {
    if (!intercept(aws::Ec2Action::kDescribeNetworkInterfaces, done))
      real_.describe_network_interfaces(std::move(done));
  }
  void describe_instances(Done done) override {
    if (!intercept(aws::Ec2Action::kDescribeInstances, done))
      real_.describe_instances(std::move(done));
  }
  void describe_subnets(Done done) override {
    if (!intercept(aws::Ec2Action::kDescribeSubnets, done)) real_.describe_subnets(std::move(done));
  }
  void create_network_interface(aws::CreateEniRequest request, Created done) override {
    Done failed = [done](const aws::Ec2Error& e) { done(e, 0); };
    if (!intercept(aws::Ec2Action::kCreateNetworkInterface, failed))
      real_.create_network_interface(std::move(request), std::move(done));
  }
  void attach_network_interface(aws::EniIndex eni, aws::InstanceIndex instance, int device_index,
                                Done done) override {
    if (!intercept(aws::Ec2Action::kAttachNetworkInterface, done))
      real_.attach_network_interface(eni, instance, device_index, std::move(done));
  }
  void set_delete_on_termination(aws::EniIndex eni, Done done) override {
    if (!intercept(aws::Ec2Action::kModifyNetworkInterfaceAttribute, done))
      real_.set_delete_on_termination(eni, std::move(done));
  }
  void detach_network_interface(aws::EniIndex eni, Done done) override {
    if (!intercept(aws::Ec2Action::kDetachNetworkInterface, done))
      real_.detach_network_interface(eni, std::move(done));
  }
  void delete_network_interface(aws::EniIndex eni, Done done) override {
    if (!intercept(aws::Ec2Action::kDeleteNetworkInterface, done))
      real_.delete_network_interface(eni, std::move(done));
  }
  void assign_private_ip_addresses(aws::EniIndex eni, int ips, int prefixes, Done done) override {
    if (!intercept(aws::Ec2Action::kAssignPrivateIpAddresses, done))
      real_.assign_private_ip_addresses(eni, ips, prefixes, std::move(done));
  }
  void unassign_private_ip_addresses(aws::EniIndex eni, std::vector<net::Ipv4> ips,
                                     std::vector<net::Cidr> prefixes, Done done) override {
    if (!intercept(aws::Ec2Action::kUnassignPrivateIpAddresses, done))
      real_.unassign_private_ip_addresses(eni, std::move(ips), std::move(prefixes),
                                          std::move(done));
  }
  void associate_trunk_interface(aws::EniIndex branch, aws::EniIndex trunk, int vlan,
                                 Done done) override {
    if (!intercept(aws::Ec2Action::kAssociateTrunkInterface, done))
      real_.associate_trunk_interface(branch, trunk, vlan, std::move(done));
  }
  const std::optional<aws::Ec2Throttle>& last_throttle() const override {
    return real_.last_throttle();
  }

 private:
  struct Failure {
    aws::Ec2Error error;
    int times = 1;
  };

  // Records the call and runs its hook; true if it is failed here (answered after kLatency).
  bool intercept(aws::Ec2Action action, const Done& done) {
    calls_.push_back(action);
    if (const auto hook = hooks_.find(action); hook != hooks_.end()) {
      std::function<void()> run = std::move(hook->second);
      hooks_.erase(hook);
      run();
    }
    const auto it = failures_.find(action);
    if (it == failures_.end() || it->second.empty()) return false;
    Failure& next = it->second.front();
    aws::Ec2Error error = next.error;
    if (next.times != kAlways && --next.times == 0) it->second.pop_front();
    ++failed_;
    kernel_.schedule_in(kLatency, [done, error] { done(error); });
    return true;
  }

  sim::Kernel& kernel_;
  aws::Ec2& real_;
  std::map<aws::Ec2Action, std::deque<Failure>> failures_;
  std::map<aws::Ec2Action, std::function<void()>> hooks_;
  std::vector<aws::Ec2Action> calls_;
  int failed_ = 0;
};

}  // namespace ekssim::test
