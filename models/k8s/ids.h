#pragma once
// Typed indexes into the ApiServer's tables. An id is the position of the object in its table;
// tables never shrink (a deleted pod keeps its slot, marked deleted), so an id stays valid for the
// whole run and names are looked up only at the edges (scenario events, reports).

#include <compare>
#include <cstdint>
#include <limits>

namespace ekssim::k8s {

template <typename Tag>
class Id {
 public:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  constexpr Id() = default;
  constexpr explicit Id(uint32_t index) : index_(index) {}
  static constexpr Id none() { return Id(); }

  constexpr uint32_t index() const { return index_; }
  constexpr bool valid() const { return index_ != kNone; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  uint32_t index_ = kNone;
};

using PodId = Id<struct PodTag>;
using NodeId = Id<struct NodeTag>;
// A pod template: the spec every pod of one workload shares (labels, selector, tolerations,
// requests). Pods point at their template instead of each carrying the strings.
using TemplateId = Id<struct TemplateTag>;

}  // namespace ekssim::k8s
