#include "tools/serve/recording.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "models/cluster/node_rules.h"
#include "models/report/simulate.h"
#include "tools/serve/cluster_state.h"
#include "tools/serve/pod_story.h"
#include "tools/serve/timeline_marks.h"

namespace ekssim::serve {

namespace {

using nlohmann::json;

// About 720 instants per run, never closer than a second: a 40-minute run is kept every 4 s.
constexpr double kInstantsPerRun = 720;

}  // namespace

Recording::Recording(const spec::Scenario& scenario, uint64_t seed)
    : scenario_(scenario), seed_(seed) {
  report::SimulateOptions options;
  options.seed = seed;
  const report::RunReport report = report::simulate(scenario, options);

  world_ = std::make_unique<cluster::World>(scenario, seed);
  world_->trace().add_sink(&log_);
  world_->start();
  duration_ = scenario.duration.seconds_double();
  step_ = std::max(1.0, std::ceil(duration_ / kInstantsPerRun));
  for (double t = 0;; t = std::min(duration_, t + step_)) {
    world_->run_until(sim::Time::at(sim::Duration::from_seconds(t)));
    snapshot();
    record_rules();
    if (t >= duration_) break;
  }
  build_timeline(report);
}

Recording::~Recording() = default;

void Recording::snapshot() {
  json state = cluster_state(*world_, world_->kernel().now());
  const double t = state["t"].get<double>();
  state.erase("t");
  std::string text = state.dump();
  if (states_.empty() || states_.back() != text) states_.push_back(std::move(text));
  instants_.push_back({t, states_.size() - 1});
}

void Recording::record_rules() {
  const double t = world_->kernel().now().seconds_double();
  for (const auto& group : world_->node_groups()) {
    for (const auto& agent : group->nodes()) {
      if (agent->terminated()) continue;
      std::optional<std::string> text = cluster::render_node_iptables(*world_, agent->name());
      if (!text) continue;
      auto& versions = rules_[agent->name()];
      if (!versions.empty() && rules_texts_[versions.back().text] == *text) continue;
      rules_texts_.push_back(std::move(*text));
      versions.push_back({t, rules_texts_.size() - 1});
    }
  }
}

void Recording::build_timeline(const report::RunReport& report) {
  json pods = json::array();
  std::set<std::string> seen;
  json nodes = json::array();
  for (const RecordedEvent& e : log_.events()) {
    if (e.kind == "PodCreated") {
      const std::string key = field_text(e, "namespace") + "/" + field_text(e, "pod");
      if (seen.insert(key).second) pods.push_back(key);
    } else if (e.kind == "NodeLaunched") {
      nodes.push_back({{"name", field_text(e, "node")}, {"group", field_text(e, "nodeGroup")}});
    }
  }
  json causes = json::array();
  for (const report::CauseSummary& c : report.top_causes) {
    causes.push_back({{"kind", c.kind},
                      {"reason", c.reason},
                      {"cause", c.cause},
                      {"fix", c.fix},
                      {"failures", c.failures},
                      {"pods", c.pods},
                      {"firstAt", c.first_at},
                      {"firstPod", c.first_pod}});
  }
  json expectations = json::array();
  for (const report::ExpectationResult& x : report.expectations) {
    expectations.push_back({{"name", x.name}, {"passed", x.passed}, {"detail", x.detail}});
  }
  json timeline = {{"scenario", scenario_.metadata.name},
                   {"description", scenario_.metadata.description},
                   {"seed", seed_},
                   {"duration", duration_},
                   {"step", step_},
                   {"digest", report.digest},
                   {"marks", timeline_marks(scenario_, log_.events(), report)},
                   {"causes", std::move(causes)},
                   {"expectations", std::move(expectations)},
                   {"pods", std::move(pods)},
                   {"nodes", std::move(nodes)}};
  timeline_ = timeline.dump();
}

std::string Recording::state_json(double seconds) const {
  seconds = std::clamp(seconds, 0.0, duration_);
  // The last instant at or before `seconds`; the first is at 0.
  auto it = std::upper_bound(instants_.begin(), instants_.end(), seconds,
                             [](double s, const Instant& i) { return s < i.t; });
  const Instant& at = *std::prev(it);
  json events = json::array();
  const auto& all = log_.events();
  auto from = std::upper_bound(all.begin(), all.end(), at.t,
                               [](double s, const RecordedEvent& e) { return s < e.t; });
  constexpr size_t kMaxDeltaEvents = 500;
  for (; from != all.end() && from->t <= seconds && events.size() < kMaxDeltaEvents; ++from) {
    events.push_back({{"t", from->t}, {"kind", from->kind}, {"fields", from->fields}});
  }
  // Pods whose lookups, connections or sandboxes failed in the minute up to `seconds`.
  constexpr double kFailingWindow = 60;
  std::set<std::string> failing;
  for (auto it = std::lower_bound(all.begin(), all.end(), seconds - kFailingWindow,
                                  [](const RecordedEvent&e, double s) { return e.t < s; });
       it != all.end() && it->t <= seconds; ++it) {
    if (it->kind == "DnsLookupFailed" || it->kind == "ConnectFailed" ||
        it->kind == "PodSandboxFailed") {
      failing.insert(field_text(*it, "namespace") + "/" + field_text(*it, "pod"));
    }
  }
  // The stored state is spliced in as text: it was serialised once, when recorded.
  json head = {
      {"t", seconds}, {"instant", at.t}, {"events", std::move(events)}, {"failing", failing}};
  std::string out = head.dump();
  out.pop_back();  // the closing brace
  out += ",\"cluster\":" + states_[at.state] + "}";
  return out;
}

std::optional<std::string> Recording::pod_json(std::string_view ns, std::string_view name) const {
  std::optional<json> story = pod_story(*world_, log_.events(), ns, name);
  if (!story) return std::nullopt;
  return story->dump();
}

std::optional<std::string> Recording::node_json(std::string_view name, double seconds) const {
  json launched;
  json pool = json::array();
  json history = json::array();
  for (const RecordedEvent& e : log_.events()) {
    if (e.fields.value("node", std::string()) != name) continue;
    if (e.kind == "NodeLaunched") launched = e.fields;
    if (e.kind == "IpamdPoolChanged") {
      pool.push_back({{"t", e.t},
                      {"what", e.fields["what"]},
                      {"enis", e.fields["enis"]},
                      {"total", e.fields["ipsTotal"]},
                      {"assigned", e.fields["ipsAssigned"]},
                      {"why", e.fields["why"]}});
    }
    if (e.kind != "IpamdPoolChanged" && e.kind != "Ec2ApiCalled" && history.size() < 400) {
      history.push_back({{"t", e.t}, {"kind", e.kind}, {"fields", e.fields}});
    }
  }
  if (launched.is_null()) return std::nullopt;
  json rules = nullptr;
  json rules_at = nullptr;
  const auto found = rules_.find(name);
  if (found != rules_.end()) {
    for (const RulesVersion& v : found->second) {
      if (v.t > seconds && !rules.is_null()) break;
      rules = rules_texts_[v.text];
      rules_at = v.t;
    }
  }
  return json({{"name", std::string(name)},
               {"launched", launched},
               {"pool", pool},
               {"events", history},
               {"iptables", rules},
               {"iptablesSince", rules_at}})
      .dump();
}

}  // namespace ekssim::serve
