#include "render.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_util.h"
#include "views.h"

namespace relmap {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: p, type: person, name: Thansamay Kommasith}
  - {id: mpt, type: organisation, name: Ministry of Posts and Telecommunications}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: Lao CERT engages with Japan}
  - {from: p, type: holds_position, to: mpt, role: Minister, source: src, evidence: Minister of Posts}
  - {from: laos, type: member_of, to: mpt, source: src, evidence: x}
)";

TEST(RenderTest, DotMatchesGoldenFile) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  MapSpec spec = full_map(*l->graph);
  spec.title = "Test map";
  const std::string dot = map_to_dot(*l->graph, spec, {"dot", "dot"});
  const std::string golden = std::string(RELMAP_TESTDATA_DIR) + "/render_golden.dot";
  if (std::getenv("RELMAP_UPDATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << dot;
  EXPECT_EQ(dot, read(golden));
}

TEST(RenderTest, SvgIsDeterministicAndCarriesStyles) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const MapSpec spec = full_map(*l->graph);
  std::string a, b;
  Diagnostics diags;
  ASSERT_TRUE(render_map(*l->graph, spec, {"svg", "auto", 60}, &a, &diags)) << diags.format();
  ASSERT_TRUE(render_map(*l->graph, spec, {"svg", "auto", 60}, &b, &diags)) << diags.format();
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("<svg"), std::string::npos);
  EXPECT_NE(a.find("fill=\"#fde68a\""), std::string::npos);  // country style from the schema
  EXPECT_NE(a.find(">holds position at</text>"), std::string::npos);
  EXPECT_NE(a.find(">(Minister)</text>"), std::string::npos);
  EXPECT_EQ(diags.format(), "");
}

TEST(RenderTest, EveryEngineLaysOutInAChildProcess) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const MapSpec spec = full_map(*l->graph);
  for (const std::string& engine : layout_engines()) {
    std::string svg;
    Diagnostics diags;
    EXPECT_TRUE(render_map(*l->graph, spec, {"svg", engine, 60}, &svg, &diags)) << engine << diags.format();
    EXPECT_NE(svg.find("</svg>"), std::string::npos) << engine;
  }
}

TEST(RenderTest, HostileTextCannotChangeTheDot) {
  auto l = testing::load(R"(entities:
  - {id: src, type: source, name: "a\"]; node y [label=evil] //", file: a.txt}
  - {id: japan, type: country, name: "back\\slash\\N and \\"}
  - {id: laos, type: country, name: "<b>html</b> & 'quotes'"}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "\"]; evil -> x\nnode x [label=evil]"}
)");
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string dot = map_to_dot(*l->graph, full_map(*l->graph), {"dot", "dot"});
  EXPECT_EQ(dot.find("\nnode x"), std::string::npos);
  EXPECT_EQ(dot.find("\nnode y"), std::string::npos);
  EXPECT_EQ(dot.find("; node y"), dot.find("\\\"]; node y") + 3) << dot;
  EXPECT_NE(dot.find("label=\"back\\\\slash\\\\N and \\\\\""), std::string::npos) << dot;
  EXPECT_EQ(dot.find("evil ->"), dot.find("\\\"]; evil -> x") + 5) << dot;
}

TEST(RenderTest, GraphvizErrorsBecomeDiagnostics) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  std::string out;
  Diagnostics diags;
  EXPECT_FALSE(render_map(*l->graph, full_map(*l->graph), {"nosuchformat", "dot", 60}, &out, &diags));
  EXPECT_NE(diags.format().find("error: graphviz (dot): "), std::string::npos) << diags.format();
  EXPECT_TRUE(out.empty());
}

TEST(RenderTest, GraphvizLabelsEscapeBackslashesAndControls) {
  EXPECT_EQ(graphviz_label("a\\N\x01" "b"), "a\\\\N\uFFFD" "b");
  EXPECT_EQ(graphviz_label("two\nlines"), "two\\nlines");
}

}  // namespace
}  // namespace relmap
