#include "tools/scenario/input_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace ekssim::scenario {

namespace {

std::string describe_file_type(std::filesystem::file_type type) {
  switch (type) {
    case std::filesystem::file_type::directory:
      return "a directory";
    case std::filesystem::file_type::fifo:
      return "a FIFO";
    case std::filesystem::file_type::character:
      return "a character device";
    case std::filesystem::file_type::block:
      return "a block device";
    case std::filesystem::file_type::socket:
      return "a socket";
    default:
      return "not a file";
  }
}

}  // namespace

InputText read_input_file(const std::string& path) {
  const auto cannot_read = [](std::string reason) { return InputText{std::nullopt, reason}; };
  // The size is checked again while reading, in case the file grows.
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    return cannot_read(std::strerror(ENOENT));
  }
  if (ec) return cannot_read(ec.message());
  if (status.type() != std::filesystem::file_type::regular) {
    return cannot_read(fmt::format("{}, not a regular file", describe_file_type(status.type())));
  }
  const auto too_large = [&] {
    return cannot_read(
        fmt::format("larger than {} MiB, the limit for an input file", kMaxInputFileBytes >> 20));
  };
  if (std::filesystem::file_size(path, ec) > kMaxInputFileBytes && !ec) return too_large();
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return cannot_read(std::strerror(errno));
  std::string text;
  char buffer[65536];
  size_t n;
  while (text.size() <= kMaxInputFileBytes && (n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    text.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) return cannot_read(std::strerror(error));
  if (text.size() > kMaxInputFileBytes) return too_large();
  return InputText{std::move(text), ""};
}

}  // namespace ekssim::scenario
