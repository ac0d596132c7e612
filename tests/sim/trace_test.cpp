#include "sim/trace.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/random.h"
#include "sim/timer.h"

using namespace ekssim::sim;

namespace {

struct Ping {
  static constexpr std::string_view kKind = "Ping";
  std::string_view from;
  int64_t sequence;
  void write(FieldWriter& w) const {
    w.text("from", from);
    w.integer("sequence", sequence);
  }
};

struct Pong {
  static constexpr std::string_view kKind = "Pong";
  Duration delay;
  void write(FieldWriter& w) const { w.duration("delay", delay); }
};

// A tiny model: pings at random intervals and answers each with a pong after a random delay.
std::string run_and_digest(uint64_t seed, int pings) {
  Kernel kernel;
  Trace trace(kernel);
  RandomStream random(seed, "pinger");
  std::vector<std::unique_ptr<Timer>> timers;
  Time t;
  for (int i = 0; i < pings; ++i) {
    t += random.exponential(Duration::seconds(1));
    const Duration delay = random.lognormal(Duration::milliseconds(20), 0.5);
    kernel.schedule_at(t, [&trace, &kernel, i, delay] {
      trace.emit(Ping{"pinger", i});
      kernel.schedule_in(delay, [&trace, delay] { trace.emit(Pong{delay}); });
    });
  }
  kernel.run();
  return trace.digest().hex();
}

class Collector final : public TraceSink {
 public:
  struct Line : FieldWriter {
    std::string text_;
    void integer(std::string_view n, int64_t v) override { add(n, std::to_string(v)); }
    void number(std::string_view n, double v) override { add(n, std::to_string(v)); }
    void text(std::string_view n, std::string_view v) override { add(n, std::string(v)); }
    void flag(std::string_view n, bool v) override { add(n, v ? "true" : "false"); }
    void duration(std::string_view n, Duration v) override { add(n, format_duration(v)); }
    void add(std::string_view n, const std::string& v) {
      text_.append(" ").append(n).append("=").append(v);
    }
  };
  void record(Time time, const EventView& event) override {
    Line line;
    line.text_ = format_time(time);
    line.text_.append(" ").append(event.kind());
    event.write(line);
    lines.push_back(line.text_);
  }
  std::vector<std::string> lines;
};

}  // namespace

TEST_CASE("subscribers receive the events of their type with the virtual time", "[trace]") {
  Kernel kernel;
  Trace trace(kernel);
  std::vector<std::string> pings;
  int pongs = 0;
  trace.subscribe<Ping>([&](Time t, const Ping& p) {
    pings.push_back(format_time(t) + ":" + std::string(p.from) + "#" + std::to_string(p.sequence));
  });
  trace.subscribe<Pong>([&](Time, const Pong&) { ++pongs; });
  kernel.schedule_in(Duration::seconds(2), [&] { trace.emit(Ping{"a", 1}); });
  kernel.schedule_in(Duration::seconds(3), [&] { trace.emit(Pong{Duration::seconds(1)}); });
  kernel.run();
  CHECK(pings == std::vector<std::string>{"2s:a#1"});
  CHECK(pongs == 1);
  CHECK(trace.events_emitted() == 2);
}

TEST_CASE("generic sinks see every event's kind and fields in order", "[trace]") {
  Kernel kernel;
  Trace trace(kernel);
  Collector collector;
  trace.add_sink(&collector);
  kernel.schedule_in(Duration::milliseconds(1500), [&] { trace.emit(Ping{"b", 7}); });
  kernel.schedule_in(Duration::seconds(2), [&] { trace.emit(Pong{Duration::milliseconds(30)}); });
  kernel.run();
  CHECK(collector.lines ==
        std::vector<std::string>{"1.5s Ping from=b sequence=7", "2s Pong delay=30ms"});
}

TEST_CASE("the same seed gives the same digest, another seed a different one", "[trace]") {
  const std::string first = run_and_digest(42, 500);
  CHECK(run_and_digest(42, 500) == first);
  CHECK(run_and_digest(43, 500) != first);
  CHECK(run_and_digest(42, 499) != first);
  CHECK(first.size() == 16);
}

TEST_CASE("the digest separates fields so that shifted text does not collide", "[trace]") {
  Kernel kernel;
  Trace one(kernel), two(kernel);
  one.emit(Ping{"ab", 1});
  two.emit(Ping{"a", 1});
  CHECK(one.digest().hex() != two.digest().hex());
}

TEST_CASE("A trace whose digest is stopped still delivers every event") {
  Kernel kernel;
  Trace trace(kernel);
  int pings = 0;
  trace.subscribe<Ping>([&](Time, const Ping&) { ++pings; });
  trace.emit(Ping{"before", 1});
  const uint64_t digest_before = trace.digest().value();
  trace.stop_digest();
  trace.emit(Ping{"after", 2});
  trace.emit(Pong{Duration::milliseconds(3)});
  CHECK(pings == 2);
  CHECK(trace.events_emitted() == 3);
  CHECK(trace.digest().value() == digest_before);
}
