#include "models/aws/ec2_api.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::aws {

Ec2Api::Ec2Api(sim::Kernel& kernel, sim::Trace& trace, uint64_t seed, std::string region,
               Ec2ApiConfig config)
    : kernel_(kernel),
      trace_(trace),
      seed_(seed),
      endpoint_("ec2." + region + ".amazonaws.com"),
      config_(config) {
  for (size_t i = 0; i < kEc2ActionCount; ++i) {
    const ThrottleLimits& limits =
        is_mutating(static_cast<Ec2Action>(i)) ? config_.mutating : config_.non_mutating;
    buckets_.emplace_back(limits.capacity, limits.refill_per_second);
  }
}

void Ec2Api::throttle(ThrottleLimits limits, sim::Duration duration,
                      std::optional<Ec2Action> action) {
  const uint64_t id = next_throttle_++;
  throttles_.push_back(Throttle{id, action, limits});
  for (size_t i = 0; i < kEc2ActionCount; ++i) {
    if (!action || *action == static_cast<Ec2Action>(i)) apply_limits(static_cast<Ec2Action>(i));
  }
  kernel_.schedule_in(duration, [this, id] { end_throttle(id); });
}

void Ec2Api::end_throttle(uint64_t id) {
  const auto it = std::find_if(throttles_.begin(), throttles_.end(),
                               [id](const Throttle& t) { return t.id == id; });
  if (it == throttles_.end()) [[unlikely]]
    kernel_.fail("ec2-api", fmt::format("throttle {} ended twice", id));
  const std::optional<Ec2Action> action = it->action;
  throttles_.erase(it);
  for (size_t i = 0; i < kEc2ActionCount; ++i) {
    if (!action || *action == static_cast<Ec2Action>(i)) apply_limits(static_cast<Ec2Action>(i));
  }
}

ThrottleLimits Ec2Api::effective_limits(Ec2Action action) const {
  for (auto it = throttles_.rbegin(); it != throttles_.rend(); ++it) {
    if (!it->action || *it->action == action) return it->limits;
  }
  return is_mutating(action) ? config_.mutating : config_.non_mutating;
}

void Ec2Api::apply_limits(Ec2Action action) {
  const ThrottleLimits limits = effective_limits(action);
  buckets_[static_cast<size_t>(action)].reconfigure(kernel_.now(), limits.capacity,
                                                    limits.refill_per_second);
}

sim::RandomStream& Ec2Api::latency_stream(const std::string& caller) {
  auto it = latency_.find(caller);
  if (it == latency_.end())
    it = latency_.emplace(caller, sim::RandomStream(seed_, "ec2-api/latency/" + caller)).first;
  return it->second;
}

ThrottleLimits Ec2Api::limits(Ec2Action action) const {
  const TokenBucket& b = buckets_[static_cast<size_t>(action)];
  return ThrottleLimits{b.capacity(), b.rate_per_second()};
}

void Ec2Api::call(const Ec2Caller& caller, Ec2Action action, std::function<Ec2Error()> effect,
                  std::function<void(const Ec2Error&)> done) {
  if (caller.path_blocked) {
    if (std::optional<std::string> blocked = caller.path_blocked()) {
      // No answer ever comes: the SDK's HTTP client times out (the Go error text).
      Ec2Error error{ec2_errors::kRequestTimeout,
                     fmt::format("send request failed caused by: Post \"https://{}/\": dial tcp "
                                 "{}:443: i/o timeout ({})",
                                 endpoint_, "52.94.0.10", *blocked)};
      kernel_.schedule_in(kHttpTimeout, [this, &caller, action, error, done = std::move(done)] {
        Counters& c = counters_[static_cast<size_t>(action)];
        ++c.calls;
        ++c.errors;
        trace_.emit(Ec2ApiCalled{caller.name, action_name(action), error.code, kHttpTimeout});
        done(error);
      });
      return;
    }
  }
  const sim::Duration latency =
      latency_stream(caller.name).lognormal(config_.latency_median, config_.latency_sigma);
  kernel_.schedule_in(latency,
                      [this, &caller, action, latency, effect = std::move(effect),
                       done = std::move(done)] { respond(caller, action, latency, effect, done); });
}

void Ec2Api::respond(const Ec2Caller& caller, Ec2Action action, sim::Duration latency,
                     const std::function<Ec2Error()>& effect,
                     const std::function<void(const Ec2Error&)>& done) {
  Counters& c = counters_[static_cast<size_t>(action)];
  ++c.calls;
  Ec2Error error;
  if (!buckets_[static_cast<size_t>(action)].try_take(kernel_.now())) {
    ++c.throttled;
    error = {ec2_errors::kRequestLimitExceeded, "Request limit exceeded."};
  } else if (caller.role == nullptr || !caller.role->allows(iam_action(action))) {
    const std::string role = caller.role != nullptr ? caller.role->name() : "(none)";
    error = {ec2_errors::kUnauthorizedOperation,
             fmt::format("You are not authorized to perform this operation. User: "
                         "arn:aws:sts::111122223333:assumed-role/{}/{} is not authorized to "
                         "perform: {} because no identity-based policy allows the {} action",
                         role, caller.instance_id, iam_action(action), iam_action(action))};
  } else {
    error = effect();
  }
  if (!error.ok()) ++c.errors;
  trace_.emit(Ec2ApiCalled{caller.name, action_name(action), error.code, latency});
  done(error);
}

}  // namespace ekssim::aws
