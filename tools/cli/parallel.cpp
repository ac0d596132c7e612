#include "tools/cli/parallel.h"

#include <CLI/CLI.hpp>

namespace ekssim::cli {

void add_jobs_option(CLI::App& command, unsigned& jobs, const std::string& description) {
  command.add_option("--jobs,-j", jobs, description)
      ->check(CLI::Range(1u, kMaxJobs))
      ->capture_default_str();
}

}  // namespace ekssim::cli
