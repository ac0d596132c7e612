#pragma once
// Runs the built `ekssim` binary as a user would and captures what it printed and its exit code.

#include <string>

namespace ekssim::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `arguments` is appended to the binary's path as shell words (quote them yourself).
CommandResult run_ekssim(const std::string& arguments, const std::string& stdin_text = "");
// A /bin/sh script, e.g. one that starts ekssim in the background and signals it.
CommandResult run_shell(const std::string& script, const std::string& stdin_text = "");
// A fresh empty directory under the system temporary directory.
std::string make_temp_dir();
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

}  // namespace ekssim::test
