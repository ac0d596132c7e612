#pragma once
// Where a report or a trace goes, with "nothing half-written" kept for every kind of target:
// - "-" is standard output;
// - an existing file that is not a regular file (a terminal, /dev/null, a FIFO) is written in
//   place: replacing a device node with a regular file, as root could, would be a surprise;
// - anything else is streamed to a temporary beside the real file (a symlink is followed to its
//   target, which is what gets replaced), flushed, and renamed over it by commit(); a run that
//   fails, or is stopped by SIGINT/SIGTERM, leaves no temporary behind (temporary_files.h).

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace ekssim::cli {

// Before anything runs: why `path` cannot be written (a directory, a missing parent folder …),
// or nothing. So that a bad --output is found before --events has written its file.
std::optional<std::string> output_path_problem(const std::string& path);

class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();  // an uncommitted temporary is removed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool ok() const { return stream_ != nullptr; }
  const std::string& error() const { return error_; }
  std::FILE* stream() { return stream_; }
  // Flushes and puts the file in place; false (and error()) on failure.
  bool commit();

 private:
  void fail(const std::string& reason);

  std::string path_;       // as given, for messages
  std::string target_;     // the file to replace (symlinks followed)
  std::string temporary_;  // empty when written in place
  std::FILE* stream_ = nullptr;
  bool owns_stream_ = false;  // not stdout
  int guard_ = -1;            // temporary_files.h slot
  std::string error_;
};

// Writes `content` to `path` as above; the error, or nothing.
std::optional<std::string> write_output(const std::string& path, std::string_view content);

}  // namespace ekssim::cli
