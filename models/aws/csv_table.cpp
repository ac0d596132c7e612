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

std::vector<std::vector<std::string_view>> table_rows(std::string_view csv, size_t columns,
                                                      std::string_view table) {
  std::vector<std::vector<std::string_view>> rows;
  bool header = true;
  for (std::string_view line : split_fields(csv, '\n')) {
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    rows.push_back(split_fields(line, ','));
    if (rows.back().size() != columns) {
      throw std::logic_error(std::string(table) + ": bad row " + std::string(line));
    }
  }
  return rows;
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
