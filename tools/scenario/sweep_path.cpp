#include "tools/scenario/sweep_path.h"

#include <fmt/format.h>

namespace ekssim::scenario {
namespace {

bool is_key_char(char c) {
  return c != '.' && c != '[' && c != ']' && c != ' ' && c != '=';
}

SweepPathParse failed(std::string error) {
  return SweepPathParse{{}, std::move(error)};
}

}  // namespace

SweepPathParse parse_sweep_path(std::string_view path) {
  SweepPathParse result;
  size_t i = 0;
  while (true) {
    SweepPathStep step;
    const size_t start = i;
    while (i < path.size() && is_key_char(path[i]))
      ++i;
    step.key = std::string(path.substr(start, i - start));
    if (step.key.empty()) {
      return failed(i < path.size() ? fmt::format("'{}' where a key belongs at '{}'", path[i],
                                                  path.substr(0, i + 1))
                                    : fmt::format("an empty key at the end of '{}'", path));
    }
    if (i < path.size() && path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string_view::npos) {
        return failed(fmt::format("'[' without ']' in '{}'", path));
      }
      std::string item(path.substr(i + 1, close - i - 1));
      if (item.empty() || item.find('[') != std::string::npos) {
        return failed(fmt::format("an empty or nested item name in '{}'", path));
      }
      step.item = std::move(item);
      i = close + 1;
    }
    result.steps.push_back(std::move(step));
    if (i == path.size()) return result;
    if (path[i] != '.') {
      return failed(fmt::format("'{}' after '{}'", path[i], path.substr(0, i)));
    }
    ++i;
  }
}

}  // namespace ekssim::scenario
