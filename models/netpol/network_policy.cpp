#include "models/netpol/network_policy.h"

namespace ekssim::netpol {

LabelMap namespace_labels(const std::string& ns, const LabelMap& declared) {
  LabelMap labels = declared;
  labels["kubernetes.io/metadata.name"] = ns;
  return labels;
}

}  // namespace ekssim::netpol
