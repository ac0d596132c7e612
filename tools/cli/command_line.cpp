#include "tools/cli/command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/cli/exit_codes.h"

#ifndef EKSSIM_VERSION
#define EKSSIM_VERSION "0.0.0"
#endif

namespace ekssim::cli {

int run_command_line(int argc, char** argv) {
  CLI::App app{"ekssim: a discrete-event simulator of an Amazon EKS cluster's networking"};
  app.set_version_flag("--version", std::string("ekssim ") + EKSSIM_VERSION);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  return kExitOk;
}

}  // namespace ekssim::cli
