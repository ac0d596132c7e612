// `ekssim import [SCENARIO] [--eksctl FILE] [--manifests PATH]… [--aws-describe PATH]…
// [--vpc-id ID] [--output FILE]`: prints the resolved scenario as ekssim/v1 YAML, each imported
// or defaulted value followed by a comment naming where it came from. Given a SCENARIO with
// `from:`, the whole scenario (its timeline and expectations too) resolved, which runs exactly as
// the scenario itself; given only flags, a scenario around what was imported.
// Errors are located in the user's files; exit 2, nothing written.

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/cli/output_file.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/subcommands.h"
#include "tools/import/import_log.h"
#include "tools/import/resolve.h"

namespace ekssim::cli {
namespace {

struct ImportOptions {
  std::string scenario;
  std::string eksctl;
  std::vector<std::string> manifests;
  std::vector<std::string> aws_describe;
  std::string vpc_id;
  std::string output;
};

import::Resolution resolve(const ImportOptions& o){if (!o.scenario.empty()){import::Resolution r;
if (const auto text = import::read_file(o.scenario, r.log)) {
  r = import::resolve_scenario_text(*text, o.scenario);
  if (!r.resolved && r.diagnostics.empty()) {
    r.log.error(import::Origin{o.scenario, 0, 0},
                "not a scenario with a from: section (an eksctl file or manifests go with "
                "--eksctl, --manifests or --aws-describe)",
                "");
    r.diagnostics = r.log.take_diagnostics();
  }
} else {
  r.diagnostics = r.log.take_diagnostics();
}
return r;
}  // namespace
import::Sources sources;
if (!o.eksctl.empty()) sources.eksctl = import::NamedPath{o.eksctl, {}};
for (const std::string& p : o.manifests)
  sources.manifests.push_back({p, {}});
for (const std::string& p : o.aws_describe)
  sources.aws_describe.push_back({p, {}});
if (!o.vpc_id.empty()) sources.vpc_id = o.vpc_id;
return import::resolve_sources(sources);
}  // namespace ekssim::cli

int run_import(const ImportOptions& o) {
  const bool flags = !o.eksctl.empty() || !o.manifests.empty() || !o.aws_describe.empty();
  if (o.scenario.empty() == !flags) {
    std::cerr << "ekssim import: error: give a scenario with from:, or --eksctl, --manifests or "
                 "--aws-describe (not both)\n";
    return kExitBadInput;
  }
  const import::Resolution r = resolve(o);
  if (!r.resolved) {
    std::cerr << scenario::format_diagnostics(r.diagnostics);
    return kExitBadInput;
  }
  if (auto error = write_output(o.output.empty() ? "-" : o.output, r.resolved->text)) {
    std::cerr << "ekssim import: error: " << *error << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

void add_import_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* sub = app.add_subcommand(
      "import", "Print the scenario resolved from eksctl, manifests and describe output");
  sub->add_option("scenario", o->scenario, "a scenario with a from: section");
  sub->add_option("--eksctl", o->eksctl, "an eksctl.io/v1alpha5 ClusterConfig");
  sub->add_option("--manifests", o->manifests, "Kubernetes manifests: files or folders");
  sub->add_option("--aws-describe", o->aws_describe, "aws ec2 describe-* JSON: files or folders");
  sub->add_option("--vpc-id", o->vpc_id,
                  "the VPC to import when the describe output holds several");
  sub->add_option("--output,-o", o->output, "write the scenario here instead of stdout");
  sub->callback([o, &exit_code] { exit_code = run_import(*o); });
}

}  // namespace ekssim::cli
