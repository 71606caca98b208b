#include "render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "output_test_util.h"
#include "test_util.h"
#include "text.h"
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
  - {id: src, type: source, name: "a\"];\nnode x [label=evil] //", file: a.txt}
  - {id: japan, type: country, name: "back\\slash\\N and \\"}
  - {id: laos, type: country, name: "<b>html</b> & 'quotes'"}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "\"]; evil -> x"}
)");
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string dot = map_to_dot(*l->graph, full_map(*l->graph), {"dot", "dot"});
  EXPECT_EQ(dot.find("\nnode x"), std::string::npos);
  EXPECT_NE(dot.find("label=\"back\\\\slash\\\\N and \\\\\""), std::string::npos) << dot;
  EXPECT_EQ(dot.find("evil ->"), dot.find("\\\"]; evil -> x") + 5) << dot;
}

/// True if `text` holds a C0 control other than tab and newline, DEL, a C1
/// control or a noncharacter.
bool has_unsafe_text(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = std::max<std::size_t>(utf8_sequence_length(text, i), 1);
    if (unsafe_code_point(text, i, len) >= 0) return true;
    i += len;
  }
  return false;
}

TEST(RenderTest, ControlTextNeverReachesTheSvgOrTheDot) {
  // Facts built by hand never went through validation: the writers stay safe.
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string hostile = "esc\x1b[31m cr\r bel\x07 nul-free c1\xc2\x9b nonchar\xEF\xBF\xBE\xEF\xB7\x90 end";
  Facts facts = l->facts;
  facts.entities[1].name = "Japan " + hostile;
  facts.relations[0].evidence = "quote " + hostile;
  KnowledgeGraph kg(l->schema, facts);
  MapSpec spec = full_map(kg);
  spec.title = "title " + hostile;
  spec.description = "desc " + hostile;
  std::string svg;
  Diagnostics diags;
  ASSERT_TRUE(render_map(kg, spec, {"svg", "dot", 60}, &svg, &diags)) << diags.format();
  EXPECT_FALSE(has_unsafe_text(svg));
  EXPECT_NE(svg.find("<title id=\"relmap--title\">title esc\uFFFD[31m cr\uFFFD bel\uFFFD"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">Japan esc\uFFFD[31m cr\uFFFD"), std::string::npos) << svg;
  EXPECT_NE(svg.find("nonchar\uFFFD\uFFFD end"), std::string::npos) << svg;
  const std::string dot = map_to_dot(kg, spec, {"dot", "dot"});
  EXPECT_FALSE(has_unsafe_text(dot));
}

/// The text a reader sees in element `g` and everything inside it, lines
/// joined with spaces.
std::string shown_text(const std::vector<testing::XmlElement>& doc, int g) {
  std::string out;
  for (std::size_t i = static_cast<std::size_t>(g); i < doc.size() && testing::inside(doc, static_cast<int>(i), g); ++i)
    if (doc[i].name == "text") out += (out.empty() ? "" : " ") + doc[i].text;
  return out;
}

/// The tooltip of the first link inside element `g`.
std::string tooltip(const std::vector<testing::XmlElement>& doc, int g) {
  for (std::size_t i = static_cast<std::size_t>(g); i < doc.size() && testing::inside(doc, static_cast<int>(i), g); ++i)
    if (doc[i].name == "a") return doc[i].attributes.at("xlink:title");
  return "(no tooltip)";
}

TEST(RenderTest, HostileTextShowsInTheSvgExactlyAsWritten) {
  testing::Hostile hostile;
  const KnowledgeGraph& kg = *hostile.graph;
  MapSpec spec = full_map(kg);
  spec.title = hostile.title;
  spec.description = hostile.description;
  for (const std::string engine : {"dot", "neato"}) {
    std::string svg;
    Diagnostics diags;
    ASSERT_TRUE(render_map(kg, spec, {"svg", engine, 60}, &svg, &diags)) << diags.format();
    EXPECT_FALSE(has_unsafe_text(svg));
    std::vector<testing::XmlElement> doc;
    std::string error;
    ASSERT_TRUE(testing::parse_xml(svg, &doc, &error)) << error << "\n" << svg;
    std::map<std::string, int> by_id;
    for (std::size_t i = 0; i < doc.size(); ++i) {
      auto id = doc[i].attributes.find("id");
      if (id == doc[i].attributes.end()) continue;
      EXPECT_TRUE(by_id.emplace(id->second, static_cast<int>(i)).second) << "duplicate id " << id->second;
      EXPECT_EQ(id->second.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-"), std::string::npos) << id->second;
    }
    EXPECT_EQ(doc[static_cast<std::size_t>(by_id.at("relmap--title"))].text, sanitize_text(hostile.title));
    EXPECT_EQ(doc[static_cast<std::size_t>(by_id.at("relmap--desc"))].text, sanitize_text(hostile.description));
    // Every name shows as written (control characters and noncharacters as
    // U+FFFD), on the map and in its tooltip.
    for (const Vertex v : spec.nodes) {
      const int g = by_id.at("relmap--n-" + kg.node(v).id);
      EXPECT_EQ(shown_text(doc, g), sanitize_text(kg.node(v).name)) << engine;
      EXPECT_EQ(tooltip(doc, g), sanitize_text(kg.node(v).name + " (" + kg.node_type(v).label + ")")) << engine;
    }
    EXPECT_EQ(tooltip(doc, by_id.at("relmap--r0")),
              sanitize_text("cooperates with: \u201C" + hostile.evidence + "\u201D \u2014 " + hostile.names[0] + " [src]"));
    // The legend shows the schema's label as written too.
    EXPECT_NE(shown_text(doc, by_id.at("relmap--legend")).find(" " + hostile.type_label + " "), std::string::npos)
        << shown_text(doc, by_id.at("relmap--legend"));
  }
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
