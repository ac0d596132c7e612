#pragma once
// Interned strings: label keys and values, taint keys, namespaces. Objects hold 32-bit ids, so
// matching a node selector or a toleration compares integers, and 150,000 pods share one copy of
// each string.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ekssim::k8s {

// 0 is always the empty string.
using StrId = uint32_t;

class StringTable {
 public:
  StringTable();
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;

  StrId intern(std::string_view text);
  // The id of `text` if it was interned, else none (kMissing).
  StrId find(std::string_view text) const;
  std::string_view view(StrId id) const { return *strings_[id]; }
  size_t size() const { return strings_.size(); }

  static constexpr StrId kEmpty = 0;
  static constexpr StrId kMissing = UINT32_MAX;

 private:
  // Lookup only, never iterated: node keys are stable, so `strings_` may point into them.
  std::unordered_map<std::string, StrId> ids_;
  std::vector<const std::string*> strings_;
};

}  // namespace ekssim::k8s
