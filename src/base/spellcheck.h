// "Did you mean …?" suggestions by edit distance over known names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
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

/// Suggestions from one long list of names for many unknown words. The list
/// is indexed once, by length and by the letter pairs each name holds, so a
/// look-up measures the distance only to names that can be close enough;
/// and only the first kMaxLookups look-ups are answered, so that thousands
/// of unknown words cost what a hundred do.
class Spellchecker {
 public:
  /// Look-ups past this many get no suggestion.
  static constexpr std::size_t kMaxLookups = 100;

  explicit Spellchecker(std::vector<std::string> candidates);

  /// What spellcheck(word, candidates) returns; "" past kMaxLookups.
  std::string suggest(std::string_view word);

  /// " (did you mean 'x'?)" or "".
  std::string did_you_mean(std::string_view word);

 private:
  void build_index();
  /// Indices, ascending, of every candidate that may be within `allowed` of `word`.
  std::vector<std::uint32_t> narrow(std::string_view word, int allowed);

  std::vector<std::string> candidates_;
  std::size_t lookups_ = 0;
  bool indexed_ = false;
  std::map<std::size_t, std::vector<std::uint32_t>> by_length_;
  /// (letter pair, its occurrence in the name, name length) -> names.
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> postings_;
  std::vector<std::uint16_t> shared_;  ///< Scratch: pairs a candidate shares with the word.
};

}  // namespace relmap
