#include "tools/cli/max_pods_command.h"

#include "models/aws/instance_resources.h"
#include "models/aws/instance_types.h"
#include "tools/cli/exit_codes.h"

namespace ekssim::cli {

namespace {

constexpr size_t kSuggestions = 3;

// "a", "a or b", "a, b or c".
std::string either(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

}  // namespace

int run_max_pods(const std::vector<std::string>& types, const aws::MaxPodsOptions& options,
                 bool vcpu_cap_per_type, std::ostream& out, std::ostream& err) {
  // Every name is checked before anything is printed, so a typo never leaves partial output.
  std::vector<std::pair<const aws::InstanceType*, aws::MaxPodsOptions>> rows;
  bool all_known = true;
  for (const std::string& name : types) {
    const aws::InstanceType* type = aws::find_instance_type(name);
    aws::MaxPodsOptions type_options = options;
    if (type == nullptr) {
      all_known = false;
      err << "error: unknown instance type '" << name << "'; did you mean "
          << either(aws::nearest_instance_types(name, kSuggestions)) << "?\n";
    } else if (vcpu_cap_per_type && !options.vcpus) {
      if (const auto resources = aws::resources_of(*type)) {
        type_options.vcpus = resources->vcpus;
      } else {
        all_known = false;
        err << "error: the vCPUs of '" << name
            << "' are not in the instance table; give them with --vcpus N\n";
      }
    }
    rows.emplace_back(type, type_options);
  }
  if (!all_known) return kExitBadInput;
  for (const auto& [type, type_options] : rows) {
    out << type->name << ' ' << aws::max_pods(*type, type_options) << '\n';
  }
  return kExitOk;
}

}  // namespace ekssim::cli

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "tools/cli/subcommands.h"

namespace ekssim::cli {

void add_max_pods_subcommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::vector<std::string> types;
    aws::MaxPodsOptions max_pods;
    int max_eni = 0;
    int vcpus = 0;
    int cap = 0;
    bool calculator = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("max-pods", "The kubelet's max pods for instance types");
  sub->add_option("types", o->types, "instance types, e.g. m5.large")->required();
  sub->add_flag("--prefix-delegation", o->max_pods.prefix_delegation,
                "count /28 prefixes (Nitro types)");
  sub->add_flag("--custom-networking", o->max_pods.custom_networking,
                "the primary ENI holds no pods");
  sub->add_option("--max-eni", o->max_eni, "at most this many ENIs (MAX_ENI)")
      ->check(CLI::PositiveNumber);
  auto* vcpus = sub->add_option("--vcpus", o->vcpus, "apply the calculator's 110/250 cap")
                    ->check(CLI::PositiveNumber);
  auto* cap = sub->add_option("--cap", o->cap, "cap max pods at this value")
                  ->check(CLI::PositiveNumber);
  auto* calculator =
      sub->add_flag("--calculator", o->calculator,
                    "the AL2 max-pods calculator: cap at 110, or 250 above 30 vCPUs (each "
                    "type's own vCPUs unless --vcpus gives them)");
  vcpus->excludes(cap);
  calculator->excludes(cap);
  sub->callback([o, &exit_code] {
    if (o->max_eni > 0) o->max_pods.max_eni = o->max_eni;
    if (o->vcpus > 0) o->max_pods.vcpus = o->vcpus;
    if (o->cap > 0) o->max_pods.cap = o->cap;
    exit_code = run_max_pods(o->types, o->max_pods, o->calculator, std::cout, std::cerr);
  });
}

}  // namespace ekssim::cli
