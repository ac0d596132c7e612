// The rendered ruleset must load into a real iptables. Inside a fresh network namespace
// (`unshare -n`, which needs root) each installed backend (iptables-legacy, iptables-nft)
// restores the whole iptables-save text, kube-proxy's and the VPC CNI's rules together, and
// saves it back; every chain and rule must be there. The nfacct match needs counters the kernel
// only has once kube-proxy created them, so the real restore runs with the counters off (as
// kube-proxy writes its rules when nfacct.Ensure fails) and the text with them is checked with
// `iptables-restore --test`. Where this cannot run, the test says why (WARN) and does no more.

#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "models/k8s/proxy/iptables_save.h"
#include "models/k8s/proxy/vpc_cni_rules.h"
#include "tests/k8s/proxy_test_support.h"

namespace ekssim::k8s::testing {
namespace {

struct Command {
  int status = -1;
  std::string output;  // stdout and stderr
};

Command run(const std::string& command) {
  Command result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t read;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), read);
  result.status = pclose(pipe);
  return result;
}

// A scratch file holding `text`, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/ekssim-iptables-XXXXXX";
    const int fd = mkstemp(name);
    path_ = name;
    if (fd >= 0) close(fd);
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Per table: the chains declared and the number of rules.
struct Shape {
  std::map<std::string, std::vector<std::string>> chains;
  std::map<std::string, int> rules;
};

Shape shape_of(const std::string& text) {
  Shape shape;
  std::string table;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.starts_with("*")) table = line.substr(1);
    if (line.starts_with(":")) shape.chains[table].push_back(line.substr(1, line.find(' ') - 1));
    if (line.starts_with("-A ")) ++shape.rules[table];
    start = end + 1;
  }
  return shape;
}

// Every kind of service kube-proxy writes rules for, on a node running the VPC CNI.
ProxyWorld busy_node() {
  ProxyWorld world;
  world.config = ProxyConfig();  // EKS-like: real mark, --random-fully, no local detector
  const auto p80 = [] { return std::vector{tcp_endpoint_port("p80", 80)}; };
  Service dns = service("kube-system", "kube-dns", "10.100.0.10", {});
  dns.ports = {{"dns", 53, 53, 0, net::Protocol::udp()},
               {"dns-tcp", 53, 53, 0, net::Protocol::tcp()}};
  world.add(dns, {slice({{"dns", 53, net::Protocol::udp()}, {"dns-tcp", 53, net::Protocol::tcp()}},
                        {endpoint("10.0.1.20", kTestNode), endpoint("10.0.2.30", kOtherNode),
                         endpoint("10.0.3.40", kOtherNode)})});
  Service sticky = service("web", "sticky", "10.100.0.20", {tcp_port("p80", 80, 30080)});
  sticky.type = ServiceType::kNodePort;
  sticky.session_affinity = SessionAffinity::kClientIP;
  world.add(sticky, {slice(p80(), {endpoint("10.0.1.21", kTestNode), endpoint("10.0.2.31")})});
  Service lb = service("web", "lb", "10.100.0.30", {tcp_port("p80", 80, 30081)});
  lb.type = ServiceType::kLoadBalancer;
  lb.external_traffic_policy = TrafficPolicy::kLocal;
  lb.health_check_node_port = 32000;
  lb.load_balancer_ips = {ip("203.0.113.10")};
  lb.load_balancer_source_ranges = {cidr("192.168.0.0/16"), cidr("198.51.100.0/24")};
  lb.external_ips = {ip("198.51.100.7")};
  world.add(lb, {slice(p80(), {endpoint("10.0.1.22", kTestNode), endpoint("10.0.2.32")})});
  Service local = service("web", "local-only", "10.100.0.40", {tcp_port("p80", 80)});
  local.internal_traffic_policy = TrafficPolicy::kLocal;
  world.add(local, {slice(p80(), {endpoint("10.0.2.33", kOtherNode)})});
  world.add(service("web", "empty", "10.100.0.50", {tcp_port("p80", 80)}));
  return world;
}

VpcCniHostConfig busy_node_cni() {
  VpcCniHostConfig cni;
  cni.vpc_cidrs = {cidr("10.0.0.0/16"), cidr("100.64.0.0/16")};
  cni.exclude_snat_cidrs = {cidr("172.16.0.0/12")};
  cni.primary_ip = ip("10.0.1.5");
  return cni;
}

TEST_CASE("The rendered ruleset loads into iptables-legacy and iptables-nft", "[proxy][restore]") {
  if (geteuid() != 0) {
    WARN("skipped: loading rules needs root, and this test runs as uid " << geteuid());
    return;
  }
  const Command netns = run("unshare -n true");
  if (netns.status != 0) {
    WARN("skipped: `unshare -n` failed, so no private network namespace: " << netns.output);
    return;
  }
  ProxyWorld world = busy_node();
  const VpcCniHostConfig cni = busy_node_cni();
  const std::string with_nfacct = render_iptables_save(world.view(), &cni);
  world.config.nfacct_counters = false;
  const std::string loadable = render_iptables_save(world.view(), &cni);
  REQUIRE(with_nfacct.find("-m nfacct") != std::string::npos);
  const TempFile with_nfacct_file(with_nfacct), loadable_file(loadable);

  int backends = 0;
  for (const std::string backend : {"legacy", "nft"}) {
    const std::string restore = "iptables-" + backend + "-restore";
    const std::string save = "iptables-" + backend + "-save";
    if (run("command -v " + restore).status != 0 || run("command -v " + save).status != 0) {
      WARN("skipped the " << backend << " backend: " << restore << " is not installed");
      continue;
    }
    ++backends;
    INFO("backend " << backend);
    const Command test = run("unshare -n " + restore + " --test < " + with_nfacct_file.path());
    INFO(test.output);
    CHECK(test.status == 0);

    const Command loaded =
        run("unshare -n sh -c '" + restore + " < " + loadable_file.path() + " && " + save + "'");
    INFO(loaded.output);
    REQUIRE(loaded.status == 0);
    Shape ours = shape_of(loadable), theirs = shape_of(loaded.output);
    for (const auto& [table, chains] : ours.chains) {
      std::vector<std::string> expected = chains, actual = theirs.chains[table];
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
      CHECK(actual == expected);
      CHECK(theirs.rules[table] == ours.rules[table]);
    }
  }
  if (backends == 0) WARN("skipped: neither iptables-legacy nor iptables-nft is installed");
}

}  // namespace
}  // namespace ekssim::k8s::testing
