#include "maps/map_style.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "facts/schema.h"

namespace relmap {
namespace {

TEST(MapStyleTest, ContrastRatioIsWcags) {
  EXPECT_DOUBLE_EQ(contrast_ratio("#000000", "#ffffff"), 21);
  EXPECT_DOUBLE_EQ(contrast_ratio("#ffffff", "#000000"), 21);
  EXPECT_NEAR(contrast_ratio("#767676", "#ffffff"), 4.54, 0.01);
  EXPECT_EQ(contrast_ratio("red", "#ffffff"), 0);
}

TEST(MapStyleTest, ReadableColourMovesLightnessOnlyAsFarAsNeeded) {
  const std::string dark_bg = theme_for("dark").background;
  const std::string blue = readable_colour("#1d4ed8", dark_bg, 3);
  EXPECT_GE(contrast_ratio(blue, dark_bg), 3);
  EXPECT_LT(contrast_ratio(blue, dark_bg), 3.3);
  EXPECT_NE(blue, "#1d4ed8");
  EXPECT_GT(blue[5], blue[1]);  // still blue: more blue than red
  EXPECT_EQ(readable_colour("#9ca3af", "#ffffff", 3).substr(0, 1), "#");
  EXPECT_GE(contrast_ratio(readable_colour("#9ca3af", "#ffffff", 3), "#ffffff"), 3);
  EXPECT_EQ(readable_colour("#b45309", "#ffffff", 3), "#b45309");  // already readable
  EXPECT_EQ(readable_colour("red", "#ffffff", 3), "red");
}

TEST(MapStyleTest, ImpliedLinesAreDoubled) {
  const Theme& light = theme_for("light");
  EXPECT_EQ(line_colour("#b45309", Basis::kStated, light), "#b45309");
  EXPECT_EQ(line_colour("#b45309", Basis::kImplied, light), "#b45309:invis:#b45309");
}

/// The colours the maps use: the themes' own and graph-schema.yaml's
/// styles, on what each is drawn on.
TEST(MapStyleTest, EveryLineAndTextIsReadableInBothThemes) {
  std::ifstream in(std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml");
  std::stringstream text;
  text << in.rdbuf();
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(schema.load("graph-schema.yaml", text.str(), &diags)) << diags.format();
  for (const char* name : {"light", "dark"}) {
    const Theme& t = theme_for(name);
    SCOPED_TRACE(name);
    auto line = [&](const std::string& colour, const std::string& on) {
      EXPECT_GE(contrast_ratio(colour, on), kLineContrast) << colour << " on " << on;
    };
    auto words = [&](const std::string& colour, const std::string& on) {
      EXPECT_GE(contrast_ratio(colour, on), kTextContrast) << colour << " on " << on;
    };
    words(t.text, t.background);
    words(t.text, t.frame_fill);  // cluster labels
    words(t.muted_text, t.background);
    words(t.muted_text, t.muted_fill);
    line(t.edge, t.background);
    line(t.muted_line, t.background);
    line(t.muted_line, t.frame_fill);
    line(t.frame, t.background);
    line(t.frame, t.frame_fill);
    for (const RelationType& rel : schema.relation_types()) {
      const std::string colour = line_colour(relation_colour(rel, t), Basis::kStated, t);
      SCOPED_TRACE(rel.name);
      line(colour, t.background);
      line(colour, t.frame_fill);  // inside clusters
    }
    for (const NodeType& type : schema.node_types()) {
      const Style style = schema.node_style(type.name);
      if (type.abstract || !style.count("fillcolor")) continue;
      SCOPED_TRACE(type.name);
      words(style.count("fontcolor") ? style.at("fontcolor") : t.node_text, style.at("fillcolor"));
    }
  }
}

}  // namespace
}  // namespace relmap
