#include "tools/serve/pod_story.h"

#include <fmt/format.h>

#include <map>

#include "tools/serve/dns_walk.h"

namespace ekssim::serve {

namespace {

using nlohmann::json;

constexpr size_t kMaxEntries = 400;

std::string seconds_text(double s) {
  if (s < 1e-3 && s > 0) return fmt::format("{:.0f}µs", s * 1e6);
  if (s < 1) return fmt::format("{:.0f}ms", s * 1e3);
  return fmt::format("{:.3g}s", s);
}

struct StoryBuilder {
  const cluster::World& world;
  std::string_view ns;
  std::string_view name;
  json entries;
  std::map<std::string, std::string> last_pool_why;  // per node: IpamdPoolChanged::why
  std::map<std::string, json> walks;                 // per lookup outcome

  void add(const RecordedEvent& e, std::string title, std::string detail = {}) {
    // Retries (the scheduler's, kubelet's) repeat the last entry: count them instead.
    if (!entries.empty() && entries.back()["kind"] == e.kind && entries.back()["title"] == title &&
        e.kind != "DnsLookupFailed" && e.kind != "DnsLookupSucceeded") {
      entries.back()["count"] = entries.back()["count"].get<int>() + 1;
      entries.back()["until"] = e.t;
      return;
    }
    if (entries.size() >= kMaxEntries) return;
    json entry = {{"t", e.t},
                  {"until", e.t},
                  {"count", 1},
                  {"kind", e.kind},
                  {"title", std::move(title)},
                  {"detail", std::move(detail)}};
    for (const char* key : {"cause", "fix", "message"}) {
      const std::string v = field_text(e, key);
      if (!v.empty()) entry[key] = v;
    }
    entries.push_back(std::move(entry));
  }

  // DNS lookups repeat every few seconds: the same name and outcome extend the last entry.
  bool folded(const RecordedEvent& e, const std::string& title) {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if ((*it)["kind"] != "DnsLookupFailed" && (*it)["kind"] != "DnsLookupSucceeded") continue;
      if ((*it)["kind"] != e.kind || (*it)["title"] != title) return false;
      (*it)["count"] = (*it)["count"].get<int>() + 1;
      (*it)["until"] = e.t;
      return true;
    }
    return false;
  }

  void lookup(const RecordedEvent& e) {
    const bool ok = e.kind == "DnsLookupSucceeded";
    const std::string host = field_text(e, "name");
    LookupOutcome outcome;
    outcome.resolved = ok;
    const std::string reason = field_text(e, "reason");
    outcome.reason = reason;
    outcome.queries = e.fields.value("queries", int64_t{0});
    const std::string title = ok ? fmt::format("resolved {} ({} queries)", host, outcome.queries)
                                 : fmt::format("lookup of {} failed: {}", host, reason);
    if (folded(e, title)) return;
    const std::string key = fmt::format("{}|{}|{}|{}", ok, host, reason, outcome.queries);
    auto walk = walks.find(key);
    if (walk == walks.end())
      walk = walks.emplace(key, dns_walk(world, ns, name, host, outcome)).first;
    add(e, title, fmt::format("took {}", seconds_text(e.fields.value("elapsed", 0.0))));
    if (entries.size() < kMaxEntries) entries.back()["walk"] = walk->second;
  }

  void ip_assigned(const RecordedEvent& e) {
    const std::string node = field_text(e, "node");
    std::string detail = fmt::format("ipamd gave {} from {} on {} ({} assigned on the node now)",
                                     field_text(e, "ip"), field_text(e, "eni"), node,
                                     e.fields.value("ipsAssigned", int64_t{0}));
    const auto why = last_pool_why.find(node);
    if (why != last_pool_why.end() && !why->second.empty()) {
      detail += "; the warm pool it came from: " + why->second;
    }
    add(e, "IP " + field_text(e, "ip") + " assigned", std::move(detail));
  }

  void pod_event(const RecordedEvent& e) {
    const std::string node = field_text(e, "node");
    if (e.kind == "PodCreated") {
      add(e, "created", "by " + field_text(e, "owner"));
    } else if (e.kind == "PodScheduled") {
      add(e, "scheduled on " + node);
    } else if (e.kind == "PodFailedScheduling") {
      add(e, "not scheduled");
    } else if (e.kind == "IpamdAssignFailed") {
      add(e, "ipamd had no address: " + field_text(e, "reason"));
    } else if (e.kind == "PodSandboxFailed") {
      add(e, "sandbox failed: " + field_text(e, "reason"));
    } else if (e.kind == "PodIpAssigned") {
      ip_assigned(e);
    } else if (e.kind == "PodSandboxCreated") {
      add(e, "sandbox created",
          "eth0 " + field_text(e, "ip") + " on " + field_text(e, "interface"));
    } else if (e.kind == "PodRunning") {
      add(e, "Running", field_text(e, "ip") + " on " + node);
    } else if (e.kind == "DnsLookupFailed" || e.kind == "DnsLookupSucceeded") {
      lookup(e);
    } else if (e.kind == "ConnectFailed") {
      add(e, "connection to " + field_text(e, "target") + " failed: " + field_text(e, "reason"));
    } else if (e.kind == "PodTerminating") {
      add(e, "terminating");
    } else if (e.kind == "PodDeleted") {
      add(e, "deleted");
    }
  }
};

// What the pod's workload does (scenario `traffic`), for the page's "explain" buttons: the
// connections it makes, and its lookups' path to kube-dns.
json workload_traffic(const spec::Scenario& scenario, std::string_view ns, std::string_view pod) {
  json out = json::array();
  for (const spec::Workload& w : scenario.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr || d->ns != ns || pod.rfind(d->name + "-", 0) != 0) continue;
    for (const spec::Traffic& t : d->traffic) {
      if (t.kind == spec::Traffic::Kind::kConnect) {
        out.push_back({{"kind", "connect"},
                       {"to", t.host + ":" + std::to_string(t.port)},
                       {"protocol", t.protocol.to_string()}});
      } else {
        out.push_back({{"kind", "resolve"}, {"name", t.host}});
      }
    }
  }
  return out;
}

}  // namespace

std::optional<json> pod_story(const cluster::World& world, const std::vector<RecordedEvent>& events,
                              std::string_view ns, std::string_view name) {
  StoryBuilder story{world, ns, name, json::array(), {}, {}};
  std::string node;
  std::string ip;
  bool seen = false;
  for (const RecordedEvent& e : events) {
    if (e.kind == "IpamdPoolChanged") {
      story.last_pool_why[field_text(e, "node")] = field_text(e, "why");
      continue;
    }
    if (field_text(e, "pod") != name || field_text(e, "namespace") != ns) continue;
    seen = true;
    if (const std::string n = field_text(e, "node"); !n.empty()) node = n;
    if (e.kind == "PodIpAssigned") ip = field_text(e, "ip");
    story.pod_event(e);
  }
  if (!seen) return std::nullopt;
  return json{{"ns", std::string(ns)},
              {"name", std::string(name)},
              {"node", node},
              {"ip", ip},
              {"traffic", workload_traffic(world.scenario(), ns, name)},
              {"entries", std::move(story.entries)}};
}

}  // namespace ekssim::serve
