#include "tools/import/from_section.h"

#include <fmt/format.h>

#include <filesystem>

#include "tools/scenario/edit_distance.h"

namespace ekssim::import {
namespace {

const std::vector<std::string> kKeys = {"eksctl", "manifests", "awsDescribe", "vpcId"};

std::optional<NamedPath> one_path(const YAML::Node& node, const std::string& key,
                                  const std::string& scenario_path, ImportLog& log) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    log.error(node, scenario_path, fmt::format("from.{} is not a path", key),
              "a path relative to the scenario file");
    return std::nullopt;
  }
  const std::filesystem::path base = std::filesystem::path(scenario_path).parent_path();
  const std::filesystem::path path(node.Scalar());
  return NamedPath{(path.is_absolute() ? path : base / path).lexically_normal().string(),
                   origin_of(node, scenario_path)};
}

std::vector<NamedPath> paths(const YAML::Node& node, const std::string& key,
                             const std::string& scenario_path, ImportLog& log) {
  std::vector<NamedPath> out;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node)
      if (auto p = one_path(item, key, scenario_path, log)) out.push_back(*p);
  } else if (auto p = one_path(node, key, scenario_path, log)) {
    out.push_back(*p);
  }
  return out;
}

}  // namespace

Sources read_from_section(const YAML::Node& node, const std::string& scenario_path,
                          ImportLog& log) {
  Sources s;
  if (!node.IsMap()) {
    log.error(node, scenario_path, "from is not a map",
              "{eksctl: FILE, manifests: [PATH…], awsDescribe: [PATH…], vpcId: ID}");
    return s;
  }
  for (const auto& pair : node) {
    const std::string key = pair.first.Scalar();
    const YAML::Node& value = pair.second;
    if (key == "eksctl") {
      s.eksctl = one_path(value, key, scenario_path, log);
    } else if (key == "manifests") {
      s.manifests = paths(value, key, scenario_path, log);
    } else if (key == "awsDescribe") {
      s.aws_describe = paths(value, key, scenario_path, log);
    } else if (key == "vpcId") {
      s.vpc_id = value.Scalar();
      s.vpc_id_at = origin_of(value, scenario_path);
    } else {
      log.error(pair.first, scenario_path,
                fmt::format("unknown key '{}' in from{}", key, scenario::did_you_mean(key, kKeys)),
                "one of: " + scenario::join_names(kKeys));
    }
  }
  if (s.empty() && !log.failed()) {
    log.error(node, scenario_path, "from names no file",
              "at least one of eksctl, manifests, awsDescribe");
  }
  return s;
}

}  // namespace ekssim::import
