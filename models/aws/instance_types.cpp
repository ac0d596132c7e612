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
  std::vector<std::pair<size_t, const std::string*>> scored;
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

std::optional<InstanceResources> estimate_resources(const InstanceType& type) {
  const size_t dot = type.name.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string_view family(type.name.data(), dot);
  const std::string_view size = std::string_view(type.name).substr(dot + 1);
  int vcpus = 0;
  if (size == "nano" || size == "micro" || size == "small") {
    vcpus = 2;
  } else if (size == "medium") {
    vcpus = 1;
  } else if (size == "large") {
    vcpus = 2;
  } else if (size == "xlarge") {
    vcpus = 4;
  } else if (size.size() > 6 && size.substr(size.size() - 6) == "xlarge") {
    int multiple = 0;
    const auto digits = size.substr(0, size.size() - 6);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), multiple);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    vcpus = 4 * multiple;
  } else {
    return std::nullopt;  // metal and other sizes
  }
  constexpr int64_t kGiB = int64_t{1} << 30;
  int64_t memory = 0;
  if (family.front() == 't') {
    // t3: nano 0.5, micro 1, small 2, medium 4, large 8 GiB, then 4 GiB per vCPU.
    memory = size == "nano"     ? kGiB / 2
             : size == "micro"  ? kGiB
             : size == "small"  ? 2 * kGiB
             : size == "medium" ? 4 * kGiB
                                : int64_t{4} * vcpus * kGiB;
  } else {
    const int64_t per_vcpu = family.front() == 'c'   ? 2
                             : family.front() == 'r' ? 8
                             : family.front() == 'x' ? 16
                                                     : 4;
    memory = per_vcpu * vcpus * kGiB;
  }
  return InstanceResources{vcpus, memory};
}

}  // namespace ekssim::aws
