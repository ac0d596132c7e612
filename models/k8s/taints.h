#pragma once
// Taints and tolerations (k8s.io/api/core/v1 Taint, Toleration; matching as in
// `Toleration.ToleratesTaint` in k8s.io/api/core/v1/toleration.go and
// `FindMatchingUntoleratedTaint` in k8s.io/component-helpers/scheduling/corev1/helpers.go).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "models/k8s/string_table.h"

namespace ekssim::k8s {

enum class TaintEffect { kNoSchedule, kPreferNoSchedule, kNoExecute };

struct Taint {
  StrId key = StringTable::kEmpty;
  StrId value = StringTable::kEmpty;
  TaintEffect effect = TaintEffect::kNoSchedule;
  friend bool operator==(const Taint&, const Taint&) = default;
};

struct Toleration {
  enum class Operator { kEqual, kExists };
  StrId key = StringTable::kEmpty;  // empty with kExists: every key
  Operator op = Operator::kEqual;
  StrId value = StringTable::kEmpty;
  std::optional<TaintEffect> effect;  // none: every effect
  friend bool operator==(const Toleration&, const Toleration&) = default;

  bool tolerates(const Taint& taint) const;
  // `operator: Exists` with no key and no effect: tolerates every taint (aws-node, kube-proxy).
  static Toleration everything() {
    Toleration all;
    all.op = Operator::kExists;
    return all;
  }
};

// The first NoSchedule or NoExecute taint, in the node's order, that no toleration tolerates; the
// scheduler's TaintToleration filter reports this one. PreferNoSchedule taints only score.
const Taint* first_untolerated(std::span<const Taint> taints,
                               std::span<const Toleration> tolerations);
// The same for NoSchedule taints only: the scheduler's pre-enqueue check of a node
// (pkg/scheduler/eventhandlers.go, `preCheckForNode`).
const Taint* first_untolerated_no_schedule(std::span<const Taint> taints,
                                           std::span<const Toleration> tolerations);

// Taint keys the node controllers and the scheduler use (k8s.io/api/core/v1 well_known_taints.go).
inline constexpr std::string_view kTaintNodeNotReady = "node.kubernetes.io/not-ready";
inline constexpr std::string_view kTaintNodeUnreachable = "node.kubernetes.io/unreachable";
inline constexpr std::string_view kTaintNodeUnschedulable = "node.kubernetes.io/unschedulable";

}  // namespace ekssim::k8s
