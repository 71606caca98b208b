#include "maps/views.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "base/dates.h"
#include "maps/citations.h"
#include "render/render.h"
#include "render/svg.h"
#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src-a, type: source, name: Article A, file: a.txt, website: "https://example.org/a?x=1&y=2"}
  - {id: src-b, type: source, name: Article B, file: b.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: thailand, type: country, name: Thailand, start: 2020}
  - {id: mic, type: organisation, name: Ministry of Information and Communications, kind: ministry, seat: laos}
  - {id: cert, type: organisation, name: National CERT, kind: cert}
  - {id: minister, type: person, name: A Minister}
  - {id: workshop, type: event, name: Cyber workshop, date: 2016-10-30}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src-a, evidence: Japan and Laos cooperate}
  - {from: laos, type: member_of, to: mic, source: src-a, evidence: Laos in MIC}
  - {from: cert, type: member_of, to: mic, source: src-b, evidence: the CERT is part of the ministry}
  - {from: minister, type: holds_position, to: mic, role: Minister, source: src-b, evidence: the Minister}
  - {from: laos, type: attended, to: workshop, source: src-b, evidence: Laos attended}
  - {from: thailand, type: attended, to: workshop, source: src-b, evidence: Thailand attended}
  - {from: thailand, type: cooperates_with, to: laos, source: src-b, evidence: Thailand and Laos}
  - {from: cert, type: based_in, to: laos, source: src-b, evidence: the Lao CERT}
)";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = testing::load(kFacts);
    ASSERT_NE(loaded_->graph, nullptr) << loaded_->messages();
  }
  const KnowledgeGraph& kg() const { return *loaded_->graph; }
  Vertex v(const char* id) const { return *kg().find_id(id); }

  /// Compare with tests/unit/testdata/views/NAME.dot (RELMAP_UPDATE_GOLDEN=1 rewrites it).
  void expect_golden(const std::string& name, const MapSpec& spec, RenderOptions options = {}) {
    options.format = MapFormat::kDot;
    const std::string dot = map_to_dot(kg(), spec, options);
    const std::string path = std::string(RELMAP_TESTDATA_DIR) + "/views/" + name + ".dot";
    if (std::getenv("RELMAP_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << dot;
    EXPECT_EQ(dot, read(path)) << name;
  }

  std::string svg(const MapSpec& spec, RenderOptions options = {}) {
    std::string out;
    Diagnostics diags;
    EXPECT_TRUE(render_map(kg(), spec, options, &out, &diags)) << diags.format();
    return out;
  }

  std::unique_ptr<testing::Loaded> loaded_;
};

TEST_F(ViewsTest, FullMapGolden) {
  const MapSpec spec = full_map(kg());
  EXPECT_EQ(spec.nodes.size(), 9u);
  EXPECT_EQ(spec.edges.size(), 8u);
  expect_golden("full", spec);
  RenderOptions dark;
  dark.theme = ColourTheme::kDark;
  dark.clusters = true;
  const std::string dot = map_to_dot(kg(), spec, dark);
  // The CERT is based in Laos; the ministry, a member of nothing, stays out.
  const std::size_t cluster = dot.find("subgraph cluster_laos {");
  ASSERT_NE(cluster, std::string::npos) << dot;
  const std::string inside = dot.substr(cluster, dot.find("\n\t}", cluster) - cluster);
  EXPECT_NE(inside.find("\t\tcert\t["), std::string::npos) << inside;
  EXPECT_NE(inside.find("\t\tlaos\t["), std::string::npos) << inside;
  EXPECT_EQ(inside.find("\t\tmic\t["), std::string::npos) << inside;
  EXPECT_NE(dot.find("bgcolor=\"#0f172a\""), std::string::npos);
  EXPECT_EQ(dot.find("subgraph cluster_japan"), std::string::npos);  // alone: no frame
  expect_golden("full-dark-clusters", spec, dark);
}

TEST_F(ViewsTest, SourcesAreNumberedInFactOrderAndMarkedOnLines) {
  const MapSpec spec = full_map(kg());
  const MapCitations cited = cite_sources(kg(), spec);
  EXPECT_EQ(cited.listed, (std::vector<std::string>{"src-a", "src-b"}));
  EXPECT_EQ(cited.unlisted, 0u);
  const auto e = [&](std::size_t i) { return kg().edges()[i]; };
  EXPECT_EQ(source_mark(kg(), cited, {e(2)}), "[2]");
  EXPECT_EQ(source_mark(kg(), cited, {e(2), e(0), e(1)}), "[1,2]");
  // Sources beyond the list are counted, not numbered.
  MapCitations only_b{{"src-b"}, {{"src-b", 1}}, 1};
  EXPECT_EQ(source_mark(kg(), only_b, {e(0), e(2)}), "[1 +1]");
  EXPECT_EQ(source_mark(kg(), only_b, {e(0)}), "[+1]");
  EXPECT_EQ(source_entry(kg(), "src-a"), "\u201CArticle A\u201D");
  EXPECT_EQ(source_entry(kg(), "src-unknown"), "src-unknown");
  EXPECT_EQ(quote_entry(kg(), e(1)),
            "Laos \u2192 Ministry of Information and Communications, member of: \u201CLaos in MIC\u201D");
}

TEST_F(ViewsTest, EveryLineOfAMapCarriesItsSourceMarkAndTheMapListsItsSources) {
  RenderOptions options;
  options.format = MapFormat::kDot;
  const std::string dot = map_to_dot(kg(), source_map(kg(), {v("src-b")}, index_sources(kg())), options);
  EXPECT_NE(dot.find("label=\"member of\\n[1]\""), std::string::npos) << dot;
  EXPECT_NE(dot.find(">Source:&#160;[1] \u201CArticle B\u201D"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("Article A"), std::string::npos) << dot;
  // Every edge statement has a label with a mark.
  const std::regex edge(R"(-> \S+\s*\[([^\]]|\][^;])*label="[^"\n]*\[\d+\])");
  std::size_t edges = 0, marked = 0;
  for (std::size_t at = dot.find(" -> "); at != std::string::npos; at = dot.find(" -> ", at + 1)) ++edges;
  for (auto it = std::sregex_iterator(dot.begin(), dot.end(), edge); it != std::sregex_iterator(); ++it)
    ++marked;
  EXPECT_GT(edges, 0u);
  EXPECT_EQ(marked, edges) << dot;
}

TEST_F(ViewsTest, SourceMapHoldsOnlyThatSourcesFacts) {
  const MapSpec spec = source_map(kg(), {v("src-a")}, index_sources(kg()));
  EXPECT_EQ(spec.name, "source-src-a");
  EXPECT_EQ(spec.title, "Article A");
  ASSERT_EQ(spec.edges.size(), 2u);
  for (Edge e : spec.edges) EXPECT_EQ(kg().edge(e).source, "src-a");
  EXPECT_EQ(spec.nodes, (std::vector<Vertex>{v("japan"), v("laos"), v("mic")}));
  expect_golden("source-src-a", spec);
}

TEST_F(ViewsTest, EgoMapAroundAnActor) {
  QueryEngine engine(kg(), {});
  const MapSpec spec = ego_map(kg(), engine, v("mic"), 1);
  EXPECT_EQ(spec.nodes, (std::vector<Vertex>{v("laos"), v("mic"), v("cert"), v("minister")}));
  EXPECT_EQ(spec.edges.size(), 4u);  // cert–mic, laos–mic, minister–mic, and cert–laos among them
  expect_golden("ego-mic", spec);
  const MapSpec wider = ego_map(kg(), engine, v("mic"), 2);
  EXPECT_EQ(wider.nodes.size(), 7u);  // + japan, thailand, workshop through laos or cert
}

TEST_F(ViewsTest, FilteredMaps) {
  QueryFilter only_attended;
  only_attended.relations = {kg().schema().relation_type_index("attended")};
  QueryEngine engine(kg(), only_attended);
  MapSpec spec = full_map(kg());
  apply_filter(kg(), engine, {}, &spec);
  EXPECT_EQ(spec.nodes, (std::vector<Vertex>{v("laos"), v("thailand"), v("workshop")}));
  EXPECT_EQ(spec.edges.size(), 2u);
  expect_golden("filtered-attended", spec);

  QueryFilter in_2016;
  in_2016.as_of = date_span("2016");
  QueryEngine dated(kg(), in_2016);
  MapSpec then = full_map(kg());
  apply_filter(kg(), dated, {}, &then);
  // Thailand is recorded from 2020 on: gone, and its two relations with it.
  EXPECT_EQ(std::count(then.nodes.begin(), then.nodes.end(), v("thailand")), 0);
  EXPECT_EQ(then.edges.size(), 6u);
  expect_golden("as-of-2016", then);
}

TEST_F(ViewsTest, PathMapHighlightsThePathInItsSurroundings) {
  QueryEngine engine(kg(), {});
  const auto paths = engine.paths(static_cast<NodeId>(v("japan")), static_cast<NodeId>(v("minister")), {});
  ASSERT_EQ(paths.size(), 1u);
  const MapSpec spec = path_map(kg(), engine, paths);
  EXPECT_EQ(spec.highlight_nodes, (std::vector<Vertex>{v("japan"), v("laos"), v("mic"), v("minister")}));
  EXPECT_EQ(spec.highlight_edges.size(), 3u);
  EXPECT_GT(spec.nodes.size(), spec.highlight_nodes.size());  // surroundings drawn too
  expect_golden("path-japan-minister", spec);
  const std::string out = svg(spec);
  EXPECT_NE(out.find("class=\"edge r&#45;cooperates_with muted\""), std::string::npos);
  EXPECT_NE(out.find("stroke-width=\"3\""), std::string::npos);
}

TEST_F(ViewsTest, SvgScalesAndIsAccessible) {
  const std::string out = svg(full_map(kg()));
  const std::size_t open = out.find("<svg");
  const std::string tag = out.substr(open, out.find('>', open) - open);
  EXPECT_EQ(tag.find(" width="), std::string::npos) << tag;
  EXPECT_EQ(tag.find(" height="), std::string::npos) << tag;
  EXPECT_NE(tag.find(" viewBox=\""), std::string::npos) << tag;
  EXPECT_NE(tag.find("role=\"img\" aria-labelledby=\"relmap--title relmap--desc\""), std::string::npos)
      << tag;
  EXPECT_NE(out.find("<title id=\"relmap--title\">Relationship map</title>"), std::string::npos);
  EXPECT_NE(out.find("<desc id=\"relmap--desc\">9 actors and 8 relations, cited from src-a, src-b.</desc>"),
            std::string::npos);
  RenderOptions fixed;
  fixed.fixed_size = true;
  const std::string sized = svg(full_map(kg()), fixed);
  EXPECT_NE(sized.substr(sized.find("<svg"), 200).find(" width=\""), std::string::npos);
}

TEST_F(ViewsTest, SvgIdsArePrefixedAndUniqueAcrossMaps) {
  QueryEngine engine(kg(), {});
  std::set<std::string> seen;
  for (const MapSpec& spec :
       {full_map(kg()), source_map(kg(), {v("src-a")}, index_sources(kg())),
        source_map(kg(), {v("src-b")}, index_sources(kg())), ego_map(kg(), engine, v("laos"), 2)}) {
    const std::string out = svg(spec);
    const std::regex id_attr(" id=\"([^\"]*)\"");
    int count = 0;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), id_attr); it != std::sregex_iterator();
         ++it) {
      std::string id = std::regex_replace((*it)[1].str(), std::regex("&#45;"), "-");
      const bool prefixed = id.rfind(spec.name, 0) == 0 || id.rfind("a_" + spec.name, 0) == 0;
      EXPECT_TRUE(prefixed) << id << " in " << spec.name;
      EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id;
      ++count;
    }
    EXPECT_GT(count, 3) << spec.name;
  }
  EXPECT_TRUE(seen.count("relmap--n-japan"));
  EXPECT_TRUE(seen.count("source-src-a--r0"));
}

TEST_F(ViewsTest, SvgCarriesClassesTooltipsAndSafeLinks) {
  const std::string out = svg(full_map(kg()));
  EXPECT_NE(out.find("class=\"node t&#45;country t&#45;actor t&#45;entity\""), std::string::npos);
  EXPECT_NE(out.find("class=\"edge r&#45;member_of\""), std::string::npos);
  // Hover text: relation, evidence, source.
  EXPECT_NE(out.find("xlink:title=\"member of: “the CERT is part of the ministry” — Article B [src&#45;b]\""),
            std::string::npos);
  // The source's URL: escaped where Graphviz 2.42 would not.
  EXPECT_NE(out.find("xlink:href=\"https://example.org/a?x=1&amp;y=2\""), std::string::npos);
  EXPECT_EQ(out.find("\uFDD1"), std::string::npos);  // no link placeholder left
}

TEST_F(ViewsTest, LegendListsTheTypesPresent) {
  const std::string src_b = map_to_dot(kg(), source_map(kg(), {v("src-b")}, index_sources(kg())), {});
  EXPECT_NE(src_b.find(">Person</FONT>"), std::string::npos);
  EXPECT_NE(src_b.find(">attended</FONT>"), std::string::npos);
  const std::string src_a = map_to_dot(kg(), source_map(kg(), {v("src-a")}, index_sources(kg())), {});
  EXPECT_EQ(src_a.find(">Person</FONT>"), std::string::npos);  // no person in that map
  EXPECT_EQ(src_a.find(">attended</FONT>"), std::string::npos);
  RenderOptions none;
  none.legend = false;
  EXPECT_EQ(map_to_dot(kg(), source_map(kg(), {v("src-a")}, index_sources(kg())), none).find("Legend"),
            std::string::npos);
}

TEST(SvgTest, FinishReplacesPlaceholdersAndSize) {
  const std::string raw =
      "<?xml version=\"1.0\"?>\n<svg width=\"100pt\" height=\"50pt\"\n viewBox=\"0 0 100 50\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<a xlink:href=\"" +
      link_placeholder(0) + "\"/><a xlink:href=\"" + link_placeholder(1) + "\"/><a xlink:href=\"" +
      link_placeholder(10) + "\"/></svg>\n";
  SvgFinish f;
  f.id_prefix = "m";
  f.title = "T <&>";
  f.description = "D";
  f.links = {
      "https://a.org/?q=\"x\"&r=1", "https://b.org/", "", "", "", "", "", "", "", "", "https://k.org/"};
  const std::string out = finish_svg(raw, f);
  EXPECT_EQ(
      out,
      "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 100 50\" xmlns=\"http://www.w3.org/2000/svg\" "
      "role=\"img\" "
      "aria-labelledby=\"m--title m--desc\" class=\"relmap-map theme-light\">\n<title id=\"m--title\">T "
      "&lt;&amp;&gt;</title>\n<desc id=\"m--desc\">D</desc>\n<a "
      "xlink:href=\"https://a.org/?q=%22x%22&amp;r=1\"/>"
      "<a xlink:href=\"https://b.org/\"/><a xlink:href=\"https://k.org/\"/></svg>\n");
  EXPECT_EQ(svg_element(out).substr(0, 4), "<svg");
}

TEST(SvgTest, FinishReplacesEveryOneOfManyLinks) {
  std::string raw = "<svg viewBox=\"0 0 1 1\">";
  SvgFinish f;
  std::string expected =
      "<svg viewBox=\"0 0 1 1\" role=\"img\" aria-labelledby=\"--title --desc\" "
      "class=\"relmap-map theme-light\">\n<title id=\"--title\"></title>\n<desc id=\"--desc\"></desc>";
  for (std::size_t i = 0; i < 3000; ++i) {
    f.links.push_back("https://x.org/" + std::to_string(i));
    // Text around the placeholders stays, "&" placeholders and all.
    raw += "<a xlink:href=\"" + link_placeholder(i) + "\">" + std::to_string(i) + "\uFDD0amp;</a>";
    expected +=
        "<a xlink:href=\"https://x.org/" + std::to_string(i) + "\">" + std::to_string(i) + "&amp;amp;</a>";
  }
  // Unknown links are left empty; other characters of that block stay.
  raw += "<a xlink:href=\"" + link_placeholder(3000) + "\"/><a xlink:href=\"" + link_placeholder(0) +
         "99999999999999999999999\"/>\uFDFA\uFDCF\uFDD0</svg>";
  expected += "<a xlink:href=\"\"/><a xlink:href=\"\"/>\uFDFA\uFDCF&amp;</svg>";
  EXPECT_EQ(finish_svg(raw, f), expected);
}

TEST(SvgTest, UncheckedFactsStillCannotInjectIntoTheSvg) {
  // Facts that skipped validation: a javascript: URL, control characters,
  // invalid UTF-8. The renderer must neutralise them on its own.
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(schema.load("s.yaml", testing::kTestSchema, &diags));
  Facts facts;
  facts.files.push_back("f.yaml");
  facts.property_values.push_back({"website", "javascript:alert(1)", {1, 1}, {1, 1}, false, false});
  facts.property_values.push_back(
      {"website", "https://x.org/\"onmouseover=\"alert(1)", {2, 1}, {2, 1}, false, false});
  facts.entities.push_back({"src", "source", "S\x01rc \xff", {}, {0, 1}, 0, {}, {}, {}});
  facts.entities.push_back({"a", "country", "A\x07", {}, {1, 1}, 0, {}, {}, {}});
  facts.entities.push_back({"b", "country", "B", {}, {}, 0, {}, {}, {}});
  Relation r;
  r.from = "a";
  r.type = "cooperates_with";
  r.to = "b";
  r.source = "src";
  r.evidence = "x\x1b[31m";
  facts.relations.push_back(r);
  KnowledgeGraph kg(schema, facts);
  std::string out;
  ASSERT_TRUE(render_map(kg, full_map(kg), {}, &out, &diags)) << diags.format();
  EXPECT_EQ(out.find("javascript:"), std::string::npos);
  EXPECT_EQ(out.find("onmouseover"), std::string::npos);
  EXPECT_EQ(out.find('\x01'), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\xff'), std::string::npos);
  EXPECT_NE(out.find("A\uFFFD"), std::string::npos);
}

}  // namespace
}  // namespace relmap
