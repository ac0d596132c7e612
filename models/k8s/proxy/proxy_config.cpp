#include "models/k8s/proxy/proxy_config.h"

#include <fmt/format.h>

#include <charconv>

namespace ekssim::k8s {

std::string ProxyConfig::masquerade_mark_for_bit(int bit) {
  // fmt's "#08x" pads like Go's "%#08x": the width counts the "0x" prefix.
  return fmt::format("{:#08x}", 1u << bit);
}

int ProxyConfig::minor_of(std::string_view version) {
  if (version.substr(0, 2) != "1.") return kNewestProxierMinor;
  int minor = 0;
  const std::string_view digits = version.substr(2);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), minor);
  if (error != std::errc() || end != digits.data() + digits.size()) return kNewestProxierMinor;
  return minor;
}

}  // namespace ekssim::k8s
