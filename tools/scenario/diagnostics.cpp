#include "tools/scenario/diagnostics.h"

#include <algorithm>
#include <tuple>

#include "tools/scenario/utf8.h"

namespace ekssim::scenario {
namespace {

// The caret goes under column `column` (counted in bytes, as yaml-cpp counts). Tabs are copied so
// that the caret lines up however the terminal expands them; a multi-byte UTF-8 character takes
// one space.
std::string caret_line(std::string_view source, int column) {
  std::string out;
  for (int i = 0; i + 1 < column && i < static_cast<int>(source.size()); ++i) {
    const auto c = static_cast<unsigned char>(source[i]);
    if (c == '\t') {
      out += '\t';
    } else if ((c & 0xC0) != 0x80) {
      out += ' ';
    }
  }
  for (int i = static_cast<int>(source.size()); i + 1 < column; ++i)
    out += ' ';
  out += '^';
  return out;
}

}  // namespace

std::string Diagnostic::format() const {
  const std::string severity = warning ? ": warning: " : ": error: ";
  if (line <= 0) return path + severity + message;
  std::string out =
      path + ":" + std::to_string(line) + ":" + std::to_string(column) + severity + message;
  if (!expected.empty()) out += "; expected " + expected;
  out += "\n  " + source_line + "\n  " + caret_line(source_line, column);
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics)
    out += d.format() + "\n";
  return out;
}

DiagnosticSink::DiagnosticSink(std::string path, std::string_view text) : path_(std::move(path)) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A quoted line must not carry bytes that are not UTF-8 into a terminal, JSON or XML.
    lines_.push_back(with_invalid_utf8_replaced(line));
    start = end + 1;
  }
}

void DiagnosticSink::error(spec::Location where, std::string message, std::string expected) {
  add(where, std::move(message), std::move(expected), false);
  ++errors_;
}

void DiagnosticSink::warning(spec::Location where, std::string message, std::string expected) {
  add(where, std::move(message), std::move(expected), true);
}

size_t error_count(const std::vector<Diagnostic>& diagnostics) {
  return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                           [](const Diagnostic& d) { return !d.warning; }));
}

void DiagnosticSink::add(spec::Location where, std::string message, std::string expected,
                         bool warning) {
  Diagnostic d;
  d.warning = warning;
  d.path = path_;
  d.line = where.line;
  d.column = where.column;
  d.message = std::move(message);
  d.expected = std::move(expected);
  if (where.line >= 1 && where.line <= static_cast<int>(lines_.size())) {
    d.source_line = lines_[where.line - 1];
  }
  diagnostics_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticSink::take_sorted() {
  auto key = [](const Diagnostic& d) { return std::tie(d.line, d.column, d.message, d.expected); };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  diagnostics_.erase(std::unique(diagnostics_.begin(), diagnostics_.end()), diagnostics_.end());
  return std::move(diagnostics_);
}

}  // namespace ekssim::scenario
