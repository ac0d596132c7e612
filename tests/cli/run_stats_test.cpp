// `ekssim run --stats` and the progress line.

#include "tools/cli/run_stats.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "tests/cli/command_runner.h"

namespace ekssim::cli {
namespace {

using Clock = ProgressLine::Clock;

sim::Time at_seconds(int64_t s) {
  return sim::Time::at(sim::Duration::seconds(s));
}

TEST_CASE("the stats line gives wall time, peak memory, events and both rates", "[cli][stats]") {
  CHECK(format_stats_line("big.yaml", 40.0, uint64_t{2310} << 20, 52000000, 3600) ==
        "stats big.yaml: 40.00 s wall, 2310 MiB peak, 52000000 events, 1300000 events/s, 90.0 "
        "virtual s per wall s\n");
}

TEST_CASE("the progress line estimates the wall time left from the pace so far", "[cli][stats]") {
  CHECK(ProgressLine::format(at_seconds(720), sim::Duration::hours(1), 1200000, 10.0) ==
        "ekssim run: 12m / 1h (20%), 120000 events/s, about 40s left");
  CHECK(ProgressLine::format(at_seconds(3600), sim::Duration::hours(1), 100, 1.0) ==
        "ekssim run: 1h / 1h (100%), 100 events/s");
}

TEST_CASE("the progress line is rewritten at most twice a second and erased at the end",
          "[cli][stats]") {
  std::ostringstream out;
  const Clock::time_point t0{};
  ProgressLine line(out, sim::Duration::minutes(10), t0);
  line.update(at_seconds(10), 1000, t0 + std::chrono::milliseconds(100));
  CHECK(out.str().empty());  // too soon after the start
  line.update(at_seconds(60), 5000, t0 + std::chrono::milliseconds(1000));
  CHECK(out.str() == "\rekssim run: 1m / 10m (10%), 5000 events/s, about 9s left\033[K");
  line.update(at_seconds(70), 6000, t0 + std::chrono::milliseconds(1400));
  CHECK(out.str().size() == 60);  // 0.4 s after the last line: nothing
  line.clear();
  CHECK(out.str().substr(60) == "\r\033[K");
}

TEST_CASE("nothing is erased when no progress line was shown", "[cli][stats]") {
  std::ostringstream out;
  ProgressLine line(out, sim::Duration::minutes(10), Clock::time_point{});
  line.clear();
  CHECK(out.str().empty());
}

TEST_CASE("run --stats prints a stats line and a table per model, and no progress off a terminal",
          "[cli][stats]") {
  const std::string scenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/eni-limit.yaml";
  const auto r = test::run_ekssim("run " + scenario + " --stats --until 2m");
  REQUIRE(r.exit_code == 0);
  INFO(r.err);
  CHECK(r.err.rfind("stats " + scenario + ": ", 0) == 0);
  CHECK(r.err.find(" virtual s per wall s\n") != std::string::npos);
  CHECK(r.err.find('\r') == std::string::npos);
  const size_t table = r.err.find("\nstats " + scenario + ": per model");
  CHECK(table != std::string::npos);
  CHECK(r.err.find("\n  kernel ", table) != std::string::npos);
  CHECK(r.err.find("\n  all ", table) != std::string::npos);
  const auto quiet = test::run_ekssim("run " + scenario + " --until 2m");
  CHECK(quiet.err.empty());
}

}  // namespace
}  // namespace ekssim::cli
