// `ekssim run --stats`' table per model (issue 18, item 5): which model an event belongs to, and
// that the per-model figures add up to the kernel's.

#include "tools/cli/model_stats.h"

#include <catch2/catch.hpp>
#include <string>

#include "models/report/simulate.h"
#include "tools/import/resolve.h"

namespace ekssim::cli {
namespace {

TEST_CASE("an event belongs to the model whose code wrote its callback", "[cli][stats]") {
  CHECK(model_of_type_name("ekssim::cni::Ipamd::reconcile()::{lambda()#1}") == "ipamd");
  CHECK(model_of_type_name("ekssim::k8s::Scheduler::schedule_one()::{lambda()#2}") == "scheduler");
  CHECK(model_of_type_name("ekssim::k8s::SchedulingQueue::flush()::{lambda()#1}") == "scheduler");
  CHECK(model_of_type_name("ekssim::k8s::Kubelet::sync(ekssim::k8s::PodId)::{lambda()#1}") ==
        "kubelet");
  CHECK(model_of_type_name("ekssim::k8s::DeploymentController::scale()::{lambda()#1}") ==
        "controllers");
  CHECK(model_of_type_name("ekssim::cluster::ServiceRegistry::mark_dirty(unsigned int)::"
                           "{lambda()#1}") == "kube-proxy");
  CHECK(model_of_type_name("ekssim::cluster::WorkloadTraffic::tick(Stream&)::{lambda()#1}") ==
        "DNS");
  CHECK(model_of_type_name("ekssim::aws::Ec2Api::call()::{lambda()#1}") == "EC2");
  CHECK(model_of_type_name("ekssim::report::InvariantCheckers::x()::{lambda()#1}") == "report");
  CHECK(model_of_type_name("ekssim::vpc::Something::f()::{lambda()#1}") == "vpc");
  CHECK(model_of_type_name("main::{lambda()#1}") == "other");
}

TEST_CASE("the table gives each model's share of events and time, and its own event rate",
          "[cli][stats]") {
  std::vector<ModelStats::Row> rows;
  ModelStats::Row ipamd;
  ipamd.model = "ipamd";
  ipamd.events = 300;
  ipamd.seconds = 0.003;
  rows.push_back(ipamd);
  ModelStats::Row dns;
  dns.model = "DNS";
  dns.events = 100;
  dns.seconds = 0.002;
  rows.push_back(dns);
  ModelStats::Row kernel;
  kernel.model = "kernel";
  kernel.events = 400;
  kernel.seconds = 0.005;
  rows.push_back(kernel);
  CHECK(format_model_stats("a.yaml", rows) ==
        "stats a.yaml: per model (events it scheduled, wall time inside them; kernel: between "
        "events)\n"
        "  model                  events  events%     wall s    wall%       events/s\n"
        "  ipamd                     300    75.0%      0.003    30.0%         100000\n"
        "  DNS                       100    25.0%      0.002    20.0%          50000\n"
        "  kernel                    400   100.0%      0.005    50.0%          80000\n"
        "  all                       400               0.010                   40000\n");
}

TEST_CASE("the models' events add up to the kernel's, and profiling changes nothing",
          "[cli][stats]") {
  const auto loaded =
      import::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) + "/scenarios/eni-limit.yaml");
  REQUIRE(loaded.ok());
  report::SimulateOptions options;
  options.until = sim::Duration::minutes(5);
  const report::RunReport plain = report::simulate(*loaded.scenario, options);

  ModelStats stats;
  options.profiler = &stats;
  const report::RunReport profiled = report::simulate(*loaded.scenario, options);
  CHECK(profiled.digest == plain.digest);
  CHECK(profiled.events == plain.events);

  const std::vector<ModelStats::Row> rows = stats.rows();
  REQUIRE(rows.size() >= 3);
  CHECK(rows.back().model == "kernel");
  CHECK(rows.back().events == profiled.events);
  uint64_t sum = 0;
  bool saw_ipamd = false;
  bool saw_scheduler = false;
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    INFO(rows[i].model);
    CHECK(rows[i].model != "other");
    CHECK(rows[i].events > 0);
    CHECK(rows[i].seconds >= 0);
    sum += rows[i].events;
    saw_ipamd = saw_ipamd || rows[i].model == "ipamd";
    saw_scheduler = saw_scheduler || rows[i].model == "scheduler";
  }
  CHECK(sum == profiled.events);
  CHECK(stats.events() == profiled.events);
  CHECK(saw_ipamd);
  CHECK(saw_scheduler);
}

}  // namespace
}  // namespace ekssim::cli
