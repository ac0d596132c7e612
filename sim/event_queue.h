#pragma once
// The pending-event set, ordered by (time, insertion sequence).
//
// Invariants (checked by tests/sim/event_queue_test.cpp):
//  - events are taken in ascending time, and for equal times in ascending insertion sequence
//    (FIFO ties);
//  - a cancelled event never runs; cancelling twice, or after it ran, is a harmless no-op;
//  - an EventId never refers to a later event that happens to reuse its storage slot.
//
// Layout, for speed at 10^3..10^6 pending events: callbacks live in slots that never move (fixed
// chunks), so an event runs in place and may schedule others while it runs; the order is kept on
// 16-byte keys {time, sequence<<24 | slot} in a ladder queue (ladder_queue.h: Tang, Goh and Thng,
// 2005), whose push and take cost O(1) amortised where a heap pays O(log n) cache misses. Events
// due at the current time skip it through a FIFO lane (the idea of OMNeT++'s cEventHeap).
// Cancellation is by flag, as in ns-3: the key stays queued as a tombstone until it surfaces, and
// the keys are compacted when tombstones outnumber live events.

#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "sim/callback.h"
#include "sim/ladder_queue.h"
#include "sim/time.h"

namespace ekssim::sim {

// Names one scheduled event. Default-constructed ids name nothing.
struct EventId {
  uint32_t slot = 0;
  uint32_t generation = 0;  // 0 = no event
  bool valid() const { return generation != 0; }
  auto operator<=>(const EventId&) const = default;
};

class EventQueue {
 public:
  // Pending limit from the 24 bits of slot index in a key.
  static constexpr uint32_t kMaxPending = (1u << 24) - 1;

  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  template <typename F>
  EventId push(Time when, F&& callback) {
    const uint32_t slot = take_slot();
    slot_at(slot).callback.assign(std::forward<F>(callback));
    ladder_.push(make_key(when, slot));
    return EventId{slot, slot_at(slot).generation};
  }
  // Pushes an event due at `now`, the time of the last event taken (or zero): it goes to the FIFO
  // lane and keeps its place after already-queued events of the same time.
  template <typename F>
  EventId push_now(Time now, F&& callback) {
    const uint32_t slot = take_slot();
    slot_at(slot).callback.assign(std::forward<F>(callback));
    now_lane_.push_back(make_key(now, slot));
    return EventId{slot, slot_at(slot).generation};
  }

  bool cancel(EventId id);
  bool is_pending(EventId id) const;

  bool empty() const { return live_ == 0; }
  size_t size() const { return live_; }
  // Time of the earliest live event; requires !empty().
  Time next_time();

  // Takes the earliest live event off the queue (it is no longer pending, so it cannot be
  // cancelled) and returns its time and a ticket; requires !empty(). run() then calls it in place
  // and frees its slot, also when it throws.
  struct Ticket {
    Time time;
    uint32_t slot;
  };
  Ticket take_next();
  void run(Ticket ticket);
  // The callback a ticket will run (for profilers).
  const Callback& callback_of(Ticket ticket) const { return slot_at(ticket.slot).callback; }

 private:
  using Key = EventKey;
  static uint32_t slot_of(Key key) { return key.low_bits() & kMaxPending; }
  struct Slot {
    Callback callback;
    uint32_t generation = 1;
    bool live = false;
  };
  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;

  Slot& slot_at(uint32_t slot) { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }
  const Slot& slot_at(uint32_t slot) const {
    return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)];
  }
  Key make_key(Time when, uint32_t slot) {
    return Key{static_cast<unsigned __int128>(when.nanoseconds()) << 64 |
               static_cast<unsigned __int128>(sequence_++ << 24 | slot)};
  }
  uint32_t take_slot();
  void release_slot(uint32_t slot);
  void drop_dead_tops();
  void compact();

  std::vector<std::unique_ptr<Slot[]>> chunks_;
  uint32_t slot_count_ = 0;
  std::vector<uint32_t> free_slots_;
  LadderQueue ladder_;
  std::deque<Key> now_lane_;
  uint64_t sequence_ = 0;
  size_t live_ = 0;
  size_t tombstones_ = 0;
};

}  // namespace ekssim::sim
