#include "models/k8s/node.h"

namespace ekssim::k8s {

std::string_view to_string(NodeReadiness readiness) {
  switch (readiness) {
    case NodeReadiness::kTrue:
      return "True";
    case NodeReadiness::kFalse:
      return "False";
    case NodeReadiness::kUnknown:
      return "Unknown";
  }
  return "";
}

}  // namespace ekssim::k8s
