#include "models/k8s/string_table.h"

namespace ekssim::k8s {

StringTable::StringTable() {
  intern("");
}

StrId StringTable::intern(std::string_view text) {
  const auto [it, inserted] = ids_.try_emplace(std::string(text), static_cast<StrId>(size()));
  if (inserted) strings_.push_back(&it->first);
  return it->second;
}

StrId StringTable::find(std::string_view text) const {
  const auto it = ids_.find(std::string(text));
  return it == ids_.end() ? kMissing : it->second;
}

}  // namespace ekssim::k8s
