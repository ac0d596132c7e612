#include "tests/support/allocation_probe.h"

#include <cstddef>
#include <cstdlib>
#include <new>

// Replaces the whole family of global allocation functions ([new.delete]): plain, array, nothrow,
// aligned and sized forms, each pair over malloc/aligned_alloc and free. Replacing only some of
// them mixes allocators: a nothrow or aligned new left to the runtime (under AddressSanitizer,
// ASan's own) is then released by the replaced delete's free(), which ASan reports as an
// alloc-dealloc mismatch. In the binaries linking this file every form ends in malloc/free, so
// ASan still checks leaks, overflows and use after free there, but not new[]/delete mismatches.

namespace {
bool armed = false;
long allocations = 0;

void* allocate(std::size_t size) noexcept {
  if (armed) ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}

void* allocate_aligned(std::size_t size, std::align_val_t alignment) noexcept {
  if (armed) ++allocations;
  const auto align = static_cast<std::size_t>(alignment);
  if (align <= alignof(std::max_align_t)) return std::malloc(size == 0 ? 1 : size);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = (size + align - 1) / align * align;
  return std::aligned_alloc(align, rounded == 0 ? align : rounded);
}

void* allocate_or_throw(std::size_t size) {
  if (void* block = allocate(size)) return block;
  throw std::bad_alloc();
}

void* allocate_aligned_or_throw(std::size_t size, std::align_val_t alignment) {
  if (void* block = allocate_aligned(size, alignment)) return block;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return allocate_or_throw(size); }
void* operator new[](std::size_t size) { return allocate_or_throw(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate_aligned_or_throw(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate_aligned_or_throw(size, alignment);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, alignment);
}

void operator delete(void* block) noexcept { std::free(block); }
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t) noexcept { std::free(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete(void* block, std::align_val_t) noexcept { std::free(block); }
void operator delete[](void* block, std::align_val_t) noexcept { std::free(block); }
void operator delete(void* block, std::size_t, std::align_val_t) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept { std::free(block); }
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(block);
}
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept {
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
