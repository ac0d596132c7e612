#pragma once
// Every subcommand registers itself on the CLI11 app with a function of this shape: it adds its
// options and a callback that runs the command and stores the exit code.

#include <functional>
#include <vector>

namespace CLI {
class App;
}

namespace ekssim::cli {

using AddSubcommand = std::function<void(CLI::App& app, int& exit_code)>;

void add_run_subcommand(CLI::App& app, int& exit_code);
void add_check_subcommand(CLI::App& app, int& exit_code);
void add_generate_subcommand(CLI::App& app, int& exit_code);
void add_reachability_subcommand(CLI::App& app, int& exit_code);
void add_explain_subcommand(CLI::App& app, int& exit_code);
void add_max_pods_subcommand(CLI::App& app, int& exit_code);
void add_iptables_subcommand(CLI::App& app, int& exit_code);
void add_sweep_subcommand(CLI::App& app, int& exit_code);
void add_merge_subcommand(CLI::App& app, int& exit_code);
void add_fit_subcommand(CLI::App& app, int& exit_code);
void add_import_subcommand(CLI::App& app, int& exit_code);
void add_serve_subcommand(CLI::App& app, int& exit_code);

// In the order `ekssim --help` lists them.
inline std::vector<AddSubcommand> all_subcommands() {
  return {add_run_subcommand,     add_check_subcommand,    add_reachability_subcommand,
          add_explain_subcommand, add_iptables_subcommand, add_max_pods_subcommand,
          add_sweep_subcommand,   add_merge_subcommand,    add_fit_subcommand,
          add_generate_subcommand, add_import_subcommand,  add_serve_subcommand};
}

}  // namespace ekssim::cli
