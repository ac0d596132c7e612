#include "tools/cli/command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/cli/exit_codes.h"
#include "tools/cli/subcommands.h"

#ifndef EKSSIM_VERSION
#define EKSSIM_VERSION "0.0.0"
#endif

namespace ekssim::cli {

namespace {

constexpr const char* kFooter = R"(Examples:
  ekssim run scenarios/subnet-exhaustion.yaml
  ekssim run designs/*.yaml --format junit --output results.xml
  ekssim run scenarios/new-asg-missing-sg-rules.yaml --seed 7 --format json --events trace.jsonl
  ekssim check designs/*.yaml
  ekssim reachability scenarios/new-asg-missing-sg-rules.yaml --port 53/udp --format dot
  ekssim explain scenarios/new-asg-missing-sg-rules.yaml --from pod/airflow/airflow-scheduler \
      --to svc/kube-system/kube-dns:53 --protocol udp --at 20m
  ekssim iptables scenarios/new-asg-missing-sg-rules.yaml --node ng-new/1 --at 20m
  ekssim serve scenarios/workshop/04-sg-blocks-dns.yaml --port 8080
  ekssim max-pods m5.large c5.xlarge --prefix-delegation
  ekssim sweep scenarios/warm-ip-target.yaml \
      --set 'cluster.addons.vpcCni.env.WARM_IP_TARGET="1","10"' --seeds 3 --format csv
  ekssim fit scenarios/eni-limit.yaml --node-group small --instance-types m5.large,c5.xlarge
  ekssim generate --nodes 500 --pods 15000 --services 1000 > big.yaml
  ekssim import --eksctl cluster.yaml --manifests k8s/ --output prod.yaml

Exit codes: 0 every expectation met, 1 an expectation failed, 2 bad input or usage,
70 an internal invariant broke.)";

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"ekssim: a discrete-event simulator of an Amazon EKS cluster's networking"};
  app.set_version_flag("--version", std::string("ekssim ") + EKSSIM_VERSION);
  app.footer(kFooter);
  app.require_subcommand(1, 1);

  int exit_code = kExitOk;
  for (const auto& add : all_subcommands()) add(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the usage error
    return code == 0 ? kExitOk : kExitBadInput;
  }
  return exit_code;
}

}  // namespace ekssim::cli
