#include "maps/layout_cache.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

TEST(LayoutCacheTest, ALayoutReadsBackAsItWasWritten) {
  Layout layout{
      0x0123456789abcdefu, true, Engine::kDot, {{"a", {10, -20}}, {"b", {30, 40}}}, {{"a", {1, 2}}}};
  Layout read;
  ASSERT_TRUE(parse_layout(layout_text(layout), &read));
  EXPECT_EQ(read.key, layout.key);
  EXPECT_TRUE(read.pinned);
  EXPECT_EQ(read.engine, Engine::kDot);
  EXPECT_EQ(read.positions, layout.positions);
  EXPECT_EQ(read.basis, layout.basis);

  layout.positions.clear();  // a basis right after the header
  ASSERT_TRUE(parse_layout(layout_text(layout), &read));
  EXPECT_TRUE(read.positions.empty());
  EXPECT_EQ(read.basis, layout.basis);

  layout.positions = {{"c", {5, 6}}};
  layout.pinned = false;
  layout.engine = Engine::kNeato;
  layout.basis.clear();
  ASSERT_TRUE(parse_layout(layout_text(layout), &read));
  EXPECT_FALSE(read.pinned);
  EXPECT_EQ(read.engine, Engine::kNeato);
  EXPECT_EQ(read.positions, layout.positions);
  EXPECT_TRUE(read.basis.empty());
}

TEST(LayoutCacheTest, AnythingElseIsNoLayout) {
  const std::string good = layout_text(Layout{1, false, Engine::kDot, {{"a", {1, 2}}}, {}});
  Layout read;
  EXPECT_FALSE(parse_layout("relmap layout 1\n0000000000000001 fresh\na 1 2\n", &read));  // an older cache
  EXPECT_FALSE(parse_layout(good.substr(0, good.find(" dot")) + "\na 1 2\n", &read));     // no engine
  EXPECT_FALSE(parse_layout(good + "from\n", &read));                                     // an empty basis
  EXPECT_FALSE(parse_layout(good + "b 1\n", &read));
  EXPECT_TRUE(read.positions.empty());
}

}  // namespace
}  // namespace relmap
