#include "tools/serve/timeline_marks.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/spec/kind_names.h"

namespace ekssim::serve {

namespace {

using nlohmann::json;

// A scenario event in a few words; rule changes and scaling name their target.
std::string describe(const spec::Event& event) {
  const std::string kind(spec::kind_name(event.action));
  std::string what = std::visit(
      [](const auto& a) -> std::string {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, spec::AddSecurityGroupRule> ||
                      std::is_same_v<T, spec::RemoveSecurityGroupRule>) {
          return fmt::format(" {} ({})", a.security_group.name, a.ingress ? "ingress" : "egress");
        } else if constexpr (std::is_same_v<T, spec::ScaleNodeGroup>) {
          return fmt::format(" {} to {}", a.node_group.name, a.desired_capacity);
        } else if constexpr (std::is_same_v<T, spec::ScaleDeployment>) {
          return fmt::format(" {}/{} to {}", a.ns, a.name.name, a.replicas);
        } else if constexpr (std::is_same_v<T, spec::ApplyNetworkPolicy>) {
          return " " + a.policy.policy.id();
        } else if constexpr (std::is_same_v<T, spec::DeleteNetworkPolicy> ||
                             std::is_same_v<T, spec::DeleteSecurityGroupPolicy>) {
          return fmt::format(" {}/{}", a.ns, a.name.name);
        } else if constexpr (std::is_same_v<T, spec::ApplySecurityGroupPolicy>) {
          return fmt::format(" {}/{}", a.policy.ns, a.policy.name);
        } else {
          return "";
        }
      },
      event.action);
  if (event.location.known()) what += fmt::format(" (scenario line {})", event.location.line);
  return kind + what;
}

bool is_fault(const spec::EventAction& action) {
  return std::holds_alternative<spec::TerminateInstance>(action) ||
         std::holds_alternative<spec::Ec2Throttle>(action) ||
         std::holds_alternative<spec::FailAvailabilityZone>(action) ||
         std::holds_alternative<spec::RestartDaemon>(action) ||
         std::holds_alternative<spec::DetachPolicy>(action) ||
         std::holds_alternative<spec::RemoveSecurityGroupRule>(action) ||
         std::holds_alternative<spec::DeletePod>(action);
}

void add_trace_marks(const std::vector<RecordedEvent>& events, json& marks) {
  for (const RecordedEvent& e : events) {
    const std::string node = field_text(e, "node");
    if (e.kind == "NodeLaunched") {
      marks.push_back({{"t", e.t}, {"category", "node"}, {"label", "launched " + node}});
    } else if (e.kind == "NodeReady") {
      marks.push_back({{"t", e.t}, {"category", "node"}, {"label", node + " Ready"}});
    } else if (e.kind == "NodeBringUpFailed" || e.kind == "InstanceTerminated") {
      marks.push_back({{"t", e.t}, {"category", "fault"}, {"label", e.kind + " " + node}});
    } else if (e.kind == "IpamdPoolChanged") {
      const std::string what = field_text(e, "what");
      if (what == "ENI attached" || what == "ENI freed") {
        marks.push_back({{"t", e.t},
                         {"category", "eni"},
                         {"label", what + " on " + node + ": " + field_text(e, "why")}});
      }
    }
  }
}

}  // namespace

json timeline_marks(const spec::Scenario& scenario, const std::vector<RecordedEvent>& events,
                    const report::RunReport& report) {
  json marks = json::array();
  for (const spec::Event& event : scenario.events) {
    marks.push_back({{"t", event.at.seconds_double()},
                     {"category", is_fault(event.action) ? "fault" : "change"},
                     {"label", describe(event)}});
  }
  add_trace_marks(events, marks);
  for (const report::CauseSummary& c : report.top_causes) {
    marks.push_back(
        {{"t", c.first_at},
         {"category", "failure"},
         {"label", fmt::format("first {} failure [{}] {}", c.kind, c.reason, c.first_pod)},
         {"cause", c.cause}});
  }
  std::stable_sort(marks.begin(), marks.end(), [](const json& a, const json& b) {
    return a["t"].get<double>() < b["t"].get<double>();
  });
  constexpr size_t kMaxMarks = 1000;
  if (marks.size() > kMaxMarks) marks.erase(marks.begin() + kMaxMarks, marks.end());
  return marks;
}

}  // namespace ekssim::serve
