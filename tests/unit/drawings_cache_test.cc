// The layout child's drawings kept between editions: read back as written,
// taken by the job's digest, and anything damaged is no drawing at all.
#include "maps/drawings_cache.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

const std::vector<std::string> kAnswer = {"1", "", std::string("<svg>\0\n</svg>", 13), "a 1 2\n", "0"};

TEST(DrawingsCacheTest, AnAnswerKeptIsFoundByItsJobsDigestInTheNextEdition) {
  const std::string digest = job_digest({"digraph { a -> b }", "dot"});
  EXPECT_EQ(digest.size(), 32u);
  EXPECT_EQ(job_digest({"digraph { a -> b }", "dot"}), digest);
  EXPECT_NE(job_digest({"digraph { a -> b }", "neato"}), digest);
  EXPECT_NE(job_digest({"digraph { a -> b }dot"}), digest);  // frames apart, not joined
  KeptDrawings first;
  EXPECT_EQ(first.find(digest), nullptr);
  first.keep(digest, kAnswer);
  EXPECT_TRUE(first.changed());

  KeptDrawings next;
  ASSERT_TRUE(next.parse(first.text()));
  const std::vector<std::string>* found = next.find(digest);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, kAnswer);
  EXPECT_FALSE(next.changed());  // the same jobs as before: nothing to write
  EXPECT_EQ(next.text(), first.text());

  KeptDrawings unused;  // a job not drawn again is not kept
  ASSERT_TRUE(unused.parse(first.text()));
  EXPECT_TRUE(unused.changed());
  EXPECT_EQ(unused.text(), KeptDrawings().text());
}

TEST(DrawingsCacheTest, AJobDrawnInThisEditionIsAnsweredAgainWithoutALayout) {
  // The same part tried in two splits of a map is drawn once.
  const std::string digest = job_digest({"digraph { a -> b }", "dot"});
  KeptDrawings kept;
  EXPECT_EQ(kept.find(digest), nullptr);
  kept.keep(digest, kAnswer);
  const std::vector<std::string>* again = kept.find(digest);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(*again, kAnswer);
  EXPECT_EQ(kept.find(job_digest({"digraph { b -> a }", "dot"})), nullptr);
  KeptDrawings once;  // kept once
  once.keep(digest, kAnswer);
  EXPECT_EQ(kept.text(), once.text());
}

TEST(DrawingsCacheTest, ADamagedFileIsNoDrawings) {
  KeptDrawings kept;
  const std::string digest = job_digest({"x"});
  kept.keep(digest, kAnswer);
  const std::string good = kept.text();
  const std::size_t svg = good.find("<svg>");
  ASSERT_NE(svg, std::string::npos);
  std::string flipped = good;
  flipped[svg + 1] = 'S';  // a changed byte
  for (const std::string& bad : {flipped, good.substr(0, good.size() - 1), good + "x",
                                 std::string("relmap drawings 0\n"), good.substr(0, svg - 1) + "\n"}) {
    KeptDrawings read;
    EXPECT_FALSE(read.parse(bad)) << bad;
    EXPECT_EQ(read.find(digest), nullptr);
  }
}

}  // namespace
}  // namespace relmap
