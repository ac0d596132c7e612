#include "tools/cli/run_stats.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <cmath>

namespace ekssim::cli {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(500);

double per_second(double amount, double wall_seconds) {
  return wall_seconds > 0 ? amount / wall_seconds : 0;
}

}  // namespace

uint64_t peak_memory_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux counts kilobytes
}

std::string format_stats_line(const std::string& file, double wall_seconds, uint64_t peak_bytes,
                              uint64_t events, double virtual_seconds) {
  return fmt::format(
      "stats {}: {:.2f} s wall, {} MiB peak, {} events, {:.0f} events/s, {:.1f} virtual s per "
      "wall s\n",
      file, wall_seconds, peak_bytes >> 20, events,
      per_second(static_cast<double>(events), wall_seconds),
      per_second(virtual_seconds, wall_seconds));
}

ProgressLine::ProgressLine(std::ostream& out, sim::Duration duration, Clock::time_point started)
    : out_(out), duration_(duration), started_(started), last_(started) {}

std::string ProgressLine::format(sim::Time reached, sim::Duration duration, uint64_t events,
                                 double wall_seconds) {
  const double done = reached.seconds_double();
  const double total = duration.seconds_double();
  std::string text =
      fmt::format("ekssim run: {} / {} ({:.0f}%), {:.0f} events/s", sim::format_time(reached),
                  sim::format_duration(duration), total > 0 ? 100 * done / total : 100.0,
                  per_second(static_cast<double>(events), wall_seconds));
  if (done > 0 && done < total) {
    // As fast from here on as so far.
    const double left = wall_seconds * (total - done) / done;
    text += fmt::format(", about {} left",
                        sim::format_duration(sim::Duration::seconds(std::llround(left))));
  }
  return text;
}

void ProgressLine::update(sim::Time reached, uint64_t events, Clock::time_point now) {
  if (now - last_ < kProgressInterval) return;
  last_ = now;
  shown_ = true;
  const double wall = std::chrono::duration<double>(now - started_).count();
  // \r back to the line's start, the text, then erase what a longer previous line left (EL).
  out_ << '\r' << format(reached, duration_, events, wall) << "\033[K" << std::flush;
}

void ProgressLine::clear() {
  if (!shown_) return;
  out_ << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace ekssim::cli
