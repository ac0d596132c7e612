#pragma once
// The resolved scenario as the import layer builds it: an ordered YAML tree whose every value
// may carry a provenance note (printed as a trailing `# …` comment by `ekssim import`) and the
// place it was read from (so that the loader's diagnostics about an imported value can point at
// the user's own file, not at the generated text).
//
// Scalars are either plain (integers, booleans, durations: the loader refuses them in quotes) or
// quoted (every string: label and env values must be strings to Kubernetes and to the loader).

#include <yaml-cpp/yaml.h>

#include <list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ekssim::import {

// A file position, 1-based; line 0 for a value ekssim made up (a default) or derived.
struct Origin {
  std::string path;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
};

// Where `node` was written in `path`.
Origin origin_of(const YAML::Node& node, const std::string& path);

struct Doc {
  enum class Kind { kMap, kList, kPlain, kQuoted };

  Kind kind = Kind::kMap;
  std::string text;  // scalars
  // Maps, in insertion order; a list so that a reference to one value survives adding others.
  std::list<std::pair<std::string, Doc>> entries;
  std::vector<Doc> items;  // lists
  std::string note;        // provenance, one line
  Origin origin;
  bool flow = false;  // written `{a: b}` / `[a, b]` (as the user wrote it) when no child has a note

  static Doc map() { return Doc{}; }
  static Doc list();
  static Doc plain(std::string text);
  static Doc quoted(std::string text);
  static Doc integer(long long value);
  static Doc boolean(bool value);
  // A copy of a parsed YAML tree: quoted scalars stay quoted, every node keeps its origin.
  static Doc from_yaml(const YAML::Node& node, const std::string& path);

  bool is_map() const { return kind == Kind::kMap; }
  bool is_list() const { return kind == Kind::kList; }
  bool is_scalar() const { return kind == Kind::kPlain || kind == Kind::kQuoted; }

  // Sets `key` (replacing an existing entry in place) and returns the value.
  Doc& set(const std::string& key, Doc value);
  // The value at `key`, or nullptr.
  Doc* find(std::string_view key);
  const Doc* find(std::string_view key) const;
  // The map at `key`, created empty when missing.
  Doc& child(const std::string& key);
  Doc& push(Doc item);
  bool erase(std::string_view key);

  Doc&& with_note(std::string n) && {
    note = std::move(n);
    return std::move(*this);
  }
  Doc&& at(Origin o) && {
    origin = std::move(o);
    return std::move(*this);
  }
};

// The YAML text of a document and, for each of its lines, where that line's value came from.
struct Emitted {
  std::string text;
  std::vector<Origin> line_origins;  // [line - 1]
};

// Block-style YAML; each note follows its value as `  # note`. `header` lines are written first
// as comments.
Emitted emit_yaml(const Doc& root, const std::vector<std::string>& header = {});

}  // namespace ekssim::import
