#include "tools/cli/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "tools/cli/temporary_files.h"

namespace ekssim::cli {

namespace fs = std::filesystem;

namespace {

bool is_stdout(const std::string& path) { return path == "-"; }

// An existing file that is not a regular one (symlinks followed): written in place.
bool is_special(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

// The file a rename must replace: a symlink's final target, else the path itself.
std::string replaced_file(const std::string& path) {
  std::error_code error;
  if (fs::is_symlink(fs::symlink_status(path, error))) {
    const fs::path target = fs::weakly_canonical(path, error);
    if (!error) return target.string();
  }
  return path;
}

}  // namespace

std::optional<std::string> output_path_problem(const std::string& path) {
  if (is_stdout(path) || is_special(path)) return std::nullopt;
  const fs::path target = replaced_file(path);
  std::error_code error;
  if (path.empty() || path.back() == '/' || fs::is_directory(target, error)) {
    return "cannot write " + path + ": it is a directory; give a file name";
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, error)) {
    return "cannot write " + path + ": no directory " + parent.string();
  }
  if (::access(parent.c_str(), W_OK) != 0) {
    return "cannot write " + path + ": " + std::strerror(errno);
  }
  return std::nullopt;
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (is_stdout(path_)) {
    stream_ = stdout;
    return;
  }
  owns_stream_ = true;
  if (is_special(path_)) {
    stream_ = std::fopen(path_.c_str(), "wb");
    if (stream_ == nullptr) fail(std::strerror(errno));
    return;
  }
  target_ = replaced_file(path_);
  temporary_ = target_ + ".tmp." + std::to_string(::getpid());
  guard_ = register_temporary(temporary_);
  stream_ = std::fopen(temporary_.c_str(), "wb");
  if (stream_ == nullptr) fail(std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (owns_stream_ && stream_ != nullptr) std::fclose(stream_);
  if (!temporary_.empty()) std::remove(temporary_.c_str());
  release_temporary(guard_);
}

void OutputFile::fail(const std::string& reason) {
  error_ = "cannot write " + path_ + ": " + reason;
  if (owns_stream_ && stream_ != nullptr) std::fclose(stream_);
  stream_ = nullptr;
  if (!temporary_.empty()) std::remove(temporary_.c_str());
}

bool OutputFile::commit() {
  if (stream_ == nullptr) return false;
  bool ok = std::fflush(stream_) == 0 && std::ferror(stream_) == 0;
  if (ok && !temporary_.empty()) ok = ::fsync(::fileno(stream_)) == 0;
  if (!ok) {
    fail(std::strerror(errno));
    return false;
  }
  if (!owns_stream_) {
    stream_ = nullptr;
    return true;
  }
  const bool closed = std::fclose(stream_) == 0;
  stream_ = nullptr;
  if (!closed) {
    fail(std::strerror(errno));
    return false;
  }
  if (temporary_.empty()) return true;
  std::error_code error;
  fs::rename(temporary_, target_, error);
  if (error) {
    fail(error.message());
    return false;
  }
  temporary_.clear();
  return true;
}

std::optional<std::string> write_output(const std::string& path, std::string_view content) {
  OutputFile file(path);
  if (!file.ok()) return file.error();
  const bool written =
      std::fwrite(content.data(), 1, content.size(), file.stream()) == content.size();
  if (!file.commit()) return file.error();
  if (!written) return "cannot write " + path + ": short write";
  return std::nullopt;
}

}  // namespace ekssim::cli
