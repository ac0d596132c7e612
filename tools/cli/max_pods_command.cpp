#include "tools/cli/max_pods_command.h"

#include "models/aws/instance_types.h"
#include "tools/cli/exit_codes.h"

namespace ekssim::cli {

namespace {

constexpr size_t kSuggestions = 3;

// "a", "a or b", "a, b or c".
std::string either(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

}  // namespace

int run_max_pods(const std::vector<std::string>& types, const aws::MaxPodsOptions& options,
                 std::ostream& out, std::ostream& err) {
  // Every name is checked before anything is printed, so a typo never leaves partial output.
  std::vector<const aws::InstanceType*> found;
  bool all_known = true;
  for (const std::string& name : types) {
    const aws::InstanceType* type = aws::find_instance_type(name);
    if (type == nullptr) {
      all_known = false;
      err << "error: unknown instance type '" << name << "'; did you mean "
          << either(aws::nearest_instance_types(name, kSuggestions)) << "?\n";
    }
    found.push_back(type);
  }
  if (!all_known) return kExitBadInput;
  for (const aws::InstanceType* type : found) {
    out << type->name << ' ' << aws::max_pods(*type, options) << '\n';
  }
  return kExitOk;
}

}  // namespace ekssim::cli
