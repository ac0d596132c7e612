// expect: CI assertions. Each entry is exactly one check key plus an optional `name`; without a
// name, the entry's own text in YAML flow style names it ("podsRunning {within: 10m}"), which
// stays stable while the file around it changes.

#include <fmt/format.h>

#include "models/spec/failure_reasons.h"
#include "models/spec/kind_names.h"
#include "tools/scenario/edit_distance.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/traffic_fields.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {
namespace {

// Reads times and reports those past the end of the run.
class Times {
 public:
  Times(MapReader& map, std::optional<sim::Duration> run) : map_(map), run_(run) {}

  std::optional<sim::Duration> read(std::string_view key, Need need) {
    auto d = map_.duration(key, need);
    if (d && run_ && *d > *run_) {
      past_end(*map_.get(key), key, *d);
      return std::nullopt;
    }
    return d;
  }

  // `between: [start, end]`
  std::optional<spec::TimeWindow> window(std::string_view key) {
    auto node = map_.get(key);
    if (!node) return std::nullopt;
    Reader& reader = map_.reader();
    constexpr std::string_view kExpected = "a list of two times such as [5m, 25m]";
    auto items = reader.list(*node, key, kExpected);
    if (!items) return std::nullopt;
    if (items->size() != 2) {
      reader.error(*node, fmt::format("{} has {} times", key, items->size()),
                   std::string(kExpected));
      return std::nullopt;
    }
    auto start = reader.duration((*items)[0], fmt::format("{}[0]", key));
    auto end = reader.duration((*items)[1], fmt::format("{}[1]", key));
    if (!start || !end) return std::nullopt;
    if (*start > *end) {
      reader.error(*node,
                   fmt::format("{} starts at {}, after its end {}", key,
                               sim::format_duration(*start), sim::format_duration(*end)),
                   "[start, end] with start <= end");
      return std::nullopt;
    }
    if (run_ && *end > *run_) {
      past_end((*items)[1], key, *end);
      return std::nullopt;
    }
    return spec::TimeWindow{*start, *end};
  }

 private:
  void past_end(const YAML::Node& node, std::string_view key, sim::Duration d) {
    map_.reader().error(node,
                        fmt::format("{} {} is after the end of the run ({})", key,
                                    sim::format_duration(d), sim::format_duration(*run_)),
                        "a time within duration");
  }

  MapReader& map_;
  std::optional<sim::Duration> run_;
};

// Reads the filter keys this check accepts.
spec::PodFilter pod_filter(MapReader& map, bool node_group) {
  spec::PodFilter f;
  if (map.has("namespace")) f.ns = read_namespace(map);
  map.get("namespace");
  f.selector = map.string_map("selector");
  if (node_group) f.node_group = map.ref("nodeGroup", Need::kOptional, "a node group name");
  return f;
}

const std::vector<std::string> kSubjectKinds = {"deployment", "service", "nodeGroup", "host", "ip"};

std::optional<spec::Subject> subject(MapReader& parent, std::string_view key) {
  Reader& reader = parent.reader();
  auto node = parent.require(key,
                             "{deployment: NS/NAME}, {service: NS/NAME}, {nodeGroup: NAME}, "
                             "{host: NAME} or {ip: ADDRESS}");
  if (!node) return std::nullopt;
  MapReader map(reader, *node, std::string(key), "a reachability endpoint");
  if (!map.ok()) return std::nullopt;
  for (const std::string& k : kSubjectKinds)
    map.get(k);
  const std::vector<std::string> given = map.present(kSubjectKinds);
  if (map.finish() > 0 && given.empty()) return std::nullopt;
  if (given.size() != 1) {
    reader.error(*node, fmt::format("{} names {} endpoints", key, given.size()),
                 "exactly one of: " + join_names(kSubjectKinds));
    return std::nullopt;
  }
  spec::Subject s;
  s.location = map.location();
  const std::string& kind = given.front();
  if (kind == "ip") {
    auto ip = map.ipv4("ip", Need::kOptional);
    if (!ip) return std::nullopt;
    s.kind = spec::Subject::Kind::kAddress;
    s.address = *ip;
    return s;
  }
  auto text = map.text(kind, Need::kOptional, "a name");
  if (!text) return std::nullopt;
  s.location = location_of(*map.get(kind));
  if (kind == "deployment" || kind == "service") {
    s.kind = kind == "service" ? spec::Subject::Kind::kService : spec::Subject::Kind::kDeployment;
    const size_t slash = text->find('/');
    s.ns = slash == std::string::npos ? "default" : text->substr(0, slash);
    s.name = slash == std::string::npos ? *text : text->substr(slash + 1);
  } else {
    s.kind = kind == "host" ? spec::Subject::Kind::kHost : spec::Subject::Kind::kNodeGroup;
    s.name = *text;
  }
  return s;
}

// resolves and connects are made by a pod: of a Deployment, or on a node of a node group.
std::optional<spec::Subject> pod_subject(MapReader& map, std::string_view kind) {
  auto from = subject(map, "from");
  if (!from || from->kind == spec::Subject::Kind::kDeployment ||
      from->kind == spec::Subject::Kind::kNodeGroup) {
    return from;
  }
  map.reader().error(from->location,
                     fmt::format("{} is made from a pod, not from this endpoint", kind),
                     "from: {deployment: NS/NAME} or {nodeGroup: NAME}");
  return std::nullopt;
}

template <typename Reach>
std::optional<spec::Check> reach(MapReader& map, Times& times) {
  Reach r;
  auto from = subject(map, "from");
  auto to = subject(map, "to");
  auto port = map.integer("port", Need::kRequired, 1, 65535);
  if (auto p = map.one_of("protocol", Need::kOptional, {"tcp", "udp"})) {
    r.protocol = *p == "udp" ? net::Protocol::udp() : net::Protocol::tcp();
  }
  r.at = times.read("at", Need::kOptional);
  if (!from || !to || !port) return std::nullopt;
  r.from = *from;
  r.to = *to;
  r.port = static_cast<uint16_t>(*port);
  return r;
}

// `reasons: [SubnetExhausted, …]`: IP failure reason codes as the report spells them.
std::vector<std::string> ip_failure_reasons(Reader& reader, const YAML::Node& node) {
  static const std::vector<std::string> kKnown(spec::kIpFailureReasons.begin(),
                                               spec::kIpFailureReasons.end());
  std::vector<std::string> reasons;
  for_each_item(reader, node, "reasons", "a list of IP failure reasons such as SubnetExhausted",
                [&](const YAML::Node& item, const std::string&) {
                  if (auto r = reader.one_of(item, "IP failure reason", kKnown))
                    reasons.push_back(*r);
                });
  return reasons;
}

// `after` and `between` both bound the window from below: one at most.
bool at_most_one_window(MapReader& map, std::string_view kind) {
  if (!map.has("after") || !map.has("between")) return true;
  map.reader().error(map.location(), fmt::format("{} has both after and between", kind),
                     "at most one of: after, between");
  return false;
}

std::optional<spec::Check> load_check(MapReader& map, const std::string& kind, Times& times) {
  Reader& reader = map.reader();
  if (kind == "podsRunning") {
    auto pods = pod_filter(map, false);
    if (auto within = times.read("within", Need::kRequired))
      return spec::PodsRunning{pods, *within};
  } else if (kind == "noIpFailures") {
    spec::NoIpFailures n;
    n.pods = pod_filter(map, true);
    n.after = times.read("after", Need::kOptional);
    n.between = times.window("between");
    if (auto reasons = map.get("reasons")) n.reasons = ip_failure_reasons(reader, *reasons);
    if (!at_most_one_window(map, kind)) return std::nullopt;
    return n;
  } else if (kind == "ipFailures" || kind == "dnsFailures") {
    auto pods = pod_filter(map, true);
    auto at_least = map.integer("atLeast", Need::kOptional, 1, 10'000'000);
    auto between = times.window("between");
    if (kind == "ipFailures") return spec::IpFailures{pods, at_least.value_or(1), between};
    return spec::DnsFailures{pods, between, at_least.value_or(1)};
  } else if (kind == "subnetFreeIps") {
    auto subnet = map.ref("subnet", Need::kRequired, "a subnet name");
    auto at_least = map.integer("atLeast", Need::kRequired, 0, 1LL << 32);
    if (subnet && at_least) return spec::SubnetFreeIps{*subnet, *at_least};
  } else if (kind == "podStartLatency") {
    spec::PodStartLatency l;
    l.p50 = times.read("p50", Need::kOptional);
    l.p90 = times.read("p90", Need::kOptional);
    l.p99 = times.read("p99", Need::kOptional);
    if (map.has("namespace")) l.ns = read_namespace(map);
    map.get("namespace");
    if (map.present({"p50", "p90", "p99"}).empty()) {
      reader.error(map.location(), "podStartLatency has no percentile",
                   "at least one of: p50, p90, p99");
      return std::nullopt;
    }
    return l;
  } else if (kind == "reachable") {
    return reach<spec::Reachable>(map, times);
  } else if (kind == "unreachable") {
    return reach<spec::Unreachable>(map, times);
  } else if (kind == "nodesReady") {
    auto group = map.ref("nodeGroup", Need::kRequired, "a node group name");
    auto within = times.read("within", Need::kRequired);
    if (group && within) return spec::NodesReady{*group, *within};
  } else if (kind == "noDnsFailures") {
    spec::NoDnsFailures n;
    n.pods = pod_filter(map, true);
    n.after = times.read("after", Need::kOptional);
    n.between = times.window("between");
    if (!at_most_one_window(map, kind)) return std::nullopt;
    return n;
  } else if (kind == "resolves") {
    auto from = pod_subject(map, "resolves");
    auto name = map.text("name", Need::kRequired, "a DNS name");
    auto within = times.read("within", Need::kRequired);
    if (from && name && within) return spec::Resolves{*from, *name, *within};
  } else {
    auto from = pod_subject(map, "connects");
    auto to = map.text("to", Need::kRequired, "a DNS name");
    auto port = map.integer("port", Need::kRequired, 1, 65535);
    if (from && to && port) return spec::Connects{*from, *to, static_cast<uint16_t>(*port)};
  }
  return std::nullopt;
}

std::string flow_text(const YAML::Node& node) {
  if (node.IsNull()) return "{}";
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

}  // namespace

std::vector<spec::Expectation> load_expectations(Reader& reader, const YAML::Node& node,
                                                 std::optional<sim::Duration> run_duration) {
  std::vector<spec::Expectation> expectations;
  for_each_item(reader, node, "expect", "a list of expectations",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "an expectation");
                  if (!map.ok()) return;
                  spec::Expectation e;
                  e.location = map.location();
                  auto name = map.text("name", Need::kOptional, "the test case's name");
                  for (const std::string& k : spec::check_kind_names())
                    map.get(k);
                  const std::vector<std::string> given = map.present(spec::check_kind_names());
                  const size_t unknown = map.finish();
                  if (given.empty() && unknown > 0) return;
                  if (given.size() != 1) {
                    reader.error(e.location,
                                 given.empty() ? std::string("expectation has no check")
                                               : fmt::format("expectation has {} checks: {}",
                                                             given.size(), join_names(given)),
                                 "exactly one of: " + join_names(spec::check_kind_names()));
                    return;
                  }
                  const std::string& kind = given.front();
                  const YAML::Node args = *map.get(kind);
                  MapReader args_map(reader, args, kind, "the arguments of " + kind, true);
                  if (!args_map.ok()) return;
                  Times times(args_map, run_duration);
                  auto check = load_check(args_map, kind, times);
                  args_map.finish();
                  if (!check) return;
                  e.name = name.value_or(kind + " " + flow_text(args));
                  e.check = std::move(*check);
                  expectations.push_back(std::move(e));
                });
  return expectations;
}

}  // namespace ekssim::scenario
