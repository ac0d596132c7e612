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
    if (slot_count_ >= kMaxPending) {
      throw std::length_error("event queue: more than 16,777,215 events pending at once");
    }
    slot = slot_count_++;
    if ((slot >> kChunkBits) >= chunks_.size()) {
      chunks_.push_back(std::make_unique<Slot[]>(kChunkSize));
    }
  }
  slot_at(slot).live = true;
  ++live_;
  return slot;
}

void EventQueue::release_slot(uint32_t slot) {
  Slot& s = slot_at(slot);
  s.callback.reset();
  s.live = false;
  if (++s.generation == 0) s.generation = 1;  // 0 means "no event"
  free_slots_.push_back(slot);
}

bool EventQueue::is_pending(EventId id) const {
  if (!id.valid() || id.slot >= slot_count_) return false;
  const Slot& s = slot_at(id.slot);
  return s.generation == id.generation && s.live;
}

bool EventQueue::cancel(EventId id) {
  if (!is_pending(id)) return false;
  Slot& s = slot_at(id.slot);
  s.callback.reset();
  s.live = false;  // the key stays queued as a tombstone; its slot is freed when it surfaces
  --live_;
  ++tombstones_;
  if (tombstones_ > 1024 && tombstones_ > live_) compact();
  return true;
}

// Frees the slots of cancelled events sitting at the front of either lane.
void EventQueue::drop_dead_tops() {
  if (tombstones_ == 0) return;
  while (!ladder_.empty() && !slot_at(slot_of(ladder_.front())).live) {
    release_slot(slot_of(ladder_.front()));
    ladder_.pop_front();
    --tombstones_;
  }
  while (!now_lane_.empty() && !slot_at(slot_of(now_lane_.front())).live) {
    release_slot(slot_of(now_lane_.front()));
    now_lane_.pop_front();
    --tombstones_;
  }
}

void EventQueue::compact() {
  auto dead = [this](const Key& key) {
    if (slot_at(slot_of(key)).live) return false;
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
  slot_at(slot).live = false;
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
