#pragma once
// A metav1.LabelSelector as NetworkPolicy's podSelector and namespaceSelector use it: matchLabels
// and matchExpressions, all ANDed (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
// LabelSelectorAsSelector; pkg/labels/selector.go Requirement.Matches). An empty selector matches
// everything. Labels are plain strings: a policy is judged against a handful of label sets, so
// the interned k8s::Labels buy nothing here.

#include <map>
#include <string>
#include <vector>

namespace ekssim::netpol {

using LabelMap = std::map<std::string, std::string>;

struct LabelRequirement {
  enum class Operator { kIn, kNotIn, kExists, kDoesNotExist };
  std::string key;
  Operator op = Operator::kIn;
  std::vector<std::string> values;  // In and NotIn only

  // Requirement.Matches: In needs the key with one of the values; NotIn matches when the key is
  // absent or its value is none of them; Exists and DoesNotExist look at the key only.
  bool matches(const LabelMap& labels) const;
};

struct LabelSelector {
  LabelMap match_labels;
  std::vector<LabelRequirement> match_expressions;

  bool empty() const { return match_labels.empty() && match_expressions.empty(); }
  bool matches(const LabelMap& labels) const;
  // "app=web,tier in (db,cache)" or "{}" (everything), for explanations.
  std::string to_string() const;
};

}  // namespace ekssim::netpol
