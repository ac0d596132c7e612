#pragma once
// What an import found wrong or left out, located in the user's own files: errors as the loader
// writes them (`path:line:col: error: …; expected …`, the source line and a caret), and notes,
// each written once, for what was read but not modelled.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/import/doc.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::import {

class ImportLog {
 public:
  // Remembers a file's text so that errors in it carry their source line.
  void add_file(const std::string& path, std::string_view text);
  void error(const Origin& at, std::string message, std::string expected);
  void error(const YAML::Node& at, const std::string& path, std::string message,
             std::string expected);
  // Kept once, in the order first noted.
  void note(std::string text);

  bool failed() const { return !diagnostics_.empty(); }
  const std::vector<std::string>& notes() const { return notes_; }
  // Sorted by (path, line, column, message), duplicates removed.
  std::vector<scenario::Diagnostic> take_diagnostics();
  // The text of line `line` (1-based) of a remembered file, or "".
  std::string source_line(const std::string& path, int line) const;

 private:
  std::map<std::string, std::vector<std::string>> files_;
  std::vector<scenario::Diagnostic> diagnostics_;
  std::vector<std::string> notes_;
};

// The file's text, or an error "path: error: cannot read: <reason>".
std::optional<std::string> read_file(const std::string& path, ImportLog& log);

// Files and folders to the files they hold: a folder gives its .yaml, .yml and .json files, in
// its subfolders too, sorted by path. A missing path is an error at `named_at`.
std::vector<std::string> expand_paths(const std::vector<std::pair<std::string, Origin>>& paths,
                                      ImportLog& log);

}  // namespace ekssim::import
