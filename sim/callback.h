#pragma once
// A move-only `void()` callable with inline storage, so that scheduling an event with a small
// capture (a pointer and a few ids) never allocates. Larger callables fall back to the heap.
// std::function would do, but it copies, and its inline buffer (16 bytes in libstdc++) is too
// small for the captures the models use.

#include <cstddef>
#include <new>
#include <typeinfo>
#include <type_traits>
#include <utility>

namespace ekssim::sim {

class Callback {
 public:
  static constexpr std::size_t kInlineSize = 48;

  Callback() = default;

  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Callback> &&
                                                    std::is_invocable_r_v<void, F&>>>
  Callback(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert implicitly
    construct(std::forward<F>(f));
  }

  // Replaces the target, constructing a callable in place (no intermediate Callback to move).
  template <typename F>
  void assign(F&& f) {
    if constexpr (std::is_same_v<std::decay_t<F>, Callback>) {
      *this = std::move(f);  // handles assigning a Callback to itself
    } else {
      reset();
      emplace(std::forward<F>(f));
    }
  }

  // Constructs the target of an empty Callback: assign without reading the ops pointer to find
  // an old target to destroy. The event queue's free slots are always empty, and with this its
  // push reads nothing back from the slot it fills. Requires !*this.
  template <typename F>
  void emplace(F&& f) {
    if constexpr (std::is_same_v<std::decay_t<F>, Callback>) {
      take(f);
    } else {
      construct(std::forward<F>(f));
    }
  }

  Callback(Callback&& other) noexcept { take(other); }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  // The type of the callable held (typeid(void) when empty): tells profilers which code
  // scheduled an event (a lambda's type names the function that wrote it).
  const std::type_info& target_type() const { return ops_ != nullptr ? *ops_->type : typeid(void); }
  void operator()() { ops_->invoke(storage_); }

  void reset() {
    if (ops_ != nullptr && ops_->destroy != nullptr) ops_->destroy(storage_);
    ops_ = nullptr;
  }

 private:
  struct Ops {
    void (*invoke)(void* storage);
    void (*move)(void* to, void* from);  // move-constructs into `to` and destroys `from`
    void (*destroy)(void* storage);  // null when there is nothing to destroy
    const std::type_info* type;
  };

  template <typename F>
  void construct(F&& f) {
    using Fn = std::decay_t<F>;
    if constexpr (fits_inline<Fn>()) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      ops_ = &kInlineOps<Fn>;
    } else {
      ::new (static_cast<void*>(storage_)) Fn*(new Fn(std::forward<F>(f)));
      ops_ = &kHeapOps<Fn>;
    }
  }

  template <typename Fn>
  static constexpr bool fits_inline() {
    return sizeof(Fn) <= kInlineSize && alignof(Fn) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<Fn>;
  }

  // Most events capture a pointer and a few ids: nothing to destroy, so reset() skips the
  // indirect call (perf put it at about half of EventQueue::run's time in the hold benchmark).
  template <typename Fn>
  static constexpr void (*destroy_inline())(void*) {
    if constexpr (std::is_trivially_destructible_v<Fn>) {
      return nullptr;
    } else {
      return [](void* s) { std::launder(static_cast<Fn*>(s))->~Fn(); };
    }
  }

  template <typename Fn>
  static constexpr Ops kInlineOps = {
      [](void* s) { (*std::launder(static_cast<Fn*>(s)))(); },
      [](void* to, void* from) {
        Fn* source = std::launder(static_cast<Fn*>(from));
        ::new (to) Fn(std::move(*source));
        source->~Fn();
      },
      destroy_inline<Fn>(), &typeid(Fn)};

  template <typename Fn>
  static constexpr Ops kHeapOps = {
      [](void* s) { (**static_cast<Fn**>(s))(); },
      [](void* to, void* from) { ::new (to) Fn*(*static_cast<Fn**>(from)); },
      [](void* s) { delete *static_cast<Fn**>(s); }, &typeid(Fn)};

  void take(Callback& other) noexcept {
    if (other.ops_ != nullptr) {
      other.ops_->move(storage_, other.storage_);
      ops_ = other.ops_;
      other.ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) unsigned char storage_[kInlineSize];
  const Ops* ops_ = nullptr;
};

}  // namespace ekssim::sim
