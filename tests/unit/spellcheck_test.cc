#include "base/spellcheck.h"

#include <gtest/gtest.h>

#include <random>

namespace relmap {
namespace {

TEST(SpellcheckTest, EditDistance) {
  EXPECT_EQ(edit_distance("country", "country", 3), 0);
  EXPECT_EQ(edit_distance("countyr", "country", 3), 1);  // swap
  EXPECT_EQ(edit_distance("cuntry", "country", 3), 1);
  EXPECT_EQ(edit_distance("kitten", "sitting", 5), 3);
  EXPECT_GT(edit_distance("a", "abcdefgh", 2), 2);  // stops early
}

TEST(SpellcheckTest, SuggestsClosestWithinReach) {
  const std::vector<std::string> names = {"country", "country_group", "person", "event"};
  EXPECT_EQ(spellcheck("countri", names), "country");
  EXPECT_EQ(spellcheck("Person", names), "person");
  EXPECT_EQ(spellcheck("zzzzzz", names), "");
  EXPECT_EQ(did_you_mean("evnt", names), " (did you mean 'event'?)");
  EXPECT_EQ(did_you_mean("xyz", names), "");
}

/// A random word over a small alphabet (so that near misses are common),
/// sometimes with upper case, sometimes past the indexed length.
std::string random_word(std::mt19937& rng) {
  static const char kLetters[] = "aabcdeeio-_.0";
  std::uniform_int_distribution<int> letter(0, sizeof kLetters - 2), length(1, 14), odd(0, 19);
  std::string w(static_cast<std::size_t>(odd(rng) == 0 ? 254 + odd(rng) : length(rng)), 'a');
  for (char& c : w) c = kLetters[letter(rng)];
  if (odd(rng) == 1) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
  return w;
}

/// `w` after up to four random edits: insertions, deletions, substitutions, swaps.
std::string misspell(std::string w, std::mt19937& rng) {
  std::uniform_int_distribution<int> edits(0, 4), kind(0, 3);
  std::uniform_int_distribution<int> letter('a', 'f');
  for (int n = edits(rng); n > 0; --n) {
    if (w.size() < 2) w += "x";
    std::uniform_int_distribution<std::size_t> at(0, w.size() - 2);
    const std::size_t i = at(rng);
    switch (kind(rng)) {
      case 0:
        w.insert(i, 1, static_cast<char>(letter(rng)));
        break;
      case 1:
        w.erase(i, 1);
        break;
      case 2:
        w[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[i])));
        break;
      case 3:
        std::swap(w[i], w[i + 1]);
        break;
    }
  }
  return w;
}

TEST(SpellcheckTest, IndexedLookupsGiveTheSameAnswers) {
  std::mt19937 rng(11);
  int suggested = 0;
  for (int list = 0; list < 60; ++list) {
    std::vector<std::string> names(64 + 50 * static_cast<std::size_t>(list));
    for (std::string& n : names) n = random_word(rng);
    Spellchecker checker(names);
    for (std::size_t i = 0; i < Spellchecker::kMaxLookups; ++i) {
      const std::string word = i % 5 == 0 ? random_word(rng) : misspell(names[rng() % names.size()], rng);
      const std::string expected = spellcheck(word, names);
      ASSERT_EQ(checker.suggest(word), expected) << "word '" << word << "' in list " << list;
      suggested += !expected.empty();
    }
  }
  EXPECT_GT(suggested, 2500);  // the comparison covered many real suggestions
}

TEST(SpellcheckTest, LookupsPastTheCapGetNoSuggestion) {
  std::vector<std::string> names;
  for (int i = 0; i < 1000; ++i) names.push_back("actor-" + std::to_string(i));
  Spellchecker checker(names);
  for (std::size_t i = 0; i < Spellchecker::kMaxLookups; ++i)
    ASSERT_EQ(checker.did_you_mean("actro-17"), " (did you mean 'actor-17'?)");
  EXPECT_EQ(checker.did_you_mean("actro-17"), "");
}

}  // namespace
}  // namespace relmap
