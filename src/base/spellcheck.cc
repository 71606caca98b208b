#include "base/spellcheck.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace relmap {

int edit_distance(std::string_view a, std::string_view b, int max_distance) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if (std::abs(static_cast<long>(n) - static_cast<long>(m)) > max_distance) return max_distance + 1;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  // Optimal string alignment distance over three rolling rows.
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

/// How far a suggestion may be from a word of `length` bytes.
int allowed_distance(std::size_t length) { return length <= 3 ? 1 : length <= 8 ? 2 : 3; }

/// The closest of `candidates` (only those at `indices`, ascending, if
/// given), ties to the earliest; "" if none is within the allowed distance.
std::string closest(std::string_view word, const std::vector<std::string>& candidates,
                    const std::vector<std::uint32_t>* indices = nullptr) {
  const int allowed = allowed_distance(word.size());
  const std::size_t count = indices != nullptr ? indices->size() : candidates.size();
  std::size_t best = candidates.size();
  int best_distance = allowed + 1;
  for (std::size_t n = 0; n < count; ++n) {
    const std::size_t i = indices != nullptr ? (*indices)[n] : n;
    const int d = edit_distance(word, candidates[i], std::min(best_distance - 1, allowed));
    if (d < best_distance) {
      best_distance = d;
      best = i;
      if (d == 0) break;
    }
  }
  return best < candidates.size() ? candidates[best] : std::string();
}

/// Lists shorter than this are searched through, not indexed.
constexpr std::size_t kIndexFrom = 64;
/// Names longer than this are found by length alone (there are few of each length).
constexpr std::size_t kIndexedLength = 255;

/// The letter pairs of `s` (lower-cased, with a mark before and after), each
/// tagged with how many times it occurred before, as index keys for names of
/// `length` bytes: the number of keys two strings share is the size of their
/// pairs' multiset intersection. `s` is at most kIndexedLength bytes.
std::vector<std::uint32_t> pair_keys(std::string_view s, std::size_t length) {
  std::vector<std::uint32_t> pairs;
  pairs.reserve(s.size() + 1);
  unsigned prev = 0;  // the start mark
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const unsigned c =
        i < s.size() ? static_cast<unsigned>(std::tolower(static_cast<unsigned char>(s[i]))) : 1u;
    pairs.push_back(prev << 8 | c);
    prev = c;
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::uint32_t> keys(pairs.size());
  for (std::size_t i = 0, occurrence = 0; i < pairs.size(); ++i) {
    occurrence = i > 0 && pairs[i] == pairs[i - 1] ? occurrence + 1 : 0;
    keys[i] =
        pairs[i] << 16 | static_cast<std::uint32_t>(occurrence) << 8 | static_cast<std::uint32_t>(length);
  }
  return keys;
}

}  // namespace

std::string spellcheck(std::string_view word, const std::vector<std::string>& candidates) {
  return closest(word, candidates);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = spellcheck(word, candidates);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

Spellchecker::Spellchecker(std::vector<std::string> candidates) : candidates_(std::move(candidates)) {}

void Spellchecker::build_index() {
  indexed_ = true;
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const std::string& c = candidates_[i];
    by_length_[c.size()].push_back(static_cast<std::uint32_t>(i));
    if (c.size() > kIndexedLength) continue;
    for (std::uint32_t key : pair_keys(c, c.size())) postings_[key].push_back(static_cast<std::uint32_t>(i));
  }
  shared_.assign(candidates_.size(), 0);
}

std::vector<std::uint32_t> Spellchecker::narrow(std::string_view word, int allowed) {
  // Each edit changes at most three letter pairs of a name (a swap of two
  // letters: the pairs on both sides and between them), so a name within
  // `allowed` edits shares at least max(n, m) + 1 - 3 * allowed pairs with
  // the word. Lengths where that bound is not positive are searched whole.
  const std::size_t n = word.size();
  const std::size_t k = static_cast<std::size_t>(allowed);
  std::vector<std::uint32_t> found;
  std::vector<std::uint32_t> touched;
  auto needed = [&](std::size_t m) { return static_cast<long>(std::max(n, m) + 1) - 3 * allowed; };
  for (auto it = by_length_.lower_bound(n > k ? n - k : 0); it != by_length_.end() && it->first <= n + k;
       ++it) {
    const std::size_t m = it->first;
    if (m > kIndexedLength || n > kIndexedLength || needed(m) <= 0) {
      found.insert(found.end(), it->second.begin(), it->second.end());
      continue;
    }
    for (std::uint32_t key : pair_keys(word, m)) {
      auto posting = postings_.find(key);
      if (posting == postings_.end()) continue;
      for (std::uint32_t i : posting->second)
        if (shared_[i]++ == 0) touched.push_back(i);
    }
  }
  for (std::uint32_t i : touched) {
    if (shared_[i] >= needed(candidates_[i].size())) found.push_back(i);
    shared_[i] = 0;
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string Spellchecker::suggest(std::string_view word) {
  if (lookups_++ >= kMaxLookups) return "";
  if (candidates_.size() < kIndexFrom) return spellcheck(word, candidates_);
  if (!indexed_) build_index();
  const std::vector<std::uint32_t> near = narrow(word, allowed_distance(word.size()));
  return closest(word, candidates_, &near);
}

std::string Spellchecker::did_you_mean(std::string_view word) {
  const std::string best = suggest(word);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

}  // namespace relmap
