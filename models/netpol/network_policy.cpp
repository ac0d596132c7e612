#include "models/netpol/network_policy.h"

namespace ekssim::netpol {

LabelMap namespace_labels(const std::string& ns) {
  return {{"kubernetes.io/metadata.name", ns}};
}

}  // namespace ekssim::netpol
