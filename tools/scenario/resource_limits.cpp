#include "tools/scenario/resource_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

namespace ekssim::scenario {
namespace {

void check_nodes(Reader& reader, const spec::Scenario& s) {
  std::map<std::string, int64_t> largest;
  for (const spec::NodeGroup& group : s.cluster.node_groups) {
    largest[group.name] = std::max<int64_t>(largest[group.name], group.desired_capacity);
  }
  for (const spec::Event& event : s.events) {
    if (const auto* scale = std::get_if<spec::ScaleNodeGroup>(&event.action)) {
      int64_t& most = largest[scale->node_group.name];
      most = std::max<int64_t>(most, scale->desired_capacity);
    }
  }
  int64_t total = 0;
  for (const auto& [name, most] : largest)
    total += most;
  if (total <= kMaxNodes) return;
  // Reported at the first group, where the reader looks for the cluster's size.
  const spec::Location at =
      s.cluster.node_groups.empty() ? s.cluster.location : s.cluster.node_groups.front().location;
  reader.error(
      at,
      fmt::format("the node groups reach {} nodes in all, over the limit of {}", total, kMaxNodes),
      fmt::format("at most {} nodes over every group's largest desiredCapacity", kMaxNodes));
}

void check_pods_and_services(Reader& reader, const spec::Scenario& s) {
  std::map<std::pair<std::string, std::string>, int64_t> largest;
  std::optional<spec::Location> first_deployment, over_services;
  int64_t services = 0;
  for (const spec::Workload& w : s.workloads) {
    if (const auto* d = std::get_if<spec::Deployment>(&w)) {
      int64_t& most = largest[{d->ns, d->name}];
      most = std::max<int64_t>(most, d->replicas);
      if (!first_deployment) first_deployment = d->location;
    } else if (const auto* service = std::get_if<spec::Service>(&w)) {
      if (++services == kMaxServices + 1) over_services = service->location;
    }
  }
  for (const spec::Event& event : s.events) {
    if (const auto* scale = std::get_if<spec::ScaleDeployment>(&event.action)) {
      const auto it = largest.find({scale->ns, scale->name.name});
      if (it != largest.end()) it->second = std::max<int64_t>(it->second, scale->replicas);
    }
  }
  int64_t pods = 0;
  for (const auto& [name, most] : largest)
    pods += most;
  if (pods > kMaxPods && first_deployment) {
    reader.error(*first_deployment,
                 fmt::format("the Deployments reach {} replicas in all, over the limit of {}", pods,
                             kMaxPods),
                 fmt::format("at most {} pods over every Deployment's largest replicas", kMaxPods));
  }
  if (over_services) {
    reader.error(*over_services,
                 fmt::format("{} Services, over the limit of {}", services, kMaxServices),
                 fmt::format("at most {} Services", kMaxServices));
  }
}

void check_traffic(Reader& reader, const spec::Scenario& s, sim::Duration duration) {
  for (const spec::Workload& w : s.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr) continue;
    for (const spec::Traffic& t : d->traffic) {
      if (t.every < kMinTrafficInterval) continue;  // reported where it was read
      const int64_t intervals = duration / t.every;
      if (intervals <= kMaxTrafficIntervals) continue;
      reader.error(t.location,
                   fmt::format("every {} over the run's {} is {} intervals, over the limit of {} "
                               "per traffic entry",
                               sim::format_duration(t.every), sim::format_duration(duration),
                               intervals, kMaxTrafficIntervals),
                   fmt::format("every of at least {}",
                               sim::format_duration(sim::Duration::nanoseconds(
                                   (duration.nanoseconds() + kMaxTrafficIntervals - 1) /
                                   kMaxTrafficIntervals))));
    }
  }
}

}  // namespace

void check_resource_limits(Reader& reader, const spec::Scenario& scenario,
                           std::optional<sim::Duration> duration) {
  check_nodes(reader, scenario);
  check_pods_and_services(reader, scenario);
  if (duration) check_traffic(reader, scenario, *duration);
}

}  // namespace ekssim::scenario
