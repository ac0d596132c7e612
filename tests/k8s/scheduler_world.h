#pragma once
// A test world with a started kube-scheduler that records every FailedScheduling and Scheduled
// event, for the scheduler's tests.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/k8s/api_events.h"
#include "models/k8s/scheduler.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s::testing {

// A world with a started scheduler and the times of every FailedScheduling and Scheduled event.
struct SchedulerWorld : World {
  explicit SchedulerWorld(int kubernetes_minor = 29)
      : scheduler(kernel, api, 1, config(kubernetes_minor)) {
    trace.subscribe<PodFailedScheduling>([this](sim::Time t, const PodFailedScheduling& e) {
      failures.emplace_back(t, std::string(e.pod));
      last_message = std::string(e.message);
      messages.push_back(last_message);
    });
    trace.subscribe<PodScheduled>([this](sim::Time t, const PodScheduled& e) {
      scheduled.emplace_back(t, std::string(e.pod) + "@" + std::string(e.node));
    });
    scheduler.start();
  }
  static Scheduler::Config config(int minor) {
    Scheduler::Config c;
    c.messages.kubernetes_minor = minor;
    return c;
  }
  PodId create(const PodTemplate& spec, std::string name) {
    return api.create_pod(api.add_template(spec), std::move(name));
  }
  std::vector<sim::Time> failure_times(std::string_view pod) const {
    std::vector<sim::Time> out;
    for (const auto& [t, name] : failures) {
      if (name == pod) out.push_back(t);
    }
    return out;
  }

  Scheduler scheduler;
  std::vector<std::pair<sim::Time, std::string>> failures;
  std::vector<std::pair<sim::Time, std::string>> scheduled;
  std::string last_message;
  std::vector<std::string> messages;  // every failure's, in order
};

}  // namespace ekssim::k8s::testing
