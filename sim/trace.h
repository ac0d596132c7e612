#pragma once
// The typed trace: the only way models report facts.
//
// A trace event is a plain struct with a stable kind name and a `write` method that lists its
// fields:
//
//   struct PodIpAssigned {
//     static constexpr std::string_view kKind = "PodIpAssigned";
//     std::string_view pod;
//     std::string_view ip;
//     void write(FieldWriter& w) const { w.text("pod", pod); w.text("ip", ip); }
//   };
//   trace.emit(PodIpAssigned{...});
//
// Report builders, metrics and invariant checkers subscribe to the kinds they care about, with
// the event's type (SimGrid's signals are the model). Generic sinks (the --events JSON Lines
// writer) see every event through FieldWriter. Every event also feeds the run's digest, so two
// runs can be proven identical by comparing one string.
//
// Events may hold string_views: they need only outlive the emit() call. A subscriber that keeps
// something copies it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel.h"
#include "sim/time.h"

namespace ekssim::sim {

class FieldWriter {
 public:
  virtual ~FieldWriter() = default;
  virtual void integer(std::string_view name, int64_t value) = 0;
  virtual void number(std::string_view name, double value) = 0;
  virtual void text(std::string_view name, std::string_view value) = 0;
  virtual void flag(std::string_view name, bool value) = 0;
  virtual void duration(std::string_view name, Duration value) = 0;
};

// A type-erased view of one event, valid during the emit() that produced it.
class EventView {
 public:
  template <typename E>
  explicit EventView(const E& event)
      : kind_(E::kKind),
        event_(&event),
        write_([](const void* e, FieldWriter& w) { static_cast<const E*>(e)->write(w); }) {}
  std::string_view kind() const { return kind_; }
  void write(FieldWriter& writer) const { write_(event_, writer); }

 private:
  std::string_view kind_;
  const void* event_;
  void (*write_)(const void*, FieldWriter&);
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void record(Time time, const EventView& event) = 0;
};

// Folds events into a 64-bit digest: kind, virtual time and every field, in order.
class TraceDigest final : public TraceSink {
 public:
  void record(Time time, const EventView& event) override;
  uint64_t value() const { return hash_; }
  std::string hex() const;

 private:
  friend class DigestFieldWriter;
  void mix(const void* bytes, size_t size);
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

class Trace {
 public:
  explicit Trace(const Kernel& kernel) : kernel_(kernel) {}
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;

  template <typename E>
  void subscribe(std::function<void(Time, const E&)> handler) {
    const size_t index = type_index<E>();
    if (handlers_.size() <= index) handlers_.resize(index + 1);
    handlers_[index].push_back([h = std::move(handler)](Time t, const void* e) {
      h(t, *static_cast<const E*>(e));
    });
  }
  // Sinks are not owned and must outlive the trace's use.
  void add_sink(TraceSink* sink) { sinks_.push_back(sink); }
  // Stops folding events into the digest, for a caller that never reads it: hashing every
  // event's text byte by byte is a few per cent of a large run.
  void stop_digest() { digesting_ = false; }

  template <typename E>
  void emit(const E& event) {
    const Time now = kernel_.now();
    ++emitted_;
    const EventView view(event);
    if (digesting_) digest_.record(now, view);
    for (TraceSink* sink : sinks_) sink->record(now, view);
    const size_t index = type_index<E>();
    if (index < handlers_.size()) {
      for (const auto& handler : handlers_[index]) handler(now, &event);
    }
  }

  uint64_t events_emitted() const { return emitted_; }
  const TraceDigest& digest() const { return digest_; }

 private:
  static size_t next_type_index() {
    static std::atomic<size_t> next{0};
    return next++;
  }
  template <typename E>
  static size_t type_index() {
    static const size_t index = next_type_index();
    return index;
  }

  const Kernel& kernel_;
  std::vector<std::vector<std::function<void(Time, const void*)>>> handlers_;
  std::vector<TraceSink*> sinks_;
  TraceDigest digest_;
  bool digesting_ = true;
  uint64_t emitted_ = 0;
};

}  // namespace ekssim::sim
