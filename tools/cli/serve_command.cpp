#include "tools/cli/serve_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "models/cluster/explain.h"
#include "sim/invariant.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/explain_format.h"
#include "tools/cli/subcommands.h"
#include "tools/import/resolve.h"
#include "tools/scenario/loader.h"
#include "tools/serve/http_server.h"
#include "tools/serve/recording.h"
#include "tools/serve/routes.h"

namespace ekssim::cli {

namespace {

constexpr const char* kPrefix = "ekssim serve: error: ";

// `ekssim explain` over a loaded scenario, its answers kept (the page asks the same ones again).
// Called from the server's workers, two at a time: each call simulates its own World, and only
// the cache is shared.
class ExplainService {
 public:
  ExplainService(std::vector<const spec::Scenario*> scenarios, std::vector<uint64_t> seeds)
      : scenarios_(std::move(scenarios)), seeds_(std::move(seeds)) {}

  serve::HttpResponse operator()(const serve::ExplainQuery& q) {
    const std::string key =
        std::to_string(q.scenario) + "\n" + q.from + "\n" + q.to + "\n" + q.protocol + "\n" + q.at;
    {
      const std::lock_guard lock(mutex_);
      if (const auto hit = cache_.find(key); hit != cache_.end()) return hit->second;
    }
    serve::HttpResponse response = compute(q);
    constexpr size_t kMaxCached = 256;
    const std::lock_guard lock(mutex_);
    if (cache_.size() < kMaxCached) cache_.emplace(key, response);
    return response;
  }

 private:
  serve::HttpResponse compute(const serve::ExplainQuery& q) const {
    const spec::Scenario& scenario = *scenarios_[q.scenario];
    sim::Duration at = scenario.duration;
    if (!q.at.empty()) {
      const auto parsed = sim::parse_duration(q.at);
      if (!parsed || *parsed > scenario.duration) {
        return {400, "text/plain", "at: expected a duration within the run, such as 20m\n"};
      }
      at = *parsed;
    }
    const auto protocol = net::Protocol::parse(q.protocol);
    if (!protocol) return {400, "text/plain", "protocol: expected tcp, udp or icmp\n"};
    try {
      cluster::World world(scenario, seeds_[q.scenario]);
      world.start();
      world.run_until(sim::Time::at(at));
      const cluster::Explanation e = cluster::explain(world, at, q.from, q.to, *protocol);
      return {200, "text/plain; charset=utf-8", format_explanation_text(e, seeds_[q.scenario])};
    } catch (const cluster::ExplainError& e) {
      return {400, "text/plain; charset=utf-8", std::string(e.what()) + "\n"};
    }
  }

  std::vector<const spec::Scenario*> scenarios_;
  std::vector<uint64_t> seeds_;
  std::mutex mutex_;  // guards cache_
  std::map<std::string, serve::HttpResponse> cache_;
};

}  // namespace

int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<scenario::LoadResult> loaded;
  bool ok = true;
  for (const std::string& file : options.scenarios) {
    loaded.push_back(import::load_scenario_file(file));
    if (!loaded.back().ok()) {
      err << scenario::format_diagnostics(loaded.back().diagnostics);
      ok = false;
    }
  }
  if (!ok) return kExitBadInput;
  std::vector<std::unique_ptr<serve::Recording>> runs;
  std::vector<const serve::Recording*> views;
  std::vector<const spec::Scenario*> scenarios;
  std::vector<uint64_t> seeds;
  try {
    for (const auto& l : loaded) {
      const uint64_t seed = options.seed.value_or(l.scenario->seed);
      runs.push_back(std::make_unique<serve::Recording>(*l.scenario, seed));
      views.push_back(runs.back().get());
      scenarios.push_back(&*l.scenario);
      seeds.push_back(seed);
      err << "ekssim serve: recorded " << l.scenario->metadata.name << " (seed " << seed
          << "): " << runs.back()->events().size() << " events, " << runs.back()->instants()
          << " instants, " << runs.back()->distinct_states() << " distinct states\n";
    }
  } catch (const sim::InvariantViolation& e) {
    err << e.what() << "\n";
    return kExitInternalError;
  }
  auto explain = std::make_shared<ExplainService>(scenarios, seeds);
  serve::Routes routes(views, [explain](const serve::ExplainQuery& q) { return (*explain)(q); });
  serve::HttpServer server(std::ref(routes), serve::HttpLimits{}, err, serve::Routes::is_slow);
  uint16_t port = 0;
  try {
    port = server.listen(options.port);
  } catch (const std::exception& e) {
    err << kPrefix << e.what() << "\n";
    return kExitBadInput;
  }
  out << "ekssim serve: open http://127.0.0.1:" << port << "/  (Ctrl-C stops)\n" << std::flush;
  server.run(true);
  err << "ekssim serve: stopped after " << server.requests_served() << " requests\n";
  return kExitOk;
}

void add_serve_subcommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand(
      "serve", "Record a run and browse it in a web page: the VPC, ENIs, pods, stories");
  sub->add_option("scenario", options->scenarios, "scenario files")->required();
  sub->add_option("--port", options->port, "port on 127.0.0.1 (0: any free port)")
      ->capture_default_str();
  sub->add_option("--seed", options->seed, "override the scenarios' seeds");
  sub->callback([options, &exit_code] { exit_code = run_serve(*options, std::cout, std::cerr); });
}

}  // namespace ekssim::cli
