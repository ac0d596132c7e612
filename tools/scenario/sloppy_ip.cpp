#include "tools/scenario/sloppy_ip.h"

#include <fmt/format.h>

namespace ekssim::scenario {

namespace {

// Go's old parseIPv4 field reader (dtoi): decimal digits, at least one, the value at most 255.
std::optional<uint32_t> field(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  uint32_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
    if (value > 255) return std::nullopt;
  }
  return value;
}

void warn_normalised(Reader& reader, const YAML::Node& node, const std::string& label,
                     const std::string& canonical) {
  reader.warning(node,
                 fmt::format("{} '{}' has leading zeros; Kubernetes reads it as {} "
                             "(k8s.io/utils/net ParseIPSloppy, decimal), and so does ekssim",
                             label, node.Scalar(), canonical),
                 fmt::format("{}, without leading zeros", canonical));
}

}  // namespace

std::optional<net::Ipv4> parse_ipv4_sloppy(std::string_view text) {
  uint32_t address = 0;
  for (int i = 0; i < 4; ++i) {
    const size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return std::nullopt;
    const auto value = field(text.substr(0, dot));
    if (!value) return std::nullopt;
    address = address << 8 | *value;
    text.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return net::Ipv4(address);
}

std::optional<net::Cidr> parse_cidr_sloppy(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = parse_ipv4_sloppy(text.substr(0, slash));
  if (!address) return std::nullopt;
  return net::Cidr::parse(address->to_string() + std::string(text.substr(slash)));
}

std::optional<net::Ipv4> read_service_ipv4(Reader& reader, const YAML::Node& node,
                                           const std::string& label) {
  if (node.IsScalar() && !net::Ipv4::parse(node.Scalar())) {
    if (auto sloppy = parse_ipv4_sloppy(node.Scalar())) {
      warn_normalised(reader, node, label, sloppy->to_string());
      return sloppy;
    }
  }
  return reader.ipv4(node, label);
}

std::optional<net::Cidr> read_service_cidr(Reader& reader, const YAML::Node& node,
                                           const std::string& label) {
  if (node.IsScalar() && !net::Cidr::parse(node.Scalar())) {
    if (auto sloppy = parse_cidr_sloppy(node.Scalar())) {
      warn_normalised(reader, node, label, sloppy->to_string());
      return sloppy;
    }
  }
  return reader.cidr(node, label);
}

}  // namespace ekssim::scenario
