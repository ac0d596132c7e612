#pragma once
// What `ekssim serve` answers, as a pure function of the request line over recorded runs:
//
//   GET /                      the page (assets compiled in: assets.h)
//   GET /app.js, /style.css    its script and style
//   GET /api/scenarios         [{"index", "scenario"}] the runs served
//   GET /api/timeline?s=I      run I's timeline (recording.h)
//   GET /api/state?s=I&t=SEC   the cluster at SEC seconds
//   GET /api/pod/NS/NAME?s=I   a pod's story
//   GET /api/node/NAME?s=I&t=SEC  a node: ipamd's pool over time, its iptables as of SEC
//   GET /api/explain?s=I&from=F&to=T&protocol=P&at=D   `ekssim explain`'s text, by `explain`
//
// Every route but explain only reads the recordings, so calls may run on two threads at once (the
// ExplainFn given must allow that too). Anything else is a clean 4xx: 405 for a method other than GET, 404 for a path outside
// this list, 400 for a path with characters outside [A-Za-z0-9._/-] or "..", a bad number or a
// missing parameter.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tools/serve/http_server.h"
#include "tools/serve/recording.h"

namespace ekssim::serve {

struct ExplainQuery {
  size_t scenario = 0;
  std::string from, to, protocol, at;
};
// Runs `ekssim explain` (the command's own code, injected by the command layer).
using ExplainFn = std::function<HttpResponse(const ExplainQuery&)>;

class Routes {
 public:
  Routes(std::vector<const Recording*> runs, ExplainFn explain);
  HttpResponse operator()(std::string_view method, std::string_view target) const;
  // Explain simulates the scenario up to its time: the server runs it on a worker (http_server.h).
  static bool is_slow(std::string_view target);

 private:
  HttpResponse api(std::string_view path, const std::string& query) const;
  std::vector<const Recording*> runs_;
  ExplainFn explain_;
};

// %XX and '+' decoded; none for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);
// The value of `key` in a query string ("a=1&b=2"), decoded; none when absent or malformed.
std::optional<std::string> query_value(std::string_view query, std::string_view key);

}  // namespace ekssim::serve
