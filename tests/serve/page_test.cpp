// The page of `ekssim serve` in headless Chromium (Debian's `chromium`, installed by tools/lib.sh):
// the binary serves the seed story on a free port, Chromium loads the page with --dump-dom and
// --screenshot. The page notes its own script errors on <body data-errors> and the instant it
// shows on <body data-instant>, so the DOM says whether it loaded cleanly and where it stands.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kScenario =
    std::string(EKSSIM_SOURCE_DIR) + "/scenarios/new-asg-missing-sg-rules.yaml";
const std::string kPod = "airflow/airflow-scheduler-58b56c5567-mvf5h";

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

// `ekssim serve` on a free port, stopped with SIGTERM at the end of the test.
class Server {
 public:
  explicit Server(const std::string& scenario = kScenario) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::freopen("/dev/null", "w", stderr);
      ::execl(EKSSIM_BINARY, EKSSIM_BINARY, "serve", scenario.c_str(), "--port", "0", nullptr);
      ::_exit(127);
    }
    ::close(out[1]);
    // "ekssim serve: open http://127.0.0.1:PORT/  (Ctrl-C stops)"
    std::string line;
    char c = 0;
    while (line.size() < 200 && ::read(out[0], &c, 1) == 1 && c != '\n')
      line += c;
    ::close(out[0]);
    const size_t at = line.find("http://");
    REQUIRE(at != std::string::npos);
    url_ = line.substr(at, line.find('/', at + 7) + 1 - at);
  }
  ~Server() { stop(); }
  int stop() {
    if (pid_ <= 0) return status_;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, &status_, 0);
    pid_ = -1;
    return status_;
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::string url_;
};

std::string chromium(const std::string& mode, const std::string& url) {
  return run(
      "timeout 90 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--window-size=1600,1100 --virtual-time-budget=8000 " +
      mode + " '" + url + "' 2>/dev/null");
}

}  // namespace

TEST_CASE("the page loads without script errors and the time it is moved to changes the cluster",
          "[serve][page]") {
  Server server;
  const std::string start = chromium("--dump-dom", server.url() + "?t=0");
  CHECK(start.find("<h1 id=\"title\">new-asg-missing-sg-rules — seed 7</h1>") != std::string::npos);
  CHECK(start.find("data-instant=\"0\"") != std::string::npos);
  CHECK(start.find("data-errors") == std::string::npos);
  // ng-new is not up yet (its launch is only a mark on the timeline).
  CHECK(start.find("<div class=\"node-head\">ip-10-0-7-226.ec2.internal</div>") ==
        std::string::npos);
  CHECK(start.find("title=\"5m0s  launched ip-10-0-7-226.ec2.internal\"") != std::string::npos);
  const std::string later = chromium("--dump-dom", server.url() + "?t=1200");
  CHECK(later.find("data-instant=\"1200\"") != std::string::npos);
  CHECK(later.find("data-errors") == std::string::npos);
  CHECK(later.find("<div class=\"node-head\">ip-10-0-7-226.ec2.internal</div>") !=
        std::string::npos);
  CHECK(later.find("cell assigned") != std::string::npos);
  CHECK(later.find("pod Running failing") != std::string::npos);  // its lookups time out
  CHECK(server.stop() == 0);                                      // SIGTERM: a clean stop, exit 0
}

TEST_CASE("a pod's story on the page walks the search list of the seed story's failing lookup",
          "[serve][page]") {
  Server server;
  const std::string dom = chromium("--dump-dom", server.url() + "?t=1200&pod=" + kPod);
  CHECK(dom.find("data-errors") == std::string::npos);
  CHECK(dom.find("Pod " + kPod) != std::string::npos);
  CHECK(dom.find("glibc getaddrinfo, ndots 5, search airflow.svc.cluster.local svc.cluster.local "
                 "cluster.local ec2.internal") != std::string::npos);
  CHECK(dom.find("<td>airflow-pgbouncer.airflow.svc.cluster.local.</td><td>→ 172.20.0.10</td>") !=
        std::string::npos);
  CHECK(dom.find("<td>airflow-pgbouncer.</td>") != std::string::npos);
  CHECK(dom.find("fix: add to nodes-old an inbound rule: udp 53 from security group nodes-new") !=
        std::string::npos);
}

// The size of a screenshot of `url`, after checking it is a PNG.
size_t screenshot_bytes(const std::string& url) {
  char dir[] = "/tmp/ekssim-page-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  const std::string png = std::string(dir) + "/page.png";
  chromium("--screenshot=" + png, url);
  std::ifstream in(png, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  std::remove(png.c_str());
  ::rmdir(dir);
  REQUIRE(data.size() > 8);
  CHECK(data.substr(1, 3) == "PNG");
  return data.size();
}

TEST_CASE("the page's explain buttons get `ekssim explain`'s hop-by-hop text from the server",
          "[serve][page]") {
  Server server;
  const std::string pod = "pod%2Fairflow%2Fairflow-scheduler-58b56c5567-mvf5h";
  const std::string dns =
      chromium("--dump-dom", server.url() + "api/explain?from=" + pod +
                                 "&to=svc%2Fkube-system%2Fkube-dns%3A53&protocol=udp&at=1200s");
  CHECK(dns.find("to:   service kube-system/kube-dns (172.20.0.10:53), udp") != std::string::npos);
  CHECK(dns.find("=&gt; denied-in (ENI_SG_RULES_MISMATCH)") != std::string::npos);
  CHECK(dns.find("0 of 2 endpoints reachable") != std::string::npos);
  const std::string fixed =
      chromium("--dump-dom", server.url() + "api/explain?from=" + pod +
                                 "&to=svc%2Fkube-system%2Fkube-dns%3A53&protocol=udp&at=1800s");
  CHECK(fixed.find("2 of 2 endpoints reachable") != std::string::npos);
  const std::string story = chromium("--dump-dom", server.url() + "?t=1200&pod=" + kPod);
  CHECK(story.find("<button>explain: DNS path to kube-dns</button>") != std::string::npos);
  CHECK(story.find("<button>explain: connect airflow-pgbouncer:6432</button>") !=
        std::string::npos);
  const std::string node =
      chromium("--dump-dom", server.url() + "?t=1200&node=ip-10-0-7-226.ec2.internal");
  CHECK(node.find("<h2 id=\"detail-title\">Node ip-10-0-7-226.ec2.internal</h2>") !=
        std::string::npos);
  CHECK(node.find("class=\"pool-chart\"") != std::string::npos);
  CHECK(node.find("-A KUBE-SERVICES") != std::string::npos);
  CHECK(node.find("data-errors") == std::string::npos);
}

TEST_CASE("a screenshot of the page is not blank", "[serve][page]") {
  Server server;
  // A blank 1600×1100 page compresses to a few kilobytes; the drawn VPC to well over 100 kB.
  CHECK(screenshot_bytes(server.url() + "?t=1200&pod=" + kPod) > 100000);
}

TEST_CASE("with Security Groups for Pods the page shows a node's trunk ENI and its branch ENIs "
          "with their pods and groups",
          "[serve][page][sgp]") {
  Server server(std::string(EKSSIM_SOURCE_DIR) + "/scenarios/sgp-strict-mode.yaml");
  const std::string dom = chromium("--dump-dom", server.url() + "?t=480");
  CHECK(dom.find("data-errors") == std::string::npos);
  CHECK(dom.find("<span>eth2 trunk</span>") != std::string::npos);
  CHECK(dom.find("<div class=\"branch-eni\" title=\"branch ENI eni-") != std::string::npos);
  CHECK(dom.find("<span class=\"vlan\">vlan 1</span><span class=\"branch-id\">eni-") !=
        std::string::npos);
  CHECK(dom.find("<span class=\"branch-pod\">shop/payments-857fb59866-wvcr7</span><span "
                 "class=\"branch-sgs\">payments-pods</span><span "
                 "class=\"muted\">private-1a</span>") != std::string::npos);
  // The pod's own tooltip names its groups and its branch ENI.
  CHECK(dom.find("security groups: payments-pods (branch ENI eni-") != std::string::npos);
  // Clicked (opened by URL), the pod names its groups and branch ENI in its details.
  const std::string pod =
      chromium("--dump-dom", server.url() + "?t=480&pod=shop/payments-857fb59866-wvcr7");
  CHECK(pod.find("<div class=\"pod-sgs\">security groups: payments-pods, on branch ENI eni-") !=
        std::string::npos);
  CHECK(screenshot_bytes(server.url() + "?t=480&pod=shop/payments-857fb59866-wvcr7") > 60000);
  CHECK(server.stop() == 0);
}

TEST_CASE("every workshop lesson meets its expectations and draws a page that is not blank",
          "[serve][page][workshop]") {
  std::vector<std::string> lessons;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(EKSSIM_SOURCE_DIR) +
                                                               "/scenarios/workshop")) {
    if (entry.path().extension() == ".yaml") lessons.push_back(entry.path().string());
  }
  std::sort(lessons.begin(), lessons.end());
  REQUIRE(lessons.size() == 6);
  for (const std::string& lesson : lessons) {
    INFO(lesson);
    const std::string report =
        run(std::string(EKSSIM_BINARY) + " run '" + lesson + "' >/dev/null 2>&1; echo exit=$?");
    CHECK(report == "exit=0\n");
    Server server(lesson);
    CHECK(screenshot_bytes(server.url() + "?t=600") > 60000);
    CHECK(server.stop() == 0);
  }
}
