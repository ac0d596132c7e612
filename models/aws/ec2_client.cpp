#include "models/aws/ec2_client.h"

#include <algorithm>

namespace ekssim::aws {

Ec2Client::Ec2Client(sim::Kernel& kernel, Ec2Api& api, Ec2Caller caller, uint64_t seed)
    : kernel_(kernel),
      api_(api),
      caller_(std::move(caller)),
      jitter_(seed, caller_.name + "/sdk") {}

void Ec2Client::call(Ec2Action action, std::function<Ec2Error()> effect,
                     std::function<void(const Ec2Error&)> done) {
  attempt(action, std::move(effect), std::move(done), 1);
}

void Ec2Client::attempt(Ec2Action action, std::function<Ec2Error()> effect,
                        std::function<void(const Ec2Error&)> done, int number) {
  api_.call(caller_, action, effect,
            [this, action, effect, done = std::move(done), number](const Ec2Error& error) mutable {
              const bool throttled = error.code == ec2_errors::kRequestLimitExceeded;
              const bool timeout = error.code == ec2_errors::kRequestTimeout;
              if (throttled) last_throttle_ = Throttle{kernel_.now(), action};
              if (error.ok()) retry_quota_ = std::min(kRetryQuota, retry_quota_ + 1);
              const int cost = timeout ? kTimeoutRetryCost : kRetryCost;
              if (!(throttled || timeout) || number >= kMaxAttempts || retry_quota_ < cost) {
                done(error);
                return;
              }
              retry_quota_ -= cost;
              const double cap = std::min(20.0, static_cast<double>(1 << std::min(number, 5)));
              const sim::Duration delay = sim::Duration::from_seconds(jitter_.uniform(0.0, cap));
              kernel_.schedule_in(delay, [this, action, effect = std::move(effect),
                                          done = std::move(done), number]() mutable {
                attempt(action, std::move(effect), std::move(done), number + 1);
              });
            });
}

}  // namespace ekssim::aws
