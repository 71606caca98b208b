#include "spellcheck.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace relmap
