// What the layout child is sent and what it sends back, through its frames.
#include <gtest/gtest.h>

#include "render/layout.h"

namespace relmap {
namespace {

TEST(LayoutJobTest, RoundTripsThroughItsFrames) {
  LayoutJob job;
  job.dot = "digraph { a -> b }";
  job.engine = Engine::kNeato;
  job.start = {"a 1 2\nb 3 4\n", true, "digraph { b }"};
  job.format = MapFormat::kPdf;
  job.finish = {"map",
                "A title",
                "A description",
                ColourTheme::kDark,
                true,
                {"https://example.org/a", "https://example.org/b"}};
  job.width_points = 453.5433070866142;  // 16 cm: not a round number of points
  job.dpi = 300;
  LayoutJob back;
  ASSERT_TRUE(back.decode(job.encode()));
  EXPECT_EQ(back.dot, job.dot);
  EXPECT_EQ(back.engine, job.engine);
  EXPECT_EQ(back.start.pins, job.start.pins);
  EXPECT_TRUE(back.start.exact);
  EXPECT_EQ(back.start.fresh_dot, job.start.fresh_dot);
  EXPECT_EQ(back.format, MapFormat::kPdf);
  EXPECT_EQ(back.finish.id_prefix, "map");
  EXPECT_EQ(back.finish.title, "A title");
  EXPECT_EQ(back.finish.description, "A description");
  EXPECT_EQ(back.finish.theme, ColourTheme::kDark);
  EXPECT_TRUE(back.finish.fixed_size);
  EXPECT_EQ(back.finish.links, job.finish.links);
  EXPECT_EQ(back.width_points, job.width_points);  // bit for bit
  EXPECT_EQ(back.dpi, 300);

  LayoutJob plain;  // flags off, no links
  LayoutJob plain_back;
  ASSERT_TRUE(plain_back.decode(plain.encode()));
  EXPECT_FALSE(plain_back.start.exact);
  EXPECT_FALSE(plain_back.finish.fixed_size);
  EXPECT_TRUE(plain_back.finish.links.empty());
  EXPECT_EQ(plain_back.dpi, 150);
}

TEST(LayoutJobTest, RefusesFramesThatAreNotAJob) {
  LayoutJob job;
  EXPECT_FALSE(job.decode({"digraph {}", "dot"}));
  // Names it does not know: an engine, a format, a theme; and "auto", never sent.
  for (std::size_t frame : {1, 5, 9}) {
    std::vector<std::string> frames = LayoutJob().encode();
    frames[frame] = "nosuch";
    EXPECT_FALSE(job.decode(frames)) << frame;
  }
  std::vector<std::string> automatic = LayoutJob().encode();
  automatic[1] = "auto";
  EXPECT_FALSE(job.decode(automatic));
  // The child answers a malformed job with an error, not a crash.
  LayoutResult result;
  ASSERT_TRUE(result.decode(draw_in_child({"digraph {}"})));
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.messages.find("malformed layout job"), std::string::npos);
}

TEST(LayoutResultTest, RoundTripsThroughItsFrames) {
  LayoutResult result{true, "Warning: x\n", "<svg/>", "a 1 2\n", true};
  LayoutResult back;
  ASSERT_TRUE(back.decode(result.encode()));
  EXPECT_TRUE(back.ok);
  EXPECT_EQ(back.messages, "Warning: x\n");
  EXPECT_EQ(back.drawing, "<svg/>");
  EXPECT_EQ(back.placed, "a 1 2\n");
  EXPECT_TRUE(back.from_earlier);
  EXPECT_FALSE(back.decode({"1", "", ""}));
}

}  // namespace
}  // namespace relmap
