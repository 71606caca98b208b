#include "maps/map_style.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <sstream>

#include "facts/schema.h"
#include "maps/legend_shapes.h"
#include "test_util.h"

namespace relmap {
namespace {

TEST(MapStyleTest, ContrastRatioIsWcags) {
  EXPECT_DOUBLE_EQ(contrast_ratio("#000000", "#ffffff"), 21);
  EXPECT_DOUBLE_EQ(contrast_ratio("#ffffff", "#000000"), 21);
  EXPECT_NEAR(contrast_ratio("#767676", "#ffffff"), 4.54, 0.01);
  EXPECT_EQ(contrast_ratio("red", "#ffffff"), 0);
}

TEST(MapStyleTest, ReadableColourMovesLightnessOnlyAsFarAsNeeded) {
  const std::string dark_bg = theme_for(ColourTheme::kDark).background;
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
  const Theme& light = theme_for(ColourTheme::kLight);
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
  for (const ColourTheme name : {ColourTheme::kLight, ColourTheme::kDark}) {
    const Theme& t = theme_for(name);
    SCOPED_TRACE(name_of(name));
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
      words(style.count("fontcolor") ? style.at("fontcolor") : t.node_text,
            node_fill(style.at("fillcolor"), t));
      if (style.count("color")) line(node_frame(style.at("color"), t), t.background);
    }
  }
}

TEST(MapStyleTest, DarkThemeBoxesAreDimAndLightThemeBoxesKeepTheSchemasFill) {
  const Theme& dark = theme_for(ColourTheme::kDark);
  const Theme& light = theme_for(ColourTheme::kLight);
  for (const char* fill : {"#fde68a", "#dbeafe", "#fafafa", "#ffffff", "#ffe4e6", "#ccfbf1"}) {
    SCOPED_TRACE(fill);
    EXPECT_EQ(node_fill(fill, light), fill);
    const std::string dim = node_fill(fill, dark);
    // A pale box on the dark background stands out 14:1 or more; a dim one
    // sits near the background, and its text still reads.
    EXPECT_GT(contrast_ratio(fill, dark.background), 13);
    EXPECT_LT(contrast_ratio(dim, dark.background), 2.5) << dim;
    EXPECT_GE(contrast_ratio(dark.node_text, dim), kTextContrast) << dim;
  }
  // The hue is kept: a yellow box stays warmer than a blue one.
  const std::string yellow = node_fill("#fde68a", dark), blue = node_fill("#dbeafe", dark);
  EXPECT_GT(std::stoi(yellow.substr(1, 2), nullptr, 16), std::stoi(yellow.substr(5, 2), nullptr, 16));
  EXPECT_LT(std::stoi(blue.substr(1, 2), nullptr, 16), std::stoi(blue.substr(5, 2), nullptr, 16));
}

/// CIELAB (D65) of a #rrggbb colour, to compare colours as they are seen.
std::array<double, 3> lab(const std::string& hex) {
  std::array<double, 3> c{};
  for (int i = 0; i < 3; ++i) {
    const double v = std::stoi(hex.substr(1 + 2 * static_cast<std::size_t>(i), 2), nullptr, 16) / 255.0;
    c[static_cast<std::size_t>(i)] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  }
  const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
  const double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  const double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double colour_distance(const std::string& a, const std::string& b) {
  const auto p = lab(a), q = lab(b);
  return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/// `cell` with its shape "ellipse" replaced.
std::string replace_shape(std::string cell, const std::string& shape) {
  const std::size_t at = cell.find("ellipse");
  return cell.replace(at, 7, shape);
}

/// A line's dashes: solid (bold too), dashed or dotted.
std::string dashes(const RelationType& rel) {
  const auto it = rel.style.find("style");
  const std::string s = it == rel.style.end() ? "" : it->second;
  return s.find("dashed") != std::string::npos   ? "dashed"
         : s.find("dotted") != std::string::npos ? "dotted"
                                                 : "solid";
}

TEST(MapStyleTest, RelationTypesAreToldApartByColourOrDashes) {
  std::ifstream in(std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml");
  std::stringstream text;
  text << in.rdbuf();
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(schema.load("graph-schema.yaml", text.str(), &diags)) << diags.format();
  const Theme& light = theme_for(ColourTheme::kLight);
  const auto& types = schema.relation_types();
  for (std::size_t i = 0; i < types.size(); ++i) {
    const std::string a = line_colour(relation_colour(types[i], light), Basis::kStated, light);
    // Not like the neutral line of a summary's mixed pairs.
    if (dashes(types[i]) == "solid") {
      EXPECT_GE(colour_distance(a, light.edge), 18) << types[i].name;
    }
    for (std::size_t j = i + 1; j < types.size(); ++j) {
      if (dashes(types[i]) != dashes(types[j])) continue;
      const std::string b = line_colour(relation_colour(types[j], light), Basis::kStated, light);
      EXPECT_GE(colour_distance(a, b), 18)
          << types[i].name << " " << a << " and " << types[j].name << " " << b;
    }
  }
}

TEST(MapStyleTest, ABundleIsDrawnAsItsMajorityWithAnArrowOnlyOneWay) {
  auto l = testing::load(R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: laos, type: country, name: Laos}
  - {id: japan, type: country, name: Japan}
  - {id: mic, type: organisation, name: Ministry, kind: ministry}
relations:
  - {from: laos, type: member_of, to: mic, source: src, evidence: one}
  - {from: laos, type: member_of, to: mic, source: src, evidence: two, basis: implied}
  - {from: mic, type: based_in, to: laos, source: src, evidence: three}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: four, basis: implied}
)");
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const KnowledgeGraph& kg = *l->graph;
  const auto e = [&](std::size_t i) { return kg.edges()[i]; };
  const Vertex laos = *kg.find_id("laos"), mic = *kg.find_id("mic"), japan = *kg.find_id("japan");
  BundleLook look = bundle_look(kg, {e(0), e(1), e(2)}, laos, mic);
  ASSERT_NE(look.dominant, nullptr);
  EXPECT_EQ(look.dominant->name, "member_of");  // 2 of 3, though not every one
  EXPECT_FALSE(look.one_way);                   // based_in goes the other way
  EXPECT_FALSE(look.implied);
  EXPECT_DOUBLE_EQ(look.width, bundle_width(3));
  look = bundle_look(kg, {e(0), e(2)}, laos, mic);
  EXPECT_EQ(look.dominant, nullptr);  // 1 of 2 is no majority: neutral
  look = bundle_look(kg, {e(0), e(1)}, laos, mic);
  EXPECT_TRUE(look.one_way);
  look = bundle_look(kg, {e(1), e(3)}, japan, laos);
  EXPECT_FALSE(look.one_way);  // a symmetric relation has no direction
  EXPECT_TRUE(look.implied);
  EXPECT_DOUBLE_EQ(bundle_width(1), 1);
  EXPECT_LT(bundle_width(2), bundle_width(10));
  EXPECT_DOUBLE_EQ(bundle_width(100000), 6);
}

TEST(MapStyleTest, LegendCellsAreDrawnAsTheirNodesShapes) {
  const std::string cell =
      "<g id=\"a_graph0_0\"><a xlink:href=\"" + shape_sample_link("ellipse", "filled,dashed") +
      "\" xlink:title=\"&lt;TABLE&gt;\">\n"
      "<polygon fill=\"#ffe4e6\" stroke=\"transparent\" points=\"13,-6 13,-20 41,-20 41,-6 13,-6\"/>\n"
      "<polygon fill=\"none\" stroke=\"#be123c\" points=\"13,-6 13,-20 41,-20 41,-6 13,-6\"/>\n"
      "</a>\n</g>\n";
  EXPECT_EQ(
      draw_shape_samples("<svg>" + cell + "<text>x</text></svg>"),
      "<svg><g class=\"legend-shape\"><ellipse fill=\"#ffe4e6\" stroke=\"#be123c\" stroke-dasharray=\"5,2\" "
      "cx=\"27.00\" cy=\"-13.00\" rx=\"14.00\" ry=\"7.00\"/></g>\n<text>x</text></svg>");
  const std::string house = draw_shape_samples(replace_shape(cell, "house"));
  EXPECT_NE(
      house.find("stroke-dasharray=\"5,2\" points=\"13.00,-6.00 13.00,-14.40 27.00,-20.00 41.00,-14.40"),
      std::string::npos)
      << house;
  EXPECT_EQ(
      without_shape_links("<TD BGCOLOR=\"#fff\" HREF=\"" + shape_sample_link("note", "filled") + "\"></TD>"),
      "<TD BGCOLOR=\"#fff\"></TD>");
}

TEST(MapStyleTest, FramesWidenSubtlyWithTheSourcesCitingAnActor) {
  EXPECT_EQ(frame_width(1, 1), "1");
  EXPECT_EQ(frame_width(2, 1), "1.5");
  EXPECT_EQ(frame_width(5, 2), "4");
  EXPECT_EQ(frame_width(50, 1), "3");  // at most two points more
}

}  // namespace
}  // namespace relmap
