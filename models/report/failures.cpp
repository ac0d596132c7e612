#include "models/report/failures.h"

#include <algorithm>
#include <cmath>

namespace ekssim::report {

void record_failure(std::vector<Failure>& list, Failure failure) {
  if (!list.empty()) {
    Failure& last = list.back();
    if (last.reason == failure.reason && last.cause == failure.cause && last.fix == failure.fix &&
        last.name == failure.name) {
      last.count += failure.count;
      last.last_at = std::max(last.last_at, failure.at);
      return;
    }
  }
  failure.last_at = std::max(failure.last_at, failure.at);
  list.push_back(std::move(failure));
}

int64_t failures_between(const Failure& f, double from, double to) {
  const double last = std::max(f.last_at, f.at);
  if (f.count <= 1 || last <= f.at) return from <= f.at && f.at <= to ? f.count : 0;
  if (to < f.at || from > last) return 0;
  // The k-th of count failures (k = 0 … count-1) is at at + k·step.
  const double step = (last - f.at) / double(f.count - 1);
  const auto first = static_cast<int64_t>(std::ceil(std::max(0.0, (from - f.at) / step) - 1e-9));
  const auto final_k =
      static_cast<int64_t>(std::floor(std::min(double(f.count - 1), (to - f.at) / step) + 1e-9));
  return std::max<int64_t>(0, final_k - first + 1);
}

int64_t failure_count(const std::vector<Failure>& list) {
  int64_t n = 0;
  for (const Failure& f : list)
    n += f.count;
  return n;
}

}  // namespace ekssim::report
