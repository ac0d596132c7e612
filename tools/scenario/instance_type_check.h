#pragma once
// nodeGroups[].instanceType against the EC2 instance network limits table (models/aws).

#include <string_view>

#include "tools/scenario/yaml_reader.h"

namespace ekssim::scenario {

// Reports `type` at `node` unless the limits table knows it, naming the nearest known types.
bool check_instance_type(Reader& reader, const YAML::Node& node, std::string_view type);

}  // namespace ekssim::scenario
