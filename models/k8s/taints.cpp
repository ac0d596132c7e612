#include "models/k8s/taints.h"

namespace ekssim::k8s {

bool Toleration::tolerates(const Taint& taint) const {
  if (effect && *effect != taint.effect) return false;
  if (key != StringTable::kEmpty && key != taint.key) return false;
  return op == Operator::kExists || value == taint.value;
}

namespace {

template <typename Considered>
const Taint* first_untolerated_if(std::span<const Taint> taints,
                                  std::span<const Toleration> tolerations, Considered considered) {
  for (const Taint& taint : taints) {
    if (!considered(taint)) continue;
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

}  // namespace

const Taint* first_untolerated(std::span<const Taint> taints,
                               std::span<const Toleration> tolerations) {
  return first_untolerated_if(taints, tolerations, [](const Taint& taint) {
    return taint.effect != TaintEffect::kPreferNoSchedule;
  });
}

const Taint* first_untolerated_no_schedule(std::span<const Taint> taints,
                                           std::span<const Toleration> tolerations) {
  return first_untolerated_if(taints, tolerations, [](const Taint& taint) {
    return taint.effect == TaintEffect::kNoSchedule;
  });
}

}  // namespace ekssim::k8s
