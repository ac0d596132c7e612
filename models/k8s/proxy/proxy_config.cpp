#include "models/k8s/proxy/proxy_config.h"

#include <fmt/format.h>

namespace ekssim::k8s {

std::string ProxyConfig::masquerade_mark_for_bit(int bit) {
  // fmt's "#08x" pads like Go's "%#08x": the width counts the "0x" prefix.
  return fmt::format("{:#08x}", 1u << bit);
}

}  // namespace ekssim::k8s
