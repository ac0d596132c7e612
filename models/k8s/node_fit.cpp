#include "models/k8s/node_fit.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::k8s {

NodeVerdict check_cordon_and_taints(const PodTemplate& pod, bool unschedulable,
                                    std::span<const Taint> taints, StrId unschedulable_key) {
  NodeVerdict verdict;
  if (unschedulable) {
    const Taint cordon{unschedulable_key, StringTable::kEmpty, TaintEffect::kNoSchedule};
    const bool tolerated = std::any_of(pod.tolerations.begin(), pod.tolerations.end(),
                                       [&](const Toleration& t) { return t.tolerates(cordon); });
    if (!tolerated) {
      verdict.rejected_by = kNodeUnschedulable;
      return verdict;
    }
  }
  verdict.taint = first_untolerated(taints, pod.tolerations);
  if (verdict.taint != nullptr) verdict.rejected_by = kTaintToleration;
  return verdict;
}

void FitDiagnosis::clear() {
  *this = FitDiagnosis();
}

void FitDiagnosis::add(const NodeVerdict& verdict, int nodes) {
  rejectors_ |= verdict.rejected_by;
  switch (verdict.rejected_by) {
    case kNodeUnschedulable:
      unschedulable_ += nodes;
      break;
    case kTaintToleration: {
      const auto it = std::find_if(taints_.begin(), taints_.end(), [&](const auto& entry) {
        return entry.first.key == verdict.taint->key && entry.first.value == verdict.taint->value;
      });
      if (it == taints_.end()) {
        taints_.emplace_back(*verdict.taint, nodes);
      } else {
        it->second += nodes;
      }
      break;
    }
    case kNodeAffinity:
      affinity_ += nodes;
      break;
    case kNodeResourcesFit:
      too_many_pods_ += verdict.too_many_pods ? nodes : 0;
      cpu_ += verdict.insufficient_cpu ? nodes : 0;
      memory_ += verdict.insufficient_memory ? nodes : 0;
      pod_eni_ += verdict.insufficient_pod_eni ? nodes : 0;
      resolvable_nodes_ += nodes;
      return;
    default:
      return;
  }
  unresolvable_nodes_ += nodes;
}

namespace {

void add_reason(std::vector<std::string>& out, int count, std::string_view reason) {
  if (count > 0) out.push_back(fmt::format("{} {}", count, reason));
}

std::string sorted_histogram(std::vector<std::string> reasons) {
  // Go's sort.Strings: plain byte order.
  std::sort(reasons.begin(), reasons.end());
  std::string joined;
  for (const std::string& reason : reasons) {
    if (!joined.empty()) joined += ", ";
    joined += reason;
  }
  return joined;
}

}  // namespace

std::string FitDiagnosis::message(size_t all_nodes, const StringTable& strings,
                                  MessageStyle style) const {
  std::vector<std::string> reasons;
  add_reason(reasons, unschedulable_, "node(s) were unschedulable");
  if (style.kubernetes_minor >= 35) {
    int tainted = 0;
    for (const auto& [taint, count] : taints_)
      tainted += count;
    add_reason(reasons, tainted, "node(s) had untolerated taint(s)");
  } else {
    for (const auto& [taint, count] : taints_) {
      add_reason(reasons, count,
                 fmt::format("node(s) had untolerated taint {{{}: {}}}", strings.view(taint.key),
                             strings.view(taint.value)));
    }
  }
  add_reason(reasons, affinity_, "node(s) didn't match Pod's node affinity/selector");
  add_reason(reasons, too_many_pods_, "Too many pods");
  add_reason(reasons, cpu_, "Insufficient cpu");
  add_reason(reasons, memory_, "Insufficient memory");
  add_reason(reasons, pod_eni_, "Insufficient vpc.amazonaws.com/pod-eni");

  std::vector<std::string> preemption;
  add_reason(preemption, unresolvable_nodes_, "Preemption is not helpful for scheduling");
  add_reason(preemption, resolvable_nodes_, "No preemption victims found for incoming pod");

  std::string text = fmt::format(
      "0/{} nodes are available: {}. preemption: 0/{} nodes are "
      "available: {}.",
      all_nodes, sorted_histogram(std::move(reasons)), all_nodes,
      sorted_histogram(std::move(preemption)));
  if (style.kubernetes_minor < 30) text += '.';
  return text;
}

}  // namespace ekssim::k8s
