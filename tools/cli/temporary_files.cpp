#include "tools/cli/temporary_files.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

namespace ekssim::cli {

namespace {

constexpr int kSlots = 64;
constexpr size_t kPathBytes = 4096;

struct Slot {
  std::atomic<bool> used{false};
  char path[kPathBytes];
};

Slot slots[kSlots];
std::mutex claim_mutex;  // claiming is rare; the handler never takes it

extern "C" void remove_temporaries_and_die(int signal_number) {
  for (Slot& slot : slots) {
    if (slot.used.load()) ::unlink(slot.path);
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// A signal the process was started with ignored (a background job of a script, nohup) stays
// ignored, as shells expect.
void handle_unless_ignored(int signal_number) {
  if (std::signal(signal_number, remove_temporaries_and_die) == SIG_IGN) {
    std::signal(signal_number, SIG_IGN);
  }
}

void install_handlers_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    handle_unless_ignored(SIGINT);
    handle_unless_ignored(SIGTERM);
  });
}

}  // namespace

int register_temporary(const std::string& path) {
  install_handlers_once();
  if (path.size() >= kPathBytes) return -1;
  std::lock_guard lock(claim_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (slots[i].used.load()) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].used.store(true);
    return i;
  }
  return -1;
}

void release_temporary(int slot) {
  if (slot >= 0 && slot < kSlots) slots[slot].used.store(false);
}

}  // namespace ekssim::cli
