#pragma once
// A small HTTP/1.1 server on Boost.Beast for `ekssim serve`: one I/O thread, asynchronous, bound
// to 127.0.0.1 only. It hands every request's method and target to a Handler and writes back what
// the handler answers; it never touches the file system. Requests the SlowRequest predicate names
// (explain, which simulates the scenario up to a time) run on a small worker pool, so a long one
// does not hold up the page's other requests; the handler must then be safe to call from two
// threads at once. Bounded: header and body sizes, open
// connections, requests per connection and idle time are capped, and a request over a cap gets
// a clean 4xx (413 body, 431 headers, 400 malformed, 503 too many connections) before the
// connection closes. One log line per request ("GET /api/timeline 200 1234"). run() returns on
// stop() or, when asked, on SIGINT or SIGTERM.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace ekssim::serve {

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

using HttpHandler = std::function<HttpResponse(std::string_view method, std::string_view target)>;
// Whether a request target is slow enough for the worker pool.
using SlowRequest = std::function<bool(std::string_view target)>;

struct HttpLimits {
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 1024;  // the API takes no body; a little is tolerated
  size_t max_connections = 64;
  size_t max_requests_per_connection = 1000;
  int idle_seconds = 30;
  size_t worker_threads = 2;  // for slow requests; more wait in the pool's queue
};

class HttpServer {
 public:
  HttpServer(HttpHandler handler, HttpLimits limits, std::ostream& log, SlowRequest slow = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds 127.0.0.1:`port` (0: any free port) and returns the port bound. Throws
  // std::runtime_error with the reason when it cannot bind.
  uint16_t listen(uint16_t port);
  // Serves until stop() (from any thread) or, with `on_signals`, SIGINT or SIGTERM.
  void run(bool on_signals);
  void stop();
  size_t requests_served() const;

  struct Impl;  // Asio's context, the acceptor and the counters; sessions reach it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ekssim::serve
