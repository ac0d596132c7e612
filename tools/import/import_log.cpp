#include "tools/import/import_log.h"

#include "tools/scenario/input_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace ekssim::import {

void ImportLog::add_file(const std::string& path, std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  files_[path] = std::move(lines);
}

std::string ImportLog::source_line(const std::string& path, int line) const {
  const auto it = files_.find(path);
  if (it == files_.end() || line < 1 || line > static_cast<int>(it->second.size())) return "";
  return it->second[line - 1];
}

void ImportLog::error(const Origin& at, std::string message, std::string expected) {
  scenario::Diagnostic d;
  d.path = at.path;
  d.line = at.line;
  d.column = at.column;
  d.message = std::move(message);
  d.expected = std::move(expected);
  d.source_line = source_line(at.path, at.line);
  diagnostics_.push_back(std::move(d));
}

void ImportLog::error(const YAML::Node& at, const std::string& path, std::string message,
                      std::string expected) {
  error(origin_of(at, path), std::move(message), std::move(expected));
}

void ImportLog::note(std::string text) {
  if (std::find(notes_.begin(), notes_.end(), text) == notes_.end())
    notes_.push_back(std::move(text));
}

std::vector<scenario::Diagnostic> ImportLog::take_diagnostics() {
  auto key = [](const scenario::Diagnostic& d) {
    return std::tie(d.path, d.line, d.column, d.message, d.expected);
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const auto& a, const auto& b) { return key(a) < key(b); });
  diagnostics_.erase(std::unique(diagnostics_.begin(), diagnostics_.end()), diagnostics_.end());
  return std::move(diagnostics_);
}

std::optional<std::string> read_file(const std::string& path, ImportLog& log) {
  scenario::InputText input = scenario::read_input_file(path);
  if (!input.text) {
    log.error(Origin{path, 0, 0}, "cannot read: " + input.problem, "");
    return std::nullopt;
  }
  log.add_file(path, *input.text);
  return input.text;
}

std::vector<std::string> expand_paths(const std::vector<std::pair<std::string, Origin>>& paths,
                                      ImportLog& log) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& [path, named_at] : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json"))
          found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      Origin at = named_at.known() ? named_at : Origin{path, 0, 0};
      log.error(at, "no such file or folder '" + path + "'", "a file or a folder of files");
    }
  }
  return files;
}

}  // namespace ekssim::import
