#pragma once
// Shared pieces for the Kubernetes model tests: a world (kernel, trace, API server), builders for
// nodes and pod templates, a trace recorder that keeps events as one line of text each, and a
// fake NetworkPlugin.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/k8s/api_server.h"
#include "models/k8s/network_plugin.h"
#include "sim/kernel.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace ekssim::k8s::testing {

// Records every trace event as "<time> <Kind> name=value …", e.g.
// "1.5s PodScheduled namespace=default pod=web node=n1". kinds_ filters when not empty.
class TraceRecorder final : public sim::TraceSink {
 public:
  explicit TraceRecorder(std::vector<std::string> kinds = {}) : kinds_(std::move(kinds)) {}

  void record(sim::Time time, const sim::EventView& event) override {
    if (!kinds_.empty() && std::find(kinds_.begin(), kinds_.end(), event.kind()) == kinds_.end()) {
      return;
    }
    Writer writer;
    writer.line = sim::format_time(time) + " " + std::string(event.kind());
    event.write(writer);
    lines.push_back(std::move(writer.line));
  }

  std::vector<std::string> lines;

 private:
  struct Writer final : sim::FieldWriter {
    void integer(std::string_view name, int64_t value) override {
      add(name, std::to_string(value));
    }
    void number(std::string_view name, double value) override { add(name, std::to_string(value)); }
    void text(std::string_view name, std::string_view value) override { add(name, value); }
    void flag(std::string_view name, bool value) override { add(name, value ? "true" : "false"); }
    void duration(std::string_view name, sim::Duration value) override {
      add(name, sim::format_duration(value));
    }
    void add(std::string_view name, std::string_view value) {
      line += " ";
      line += name;
      line += "=";
      line += value;
    }
    std::string line;
  };
  std::vector<std::string> kinds_;
};

inline sim::Time at(double seconds) {
  return sim::Time::at(sim::Duration::from_seconds(seconds));
}
inline sim::Time at_ms(int64_t ms) {
  return sim::Time::at(sim::Duration::milliseconds(ms));
}

struct World {
  World() { trace.add_sink(&recorder); }

  NodeSpec node(std::string name, int32_t max_pods = 110, int64_t cpu_millis = 2000,
                int64_t memory_bytes = int64_t{8} << 30) {
    NodeSpec spec;
    spec.name = std::move(name);
    spec.internal_ip = net::Ipv4::from_octets(10, 0, 0, static_cast<uint8_t>(++node_count));
    spec.max_pods = max_pods;
    spec.cpu_millis = cpu_millis;
    spec.memory_bytes = memory_bytes;
    return spec;
  }
  NodeId add_ready_node(NodeSpec spec) {
    return api.register_node(std::move(spec), NodeReadiness::kTrue, "KubeletReady",
                             "kubelet is posting ready status");
  }
  Taint taint(std::string_view key, std::string_view value,
              TaintEffect effect = TaintEffect::kNoSchedule) {
    return Taint{api.strings().intern(key), api.strings().intern(value), effect};
  }
  Toleration toleration(std::string_view key, std::string_view value) {
    Toleration t;
    t.key = api.strings().intern(key);
    t.value = api.strings().intern(value);
    return t;
  }
  PodTemplate pod_spec(std::string_view ns = "default", int64_t cpu_millis = 0,
                       int64_t memory_bytes = 0) {
    PodTemplate spec;
    spec.ns = api.strings().intern(ns);
    spec.cpu_millis = cpu_millis;
    spec.memory_bytes = memory_bytes;
    return spec;
  }
  std::vector<std::string> lines(std::string_view kind) const {
    std::vector<std::string> out;
    for (const std::string& line : recorder.lines) {
      const size_t space = line.find(' ');
      if (line.compare(space + 1, kind.size() + 1, std::string(kind) + " ") == 0) {
        out.push_back(line);
      }
    }
    return out;
  }

  sim::Kernel kernel;
  sim::Trace trace{kernel};
  TraceRecorder recorder;
  ApiServer api{kernel, trace};
  int node_count = 0;
};

// A NetworkPlugin whose readiness, latency and failures a test sets. Addresses come from
// 10.1.0.0 upwards, on interface "eni-fake".
class FakeNetworkPlugin final : public NetworkPlugin {
 public:
  struct Call {
    sim::Time at;
    std::string pod;
    std::string sandbox_id;
  };

  explicit FakeNetworkPlugin(sim::Kernel& kernel, bool ready = true)
      : kernel_(kernel), ready_(ready) {}

  void set_ready(bool ready) {
    ready_ = ready;
    notify_readiness_changed();
  }
  void set_latency(sim::Duration latency) { latency_ = latency; }
  // The next `times` ADDs fail with `error`.
  void fail_next(std::string error, int times = 1) {
    for (int i = 0; i < times; ++i)
      failures_.push_back(error);
  }

  bool ready() const override { return ready_; }
  void add(const SandboxRef& sandbox, AddCallback done) override {
    adds.push_back({kernel_.now(), std::string(sandbox.name), std::string(sandbox.sandbox_id)});
    NetworkAddResult result;
    if (!failures_.empty()) {
      result = NetworkAddResult::failure(failures_.front());
      failures_.pop_front();
    } else {
      result =
          NetworkAddResult::success(net::Ipv4::from_octets(10, 1, 0, 0) + ++assigned_, "eni-fake");
    }
    kernel_.schedule_in(latency_, [done = std::move(done), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }
  void del(const SandboxRef& sandbox) override {
    dels.push_back({kernel_.now(), std::string(sandbox.name), std::string(sandbox.sandbox_id)});
  }

  std::vector<Call> adds;
  std::vector<Call> dels;

 private:
  sim::Kernel& kernel_;
  bool ready_;
  sim::Duration latency_;
  std::deque<std::string> failures_;
  uint32_t assigned_ = 0;
};

}  // namespace ekssim::k8s::testing
