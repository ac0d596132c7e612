#pragma once
// Located errors in a scenario file, formatted as compilers and Ninja do (STYLE.md, "Errors"):
//
//   path:line:col: error: what was wrong; expected what
//     <the source line>
//     <spaces>^
//
// Line and column are 1-based. A file that cannot be read has line 0 and formats as
// "path: error: cannot read: <reason>". A warning (a value upstream would parse and silently
// fall back on) formats the same with "warning:"; it does not stop the scenario from loading.

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
  bool warning = false;     // a located warning, not an error

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
  void warning(spec::Location where, std::string message, std::string expected);
  // Errors only: warnings do not count.
  size_t count() const { return errors_; }

  // Sorted by (line, column, message), duplicates removed.
  std::vector<Diagnostic> take_sorted();

 private:
  std::string path_;
  std::vector<std::string> lines_;
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;

  void add(spec::Location where, std::string message, std::string expected, bool warning);
};

// How many of `diagnostics` are errors (the rest are warnings).
size_t error_count(const std::vector<Diagnostic>& diagnostics);

}  // namespace ekssim::scenario
