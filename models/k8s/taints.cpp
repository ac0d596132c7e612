#include "models/k8s/taints.h"

namespace ekssim::k8s {

std::string_view to_string(TaintEffect effect) {
  switch (effect) {
    case TaintEffect::kNoSchedule:
      return "NoSchedule";
    case TaintEffect::kPreferNoSchedule:
      return "PreferNoSchedule";
    case TaintEffect::kNoExecute:
      return "NoExecute";
  }
  return "";
}

bool Toleration::tolerates(const Taint& taint) const {
  if (effect && *effect != taint.effect) return false;
  if (key != StringTable::kEmpty && key != taint.key) return false;
  return op == Operator::kExists || value == taint.value;
}

const Taint* first_untolerated(std::span<const Taint> taints,
                               std::span<const Toleration> tolerations) {
  for (const Taint& taint : taints) {
    if (taint.effect == TaintEffect::kPreferNoSchedule) continue;
    bool tolerated = false;
    for (const Toleration& toleration : tolerations) {
      if (toleration.tolerates(taint)) {
        tolerated = true;
        break;
      }
    }
    if (!tolerated) return &taint;
  }
  return nullptr;
}

bool tolerates_all(std::span<const Taint> taints, std::span<const Toleration> tolerations) {
  return first_untolerated(taints, tolerations) == nullptr;
}

}  // namespace ekssim::k8s
