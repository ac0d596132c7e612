#include "tools/scenario/edit_distance.h"

#include <algorithm>
#include <cctype>

namespace ekssim::scenario {

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

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  constexpr int kMaxEdits = 3;
  const std::string word_lower = lower(word);
  // Scores are in half edits: folded-case edits count 2, case-only differences 1.
  int best_score = 2 * kMaxEdits + 1;
  std::optional<std::string> best;
  for (const std::string& candidate : candidates) {
    if (candidate == word) continue;
    const int folded = edit_distance(word_lower, lower(candidate), kMaxEdits);
    if (folded > kMaxEdits || folded >= static_cast<int>(word.size())) continue;
    const int exact = edit_distance(word, candidate, 2 * kMaxEdits);
    const int score = 2 * folded + (exact > folded ? 1 : 0);
    if (score < best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto best = nearest(word, candidates);
  return best ? " (did you mean '" + *best + "'?)" : std::string();
}

std::string join_names(const std::vector<std::string>& names, size_t max_shown) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max_shown; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (names.size() > max_shown) {
    out += ", … (" + std::to_string(names.size() - max_shown) + " more)";
  }
  return out;
}

}  // namespace ekssim::scenario
