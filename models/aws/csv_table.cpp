#include "models/aws/csv_table.h"

#include <charconv>
#include <stdexcept>
#include <string>

namespace ekssim::aws {

std::vector<std::string_view> split_fields(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

int table_int(std::string_view field) {
  int value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size()) {
    throw std::logic_error("instance table: not a number: " + std::string(field));
  }
  return value;
}

}  // namespace ekssim::aws
