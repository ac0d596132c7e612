#include "tools/cli/model_stats.h"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace ekssim::cli {

namespace {

// (namespace, class prefix or "" for any, model), first match wins. The classes are the ones that
// schedule events (grep schedule_in/schedule_at/Timer in models/).
struct ModelRule {
  std::string_view ns;
  std::string_view class_prefix;
  std::string_view model;
};
constexpr ModelRule kRules[] = {
    {"cni", "", "ipamd"},
    {"k8s", "Scheduler", "scheduler"},
    {"k8s", "SchedulingQueue", "scheduler"},
    {"k8s", "Kubelet", "kubelet"},
    {"k8s", "", "controllers"},
    // Publishes Services and EndpointSlices to the nodes' kube-proxy tables.
    {"cluster", "ServiceRegistry", "kube-proxy"},
    // CoreDNS replicas and the pods' DNS lookups and connections.
    {"cluster", "CorednsFleet", "DNS"},
    {"cluster", "WorkloadTraffic", "DNS"},
    {"dns", "", "DNS"},
    {"cluster", "NodeAgent", "nodes"},
    {"cluster", "NodeGroup", "nodes"},
    {"cluster", "World", "timeline"},
    {"cluster", "NetworkPolicies", "network policy"},
    {"netpol", "", "network policy"},
    {"aws", "", "EC2"},
    {"report", "", "report"},
    {"sim", "PeriodicTimer", "periodic timers"},
};

std::string demangle(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(type.name());
}

double seconds_of(ModelStats::Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

std::string model_of_type_name(std::string_view demangled) {
  constexpr std::string_view kRoot = "ekssim::";
  const size_t root = demangled.find(kRoot);
  if (root == std::string_view::npos) return "other";
  std::string_view rest = demangled.substr(root + kRoot.size());
  const size_t ns_end = rest.find("::");
  if (ns_end == std::string_view::npos) return "other";
  const std::string_view ns = rest.substr(0, ns_end);
  const std::string_view after = rest.substr(ns_end + 2);
  for (const ModelRule& rule : kRules) {
    if (rule.ns == ns && after.substr(0, rule.class_prefix.size()) == rule.class_prefix) {
      return std::string(rule.model);
    }
  }
  return std::string(ns);
}

void ModelStats::event_started(const sim::Callback& event) {
  const Clock::time_point now = Clock::now();
  if (events_ > 0) between_ += now - finished_;
  ++events_;
  const std::type_info* type = &event.target_type();
  if (type != last_type_) {
    last_type_ = type;
    last_origin_ = &by_type_[type];
  }
  running_ = last_origin_;
  ++running_->events;
  started_ = now;
}

void ModelStats::event_finished() {
  finished_ = Clock::now();
  if (running_ != nullptr) running_->spent += finished_ - started_;
  running_ = nullptr;
}

std::vector<ModelStats::Row> ModelStats::rows() const {
  std::map<std::string, Row> by_model;
  for (const auto& [type, origin] : by_type_) {
    const std::string model = model_of_type_name(demangle(*type));
    Row& row = by_model[model];
    row.model = model;
    row.events += origin.events;
    row.seconds += seconds_of(origin.spent);
  }
  std::vector<Row> rows;
  for (auto& [model, row] : by_model)
    rows.push_back(row);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.seconds > b.seconds; });
  rows.push_back(Row{"kernel", events_, seconds_of(between_)});
  return rows;
}

std::string format_model_stats(const std::string& file, const std::vector<ModelStats::Row>& rows) {
  uint64_t events = 0;
  double seconds = 0;
  for (const ModelStats::Row& row : rows) {
    if (row.model != "kernel") events += row.events;
    seconds += row.seconds;
  }
  auto share = [](double part, double whole) { return whole > 0 ? 100 * part / whole : 0.0; };
  auto rate = [](double n, double s) { return s > 0 ? n / s : 0.0; };
  std::string out = fmt::format(
      "stats {}: per model (events it scheduled, wall time inside them; kernel: between "
      "events)\n{:<18} {:>12} {:>8} {:>10} {:>8} {:>14}\n",
      file, "  model", "events", "events%", "wall s", "wall%", "events/s");
  for (const ModelStats::Row& row : rows) {
    out += fmt::format(
        "  {:<16} {:>12} {:>7.1f}% {:>10.3f} {:>7.1f}% {:>14.0f}\n", row.model, row.events,
        share(static_cast<double>(row.events), static_cast<double>(events)), row.seconds,
        share(row.seconds, seconds), rate(static_cast<double>(row.events), row.seconds));
  }
  out += fmt::format("  {:<16} {:>12} {:>8} {:>10.3f} {:>8} {:>14.0f}\n", "all", events, "",
                     seconds, "", rate(static_cast<double>(events), seconds));
  return out;
}

}  // namespace ekssim::cli
