#include "tools/cli/sweep_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sim/random.h"
#include "tools/scenario/sweep_path.h"

namespace ekssim::cli {
namespace {

std::vector<std::string> split_values(std::string_view text) {
  std::vector<std::string> values;
  std::string current;
  char quote = 0;
  int depth = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      values.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  values.push_back(current);
  return values;
}

std::string unquoted(const std::string& value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

// What a variant's name calls an axis: its last key, or the whole path when two axes share it.
std::vector<std::string> axis_labels(const std::vector<scenario::SweepAxis>& axes) {
  std::vector<std::string> labels;
  for (const auto& axis : axes) {
    const auto steps = scenario::parse_sweep_path(axis.path).steps;
    labels.push_back(steps.empty() ? axis.path : steps.back().key);
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (std::count(labels.begin(), labels.end(), labels[i]) > 1) {
      for (size_t j = 0; j < labels.size(); ++j) {
        if (labels[j] == labels[i] && j != i) labels[j] = axes[j].path;
      }
      labels[i] = axes[i].path;
    }
  }
  return labels;
}

}  // namespace

std::optional<std::string> parse_set_option(std::string_view arg, scenario::SweepAxis& axis) {
  const size_t eq = arg.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == arg.size()) {
    return fmt::format("--set '{}': expected PATH=VALUE1,VALUE2,…", arg);
  }
  axis.path = std::string(arg.substr(0, eq));
  const auto parsed = scenario::parse_sweep_path(axis.path);
  if (!parsed.error.empty()) {
    return fmt::format("--set '{}': {}; expected {}", arg, parsed.error,
                       scenario::kSweepPathExpected);
  }
  axis.values = split_values(arg.substr(eq + 1));
  for (const auto& v : axis.values) {
    if (v.empty()) return fmt::format("--set '{}': an empty value; expected PATH=V1,V2,…", arg);
  }
  return std::nullopt;
}

std::string plan_digest(std::string_view text, const std::vector<Variant>& variants,
                        const std::vector<uint64_t>& seeds) {
  std::string bytes(text);
  for (const Variant& v : variants) {
    bytes += '\0' + v.name;
    for (const auto& s : v.settings) bytes += '\0' + s.path + '=' + s.value;
  }
  for (uint64_t seed : seeds) bytes += '\0' + std::to_string(seed);
  return fmt::format("{:016x}", sim::stable_hash(bytes));
}

std::vector<Variant> plan_variants(const scenario::SweepSection& section,
                                   const std::vector<scenario::SweepAxis>& command_line_axes) {
  std::vector<scenario::SweepAxis> axes;
  for (const auto& axis : section.axes) {
    const bool overridden = std::any_of(command_line_axes.begin(), command_line_axes.end(),
                                        [&](const auto& a) { return a.path == axis.path; });
    if (!overridden) axes.push_back(axis);
  }
  axes.insert(axes.end(), command_line_axes.begin(), command_line_axes.end());
  const std::vector<std::string> labels = axis_labels(axes);

  std::vector<scenario::SweepVariant> groups{{}};  // "none" first
  groups.insert(groups.end(), section.variants.begin(), section.variants.end());
  std::vector<Variant> variants{{"baseline", {}}};
  for (const auto& group : groups) {
    // Odometer over the axes' values, the last axis fastest.
    std::vector<size_t> at(axes.size(), 0);
    while (true) {
      Variant v{group.name, group.settings};
      for (size_t a = 0; a < axes.size(); ++a) {
        const std::string& value = axes[a].values[at[a]];
        v.settings.push_back({axes[a].path, value});
        v.name += (v.name.empty() ? "" : " ") + labels[a] + "=" + unquoted(value);
      }
      if (!v.settings.empty() || !v.name.empty()) variants.push_back(std::move(v));
      size_t a = axes.size();
      while (a > 0 && ++at[a - 1] == axes[a - 1].values.size())
        at[--a] = 0;
      if (a == 0) break;
    }
  }
  return variants;
}

}  // namespace ekssim::cli
