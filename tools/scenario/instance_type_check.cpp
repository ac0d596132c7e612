#include "tools/scenario/instance_type_check.h"

#include <fmt/format.h>

#include "models/aws/instance_types.h"
#include "tools/scenario/edit_distance.h"

namespace ekssim::scenario {

bool check_instance_type(Reader& reader, const YAML::Node& node, std::string_view type) {
  if (aws::find_instance_type(type) != nullptr) return true;
  const std::vector<std::string> near = aws::nearest_instance_types(type, 3);
  const std::string suggestion =
      near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near.front());
  reader.error(node, fmt::format("unknown instance type '{}'{}", type, suggestion),
               near.empty() ? std::string("an instance type in the EC2 instance limits table")
                            : "an instance type in the EC2 instance limits table, such as " +
                                  join_names(near));
  return false;
}

}  // namespace ekssim::scenario
