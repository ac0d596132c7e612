// `ekssim serve`'s server over loopback, in process: the routes, paths outside the whitelist,
// oversized and malformed requests, concurrent clients and a clean stop.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <sstream>
#include <thread>
#include <vector>

#include "tools/scenario/loader.h"
#include "tools/serve/http_server.h"
#include "tools/serve/recording.h"
#include "tools/serve/routes.h"

using namespace ekssim;

namespace {

const scenario::LoadResult& seed_story() {
  static const scenario::LoadResult loaded = scenario::load_scenario_file(
      std::string(EKSSIM_SOURCE_DIR) + "/scenarios/new-asg-missing-sg-rules.yaml");
  return loaded;
}

const serve::Recording& recording() {
  static const serve::Recording run(*seed_story().scenario, 7);
  return run;
}

// One server on a free port, served from its own thread for the test's life.
struct LiveServer {
  explicit LiveServer(serve::HttpLimits limits = {}) : server{std::ref(routes), limits, log} {}
  std::ostringstream log;
  serve::Routes routes{{&recording()}, [](const serve::ExplainQuery& q) {
                         return serve::HttpResponse{200, "text/plain", "explain " + q.from};
                       }};
  serve::HttpServer server;
  uint16_t port = server.listen(0);
  std::thread thread{[this] { server.run(false); }};
  ~LiveServer() {
    server.stop();
    thread.join();
  }
};

int connect_to(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// Sends `raw` on a new connection and reads until the server closes it.
std::string round_trip(uint16_t port, const std::string& raw) {
  const int fd = connect_to(port);
  size_t sent = 0;
  while (sent < raw.size()) {
    const ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading it all
    sent += static_cast<size_t>(n);
  }
  std::string out;
  char buffer[65536];
  for (int reads = 0; reads < 100000; ++reads) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string get(uint16_t port, const std::string& target) {
  return round_trip(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}

std::string status_line(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

}  // namespace

TEST_CASE("serve answers the page, its assets and every API route of the seed story",
          "[serve][http]") {
  REQUIRE(seed_story().ok());
  LiveServer live;
  const std::string page = get(live.port, "/");
  CHECK(status_line(page) == "HTTP/1.1 200 OK");
  CHECK(page.find("Content-Type: text/html; charset=utf-8") != std::string::npos);
  CHECK(page.find("<script src=\"/app.js\"></script>") != std::string::npos);
  CHECK(status_line(get(live.port, "/app.js")) == "HTTP/1.1 200 OK");
  CHECK(status_line(get(live.port, "/style.css")) == "HTTP/1.1 200 OK");
  const std::string timeline = get(live.port, "/api/timeline");
  CHECK(timeline.find("\"scenario\":\"new-asg-missing-sg-rules\"") != std::string::npos);
  CHECK(timeline.find("addSecurityGroupRule nodes-old (ingress)") != std::string::npos);
  const std::string state = get(live.port, "/api/state?t=1500");
  CHECK(state.find("\"name\":\"ip-10-0-7-226.ec2.internal\"") != std::string::npos);
  CHECK(state.find("\"state\":\"assigned\"") != std::string::npos);
  const std::string story = get(live.port, "/api/pod/airflow/airflow-scheduler-58b56c5567-mvf5h");
  CHECK(story.find("\"candidate\":\"airflow-pgbouncer.airflow.svc.cluster.local.\"") !=
        std::string::npos);
  CHECK(story.find("WARM_ENI_TARGET 1: 0 available < 1 × 14 per ENI") != std::string::npos);
  const std::string node = get(live.port, "/api/node/ip-10-0-7-226.ec2.internal?t=1500");
  CHECK(node.find("*nat") != std::string::npos);
  CHECK(get(live.port, "/api/explain?from=pod%2Fairflow%2Fa&to=b%3A1")
            .find("explain pod/airflow/a") != std::string::npos);
}

TEST_CASE("serve answers a clean 4xx to paths, methods and parameters it does not serve",
          "[serve][http]") {
  LiveServer live;
  CHECK(status_line(get(live.port, "/etc/passwd")) == "HTTP/1.1 404 Not Found");
  CHECK(status_line(get(live.port, "/../CMakeLists.txt")) == "HTTP/1.1 400 Bad Request");
  CHECK(status_line(get(live.port, "/%2e%2e/x")) == "HTTP/1.1 400 Bad Request");
  CHECK(status_line(get(live.port, "/api/pod/airflow/nobody")) == "HTTP/1.1 404 Not Found");
  CHECK(status_line(get(live.port, "/api/node/nowhere")) == "HTTP/1.1 404 Not Found");
  CHECK(status_line(get(live.port, "/api/state?t=soon")) == "HTTP/1.1 400 Bad Request");
  CHECK(status_line(get(live.port, "/api/state?s=3")) == "HTTP/1.1 400 Bad Request");
  CHECK(status_line(get(live.port, "/api/explain?from=pod%2Fx")) == "HTTP/1.1 400 Bad Request");
  CHECK(status_line(round_trip(live.port,
                               "POST /api/timeline HTTP/1.1\r\nHost: x\r\n"
                               "Content-Length: 2\r\nConnection: close\r\n\r\nhi")) ==
        "HTTP/1.1 405 Method Not Allowed");
}

TEST_CASE("serve refuses oversized and malformed requests and logs one line per request",
          "[serve][http]") {
  LiveServer live;
  CHECK(status_line(round_trip(live.port,
                               "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                                   "\r\n\r\n")) == "HTTP/1.1 431 Request Header Fields Too Large");
  CHECK(status_line(round_trip(live.port,
                               "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                               "\r\n" +
                                   std::string(100000, 'b'))) == "HTTP/1.1 413 Payload Too Large");
  CHECK(status_line(round_trip(live.port, "NOT HTTP AT ALL\r\n\r\n")) ==
        "HTTP/1.1 400 Bad Request");
  CHECK(get(live.port, "/api/timeline").find("200 OK") != std::string::npos);
  live.server.stop();
  live.thread.join();
  live.thread = std::thread([] {});
  const std::string log = live.log.str();
  CHECK(log.find("ekssim serve: GET /api/timeline 200 ") != std::string::npos);
  CHECK(log.find("ekssim serve: - 431 ") != std::string::npos);
  CHECK(log.find("ekssim serve: - 413 ") != std::string::npos);
  CHECK(log.find("ekssim serve: - 400 ") != std::string::npos);
}

TEST_CASE("serve answers concurrent clients and stops cleanly with requests served counted",
          "[serve][http]") {
  LiveServer live;
  constexpr int kClients = 8;
  constexpr int kRequests = 5;
  std::vector<std::thread> clients;
  std::vector<int> ok(kClients, 0);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&live, &ok, c] {
      for (int r = 0; r < kRequests; ++r) {
        const std::string t = std::to_string(c * 300 + r * 10);
        if (get(live.port, "/api/state?t=" + t).find("HTTP/1.1 200 OK") == 0) ++ok[c];
      }
    });
  }
  for (auto& client : clients)
    client.join();
  for (int c = 0; c < kClients; ++c)
    CHECK(ok[c] == kRequests);
  CHECK(live.server.requests_served() == kClients * kRequests);
}

TEST_CASE("serve answers 503 past its connection limit and closes a connection past its requests",
          "[serve][http]") {
  serve::HttpLimits limits;
  limits.max_connections = 2;
  limits.max_requests_per_connection = 2;
  LiveServer live(limits);
  // Two idle connections take the two places; the third is refused.
  const int a = connect_to(live.port);
  const int b = connect_to(live.port);
  CHECK(status_line(get(live.port, "/api/timeline")) == "HTTP/1.1 503 Service Unavailable");
  ::close(a);
  ::close(b);
  // Once they are gone (the server notices the close), a client gets in again. Bounded wait.
  std::string answer;
  for (int tries = 0; tries < 100 && answer.find("200 OK") == std::string::npos; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    answer = get(live.port, "/style.css");
  }
  CHECK(status_line(answer) == "HTTP/1.1 200 OK");
  // Three keep-alive requests on one connection: the second answer says close, the third is
  // never read.
  const std::string three = round_trip(
      live.port,
      "GET /style.css HTTP/1.1\r\nHost: x\r\n\r\nGET /style.css HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
  size_t answers = 0;
  for (size_t at = three.find("HTTP/1.1 200 OK"); at != std::string::npos;
       at = three.find("HTTP/1.1 200 OK", at + 1)) {
    ++answers;
  }
  CHECK(answers == 2);
  CHECK(three.find("Connection: close") != std::string::npos);
}

TEST_CASE("serve answers other requests while a slow one (explain) runs on a worker",
          "[serve][http]") {
  // The slow request waits until a fast one has been answered: a server that answered one
  // request at a time would hold the fast one behind it until the slow one gave up.
  std::promise<void> fast_answered, slow_started;
  std::shared_future<void> released = fast_answered.get_future().share();
  std::future<void> started = slow_started.get_future();
  std::once_flag once;
  auto handler = [&](std::string_view, std::string_view target) {
    if (target == "/slow") {
      slow_started.set_value();
      const bool in_time = released.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
      return serve::HttpResponse{200, "text/plain", in_time ? "released" : "timed out"};
    }
    std::call_once(once, [&] { fast_answered.set_value(); });
    return serve::HttpResponse{200, "text/plain", "fast"};
  };
  std::ostringstream log;
  serve::HttpServer server(handler, serve::HttpLimits{}, log,
                           [](std::string_view target) { return target == "/slow"; });
  const uint16_t port = server.listen(0);
  std::thread io([&] { server.run(false); });
  std::string slow_answer;
  std::thread slow_client([&] { slow_answer = get(port, "/slow"); });
  REQUIRE(started.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  const std::string fast_answer = get(port, "/fast");
  slow_client.join();
  server.stop();
  io.join();
  CHECK(status_line(fast_answer) == "HTTP/1.1 200 OK");
  CHECK(fast_answer.substr(fast_answer.size() - 4) == "fast");
  CHECK(slow_answer.substr(slow_answer.size() - 8) == "released");
  CHECK(server.requests_served() == 2);
}

TEST_CASE("only explain goes to the workers", "[serve][http]") {
  CHECK(serve::Routes::is_slow("/api/explain?s=0&from=pod/default/a&to=kube-dns:53"));
  CHECK_FALSE(serve::Routes::is_slow("/api/state?s=0&t=10"));
  CHECK_FALSE(serve::Routes::is_slow("/"));
}
