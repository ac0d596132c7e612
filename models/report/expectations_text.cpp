#include "models/report/expectations_text.h"

namespace ekssim::report {

sim::Duration to_duration(double seconds) {
  return sim::Duration::from_seconds(seconds);
}

std::string format_seconds(double seconds) {
  return sim::format_duration_ms(to_duration(seconds));
}

std::string count_of(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string join_listed(const std::vector<std::string>& items, size_t limit) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i > 0) out += "; ";
    out += items[i];
  }
  if (items.size() > limit) out += "; and " + std::to_string(items.size() - limit) + " more";
  return out;
}

std::string pod_name(const PodReport& pod) {
  return pod.namespace_ + "/" + pod.name;
}

}  // namespace ekssim::report
