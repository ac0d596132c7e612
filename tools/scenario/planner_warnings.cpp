#include "tools/scenario/planner_warnings.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "models/aws/instance_resources.h"
#include "models/aws/instance_types.h"
#include "models/aws/max_pods.h"

namespace ekssim::scenario {
namespace {

bool prefix_delegation_on(const spec::Scenario& s) {
  const auto& env = s.cluster.addons.vpc_cni.env;
  const auto it = env.find("ENABLE_PREFIX_DELEGATION");
  return it != env.end() && it->second == "true";
}

struct Warning {
  std::string message;
  std::string expected;
};

std::optional<Warning> eni_formula_warning(const spec::NodeGroup& g) {
  const aws::InstanceType* type = aws::find_instance_type(g.instance_type);
  if (type == nullptr) return std::nullopt;
  const int formula = aws::max_pods(*type, aws::MaxPodsOptions{});
  if (g.max_pods && *g.max_pods != formula) return std::nullopt;
  aws::MaxPodsOptions pd;
  pd.prefix_delegation = true;
  std::optional<int> vcpus = g.vcpus;
  if (!vcpus) {
    if (auto resources = aws::resources_of(*type)) vcpus = resources->vcpus;
  }
  pd.vcpus = vcpus;
  const int calculator = aws::max_pods(*type, pd);
  if (calculator <= formula) return std::nullopt;  // a type without prefix delegation's gain
  return Warning{
      fmt::format("node group '{}' keeps the ENI formula's maxPods {} for {} although "
                  "ENABLE_PREFIX_DELEGATION is true: the kubelet refuses pods beyond {}, so "
                  "prefix delegation's density never shows",
                  g.name, formula, g.instance_type, formula),
      fmt::format("maxPods: {}, what EKS's max-pods calculator gives with "
                  "--cni-prefix-delegation-enabled{}",
                  calculator,
                  vcpus
                      ? fmt::format(" ({} vCPUs: the {}-pod cap)", *vcpus, *vcpus > 30 ? 250 : 110)
                      : "")};
}

}  // namespace

std::vector<Diagnostic> planner_warnings(const spec::Scenario& s, std::string_view text,
                                         std::string_view path) {
  DiagnosticSink sink{std::string(path), text};
  if (prefix_delegation_on(s)) {
    for (const auto& g : s.cluster.node_groups) {
      if (auto w = eni_formula_warning(g)) sink.error(g.location, w->message, w->expected);
    }
  }
  return sink.take_sorted();
}

std::string format_warnings(const std::vector<Diagnostic>& warnings) {
  std::string out;
  for (const auto& w : warnings) {
    std::string text = w.format();
    const size_t at = text.find(": error: ");
    if (at != std::string::npos) text.replace(at, 9, ": warning: ");
    out += text + "\n";
  }
  return out;
}

std::string planner_warnings_for_file(const spec::Scenario& scenario, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return format_warnings(planner_warnings(scenario, text.str(), path));
}

}  // namespace ekssim::scenario
