#include "maps/kept_ranks.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

using Edges = std::vector<std::pair<std::size_t, std::size_t>>;
using Places = std::map<std::string, std::pair<long, long>>;

// Three columns drawn before (x 100, 300, 500); in the middle one, b above c.
const Places kBefore = {{"a", {100, 50}}, {"b", {300, 90}}, {"c", {300, 10}}, {"d", {500, 50}}};

TEST(KeptRanksTest, ActorsDrawnBeforeKeepTheirColumnAndOrder) {
  const std::vector<std::string> nodes = {"d", "c", "b", "a"};
  const auto kept = keep_ranks(nodes, {{3, 2}, {3, 1}, {2, 0}, {1, 0}}, kBefore);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->rank, (std::vector<int>{2, 1, 1, 0}));
  ASSERT_EQ(kept->order.size(), 3u);
  EXPECT_EQ(kept->order[1], (std::vector<std::size_t>{2, 1}));  // b (y 90) above c (y 10)
}

TEST(KeptRanksTest, NewActorsAreRankedNextToTheirLinks) {
  // e is linked from d, f links to a, and g comes after e (both new).
  const std::vector<std::string> nodes = {"a", "b", "c", "d", "g", "e", "f"};
  const Edges edges = {{0, 1}, {1, 3}, {0, 2}, {3, 5}, {6, 0}, {3, 4}, {5, 4}};
  const auto kept = keep_ranks(nodes, edges, kBefore);
  ASSERT_TRUE(kept);
  // f before a shifts every rank by one.
  EXPECT_EQ(kept->rank[6], 0);          // f
  EXPECT_EQ(kept->rank[0], 1);          // a
  EXPECT_EQ(kept->rank[3], 3);          // d
  EXPECT_EQ(kept->rank[5], 4);          // e, after d
  EXPECT_EQ(kept->rank[4], 5);          // g, after d and after e
  EXPECT_TRUE(kept->order[0].empty());  // new actors are not held in an order
}

TEST(KeptRanksTest, NewActorsLinkedToNothingDrawnStartAtTheFirstRank) {
  const std::vector<std::string> nodes = {"a", "x", "y"};
  const auto kept = keep_ranks(nodes, {{1, 2}}, kBefore);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->rank, (std::vector<int>{0, 0, 1}));
}

TEST(KeptRanksTest, NothingToKeepWithoutActorsDrawnBefore) {
  EXPECT_FALSE(keep_ranks({"x", "y"}, {{0, 1}}, kBefore));
  EXPECT_FALSE(keep_ranks({"a"}, {}, {}));
}

TEST(KeptRanksTest, AMapChangedTooMuchIsLaidOutAfresh) {
  // Two of the three relations now run against the previous columns.
  const std::vector<std::string> nodes = {"a", "b", "d"};
  EXPECT_FALSE(keep_ranks(nodes, {{2, 0}, {1, 0}, {0, 1}}, kBefore));
  EXPECT_TRUE(keep_ranks(nodes, {{2, 0}, {0, 1}, {1, 2}}, kBefore));
}

TEST(KeptRanksTest, TheSameInputsGiveTheSameRanks) {
  const std::vector<std::string> nodes = {"a", "b", "c", "d", "n1", "n2", "n3"};
  const Edges edges = {{4, 5}, {5, 6}, {6, 4}, {0, 4}, {3, 6}};
  const auto first = keep_ranks(nodes, edges, kBefore);
  const auto second = keep_ranks(nodes, edges, kBefore);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->rank, second->rank);
  EXPECT_EQ(first->order, second->order);
}

}  // namespace
}  // namespace relmap
