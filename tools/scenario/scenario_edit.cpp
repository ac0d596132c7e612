// Editing a scenario's text for a sweep variant (scenario_edit.h). The YAML tree locates each
// value (yaml-cpp's marks carry the byte offset, line and column of every node); the text is
// edited there, so everything the variant does not touch keeps its bytes, lines and columns.

#include "tools/scenario/scenario_edit.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>

#include "tools/scenario/sweep_path.h"
#include "tools/scenario/yaml_reader.h"

namespace ekssim::scenario {
namespace {

// A key to insert: a leaf with a value, or a map of further keys.
struct InsertEntry {
  std::string key;
  std::string value;
  std::vector<InsertEntry> children;
};

std::string render(const InsertEntry& e) {
  if (e.children.empty()) return e.key + ": " + e.value;
  std::string out = e.key + ": {";
  for (size_t i = 0; i < e.children.size(); ++i) {
    out += (i == 0 ? "" : ", ") + render(e.children[i]);
  }
  return out + "}";
}

// Keys inserted into one map of the original.
struct Insert {
  size_t pos = 0;      // where the text goes: the first key, or just inside an empty `{}`
  bool flow = false;   // a flow map `{…}`: entries end in ", "
  bool empty = false;  // an empty flow map: entries joined by ", "
  int line = 0;        // the first key's line (1-based), for a block map
  int column = 0;      // the first key's column (0-based), for a block map
  std::vector<InsertEntry> entries;
};

struct Replace {
  size_t end = 0;
  std::string text;
};

std::string quoted_like(std::string_view original, const std::string& value) {
  if (value.empty() || original.empty()) return value;
  if (original.front() != '"' && original.front() != '\'') return value;
  if (value.front() == '"' || value.front() == '\'') return value;
  std::string out(1, original.front());
  for (char c : value) {
    if (original.front() == '"' && (c == '"' || c == '\\')) out += '\\';
    if (original.front() == '\'' && c == '\'') out += '\'';
    out += c;
  }
  return out + original.front();
}

// The end of the one-line scalar starting at `pos`, or nullopt when it is not one.
std::optional<size_t> scalar_end(std::string_view text, const YAML::Node& node, size_t pos,
                                 bool in_flow) {
  if (pos >= text.size()) return std::nullopt;
  const char first = text[pos];
  size_t j = pos + 1;
  if (first == '"' || first == '\'') {
    while (j < text.size() && text[j] != '\n') {
      if (first == '"' && text[j] == '\\') {
        j += 2;
        continue;
      }
      if (text[j] == first) {
        if (first == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
          j += 2;
          continue;
        }
        return j + 1;
      }
      ++j;
    }
    return std::nullopt;
  }
  if (first == '|' || first == '>' || first == '!' || first == '&' || first == '*') {
    return std::nullopt;
  }
  j = pos;
  while (j < text.size() && text[j] != '\n' && text[j] != '\r') {
    if (text[j] == '#' && j > pos && (text[j - 1] == ' ' || text[j - 1] == '\t')) break;
    if (in_flow && (text[j] == ',' || text[j] == ']' || text[j] == '}')) break;
    ++j;
  }
  while (j > pos && (text[j - 1] == ' ' || text[j - 1] == '\t'))
    --j;
  if (text.substr(pos, j - pos) != node.Scalar()) return std::nullopt;  // spans several lines
  return j;
}

std::optional<YAML::Node> find_key(const YAML::Node& map, const std::string& key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return std::nullopt;
}

std::string scalar_or(const YAML::Node& map, const std::string& key, const std::string& absent) {
  auto v = find_key(map, key);
  return v && v->IsScalar() ? v->Scalar() : absent;
}

class Editor {
 public:
  Editor(std::string_view text, const YAML::Node& root) : text_(text) { root_.reset(root); }

  // Returns an error, or the empty string.
  std::string apply(const Setting& setting);
  ScenarioEdit finish() const;

 private:
  std::string find_item(const YAML::Node& list, const std::string& item, const std::string& at,
                        YAML::Node& found) const;
  std::string insert(const YAML::Node& map, const std::vector<SweepPathStep>& rest,
                     const std::string& value);
  std::string replace(const YAML::Node& scalar, bool in_flow, const Setting& setting);

  std::string_view text_;
  YAML::Node root_;
  std::map<size_t, Replace> replaces_;  // by start offset
  std::map<size_t, Insert> inserts_;    // by insertion offset
};

std::string Editor::find_item(const YAML::Node& list, const std::string& item,
                              const std::string& at, YAML::Node& found) const {
  if (!item.empty() &&
      std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const size_t index = std::stoul(item);
    if (index >= list.size()) {
      return fmt::format("{} has {} items, no [{}]", at, list.size(), item);
    }
    found.reset(list[index]);
    return "";
  }
  const size_t slash = item.find('/');
  std::vector<std::string> names;
  int matches = 0;
  for (const YAML::Node& entry : list) {
    if (!entry.IsMap()) continue;
    const std::string name = scalar_or(entry, "name", "");
    const std::string ns = scalar_or(entry, "namespace", "default");
    const bool hit = slash == std::string::npos
                         ? name == item
                         : ns == item.substr(0, slash) && name == item.substr(slash + 1);
    names.push_back(find_key(entry, "namespace") ? ns + "/" + name : name);
    if (hit && matches++ == 0) found.reset(entry);
  }
  if (matches > 1)
    return fmt::format("{} has {} items named '{}'; write [NAMESPACE/NAME]", at, matches, item);
  if (matches == 0) {
    return fmt::format("{} has no item named '{}'; expected one of: {}", at, item,
                       fmt::join(names, ", "));
  }
  return "";
}

std::string Editor::insert(const YAML::Node& map, const std::vector<SweepPathStep>& rest,
                           const std::string& value) {
  for (const auto& step : rest) {
    if (step.item) return fmt::format("the scenario has no {}", step.key);
  }
  Insert at;
  at.flow = map.Style() == YAML::EmitterStyle::Flow;
  if (map.size() == 0) {
    const size_t brace = map.Mark().pos;
    if (!at.flow || brace >= text_.size() || text_[brace] != '{') {
      return fmt::format("cannot add {} to an empty value", rest.front().key);
    }
    at.pos = brace + 1;
    at.empty = true;
  } else {
    const YAML::Mark first = map.begin()->first.Mark();
    at.pos = static_cast<size_t>(first.pos);
    at.line = first.line + 1;
    at.column = first.column;
  }
  Insert& target = inserts_.emplace(at.pos, at).first->second;
  std::vector<InsertEntry>* entries = &target.entries;
  for (size_t i = 0; i < rest.size(); ++i) {
    auto it = std::find_if(entries->begin(), entries->end(),
                           [&](const InsertEntry& e) { return e.key == rest[i].key; });
    if (it == entries->end())
      it = entries->insert(entries->end(), InsertEntry{rest[i].key, "", {}});
    if (i + 1 == rest.size()) {
      it->value = value;  // a later setting of the same key wins
      it->children.clear();
    } else {
      entries = &it->children;
    }
  }
  return "";
}

std::string Editor::replace(const YAML::Node& scalar, bool in_flow, const Setting& setting) {
  const auto pos = static_cast<size_t>(scalar.Mark().pos);
  const auto end = scalar_end(text_, scalar, pos, in_flow);
  if (!end) {
    return fmt::format("{}: the file's value is not a one-line scalar; a sweep edits those only",
                       setting.path);
  }
  replaces_[pos] = Replace{*end, quoted_like(text_.substr(pos, *end - pos), setting.value)};
  return "";
}

std::string Editor::apply(const Setting& setting) {
  const SweepPathParse parsed = parse_sweep_path(setting.path);
  if (!parsed.error.empty()) {
    return fmt::format("{}: {}; expected {}", setting.path, parsed.error, kSweepPathExpected);
  }
  YAML::Node node;
  node.reset(root_);
  bool in_flow = false;
  std::string walked;
  for (size_t i = 0; i < parsed.steps.size(); ++i) {
    const SweepPathStep& step = parsed.steps[i];
    if (!node.IsMap()) {
      return fmt::format("{}: {} is {}, not a map", setting.path, walked, describe(node));
    }
    const auto value = find_key(node, step.key);
    walked += (walked.empty() ? "" : ".") + step.key;
    if (!value) {
      const std::vector<SweepPathStep> rest(parsed.steps.begin() + static_cast<long>(i),
                                            parsed.steps.end());
      const std::string error = insert(node, rest, setting.value);
      return error.empty() ? "" : setting.path + ": " + error;
    }
    in_flow = node.Style() == YAML::EmitterStyle::Flow;
    node.reset(*value);
    if (step.item) {
      if (!node.IsSequence()) {
        return fmt::format("{}: {} is {}, not a list", setting.path, walked, describe(node));
      }
      YAML::Node item;
      if (auto error = find_item(node, *step.item, walked, item); !error.empty()) {
        return setting.path + ": " + error;
      }
      in_flow = node.Style() == YAML::EmitterStyle::Flow;
      node.reset(item);
      walked += "[" + *step.item + "]";
    }
  }
  if (!node.IsScalar()) {
    return fmt::format("{}: the file's value is {}; a sweep edits one-line values only",
                       setting.path, describe(node));
  }
  return replace(node, in_flow, setting);
}

ScenarioEdit Editor::finish() const {
  ScenarioEdit edit;
  // (offset, characters removed, text), applied from the end so offsets stay valid.
  std::vector<std::tuple<size_t, size_t, std::string>> ops;
  for (const auto& [pos, r] : replaces_)
    ops.emplace_back(pos, r.end - pos, r.text);
  for (const auto& [pos, in] : inserts_) {
    std::string text;
    for (size_t i = 0; i < in.entries.size(); ++i) {
      const std::string entry = render(in.entries[i]);
      if (in.empty) {
        text += (i == 0 ? "" : ", ") + entry;
      } else if (in.flow) {
        text += entry + ", ";
      } else {
        text += entry + "\n" + std::string(static_cast<size_t>(in.column), ' ');
        edit.inserted_lines.push_back(in.line);
      }
    }
    ops.emplace_back(pos, 0, std::move(text));
  }
  std::sort(ops.begin(), ops.end(),
            [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
  edit.text = std::string(text_);
  for (const auto& [pos, removed, text] : ops)
    edit.text.replace(pos, removed, text);
  std::sort(edit.inserted_lines.begin(), edit.inserted_lines.end());
  return edit;
}

}  // namespace

int ScenarioEdit::original_line(int edited_line) const {
  int before = 0;
  for (size_t i = 0; i < inserted_lines.size(); ++i) {
    if (inserted_lines[i] + static_cast<int>(i) < edited_line) ++before;
  }
  return edited_line - before;
}

ScenarioEdit edit_scenario_text(std::string_view text, const std::vector<Setting>& settings) {
  ScenarioEdit failed;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    failed.error = "invalid YAML: " + e.msg;
    return failed;
  }
  if (!root.IsMap()) {
    failed.error = "the scenario is not a map";
    return failed;
  }
  Editor editor(text, root);
  for (const Setting& setting : settings) {
    if (std::string error = editor.apply(setting); !error.empty()) {
      failed.error = std::move(error);
      return failed;
    }
  }
  return editor.finish();
}

void relocate_diagnostics(std::vector<Diagnostic>& diagnostics, const ScenarioEdit& edit,
                          std::string_view variant) {
  for (Diagnostic& d : diagnostics) {
    if (d.line > 0) d.line = edit.original_line(d.line);
    d.message = fmt::format("variant '{}': {}", variant, d.message);
  }
}

}  // namespace ekssim::scenario
