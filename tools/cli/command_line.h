#pragma once
// The `ekssim` command line: parses arguments and dispatches to a subcommand.
// Returns the process exit code (see exit_codes.h).

namespace ekssim::cli {

int run_command_line(int argc, char** argv);

}  // namespace ekssim::cli
