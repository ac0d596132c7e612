#include "tools/import/describe_occupancy.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "models/net/ipv4.h"
#include "tools/import/manifest_kinds.h"

namespace ekssim::import {
namespace {

std::string text(const YAML::Node& node, std::initializer_list<const char*> path) {
  return text_field(node, path).value_or("");
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

int64_t addresses_held(const YAML::Node& eni) {
  int64_t n = 0;
  if (auto ips = field(eni, {"PrivateIpAddresses"}); ips && ips->IsSequence())
    n += static_cast<int64_t>(ips->size());
  if (auto prefixes = field(eni, {"Ipv4Prefixes"}); prefixes && prefixes->IsSequence())
    n += 16 * static_cast<int64_t>(prefixes->size());
  return n;
}

}  // namespace

std::map<std::string, int64_t> held_by_the_cluster(const std::vector<YAML::Node>& interfaces) {
  std::set<std::string> nodes;
  for (const YAML::Node& eni : interfaces) {
    if (starts_with(text(eni, {"Description"}), "aws-K8S-"))
      nodes.insert(text(eni, {"Attachment", "InstanceId"}));
  }
  nodes.erase("");
  std::map<std::string, int64_t> held;
  for (const YAML::Node& eni : interfaces) {
    const std::string description = text(eni, {"Description"});
    const bool node_primary = text(eni, {"Attachment", "DeviceIndex"}) == "0" &&
                              nodes.count(text(eni, {"Attachment", "InstanceId"})) > 0;
    if (starts_with(description, "aws-K8S-") || starts_with(description, "Amazon EKS ") ||
        starts_with(description, "VPC Endpoint Interface ") || node_primary) {
      held[text(eni, {"SubnetId"})] += addresses_held(eni);
    }
  }
  return held;
}

std::optional<AddressesInUse> addresses_in_use(const YAML::Node& subnet, int64_t recreated) {
  const auto cidr = net::Cidr::parse(text(subnet, {"CidrBlock"}));
  const std::string available_text = text(subnet, {"AvailableIpAddressCount"});
  int64_t available = 0;
  const char* end = available_text.data() + available_text.size();
  if (!cidr || available_text.empty() ||
      std::from_chars(available_text.data(), end, available).ptr != end) {
    return std::nullopt;
  }
  const int64_t usable = static_cast<int64_t>(cidr->size()) - 5;
  const int64_t n = std::clamp<int64_t>(usable - available - recreated, 0, usable);
  if (n == 0) return std::nullopt;
  return AddressesInUse{
      n, fmt::format("{} usable - AvailableIpAddressCount {}{}", usable, available,
                     recreated > 0 ? fmt::format(" - {} the cluster's own", recreated) : "")};
}

}  // namespace ekssim::import
