#pragma once
// Reading the comma-separated tables compiled in from models/aws/data (no quoting; no field holds
// a separator, as that folder's README states). A malformed row is a build defect, not user input:
// it throws std::logic_error.

#include <string_view>
#include <vector>

namespace ekssim::aws {

// `text` cut at every `separator`; an empty text gives one empty field.
std::vector<std::string_view> split_fields(std::string_view text, char separator);

// The data rows of a table (the header line skipped, empty lines ignored), each cut into exactly
// `columns` fields; `table` names it in the error for a row of another width.
std::vector<std::vector<std::string_view>> table_rows(std::string_view csv, size_t columns,
                                                      std::string_view table);

// A whole field as a decimal integer.
int table_int(std::string_view field);

}  // namespace ekssim::aws
