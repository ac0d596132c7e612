#include "models/aws/edit_distance.h"

#include <algorithm>
#include <vector>

namespace ekssim::aws {

int edit_distance(std::string_view a, std::string_view b, int limit) {
  // row[j] holds the distance between the first i characters of `a` and the first j of `b`;
  // `diagonal` keeps row[j - 1] of the previous i.
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j < row.size(); ++j)
    row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    int row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({substitute, above + 1, row[j - 1] + 1});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (limit > 0 && row_min > limit) return limit + 1;
  }
  return row[b.size()];
}

}  // namespace ekssim::aws
