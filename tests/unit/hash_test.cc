#include "base/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace relmap {
namespace {

// The XXH64 values relmap has always written: its cache files and snapshot
// checksums, slugs and cache folder names depend on them. The first three
// are the reference values of the XXH64 specification.
TEST(HashTest, Xxh64GivesTheKnownValues) {
  EXPECT_EQ(hash64(""), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(hash64("a"), 0xD24EC4F1A98C6E5BULL);
  EXPECT_EQ(hash64("abc"), 0x44BC2CF5AD770999ULL);
  EXPECT_EQ(hash64(std::string(31, 'x')), 0x60DD0D01083B99F0ULL);
  EXPECT_EQ(hash64(std::string(32, 'x')), 0xE2DF261FC2EC30EBULL);
  EXPECT_EQ(hash64(std::string(33, 'x')), 0xB3FA465F554208A6ULL);
  EXPECT_EQ(hash64(std::string(1000, 'a')), 0x56E43B712EDA4223ULL);
  EXPECT_EQ(hash64("", 42), 0x98B1582B0977E704ULL);
  EXPECT_EQ(hash64("abc", 42), 0x13C1D910702770E6ULL);
  EXPECT_EQ(hash64(std::string(1000, 'a'), 42), 0x2EB9B6F341C63CB5ULL);
}

TEST(HashTest, PiecesHashAsTheWhole) {
  const std::string text = "relmap: relationship maps of cybersecurity cooperation, from cited YAML facts";
  Hasher hasher(42);
  EXPECT_EQ(hasher.digest(), 0x98B1582B0977E704ULL);
  for (std::size_t i = 0; i < text.size(); i += 7)
    hasher.update(text.data() + i, std::min<std::size_t>(7, text.size() - i));
  hasher.update(nullptr, 0);
  EXPECT_EQ(hasher.digest(), 0xDA14CF20F34DBA5EULL);
  EXPECT_EQ(hash64(text, 42), 0xDA14CF20F34DBA5EULL);
  hasher = Hasher();
  hasher.update(text.data(), text.size());
  EXPECT_EQ(hasher.digest(), 0xC9D954FC3CFA60F0ULL);
}

}  // namespace
}  // namespace relmap
