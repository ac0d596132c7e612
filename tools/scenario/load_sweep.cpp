// The `sweep:` section (sweep_section.h): validated by the loader, read again by `ekssim sweep`.

#include <fmt/format.h>

#include <set>

#include "tools/scenario/sections.h"
#include "tools/scenario/sweep_path.h"
#include "tools/scenario/sweep_section.h"

namespace ekssim::scenario {
namespace {

// A value as YAML text that reads back the same: quoted values are written in double quotes.
std::optional<std::string> value_text(Reader& reader, const YAML::Node& node,
                                      std::string_view label) {
  if (!node.IsScalar()) {
    reader.error(node, fmt::format("{} is {}", label, describe(node)),
                 "a one-line value such as 5, m5.large or \"1\"");
    return std::nullopt;
  }
  if (!is_quoted(node)) return node.Scalar();
  std::string out = "\"";
  for (char c : node.Scalar()) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void check_path(Reader& reader, const YAML::Node& node, const std::string& path) {
  const SweepPathParse parsed = parse_sweep_path(path);
  if (!parsed.error.empty()) {
    reader.error(node, fmt::format("path '{}': {}", path, parsed.error),
                 std::string(kSweepPathExpected));
  }
}

void load_axis(Reader& reader, const YAML::Node& node, const std::string& label,
               SweepSection& sweep) {
  MapReader map(reader, node, label, "a sweep axis");
  if (!map.ok()) return;
  SweepAxis axis;
  axis.location = map.location();
  if (auto path = map.text("path", Need::kRequired, std::string(kSweepPathExpected))) {
    check_path(reader, *map.get("path"), *path);
    axis.path = *path;
  }
  if (auto values = map.require("values", "a list of values")) {
    for_each_item(reader, *values, "values", "a list of values",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    if (auto v = value_text(reader, item, item_label)) axis.values.push_back(*v);
                  });
    if (values->IsSequence() && values->size() == 0) {
      reader.error(*values, "values is empty", "at least one value");
    }
  }
  map.finish();
  sweep.axes.push_back(std::move(axis));
}

void load_variant(Reader& reader, const YAML::Node& node, const std::string& label,
                  std::set<std::string>& names, SweepSection& sweep) {
  MapReader map(reader, node, label, "a sweep variant");
  if (!map.ok()) return;
  SweepVariant variant;
  variant.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the variant's name")) {
    if (*name == "baseline" || !names.insert(*name).second) {
      reader.error(*map.get("name"), fmt::format("a second variant named '{}'", *name),
                   "a unique name other than baseline");
    }
    variant.name = *name;
  }
  if (auto set = map.require("set", "a map of paths to values")) {
    MapReader settings(reader, *set, "set", "the variant's settings");
    if (settings.ok()) {
      for (const auto& entry : settings.entries()) {
        check_path(reader, entry.key_node, entry.key);
        if (auto v = value_text(reader, entry.value, entry.key)) {
          variant.settings.push_back(Setting{entry.key, *v});
        }
      }
      settings.finish();
    }
  }
  map.finish();
  sweep.variants.push_back(std::move(variant));
}

}  // namespace

SweepSection load_sweep(Reader& reader, const YAML::Node& node) {
  SweepSection sweep;
  MapReader map(reader, node, "sweep", "the sweep: axes and variants");
  if (!map.ok()) return sweep;
  if (auto axes = map.get("axes")) {
    for_each_item(reader, *axes, "axes", "a list of axes (path, values)",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_axis(reader, item, label, sweep);
                  });
  }
  if (auto variants = map.get("variants")) {
    std::set<std::string> names;
    for_each_item(reader, *variants, "variants", "a list of variants (name, set)",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_variant(reader, item, label, names, sweep);
                  });
  }
  map.finish();
  return sweep;
}

SweepSection read_sweep_section(std::string_view text) {
  DiagnosticSink sink{"", text};
  Reader reader(sink);
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) return {};
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "sweep")
        return load_sweep(reader, it->second);
    }
  } catch (const YAML::Exception&) {
    // The loader has already reported it.
  }
  return {};
}

}  // namespace ekssim::scenario
