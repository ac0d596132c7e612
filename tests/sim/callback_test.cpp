// sim::Callback owns what its callable captured: it is destroyed exactly once, whether the
// callback runs, is reset, moved from, reassigned or destroyed, inline or on the heap. A callable
// with nothing to destroy skips the destroy call (callback.h), which must not change any of this.

#include <catch2/catch.hpp>

#include <array>
#include <memory>
#include <utility>

#include "sim/callback.h"
#include "sim/kernel.h"

using ekssim::sim::Callback;
using ekssim::sim::Duration;
using ekssim::sim::Kernel;

namespace {

// A capture the inline buffer holds, and one too large for it (it goes to the heap).
struct SmallCapture {
  std::shared_ptr<int> owned;
  void operator()() const { ++*owned; }
};
struct LargeCapture {
  std::shared_ptr<int> owned;
  std::array<char, Callback::kInlineSize> padding{};
  void operator()() const { ++*owned; }
};

template <typename Capture>
void check_owns_capture() {
  auto counter = std::make_shared<int>(0);
  {
    Callback callback{Capture{counter}};
    CHECK(counter.use_count() == 2);
    callback();
    CHECK(*counter == 1);
    Callback moved = std::move(callback);
    CHECK(counter.use_count() == 2);  // moved, not copied
    CHECK_FALSE(static_cast<bool>(callback));
    moved();
    CHECK(*counter == 2);
    moved.reset();
    CHECK(counter.use_count() == 1);
    moved.assign(Capture{counter});
    CHECK(counter.use_count() == 2);
    moved.assign(Capture{counter});  // the first capture is destroyed, the second kept
    CHECK(counter.use_count() == 2);
  }
  CHECK(counter.use_count() == 1);
}

}  // namespace

TEST_CASE("a callback destroys its capture exactly once, inline and on the heap") {
  check_owns_capture<SmallCapture>();
  check_owns_capture<LargeCapture>();
}

TEST_CASE("a callback with nothing to destroy runs, moves and resets like any other") {
  int runs = 0;
  Callback callback{[&runs] { ++runs; }};
  callback();
  Callback moved = std::move(callback);
  moved();
  CHECK(runs == 2);
  CHECK(moved.target_type() != typeid(void));
  moved.reset();
  CHECK_FALSE(static_cast<bool>(moved));
  CHECK(moved.target_type() == typeid(void));
}

TEST_CASE("the kernel releases an event's captures when it has run and when it is cancelled") {
  Kernel kernel;
  auto counter = std::make_shared<int>(0);
  kernel.schedule_in(Duration::seconds(1), SmallCapture{counter});
  const auto cancelled = kernel.schedule_in(Duration::seconds(2), SmallCapture{counter});
  CHECK(counter.use_count() == 3);
  CHECK(kernel.cancel(cancelled));
  CHECK(counter.use_count() == 2);
  kernel.run();
  CHECK(*counter == 1);
  CHECK(counter.use_count() == 1);
}
