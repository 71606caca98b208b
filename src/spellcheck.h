// "Did you mean …?" suggestions by edit distance over known names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace relmap {

/// Edit distance (insertions, deletions, substitutions, adjacent swaps),
/// stopping early once it exceeds `max_distance`.
int edit_distance(std::string_view a, std::string_view b, int max_distance);

/// Return the closest candidate within a distance that grows with the
/// word's length, or "" if none is close enough. Ties go to the earliest.
std::string spellcheck(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" when there is no close candidate.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace relmap
