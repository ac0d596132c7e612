#include "sim/event_queue.h"

#include <stdexcept>

namespace ekssim::sim {

namespace {
constexpr size_t kArity = 4;
}

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

void EventQueue::heap_push(Key key) {
  size_t index = heap_.size();
  heap_.push_back(key);
  while (index > 0) {
    const size_t parent = (index - 1) / kArity;
    if (!(key < heap_[parent])) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = key;
}

void EventQueue::sift_down(size_t index) {
  const size_t n = heap_.size();
  const Key key = heap_[index];
  while (true) {
    const size_t first = index * kArity + 1;
    if (first >= n) break;
    size_t best = first;
    const size_t last = first + kArity < n ? first + kArity : n;
    for (size_t c = first + 1; c < last; ++c) {
      if (heap_[c] < heap_[best]) best = c;
    }
    if (!(heap_[best] < key)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = key;
}

// The index of the smallest of the four keys starting at `first`, chosen without branches (a
// tournament of two pairs) so that unpredictable comparisons cost no mispredictions.
size_t EventQueue::min_of_four(size_t first) const {
  const Key* c = &heap_[first];
  const size_t a = c[1] < c[0] ? 1 : 0;
  const size_t b = c[3] < c[2] ? 3 : 2;
  return first + (c[b] < c[a] ? b : a);
}

// Removes the root with Floyd's bottom-up method: the hole walks down the smaller children to a
// leaf without comparing against the displaced last key, which then sifts up from there. The last
// key of a heap nearly always belongs near the bottom, so this halves the comparisons.
void EventQueue::heap_pop_top() {
  const Key last = heap_.back();
  heap_.pop_back();
  const size_t n = heap_.size();
  if (n == 0) return;
  size_t hole = 0;
  while (true) {
    const size_t first = hole * kArity + 1;
    size_t best;
    if (first + kArity <= n) {
      best = min_of_four(first);
    } else if (first < n) {
      best = first;
      for (size_t c = first + 1; c < n; ++c) {
        if (heap_[c] < heap_[best]) best = c;
      }
    } else {
      break;
    }
    heap_[hole] = heap_[best];
    hole = best;
  }
  while (hole > 0) {
    const size_t parent = (hole - 1) / kArity;
    if (!(last < heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = last;
}

// Frees the slots of cancelled events sitting at the front of either lane.
void EventQueue::drop_dead_tops() {
  if (tombstones_ == 0) return;
  while (!heap_.empty() && !slot_at(heap_.front().slot()).live) {
    release_slot(heap_.front().slot());
    heap_pop_top();
    --tombstones_;
  }
  while (!now_lane_.empty() && !slot_at(now_lane_.front().slot()).live) {
    release_slot(now_lane_.front().slot());
    now_lane_.pop_front();
    --tombstones_;
  }
}

void EventQueue::compact() {
  auto keep_live = [this](auto& keys) {
    size_t out = 0;
    for (const Key& k : keys) {
      if (slot_at(k.slot()).live) {
        keys[out++] = k;
      } else {
        release_slot(k.slot());
      }
    }
    keys.resize(out);
  };
  keep_live(heap_);
  keep_live(now_lane_);
  tombstones_ = 0;
  if (heap_.size() > 1) {
    for (size_t i = (heap_.size() - 2) / kArity + 1; i-- > 0;) sift_down(i);
  }
}

Time EventQueue::next_time() {
  drop_dead_tops();
  const bool lane_first =
      !now_lane_.empty() && (heap_.empty() || now_lane_.front() < heap_.front());
  const Key& key = lane_first ? now_lane_.front() : heap_.front();
  return Time::at(Duration::nanoseconds(key.time()));
}

EventQueue::Ticket EventQueue::take_next() {
  drop_dead_tops();
  Key key;
  if (!now_lane_.empty() && (heap_.empty() || now_lane_.front() < heap_.front())) {
    key = now_lane_.front();
    now_lane_.pop_front();
  } else {
    key = heap_.front();
    heap_pop_top();
  }
  slot_at(key.slot()).live = false;
  --live_;
  return Ticket{Time::at(Duration::nanoseconds(key.time())), key.slot()};
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
