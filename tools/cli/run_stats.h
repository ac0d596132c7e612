#pragma once
// What `ekssim run` tells about its own speed, on stderr:
// - --stats: after the run, one line per scenario, e.g.
//   "stats scale.yaml: 41.20 s wall, 2310 MiB peak, 52188736 events, 1266716 events/s,
//   87.4 virtual s per wall s" (one line). The peak is the whole process's (getrusage ru_maxrss),
//   so scenarios run in parallel share it.
// - A progress line while one scenario runs and stderr is a terminal:
//   "ekssim run: 12m0s / 1h (20%), 1266716 events/s, about 2m10s left", rewritten in place with
//   \r at most twice a wall second and erased when the run ends.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "sim/time.h"

namespace ekssim::cli {

// The process's peak resident memory so far, in bytes.
uint64_t peak_memory_bytes();

std::string format_stats_line(const std::string& file, double wall_seconds, uint64_t peak_bytes,
                              uint64_t events, double virtual_seconds);

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  // Lines go to `out`; `duration` is the virtual time the run will reach.
  ProgressLine(std::ostream& out, sim::Duration duration, Clock::time_point started);

  // SimulateOptions::progress, with the wall time of the call: prints when half a second has
  // passed since the last line.
  void update(sim::Time reached, uint64_t events, Clock::time_point now);
  // Erases the line, if one was printed.
  void clear();

  // The text of one line (without \r), for the tests.
  static std::string format(sim::Time reached, sim::Duration duration, uint64_t events,
                            double wall_seconds);

 private:
  std::ostream& out_;
  sim::Duration duration_;
  Clock::time_point started_;
  Clock::time_point last_;
  bool shown_ = false;
};

}  // namespace ekssim::cli
