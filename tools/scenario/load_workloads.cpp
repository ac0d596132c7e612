// workloads: a list of Kubernetes objects told apart by `kind`, and externalHosts' neighbour,
// the shared name helpers.

#include <fmt/format.h>

#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {

std::optional<std::string> read_k8s_name(MapReader& map, std::string_view key, Need need,
                                         bool (*valid)(std::string_view),
                                         std::string_view expected) {
  auto node = need == Need::kRequired ? map.require(key, expected) : map.get(key);
  if (!node) return std::nullopt;
  auto name = map.reader().text(*node, key, expected);
  if (!name) return std::nullopt;
  if (!valid(*name)) {
    map.reader().error(*node, fmt::format("{} '{}' is not a valid Kubernetes name", key, *name),
                       std::string(expected));
    return std::nullopt;
  }
  return name;
}

std::string read_namespace(MapReader& map) {
  return read_k8s_name(map, "namespace", Need::kOptional, is_dns1123_label, kDns1123LabelExpected)
      .value_or("default");
}

std::vector<spec::Workload> load_workloads(Reader& reader, const YAML::Node& node,
                                           const net::Cidr& service_cidr) {
  static const std::vector<std::string> kKinds = {"Deployment", "Service", "EndpointSlice"};
  std::vector<spec::Workload> workloads;
  for_each_item(reader, node, "workloads", "a list of Deployments, Services and EndpointSlices",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "a workload");
                  if (!map.ok()) return;
                  auto kind = map.one_of("kind", Need::kRequired, kKinds);
                  if (!kind) return;  // the other keys depend on the kind
                  if (*kind == "Deployment") {
                    map.set_what("a Deployment");
                    workloads.emplace_back(load_deployment(map));
                  } else if (*kind == "Service") {
                    map.set_what("a Service");
                    workloads.emplace_back(load_service(map, service_cidr));
                  } else {
                    map.set_what("an EndpointSlice");
                    workloads.emplace_back(load_endpoint_slice(map));
                  }
                  map.finish();
                });
  return workloads;
}

}  // namespace ekssim::scenario
