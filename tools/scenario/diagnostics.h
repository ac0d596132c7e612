#pragma once
// Located errors in a scenario file, formatted as compilers and Ninja do (STYLE.md, "Errors"):
//
//   path:line:col: error: what was wrong; expected what
//     <the source line>
//     <spaces>^
//
// Line and column are 1-based. A file that cannot be read has line 0 and formats as
// "path: error: cannot read: <reason>".

#include <string>
#include <string_view>
#include <vector>

#include "models/spec/location.h"

namespace ekssim::scenario {

struct Diagnostic {
  std::string path;
  int line = 0;
  int column = 0;
  std::string message;      // what was wrong
  std::string expected;     // what was expected
  std::string source_line;  // the text of line `line`, without its newline

  // The three lines above, without a trailing newline.
  std::string format() const;

  bool operator==(const Diagnostic&) const = default;
};

// Every diagnostic formatted, each followed by a newline.
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

// Collects diagnostics while loading one file, knowing its text so that each diagnostic carries
// its source line.
class DiagnosticSink {
 public:
  DiagnosticSink(std::string path, std::string_view text);

  void error(spec::Location where, std::string message, std::string expected);
  size_t count() const { return diagnostics_.size(); }

  // Sorted by (line, column, message), duplicates removed.
  std::vector<Diagnostic> take_sorted();

 private:
  std::string path_;
  std::vector<std::string> lines_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace ekssim::scenario
