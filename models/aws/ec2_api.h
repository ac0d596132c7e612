#pragma once
// The EC2 API endpoint as the cluster's components meet it: every call takes virtual time, is
// throttled per API with a token bucket, is authorised against the caller's IAM role, and fails
// with the error AWS would return. The effect on EC2's state happens when the response is sent.
//
// Sources: AWS "Request throttling for the Amazon EC2 API" (per-API token buckets,
// RequestLimitExceeded), "Error codes for the Amazon EC2 API", and for UnauthorizedOperation's
// text the message EC2 returns for an assumed role. Latency is not published: ekssim draws it
// from a lognormal (median 150 ms, σ 0.4, a seed to calibrate; ../shared/reference/ipamd.md §3
// suggests 100–500 ms). A caller that cannot reach the endpoint (no route, no NAT, a security
// group without outbound 443, no ec2 interface endpoint) gets no answer: the SDK gives up after
// its HTTP timeout with a dial error. Each caller draws its latencies from its own stream.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_action.h"
#include "models/aws/ec2_error.h"
#include "models/aws/iam.h"
#include "models/aws/token_bucket.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/trace.h"

namespace ekssim::aws {

struct Ec2ApiConfig {
  sim::Duration latency_median = sim::Duration::milliseconds(150);
  double latency_sigma = 0.4;
  ThrottleLimits non_mutating = kNonMutatingDefault;
  ThrottleLimits mutating = kMutatingDefault;
};

// Who calls: its name in traces, the role whose policies authorise it, and the network path to
// the endpoint (nullopt when reachable, else why not, e.g. "security group nodes-new has no
// outbound rule for tcp 443").
struct Ec2Caller {
  std::string name;
  const IamRole* role = nullptr;
  std::string instance_id;  // for the assumed-role ARN in UnauthorizedOperation
  std::function<std::optional<std::string>()> path_blocked;
};

// Trace: one event per API response.
struct Ec2ApiCalled {
  static constexpr std::string_view kKind = "Ec2ApiCalled";
  std::string_view caller;
  std::string_view action;
  std::string_view error_code;  // empty on success
  sim::Duration latency;
  void write(sim::FieldWriter& w) const {
    w.text("caller", caller);
    w.text("action", action);
    w.text("error", error_code);
    w.duration("latency", latency);
  }
};

class Ec2Api {
 public:
  Ec2Api(sim::Kernel& kernel, sim::Trace& trace, uint64_t seed, std::string region,
         Ec2ApiConfig config = {});

  // Calls `action` for `caller`: after the latency, checks the throttle and the role, then runs
  // `effect` (the change to EC2's state, returning its error) and hands the result to `done`.
  void call(const Ec2Caller& caller, Ec2Action action, std::function<Ec2Error()> effect,
            std::function<void(const Ec2Error&)> done);

  // An ec2Throttle event: for `duration`, the buckets of every API (or of `action` only) take
  // `limits`. When it ends, each bucket it changed goes back to the limits it would have without
  // it: those of the latest throttle still in force that covers it, else the configured ones. So
  // overlapping throttles compose: one that ends never lifts another.
  void throttle(ThrottleLimits limits, sim::Duration duration,
                std::optional<Ec2Action> action = std::nullopt);
  // The limits an action's bucket has now.
  ThrottleLimits limits(Ec2Action action) const;

  struct Counters {
    int64_t calls = 0, errors = 0, throttled = 0;
  };
  const Counters& counters(Ec2Action action) const {
    return counters_[static_cast<size_t>(action)];
  }
  const std::string& endpoint() const { return endpoint_; }
  const Ec2ApiConfig& config() const { return config_; }

  // How long the SDK waits on an unreachable endpoint (HTTP_TIMEOUT, pkg/awsutils/awssession).
  static constexpr sim::Duration kHttpTimeout = sim::Duration::seconds(10);

 private:
  void respond(const Ec2Caller& caller, Ec2Action action, sim::Duration latency,
               const std::function<Ec2Error()>& effect,
               const std::function<void(const Ec2Error&)>& done);

  struct Throttle {
    uint64_t id = 0;
    std::optional<Ec2Action> action;  // none: every API
    ThrottleLimits limits;
  };
  // The limits `action` has with the throttles in force: the latest covering it, else config_'s.
  ThrottleLimits effective_limits(Ec2Action action) const;
  void apply_limits(Ec2Action action);
  void end_throttle(uint64_t id);

  sim::Kernel& kernel_;
  sim::Trace& trace_;
  // The latency stream of `caller`, made on its first call.
  sim::RandomStream& latency_stream(const std::string& caller);

  uint64_t seed_;
  // One latency stream per caller, seeded by the scenario's seed and the caller's name
  // ("ec2-api/latency/node/ip-10-0-1-23.ec2.internal/ipamd"), so that one caller's calls never
  // shift another's timings (FoundationDB's habit: a stream per component, named).
  std::map<std::string, sim::RandomStream, std::less<>> latency_;
  std::vector<Throttle> throttles_;  // in force, oldest first
  uint64_t next_throttle_ = 0;
  std::string endpoint_;
  Ec2ApiConfig config_;
  std::vector<TokenBucket> buckets_;  // one per action, indexed by Ec2Action
  std::array<Counters, kEc2ActionCount> counters_{};
};

}  // namespace ekssim::aws
