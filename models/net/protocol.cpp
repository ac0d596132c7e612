#include "models/net/protocol.h"

#include <charconv>
#include <string>

namespace ekssim::net {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char lower = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (lower != b[i]) return false;
  }
  return true;
}

std::optional<unsigned> parse_number(std::string_view text, unsigned max) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Protocol> Protocol::parse(std::string_view text) {
  if (text == "-1" || equals_ignoring_case(text, "all")) return all();
  if (equals_ignoring_case(text, "tcp")) return tcp();
  if (equals_ignoring_case(text, "udp")) return udp();
  if (equals_ignoring_case(text, "icmp")) return icmp();
  const auto value = parse_number(text, 255);
  if (!value) return std::nullopt;
  return number(static_cast<uint8_t>(*value));
}

std::string Protocol::to_string() const {
  switch (value_) {
    case -1:
      return "all";
    case 1:
      return "icmp";
    case 6:
      return "tcp";
    case 17:
      return "udp";
    default:
      return "protocol " + std::to_string(value_);
  }
}

std::optional<PortRange> PortRange::parse(std::string_view text) {
  const size_t dash = text.find('-');
  const auto first = parse_number(text.substr(0, dash), 65535);
  if (!first) return std::nullopt;
  if (dash == std::string_view::npos) return single(static_cast<uint16_t>(*first));
  const auto last = parse_number(text.substr(dash + 1), 65535);
  if (!last || *last < *first) return std::nullopt;
  return PortRange{static_cast<uint16_t>(*first), static_cast<uint16_t>(*last)};
}

std::string PortRange::to_string() const {
  if (first == last) return std::to_string(first);
  return std::to_string(first) + "-" + std::to_string(last);
}

std::string IcmpMatch::to_string() const {
  std::string text;
  if (type >= 0) text = "type " + std::to_string(type);
  if (code >= 0) text += (text.empty() ? "code " : " code ") + std::to_string(code);
  return text;
}

}  // namespace ekssim::net
