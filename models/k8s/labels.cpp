#include "models/k8s/labels.h"

#include <algorithm>

namespace ekssim::k8s {

void Labels::set(StrId key, StrId value) {
  const auto it = std::lower_bound(items_.begin(), items_.end(), key,
                                   [](const Label& label, StrId k) { return label.key < k; });
  if (it != items_.end() && it->key == key) {
    it->value = value;
  } else {
    items_.insert(it, Label{key, value});
  }
}

bool Labels::matches(const Labels& selector) const {
  auto mine = items_.begin();
  for (const Label& wanted : selector.items_) {
    while (mine != items_.end() && mine->key < wanted.key)
      ++mine;
    if (mine == items_.end() || mine->key != wanted.key || mine->value != wanted.value) {
      return false;
    }
  }
  return true;
}

}  // namespace ekssim::k8s
