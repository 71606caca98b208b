#include "render/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "base/child.h"
#include "base/text.h"
#include "maps/text_metrics.h"
#include "maps/views.h"
#include "output_test_util.h"
#include "render/layout.h"
#include "test_util.h"

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
  const std::string dot = map_to_dot(*l->graph, spec, {MapFormat::kDot, Engine::kDot});
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
  ASSERT_TRUE(render_map(*l->graph, spec, {MapFormat::kSvg, Engine::kAuto, 60}, &a, &diags))
      << diags.format();
  ASSERT_TRUE(render_map(*l->graph, spec, {MapFormat::kSvg, Engine::kAuto, 60}, &b, &diags))
      << diags.format();
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("<svg"), std::string::npos);
  EXPECT_NE(a.find("fill=\"#fde68a\""), std::string::npos);  // country style from the schema
  EXPECT_NE(a.find(">holds position at</text>"), std::string::npos);
  EXPECT_NE(a.find(">(Minister)</text>"), std::string::npos);
  EXPECT_EQ(diags.format(), "");
}

TEST(RenderTest, ParallelRelationsOfOneTypeShareOneLineWithTheirCountAndEveryQuote) {
  auto l = testing::load(R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: kh, type: organisation, name: Cambodia}
  - {id: mptc, type: organisation, name: Ministry}
relations:
  - {from: kh, type: member_of, to: mptc, source: src, evidence: first quote of Cambodia}
  - {from: kh, type: member_of, to: mptc, source: src, evidence: second quote, basis: implied, start: "2016"}
  - {from: kh, type: cooperates_with, to: mptc, source: src, evidence: third quote of Cambodia}
)");
  ASSERT_NE(l->graph, nullptr) << l->messages();
  MapSpec spec = full_map(*l->graph);
  spec.page = kColumnPage;
  const std::string dot = map_to_dot(*l->graph, spec, {MapFormat::kDot, Engine::kDot});
  EXPECT_NE(dot.find("label=\"member of \u00D72\\n[1]\""), std::string::npos) << dot;
  EXPECT_NE(
      dot.find(
          "first quote of Cambodia\u201D \u2014 Article [src]\\nmember of (implied): \u201Csecond quote"),
      std::string::npos)
      << dot;
  EXPECT_NE(dot.find("class=\"r-member_of merged\""), std::string::npos)
      << "stated if any of them is: " << dot;
  EXPECT_NE(dot.find("label=\"cooperates\\nwith\\n[1]\""), std::string::npos)
      << "another type, another line: " << dot;
}

TEST(RenderTest, AClaimFromSeveralSourcesIsOneLineThatCountsThemAndShowsDisputes) {
  auto l = testing::load(
      R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt}
  - {id: s2, type: source, name: Two, file: 2.txt}
  - {id: kh, type: organisation, name: Cambodia}
  - {id: mptc, type: organisation, name: Ministry}
relations:
  - {from: kh, type: member_of, to: mptc, source: s1, evidence: first quote of Cambodia, id: kh-in}
  - {from: kh, type: member_of, to: mptc, source: s2, evidence: second quote of Cambodia}
  - {from: mptc, type: member_of, to: kh, source: s2, evidence: the Ministry holds Cambodia, disputes: kh-in}
)",
      testing::kTestSchema + std::string("relation_properties: {id: string, disputes: {type: relation}}\n"));
  ASSERT_NE(l->graph, nullptr) << l->messages();
  MapSpec spec = full_map(*l->graph);
  spec.page = kColumnPage;
  const std::string dot = map_to_dot(*l->graph, spec, {MapFormat::kDot, Engine::kDot});
  EXPECT_NE(dot.find("label=\"member of\\n[1,2]\\n[2 independent sources]\\n[disputed]\""), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("class=\"r-member_of corroborated disputed\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("penwidth=2"), std::string::npos) << "twice as wide: " << dot;
  EXPECT_NE(dot.find("twice as wide: two or more independent sources say it"), std::string::npos) << dot;
  EXPECT_NE(dot.find("first quote of Cambodia\u201D \u2014 One [s1]\\nmember of: \u201Csecond quote of "
                     "Cambodia\u201D \u2014 "
                     "Two [s2]"),
            std::string::npos)
      << "every quote in the tooltip: " << dot;
  EXPECT_EQ(dot.find("\u00D72"), std::string::npos) << "one claim, not two relations: " << dot;
}

/// The SVG group of the element with this id, up to its closing </g>.
std::string svg_group(const std::string& svg, const std::string& id) {
  const std::size_t start = svg.find("<g id=\"" + id + "\"");
  if (start == std::string::npos) return std::string();
  return svg.substr(start, svg.find("</g>", start) - start);
}

TEST(RenderTest, BoxesAreSizedWithTheMapFontMetrics) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  std::string svg;
  Diagnostics diags;
  ASSERT_TRUE(render_map(*l->graph, full_map(*l->graph), {MapFormat::kSvg, Engine::kDot, 60}, &svg, &diags))
      << diags.format();
  EXPECT_NE(svg.find("font-family=\"" + std::string(map_font_family()) + "\""), std::string::npos);
  // A box is as wide as its widest line in the widest font plus the margins
  // (0.08 in each side), not as Graphviz's narrower Helvetica estimate.
  const std::string node = svg_group(svg, "relmap&#45;&#45;n&#45;mpt");  // Graphviz escapes "-"
  std::smatch m;
  ASSERT_TRUE(std::regex_search(node, m, std::regex("points=\"([^\"]*)\""))) << node;
  std::istringstream points(m[1].str());
  double left = 1e9, right = -1e9, x = 0, y = 0;
  char comma;
  while (points >> x >> comma >> y) {
    left = std::min(left, x);
    right = std::max(right, x);
  }
  double widest = 0;
  const std::regex text(">([^<>]+)</text>");
  for (auto it = std::sregex_iterator(node.begin(), node.end(), text); it != std::sregex_iterator(); ++it)
    widest = std::max(widest, text_width((*it)[1].str(), 11));
  EXPECT_GT(widest, 100);
  EXPECT_NEAR(right - left, widest + 2 * 0.08 * 72, 1.0) << node;
}

TEST(RenderTest, PngAndPdfShowTheSvgsLayout) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const MapSpec spec = full_map(*l->graph);
  std::string svg, png, pdf;
  Diagnostics diags;
  RenderOptions options{MapFormat::kSvg, Engine::kNeato, 60};
  ASSERT_TRUE(render_map(*l->graph, spec, options, &svg, &diags)) << diags.format();
  options.format = MapFormat::kPng;
  options.dpi = 72;
  ASSERT_TRUE(render_map(*l->graph, spec, options, &png, &diags)) << diags.format();
  options.format = MapFormat::kPdf;
  ASSERT_TRUE(render_map(*l->graph, spec, options, &pdf, &diags)) << diags.format();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"re(viewBox="0.00 0.00 (\S+) (\S+)")re")));
  const double width = std::stod(m[1]), height = std::stod(m[2]);
  auto u32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_NEAR(u32(16), width, 1.0);
  EXPECT_NEAR(u32(20), height, 1.0);
  ASSERT_TRUE(std::regex_search(pdf, m, std::regex(R"(/MediaBox \[ 0 0 (\S+) (\S+) \])")));
  EXPECT_NEAR(std::stod(m[1]), width, 1.0);
  EXPECT_NEAR(std::stod(m[2]), height, 1.0);
}

TEST(RenderTest, EveryEngineLaysOutInAChildProcess) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const MapSpec spec = full_map(*l->graph);
  for (const Engine engine :
       {Engine::kDot, Engine::kNeato, Engine::kFdp, Engine::kSfdp, Engine::kCirco, Engine::kTwopi}) {
    std::string svg;
    Diagnostics diags;
    EXPECT_TRUE(render_map(*l->graph, spec, {MapFormat::kSvg, engine, 60}, &svg, &diags))
        << name_of(engine) << diags.format();
    EXPECT_NE(svg.find("</svg>"), std::string::npos) << name_of(engine);
  }
}

TEST(RenderTest, AutomaticEngineFollowsTheMeasuredLimits) {
  EXPECT_EQ(choose_engine(66, 160), Engine::kDot);     // data/'s full map
  EXPECT_EQ(choose_engine(150, 300), Engine::kDot);    // dense, still under 2 s
  EXPECT_EQ(choose_engine(1000, 1400), Engine::kDot);  // sparse
  EXPECT_EQ(choose_engine(200, 420), Engine::kNeato);  // dense: dot would take seconds to minutes
  EXPECT_EQ(choose_engine(5000, 16000), Engine::kSfdp);
  EXPECT_EQ(choose_engine(200, 420, true), Engine::kFdp);  // clusters need dot or fdp
  EXPECT_EQ(choose_engine(5000, 16000, true), Engine::kFdp);
}

TEST(RenderTest, ClustersNeedAnEngineThatDrawsThem) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  for (const std::string& name : names_of<Engine>()) {
    const Engine engine = *value_named<Engine>(name);
    if (engine == Engine::kAuto) continue;
    RenderOptions options{MapFormat::kSvg, engine, 60};
    options.clusters = true;
    std::string svg;
    Diagnostics diags;
    const bool ok = render_map(*l->graph, full_map(*l->graph), options, &svg, &diags);
    EXPECT_EQ(ok, engine_draws_clusters(engine)) << name << diags.format();
    EXPECT_EQ(ok, name == "dot" || name == "fdp") << name;
    if (!ok) {
      EXPECT_NE(diags.format().find("clusters need the dot or fdp engine"), std::string::npos);
    }
  }
}

/// Every id="…" in the text.
std::vector<std::string> ids(const std::string& svg) {
  std::vector<std::string> out;
  const std::regex id(" id=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), id); it != std::sregex_iterator(); ++it)
    out.push_back(std::regex_replace((*it)[1].str(), std::regex("&#45;"), "-"));
  return out;
}

TEST(RenderTest, LightAndDarkVersionsShareNoElementIds) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  std::string light, dark;
  Diagnostics diags;
  RenderOptions options{MapFormat::kSvg, Engine::kDot, 60};
  options.clusters = true;
  ASSERT_TRUE(render_map(*l->graph, full_map(*l->graph), options, &light, &diags)) << diags.format();
  options.theme = ColourTheme::kDark;
  ASSERT_TRUE(render_map(*l->graph, full_map(*l->graph), options, &dark, &diags)) << diags.format();
  const std::vector<std::string> a = ids(light), b = ids(dark);
  EXPECT_GT(a.size(), 10u);
  EXPECT_EQ(a.size(), b.size());
  for (const std::string& id : a) EXPECT_EQ(std::count(b.begin(), b.end(), id), 0) << id;
  EXPECT_NE(std::find(b.begin(), b.end(), "dark-relmap--n-japan"), b.end());
}

TEST(RenderTest, ImpliedRelationsAreDrawnDoubleAndExplained) {
  const std::string facts =
      std::string(kFacts) +
      "  - {from: japan, type: member_of, to: mpt, source: src, evidence: y, basis: implied}\n";
  auto l = testing::load(facts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string dot = map_to_dot(*l->graph, full_map(*l->graph), {MapFormat::kDot, Engine::kDot});
  EXPECT_NE(dot.find("class=\"r-member_of implied\",\n\t\tcolor=\"#555555:invis:#555555\""),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("tooltip=\"member of (implied): \u201Cy\u201D"), std::string::npos);
  EXPECT_NE(dot.find("implied: follows from the article, not stated in it"), std::string::npos);
  // Stated relations keep a single line, and a map without implied ones
  // has no such legend entry.
  EXPECT_NE(dot.find("laos -> mpt\t[class=\"r-member_of\",\n\t\tid="), std::string::npos);  // default colour
  auto stated = testing::load(kFacts);
  EXPECT_EQ(
      map_to_dot(*stated->graph, full_map(*stated->graph), {MapFormat::kDot, Engine::kDot}).find("implied"),
      std::string::npos);
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
  MapSpec spec = full_map(*l->graph);
  spec.page = kColumnPage;  // names of up to 20 characters on one line
  const std::string dot = map_to_dot(*l->graph, spec, {MapFormat::kDot, Engine::kDot});
  EXPECT_EQ(dot.find("\nnode x"), std::string::npos);
  EXPECT_EQ(dot.find("\nnode y"), std::string::npos);
  // The name is a quoted string (or, in the source list, HTML-escaped) wherever it is.
  for (std::size_t at = dot.find("; node y"); at != std::string::npos; at = dot.find("; node y", at + 1))
    EXPECT_TRUE(dot.compare(at - 3, 3, "\\\"]") == 0 || dot.compare(at - 7, 7, "&quot;]") == 0) << dot;
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
  const std::string hostile =
      "esc\x1b[31m cr\r bel\x07 nul-free c1\xc2\x9b nonchar\xEF\xBF\xBE\xEF\xB7\x90 end";
  Facts facts = std::move(l->facts);
  facts.entities[1].name = facts.store("Japan " + hostile);
  facts.relations[0].evidence = facts.store("quote " + hostile);
  KnowledgeGraph kg(l->schema, facts);
  MapSpec spec = full_map(kg);
  spec.page = kColumnPage;  // names of up to 20 characters on one line
  spec.title = "title " + hostile;
  spec.description = "desc " + hostile;
  std::string svg;
  Diagnostics diags;
  ASSERT_TRUE(render_map(kg, spec, {MapFormat::kSvg, Engine::kDot, 60}, &svg, &diags)) << diags.format();
  EXPECT_FALSE(has_unsafe_text(svg));
  EXPECT_NE(svg.find("<title id=\"relmap--title\">title esc\uFFFD[31m cr\uFFFD bel\uFFFD"), std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">Japan esc\uFFFD[31m cr\uFFFD"), std::string::npos) << svg;
  EXPECT_NE(svg.find("nonchar\uFFFD\uFFFD end"), std::string::npos) << svg;
  const std::string dot = map_to_dot(kg, spec, {MapFormat::kDot, Engine::kDot});
  EXPECT_FALSE(has_unsafe_text(dot));
}

/// The text a reader sees in element `g` and everything inside it, lines
/// joined with spaces.
std::string shown_text(const std::vector<testing::XmlElement>& doc, int g) {
  std::string out;
  for (std::size_t i = static_cast<std::size_t>(g);
       i < doc.size() && testing::inside(doc, static_cast<int>(i), g); ++i)
    if (doc[i].name == "text") out += (out.empty() ? "" : " ") + doc[i].text;
  return out;
}

/// The tooltip of the first link inside element `g`.
std::string tooltip(const std::vector<testing::XmlElement>& doc, int g) {
  for (std::size_t i = static_cast<std::size_t>(g);
       i < doc.size() && testing::inside(doc, static_cast<int>(i), g); ++i)
    if (doc[i].name == "a") return doc[i].attributes.at("xlink:title");
  return "(no tooltip)";
}

TEST(RenderTest, HostileTextShowsInTheSvgExactlyAsWritten) {
  testing::Hostile hostile;
  const KnowledgeGraph& kg = *hostile.graph;
  MapSpec spec = full_map(kg);
  spec.title = hostile.title;
  spec.description = hostile.description;
  for (const Engine engine : {Engine::kDot, Engine::kNeato}) {
    std::string svg;
    Diagnostics diags;
    ASSERT_TRUE(render_map(kg, spec, {MapFormat::kSvg, engine, 60}, &svg, &diags)) << diags.format();
    EXPECT_FALSE(has_unsafe_text(svg));
    std::vector<testing::XmlElement> doc;
    std::string error;
    ASSERT_TRUE(testing::parse_xml(svg, &doc, &error)) << error << "\n" << svg;
    std::map<std::string, int> by_id;
    for (std::size_t i = 0; i < doc.size(); ++i) {
      auto id = doc[i].attributes.find("id");
      if (id == doc[i].attributes.end()) continue;
      EXPECT_TRUE(by_id.emplace(id->second, static_cast<int>(i)).second) << "duplicate id " << id->second;
      EXPECT_EQ(id->second.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-"), std::string::npos)
          << id->second;
    }
    EXPECT_EQ(doc[static_cast<std::size_t>(by_id.at("relmap--title"))].text, sanitize_text(hostile.title));
    EXPECT_EQ(doc[static_cast<std::size_t>(by_id.at("relmap--desc"))].text,
              sanitize_text(hostile.description));
    // Every name shows as written (control characters and noncharacters as
    // U+FFFD), on the map and in its tooltip.
    for (const Vertex v : spec.nodes) {
      const int g = by_id.at("relmap--n-" + kg.node(v).id);
      EXPECT_EQ(shown_text(doc, g), sanitize_text(kg.node(v).name)) << name_of(engine);
      EXPECT_EQ(tooltip(doc, g), sanitize_text(kg.node(v).name + " (" + kg.node_type(v).label + ")"))
          << name_of(engine);
    }
    EXPECT_EQ(tooltip(doc, by_id.at("relmap--r0")),
              sanitize_text("cooperates with: \u201C" + hostile.evidence + "\u201D \u2014 " +
                            hostile.names[0] + " [src]"));
    // The legend shows the schema's label as written too.
    // The legend is part of the map's own label.
    EXPECT_NE(shown_text(doc, by_id.at("relmap")).find(hostile.type_label), std::string::npos)
        << shown_text(doc, by_id.at("relmap"));
  }
}

TEST(RenderTest, GraphvizErrorsBecomeDiagnostics) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  // DOT Graphviz cannot read: its own error, said as Graphviz's, from the child.
  LayoutJob job;
  job.dot = "digraph { a -> }";
  const ChildResult child = run_in_child(draw_in_child, job.encode(), 60, nullptr);
  ASSERT_EQ(child.end, ChildResult::End::kDone) << child.error;
  LayoutResult result;
  ASSERT_TRUE(result.decode(child.frames));
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.drawing.empty());
  Diagnostics diags;
  report_layout_messages(result.messages, job.engine, &diags);
  EXPECT_NE(diags.format().find("error: graphviz (dot): syntax error"), std::string::npos) << diags.format();
}

TEST(RenderTest, GraphvizLabelsEscapeBackslashesAndControls) {
  EXPECT_EQ(graphviz_label("a\\N\x01"
                           "b"),
            "a\\\\N\uFFFD"
            "b");
  EXPECT_EQ(graphviz_label("two\nlines"), "two\\nlines");
}

}  // namespace
}  // namespace relmap
