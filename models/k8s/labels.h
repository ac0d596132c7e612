#pragma once
// Labels and the equality-based selectors that match them (a pod's nodeSelector; a workload's
// selector). Keys and values are interned; a label set is kept sorted by key so that a match is a
// merge of two short sorted lists (k8s.io/apimachinery/pkg/labels, selector.go,
// `internalSelector.Matches`, restricted to `key=value` requirements).

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/k8s/string_table.h"

namespace ekssim::k8s {

struct Label {
  StrId key = StringTable::kEmpty;
  StrId value = StringTable::kEmpty;
  friend bool operator==(const Label&, const Label&) = default;
};

class Labels {
 public:
  Labels() = default;
  // From any range of (key, value) pairs (a std::map, a vector of pairs, an initializer list).
  // A key given twice keeps its last value.
  template <typename Range>
  static Labels intern(StringTable& strings, const Range& pairs) {
    Labels labels;
    for (const auto& [key, value] : pairs)
      labels.set(strings.intern(key), strings.intern(value));
    return labels;
  }
  static Labels intern(StringTable& strings,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
    return intern<decltype(pairs)>(strings, pairs);
  }

  void set(StrId key, StrId value);
  // True when every label of `selector` is here with the same value (an empty selector matches
  // everything).
  bool matches(const Labels& selector) const;

  bool empty() const { return items_.empty(); }
  // Sorted by key id.
  std::span<const Label> items() const { return items_; }

  friend bool operator==(const Labels&, const Labels&) = default;

 private:
  std::vector<Label> items_;  // sorted by key id, keys unique
};

}  // namespace ekssim::k8s
