#include "models/aws/instance_resources.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/aws/csv_table.h"

namespace ekssim::aws {

namespace {

constexpr int64_t kMiB = int64_t{1} << 20;
constexpr int64_t kGiB = int64_t{1} << 30;

struct PublishedRow {
  std::string_view name;
  InstanceResources resources;
};

// instance_type,vcpus,memory_mib — sorted by name (tools/data/extract_instance_resources.py).
std::vector<PublishedRow> parse_resources(std::string_view csv) {
  std::vector<PublishedRow> rows;
  for (const auto& f : table_rows(csv, 3, "instance resources table")) {
    PublishedRow row;
    row.name = f[0];
    row.resources.vcpus = table_int(f[1]);
    row.resources.memory_bytes = table_int(f[2]) * kMiB;
    rows.push_back(row);
  }
  if (!std::is_sorted(rows.begin(), rows.end(),
                      [](const PublishedRow& a, const PublishedRow& b) { return a.name < b.name; })) {
    throw std::logic_error("instance resources table: rows not sorted by name");
  }
  return rows;
}

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

int64_t memory_gib_per_vcpu(char family_letter) {
  switch (family_letter) {
    case 'c':
      return 2;
    case 'r':
    case 'i':
    case 'd':
    case 'z':
      return 8;
    case 'x':
      return 16;
    default:
      return 4;  // general purpose: m, g, p, …
  }
}

}  // namespace

std::optional<InstanceResources> published_resources(std::string_view name) {
  static const std::vector<PublishedRow> kRows = parse_resources(embedded_instance_resources_csv());
  const auto it = std::lower_bound(
      kRows.begin(), kRows.end(), name,
      [](const PublishedRow& row, std::string_view n) { return row.name < n; });
  if (it == kRows.end() || it->name != name) return std::nullopt;
  return it->resources;
}

std::optional<InstanceResources> estimate_resources(const InstanceType& type) {
  const size_t dot = type.name.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  const std::string_view size = std::string_view(type.name).substr(dot + 1);
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
  InstanceResources estimate;
  estimate.vcpus = vcpus;
  estimate.memory_bytes = memory_gib_per_vcpu(type.name.front()) * vcpus * kGiB;
  estimate.estimated = true;
  return estimate;
}

std::optional<InstanceResources> resources_of(const InstanceType& type) {
  if (auto published = published_resources(type.name)) return published;
  return estimate_resources(type);
}

}  // namespace ekssim::aws
