#include "tools/scenario/edit_distance.h"

#include <algorithm>
#include <cctype>

#include "models/aws/edit_distance.h"

namespace ekssim::scenario {

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
    const int folded = aws::edit_distance(word_lower, lower(candidate), kMaxEdits);
    if (folded > kMaxEdits || folded >= static_cast<int>(word.size())) continue;
    const int exact = aws::edit_distance(word, candidate, 2 * kMaxEdits);
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
