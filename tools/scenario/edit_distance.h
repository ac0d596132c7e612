#pragma once
// "Did you mean …?" for unknown keys, names and enum values, by aws::edit_distance (the
// Levenshtein distance, models/aws/edit_distance.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekssim::scenario {

// The candidate nearest to `word`, if one is close enough to be a plausible typo: at most 3
// edits, fewer edits than `word` has characters, and case differences count as half an edit
// ("clusterfirst" finds "ClusterFirst"). Ties go to the earlier candidate.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" or "" when nothing is near.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" — at most `max_shown` names, then ", … (N more)".
std::string join_names(const std::vector<std::string>& names, size_t max_shown = 20);

}  // namespace ekssim::scenario
