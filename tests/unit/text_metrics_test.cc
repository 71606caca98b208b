#include "maps/text_metrics.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

TEST(TextMetricsTest, WidthsAddUpAndScaleWithSize) {
  EXPECT_DOUBLE_EQ(text_width("Laos", 10), text_width("La", 10) + text_width("os", 10));
  EXPECT_DOUBLE_EQ(text_width("Laos", 20), 2 * text_width("Laos", 10));
  EXPECT_DOUBLE_EQ(text_width("", 10), 0);
}

TEST(TextMetricsTest, WiderThanGraphvizsHelveticaEstimate) {
  // Graphviz estimates "m" at 0.8329 em and "a" at 0.5559 em (Arial);
  // DejaVu Sans draws them wider, and the metrics must cover it.
  EXPECT_GT(text_width("m", 1000), 833);
  EXPECT_GT(text_width("a", 1000), 556);
  EXPECT_GT(text_width("Legend", 9, true), text_width("Legend", 9));
}

TEST(TextMetricsTest, AccentsAndUnknownCharacters) {
  const double e = text_width("e", 1000);
  EXPECT_GE(text_width("\u1EC5", 1000), e * 0.9);  // ễ, Vietnamese
  EXPECT_LE(text_width("\u1EC5", 1000), 1000);
  EXPECT_DOUBLE_EQ(text_width("\u4E2D", 1000), 1000);  // none of the fonts: 1 em
  EXPECT_DOUBLE_EQ(text_width("\xff", 1000), 1000);    // invalid UTF-8: one replacement character
  EXPECT_GT(text_ascent(10), 7);
  EXPECT_LT(text_ascent(10) + text_descent(10), 12);  // fits Graphviz's 1.2 line spacing
}

TEST(TextMetricsTest, WrapsAtTheLastWordThatFits) {
  const double size = 10;
  const std::string text = "Ministry of Posts and Telecommunications of the Lao PDR";
  const double width = text_width("Ministry of Posts and", size) + 1;
  const std::string wrapped = wrap_to_width(text, width, size);
  EXPECT_EQ(wrapped, "Ministry of Posts and\nTelecommunications\nof the Lao PDR");
  std::size_t start = 0;
  while (start <= wrapped.size()) {  // no line but a single word is wider
    std::size_t end = wrapped.find('\n', start);
    if (end == std::string::npos) end = wrapped.size();
    const std::string line = wrapped.substr(start, end - start);
    if (line.find(' ') != std::string::npos) {
      EXPECT_LE(text_width(line, size), width) << line;
    }
    start = end + 1;
  }
  EXPECT_EQ(wrap_to_width("Telecommunications", 5, size), "Telecommunications");  // a word is never cut
  EXPECT_EQ(wrap_to_width("a  b", 1000, size), "a  b");                           // spaces kept as written
  EXPECT_EQ(wrap_to_width("Laos Japan", text_width("Laos Japan", 9, true) - 0.1, 9, true), "Laos\nJapan");
  EXPECT_EQ(wrap_to_width("Laos Japan", text_width("Laos Japan", 9, true), 9, true), "Laos Japan");
}

}  // namespace
}  // namespace relmap
