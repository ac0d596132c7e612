// `ekssim serve`'s refusals: a scenario with errors or a port it cannot bind exit 2 before
// anything is served, with the reason on stderr.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

// Runs a shell command; its stdout and stderr together, then "exit=N".
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1; echo exit=$?").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

}  // namespace

TEST_CASE("serve refuses a scenario with errors and serves nothing", "[serve][command]") {
  const std::string path = "/tmp/ekssim-serve-bad.yaml";
  std::ofstream(path) << "apiVersion: ekssim/v1\nkind: Scenario\n";
  const std::string out = run(std::string(EKSSIM_BINARY) + " serve " + path + " --port 0");
  CHECK(out.find(path + ":") == 0);
  CHECK(out.find("error:") != std::string::npos);
  CHECK(out.find("open http://") == std::string::npos);
  CHECK(out.substr(out.size() - 7) == "exit=2\n");
  std::remove(path.c_str());
}

TEST_CASE("serve refuses a port it cannot bind", "[serve][command]") {
  // Hold a port on 127.0.0.1 so that the server cannot listen there.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t size = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  const std::string out =
      run(std::string(EKSSIM_BINARY) + " serve " + std::string(EKSSIM_SOURCE_DIR) +
          "/scenarios/workshop/01-pod-gets-an-ip.yaml --port " + port);
  ::close(fd);
  CHECK(out.find("ekssim serve: error: cannot listen on 127.0.0.1:" + port +
                 ": Address already in use\n") != std::string::npos);
  CHECK(out.find("open http://") == std::string::npos);
  CHECK(out.substr(out.size() - 7) == "exit=2\n");
}
