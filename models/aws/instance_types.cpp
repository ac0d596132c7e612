#include "models/aws/instance_types.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "models/aws/edit_distance.h"

namespace ekssim::aws {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

int to_int(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::logic_error("instance limits table: not a number: " + std::string(text));
  }
  return value;
}

std::vector<InstanceType> parse_table(std::string_view csv) {
  std::vector<InstanceType> types;
  bool header = true;
  for (std::string_view line : split(csv, '\n')) {
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    const auto f = split(line, ',');
    if (f.size() != 11)
      throw std::logic_error("instance limits table: bad row " + std::string(line));
    InstanceType t;
    t.name = std::string(f[0]);
    t.max_enis = to_int(f[1]);
    t.ipv4_per_eni = to_int(f[2]);
    t.hypervisor = f[3] == "nitro" ? Hypervisor::kNitro
                   : f[3] == "xen" ? Hypervisor::kXen
                                   : Hypervisor::kUnknown;
    t.bare_metal = f[4] == "true";
    t.network_cards = to_int(f[5]);
    for (std::string_view card : split(f[7], ';'))
      t.max_enis_per_card.push_back(to_int(card));
    t.max_enis_all_cards = to_int(f[8]);
    if (!f[9].empty()) t.trunking_compatible = f[9] == "true";
    if (!f[10].empty()) t.branch_interfaces = to_int(f[10]);
    types.push_back(std::move(t));
  }
  std::sort(types.begin(), types.end(),
            [](const InstanceType& a, const InstanceType& b) { return a.name < b.name; });
  return types;
}

}  // namespace

const std::vector<InstanceType>& all_instance_types() {
  static const std::vector<InstanceType> kTypes = parse_table(embedded_instance_limits_csv());
  return kTypes;
}

const InstanceType* find_instance_type(std::string_view name) {
  const auto& types = all_instance_types();
  const auto it =
      std::lower_bound(types.begin(), types.end(), name,
                       [](const InstanceType& t, std::string_view n) { return t.name < n; });
  return it != types.end() && it->name == name ? &*it : nullptr;
}

std::vector<std::string> nearest_instance_types(std::string_view name, size_t n) {
  std::vector<std::pair<int, const std::string*>> scored;
  for (const InstanceType& t : all_instance_types()) {
    scored.emplace_back(edit_distance(name, t.name), &t.name);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < n; ++i)
    out.push_back(*scored[i].second);
  return out;
}

namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

// Burstable types, from AWS's table ("Burstable performance instances", instance type
// specifications): vCPUs and memory by size. t2 has 1 vCPU up to small, t3, t3a and t4g have 2.
struct BurstableSize {
  std::string_view size;
  int t2_vcpus;
  int other_vcpus;
  int64_t memory_bytes;
};
constexpr BurstableSize kBurstable[] = {
    {"nano", 1, 2, kGiB / 2},     {"micro", 1, 2, kGiB},     {"small", 1, 2, 2 * kGiB},
    {"medium", 2, 2, 4 * kGiB},   {"large", 2, 2, 8 * kGiB}, {"xlarge", 4, 4, 16 * kGiB},
    {"2xlarge", 8, 8, 32 * kGiB},
};

// "xlarge": 4 vCPUs; "Nxlarge" or "metal-Nxl": 4·N vCPUs.
std::optional<int> sized_vcpus(std::string_view size) {
  if (size == "xlarge") return 4;
  std::string_view digits;
  if (size.size() > 6 && size.substr(size.size() - 6) == "xlarge") {
    digits = size.substr(0, size.size() - 6);
  } else if (size.size() > 8 && size.substr(0, 6) == "metal-" &&
             size.substr(size.size() - 2) == "xl") {
    digits = size.substr(6, size.size() - 8);
  } else {
    return std::nullopt;
  }
  int multiple = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), multiple);
  if (ec != std::errc() || end != digits.data() + digits.size() || multiple <= 0) {
    return std::nullopt;
  }
  return 4 * multiple;
}

}  // namespace

std::optional<InstanceResources> estimate_resources(const InstanceType& type) {
  const size_t dot = type.name.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  const std::string_view family(type.name.data(), dot);
  const std::string_view size = std::string_view(type.name).substr(dot + 1);
  // t1, t2, t3, t3a, t4g (not trn1 or trn2).
  if (family.size() >= 2 && family[0] == 't' && family[1] >= '1' && family[1] <= '9') {
    if (family == "t1") {
      if (size != "micro") return std::nullopt;
      return InstanceResources{1, 613 * kGiB / 1000};  // t1.micro: 0.613 GiB
    }
    for (const BurstableSize& b : kBurstable) {
      if (b.size == size) {
        return InstanceResources{family == "t2" ? b.t2_vcpus : b.other_vcpus, b.memory_bytes};
      }
    }
    return std::nullopt;
  }
  int vcpus = 0;
  if (size == "nano" || size == "micro" || size == "small" || size == "medium") {
    vcpus = 1;  // a1.medium, m6g.medium, m1.small …
  } else if (size == "large") {
    vcpus = 2;
  } else if (const std::optional<int> n = sized_vcpus(size)) {
    vcpus = *n;
  } else {
    return std::nullopt;  // "metal" and other sizes that do not say
  }
  // Memory per vCPU by the family's first letter; other families get the general-purpose 4 GiB.
  int64_t per_vcpu = 4;
  switch (family.front()) {
    case 'c':
      per_vcpu = 2;
      break;
    case 'r':
    case 'i':
    case 'd':
    case 'z':
      per_vcpu = 8;
      break;
    case 'x':
      per_vcpu = 16;
      break;
    default:
      break;
  }
  return InstanceResources{vcpus, per_vcpu * vcpus * kGiB};
}

}  // namespace ekssim::aws
