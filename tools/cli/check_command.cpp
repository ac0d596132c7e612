// `ekssim check SCENARIO…`: loads and validates every scenario without running any, printing
// every located diagnostic of every file; exit 2 if there was any, else 0.

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/cli/exit_codes.h"
#include "tools/cli/parallel.h"
#include "tools/cli/subcommands.h"
#include "tools/import/resolve.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

void add_check_subcommand(CLI::App& app, int& exit_code) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto jobs = std::make_shared<unsigned>(default_jobs());
  CLI::App* sub = app.add_subcommand("check", "Validate scenarios without running them");
  sub->add_option("scenarios", *files, "scenario files")->required();
  sub->add_option("--jobs,-j", *jobs, "scenarios checked at once")->capture_default_str();
  sub->callback([files, jobs, &exit_code] {
    std::vector<std::function<scenario::LoadResult()>> work;
    for (const std::string& file : *files) {
      work.emplace_back([file] { return import::load_scenario_file(file); });
    }
    const auto results = run_in_parallel(work, *jobs);
    size_t bad_files = 0, diagnostics = 0;
    for (const auto& result : results) {
      std::cerr << scenario::format_diagnostics(result.diagnostics);
      bad_files += result.ok() ? 0 : 1;
      diagnostics += result.diagnostics.size();
    }
    if (bad_files > 0) {
      std::cerr << diagnostics << " error" << (diagnostics == 1 ? "" : "s") << " in " << bad_files
                << " of " << files->size() << " scenario" << (files->size() == 1 ? "" : "s")
                << "\n";
      exit_code = kExitBadInput;
    } else {
      std::cout << files->size() << " scenario" << (files->size() == 1 ? "" : "s") << " OK\n";
      exit_code = kExitOk;
    }
  });
}

}  // namespace ekssim::cli
