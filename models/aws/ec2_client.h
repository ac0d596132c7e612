#pragma once
// The AWS SDK's retrying client as ipamd configures it (pkg/awsutils/awssession/session.go:
// retry.NewStandard with 10 attempts): throttling and transport errors are retried with the
// SDK's exponential jitter backoff (attempt n waits uniform(0, min(2^n s, 20 s))), paid from a
// client-side retry quota (500 tokens, 5 per retry, 10 per timeout retry, 1 back per success).
// Other errors (UnauthorizedOperation, InsufficientFreeAddressesInSubnet, …) return at once.
// Source: AWS SDK for Go v2, "Retries and Timeouts" (aws/retry: standard retryer defaults).

#include <functional>
#include <optional>

#include "models/aws/ec2.h"
#include "models/aws/ec2_api.h"
#include "sim/random.h"

namespace ekssim::aws {

class Ec2Client {
 public:
  Ec2Client(sim::Kernel& kernel, Ec2Api& api, Ec2Caller caller, uint64_t seed);

  // Calls with retries; `done` gets the last error (or success) and the attempts made.
  void call(Ec2Action action, std::function<Ec2Error()> effect,
            std::function<void(const Ec2Error&)> done);

  // The last response EC2 throttled, if any: a caller's diagnosis while the SDK retries.
  using Throttle = Ec2Throttle;
  const std::optional<Throttle>& last_throttle() const { return last_throttle_; }

  const Ec2Caller& caller() const { return caller_; }
  Ec2Caller& caller() { return caller_; }

  static constexpr int kMaxAttempts = 10;
  static constexpr int kRetryQuota = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;

 private:
  void attempt(Ec2Action action, std::function<Ec2Error()> effect,
               std::function<void(const Ec2Error&)> done, int number);

  sim::Kernel& kernel_;
  Ec2Api& api_;
  Ec2Caller caller_;
  sim::RandomStream jitter_;
  int retry_quota_ = kRetryQuota;
  std::optional<Throttle> last_throttle_;
};

}  // namespace ekssim::aws
