// The `ekssim` command. Everything lives in tools/cli; this only hands over argv.
#include "tools/cli/command_line.h"

int main(int argc, char** argv) { return ekssim::cli::run_command_line(argc, argv); }
