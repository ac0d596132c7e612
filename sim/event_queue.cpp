#include "sim/event_queue.h"

#include <deque>
#include <stdexcept>

namespace ekssim::sim {

uint32_t EventQueue::make_slot() {
  if (states_.size() >= kMaxPending) {
    throw std::length_error("event queue: more than 16,777,215 events pending at once");
  }
  const auto slot = static_cast<uint32_t>(states_.size());
  states_.push_back(1u << 1 | kLive);  // generation 1
  if ((slot >> kChunkBits) >= chunks_.size()) {
    chunks_.push_back(std::make_unique<Slot[]>(kChunkSize));
  }
  ++live_;
  return slot;
}

void EventQueue::release_slot(uint32_t slot) {
  slot_at(slot).callback.reset();
  const uint32_t generation = generation_of(states_[slot]);
  const uint32_t state = (generation == (1u << 31) - 1 ? 1 : generation + 1) << 1;  // 0: no event
  states_[slot] = state;
  if (spare_slot_ == kNoSlot) {
    spare_slot_ = slot;
    spare_state_ = state;
  } else {
    free_slots_.push_back(slot);
  }
}

bool EventQueue::is_pending(EventId id) const {
  return id.valid() && id.slot < states_.size() && states_[id.slot] == (id.generation << 1 | kLive);
}

// The ladder's hook: `keys` will be taken soon, so their callbacks' lines and states are fetched
// now, while other events run, instead of stalling the event that runs them. While every slot
// ever made fits in the core's L2 cache, the next bucket's are left alone, but bottom's are
// still fetched: at 1,000 pending (64 KiB of slots, more than L1) that gave the hold benchmark
// 8% (bench/README.md, 2026-12-08), where it once cost 7% of perf's samples. The keys taken next
// also have their hints fetched: their slots were fetched when the keys were announced as the
// bucket after bottom, so reading the hints seldom waits, and the state they name arrives while
// the events before them run (the 5,000-node hour's ipamd ticks stalled on their node's Ipamd
// object).
void EventQueue::prefetch_slots(const void* queue, const Key* keys, size_t count, bool next) {
  const auto* self = static_cast<const EventQueue*>(queue);
  if (next || self->states_.size() > kSlotsInCache) {
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

void EventQueue::drop_dead_tops_slow() {
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

}  // namespace ekssim::sim
