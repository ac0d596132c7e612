#include "models/aws/instance_types.h"

#include <algorithm>
#include <stdexcept>

#include "models/aws/csv_table.h"
#include "models/aws/edit_distance.h"

namespace ekssim::aws {

namespace {

std::vector<InstanceType> parse_table(std::string_view csv) {
  std::vector<InstanceType> types;
  for (const auto& f : table_rows(csv, 11, "instance limits table")) {
    InstanceType t;
    t.name = std::string(f[0]);
    t.max_enis = table_int(f[1]);
    t.ipv4_per_eni = table_int(f[2]);
    t.hypervisor = f[3] == "nitro" ? Hypervisor::kNitro
                   : f[3] == "xen" ? Hypervisor::kXen
                                   : Hypervisor::kUnknown;
    t.bare_metal = f[4] == "true";
    t.network_cards = table_int(f[5]);
    for (std::string_view card : split_fields(f[7], ';'))
      t.max_enis_per_card.push_back(table_int(card));
    t.max_enis_all_cards = table_int(f[8]);
    if (!f[9].empty()) t.trunking_compatible = f[9] == "true";
    if (!f[10].empty()) t.branch_interfaces = table_int(f[10]);
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

}  // namespace ekssim::aws
