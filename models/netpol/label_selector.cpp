#include "models/netpol/label_selector.h"

#include <algorithm>

namespace ekssim::netpol {

bool LabelRequirement::matches(const LabelMap& labels) const {
  const auto it = labels.find(key);
  const bool has = it != labels.end();
  const auto listed = [&] {
    return std::find(values.begin(), values.end(), it->second) != values.end();
  };
  switch (op) {
    case Operator::kIn:
      return has && listed();
    case Operator::kNotIn:
      return !has || !listed();
    case Operator::kExists:
      return has;
    case Operator::kDoesNotExist:
      return !has;
  }
  return false;
}

bool LabelSelector::matches(const LabelMap& labels) const {
  for (const auto& [key, value] : match_labels) {
    const auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return std::all_of(match_expressions.begin(), match_expressions.end(),
                     [&](const LabelRequirement& r) { return r.matches(labels); });
}

std::string LabelSelector::to_string() const {
  if (empty()) return "{}";
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ",") + part; };
  for (const auto& [key, value] : match_labels)
    add(key + "=" + value);
  for (const LabelRequirement& r : match_expressions) {
    std::string list;
    for (const std::string& v : r.values)
      list += (list.empty() ? "" : ",") + v;
    switch (r.op) {
      case LabelRequirement::Operator::kIn:
        add(r.key + " in (" + list + ")");
        break;
      case LabelRequirement::Operator::kNotIn:
        add(r.key + " notin (" + list + ")");
        break;
      case LabelRequirement::Operator::kExists:
        add(r.key);
        break;
      case LabelRequirement::Operator::kDoesNotExist:
        add("!" + r.key);
        break;
    }
  }
  return out;
}

}  // namespace ekssim::netpol
