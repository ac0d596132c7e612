#include "sim/event_queue.h"

#include <deque>
#include <stdexcept>

namespace ekssim::sim {

uint32_t EventQueue::take_slot() {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (states_.size() >= kMaxPending) {
      throw std::length_error("event queue: more than 16,777,215 events pending at once");
    }
    slot = static_cast<uint32_t>(states_.size());
    states_.push_back(1u << 1);  // generation 1, not live
    if ((slot >> kChunkBits) >= chunks_.size()) {
      chunks_.push_back(std::make_unique<Slot[]>(kChunkSize));
    }
  }
  states_[slot] |= kLive;
  ++live_;
  return slot;
}

void EventQueue::release_slot(uint32_t slot) {
  slot_at(slot).callback.reset();
  const uint32_t generation = generation_of(states_[slot]);
  states_[slot] = (generation == (1u << 31) - 1 ? 1 : generation + 1) << 1;  // 0 means "no event"
  free_slots_.push_back(slot);
}

bool EventQueue::is_pending(EventId id) const {
  return id.valid() && id.slot < states_.size() && states_[id.slot] == (id.generation << 1 | kLive);
}

// The ladder's hook: `keys` will be taken soon, so their callbacks' lines and states are fetched
// now, while other events run, instead of stalling the event that runs them. While every slot
// ever made fits in the core's L2 cache, they are there already and the prefetches only cost
// (7% of perf's samples in the hold benchmark at 1,000 pending). The keys taken next also have
// their hints fetched: their slots were fetched when the keys were announced as the bucket after
// bottom, so reading the hints seldom waits, and the state they name arrives while the events
// before them run (the 5,000-node hour's ipamd ticks stalled on their node's Ipamd object).
void EventQueue::prefetch_slots(const void* queue, const Key* keys, size_t count, bool next) {
  const auto* self = static_cast<const EventQueue*>(queue);
  if (self->states_.size() > kSlotsInCache) {
    for (size_t i = 0; i < count; ++i) {
      const uint32_t slot = slot_of(keys[i]);
      __builtin_prefetch(&self->slot_at(slot));
      __builtin_prefetch(&self->states_[slot]);
    }
  }
  if (!next || !self->hinted_) return;
  for (size_t i = 0; i < count; ++i) {
    if (const void* touches = self->slot_at(slot_of(keys[i])).touches) __builtin_prefetch(touches);
  }
}

bool EventQueue::cancel(EventId id) {
  if (!is_pending(id)) return false;
  slot_at(id.slot).callback.reset();
  states_[id.slot] &= ~kLive;  // the key stays queued as a tombstone; its slot is freed when it surfaces
  --live_;
  ++tombstones_;
  if (tombstones_ > 1024 && tombstones_ > live_) compact();
  return true;
}

// Frees the slots of cancelled events sitting at the front of either lane.
void EventQueue::drop_dead_tops() {
  if (tombstones_ == 0) return;
  while (!ladder_.empty() && !live(slot_of(ladder_.front()))) {
    release_slot(slot_of(ladder_.front()));
    ladder_.pop_front();
    --tombstones_;
  }
  while (!now_lane_.empty() && !live(slot_of(now_lane_.front()))) {
    release_slot(slot_of(now_lane_.front()));
    now_lane_.pop_front();
    --tombstones_;
  }
}

void EventQueue::compact() {
  auto dead = [this](const Key& key) {
    if (live(slot_of(key))) return false;
    release_slot(slot_of(key));
    return true;
  };
  ladder_.remove_if(dead);
  std::erase_if(now_lane_, dead);
  tombstones_ = 0;
}

Time EventQueue::next_time() {
  drop_dead_tops();
  const bool lane_first =
      !now_lane_.empty() && (ladder_.empty() || now_lane_.front() < ladder_.front());
  const Key& key = lane_first ? now_lane_.front() : ladder_.front();
  return Time::at(Duration::nanoseconds(key.time()));
}

EventQueue::Ticket EventQueue::take_next() {
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

void EventQueue::run(Ticket ticket) {
  struct Release {
    EventQueue* queue;
    uint32_t slot;
    ~Release() { queue->release_slot(slot); }
  } release{this, ticket.slot};
  // Slots never move, so the callback may schedule (and grow the slot table) while it runs.
  slot_at(ticket.slot).callback();
}

}  // namespace ekssim::sim
