#include "tests/support/allocation_probe.h"

#include <cstdlib>
#include <new>

namespace {
bool armed = false;
long allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (armed) ++allocations;
  if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
  throw std::bad_alloc();
}
void operator delete(void* block) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t) noexcept {
  std::free(block);
}

namespace ekssim::test {

void arm_allocation_probe() {
  allocations = 0;
  armed = true;
}

long disarm_allocation_probe() {
  armed = false;
  return allocations;
}

}  // namespace ekssim::test
