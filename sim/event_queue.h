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
// chunks), so an event runs in place and may schedule others while it runs. A slot is one 64-byte
// cache line holding the callback and its optional hint (the state it reads first); each slot's
// generation and live bit sit apart in a dense array (4 bytes a slot), so cancel and is_pending
// never touch the callback's line. At 10^5 pending the running event's slot was last touched 10^5
// events earlier and is out of the caches: the ladder tells the queue which keys come next when it
// hands a bucket down (set_prefetch), and their slots are prefetched then (bench/README.md, "The
// kernel against ns-3"), and the hints of those taken next. The order is kept on
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

  // The ladder holds `this` for its prefetch hook: the queue neither copies nor moves.
  EventQueue() { ladder_.set_prefetch(&EventQueue::prefetch_slots, this); }
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  // `touches`, when not null, is the state the callback reads first: it is prefetched when the
  // event's key comes down to the ladder's bottom (prefetch_slots).
  template <typename F>
  EventId push(Time when, F&& callback, const void* touches = nullptr) {
    const uint32_t slot = take_slot();
    Slot& s = slot_at(slot);
    s.callback.emplace(std::forward<F>(callback));  // a free slot is empty
    s.touches = touches;
    hinted_ = hinted_ || touches != nullptr;
    ladder_.push(make_key(when, slot));
    return EventId{slot, generation_of(states_[slot])};
  }
  // Pushes an event due at `now`, the time of the last event taken (or zero): it goes to the FIFO
  // lane and keeps its place after already-queued events of the same time.
  template <typename F>
  EventId push_now(Time now, F&& callback, const void* touches = nullptr) {
    const uint32_t slot = take_slot();
    Slot& s = slot_at(slot);
    s.callback.emplace(std::forward<F>(callback));  // a free slot is empty
    s.touches = touches;
    now_lane_.push_back(make_key(now, slot));
    return EventId{slot, generation_of(states_[slot])};
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
  // Both inline: they run once per event, in the kernel's loop.
  Ticket take_next() {
    drop_dead_tops();
    Key key;
    if (!now_lane_.empty() && (ladder_.empty() || now_lane_.front() < ladder_.front())) {
      key = now_lane_.front();
      now_lane_.pop_front();
    } else {
      key = ladder_.front();
      ladder_.pop_front();
    }
    const uint32_t slot = slot_of(key);
    states_[slot] &= ~kLive;
    --live_;
    return Ticket{Time::at(Duration::nanoseconds(key.time())), slot};
  }
  void run(Ticket ticket) {
    struct Release {
      EventQueue* queue;
      uint32_t slot;
      ~Release() { queue->release_slot(slot); }
    } release{this, ticket.slot};
    // Slots never move, so the callback may schedule (and grow the slot table) while it runs.
    slot_at(ticket.slot).callback();
  }
  // The callback a ticket will run (for profilers).
  const Callback& callback_of(Ticket ticket) const { return slot_at(ticket.slot).callback; }

 private:
  using Key = EventKey;
  static uint32_t slot_of(Key key) { return key.low_bits() & kMaxPending; }
  // One cache line: the callback (its 48-byte inline buffer and ops pointer) and its hint, which
  // [[no_unique_address]] lets sit in the callback's tail padding.
  struct alignas(64) Slot {
    [[no_unique_address]] Callback callback;
    const void* touches;  // push()'s hint; set by every push
  };
  static_assert(sizeof(Slot) == 64, "a slot is one cache line");
  // A slot's state: generation << 1 | live. Generations run 1..2^31-1 and wrap (0 = no event).
  static constexpr uint32_t kLive = 1;
  static uint32_t generation_of(uint32_t state) { return state >> 1; }
  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;
  // Slots that fit in 256 KiB: within the L2 cache of the x86 server cores of the last decade
  // (256 KiB–2 MiB), so they stay cached while there are no more of them than this.
  static constexpr size_t kSlotsInCache = (256 * 1024) / sizeof(Slot);

  Slot& slot_at(uint32_t slot) { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }
  const Slot& slot_at(uint32_t slot) const {
    return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)];
  }
  Key make_key(Time when, uint32_t slot) {
    return Key{static_cast<unsigned __int128>(when.nanoseconds()) << 64 |
               static_cast<unsigned __int128>(sequence_++ << 24 | slot)};
  }
  bool live(uint32_t slot) const { return (states_[slot] & kLive) != 0; }
  // A free slot, made live: most often the spare, the slot the last event ran in (its state
  // known, so nothing is read back from memory just written), else the last one freed before it
  // (make_slot when none). In the hold benchmark each event's push took the free list's last
  // entry and read its state back, a chain of loads from stores the event before had just made.
  uint32_t take_slot() {
    uint32_t slot;
    if (spare_slot_ != kNoSlot) {
      slot = spare_slot_;
      spare_slot_ = kNoSlot;
      states_[slot] = spare_state_ | kLive;
    } else {
      if (free_slots_.empty()) [[unlikely]] return make_slot();
      slot = free_slots_.back();
      free_slots_.pop_back();
      states_[slot] |= kLive;
    }
    ++live_;
    return slot;
  }
  uint32_t make_slot();
  static void prefetch_slots(const void* queue, const Key* keys, size_t count, bool next);
  void release_slot(uint32_t slot);
  // Frees the slots of cancelled events at the front of either lane.
  void drop_dead_tops() {
    if (tombstones_ != 0) [[unlikely]] drop_dead_tops_slow();
  }
  void drop_dead_tops_slow();
  void compact();

  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::vector<uint32_t> states_;  // per slot, see kLive; its size is the number of slots made
  std::vector<uint32_t> free_slots_;  // besides the spare
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  uint32_t spare_slot_ = kNoSlot;
  uint32_t spare_state_ = 0;  // the spare's state, not live
  LadderQueue ladder_;
  std::deque<Key> now_lane_;
  uint64_t sequence_ = 0;
  // Whether any event pushed to the ladder named its state: until one does, the hand-down reads
  // no slot for a hint (a cold slot read there stalls; the hold benchmark names none).
  bool hinted_ = false;
  size_t live_ = 0;
  size_t tombstones_ = 0;
};

}  // namespace ekssim::sim
