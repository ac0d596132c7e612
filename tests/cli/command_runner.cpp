#include "tests/cli/command_runner.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ekssim::test {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string make_temp_dir() {
  std::string pattern = "/tmp/ekssim-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

CommandResult run_ekssim(const std::string& arguments, const std::string& stdin_text) {
  return run_shell(std::string(EKSSIM_BINARY) + " " + arguments, stdin_text);
}

CommandResult run_shell(const std::string& script, const std::string& stdin_text) {
  const std::string dir = make_temp_dir();
  write_file(dir + "/stdin", stdin_text);
  const std::string command =
      "(" + script + ") <" + dir + "/stdin >" + dir + "/stdout 2>" + dir + "/stderr";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(dir + "/stdout");
  result.err = read_file(dir + "/stderr");
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace ekssim::test
