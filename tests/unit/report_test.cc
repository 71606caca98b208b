#include "output/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "base/text.h"
#include "maps/views.h"
#include "output_test_util.h"
#include "render/render.h"
#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: "Article <b>one</b>", file: a.txt, website: "https://example.org/a?b=1&c=2"}
  - {id: japan, type: country, name: "Japan | <script>alert(1)</script>"}
  - {id: laos, type: country, name: Laos, aliases: ["Lao *PDR*"]}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "they \"cooperate\" & <agree>"}
)";

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = testing::load(kFacts);
    ASSERT_NE(loaded_->graph, nullptr) << loaded_->messages();
    const KnowledgeGraph& kg = *loaded_->graph;
    input_.overview = {"relmap.svg", "<?xml version=\"1.0\"?>\n<svg id=\"relmap\"></svg>\n", {}};
    input_.sources.push_back({*kg.find_id("src"),
                              {"maps/source-src.svg", "<svg id=\"source-src\"></svg>", {}},
                              index_sources(kg)["src"]});
    input_.stats = compute_stats(kg, 5);
  }
  std::unique_ptr<testing::Loaded> loaded_;
  ReportInput input_;
};

TEST_F(ReportTest, HtmlIsSelfContainedAndEscaped) {
  const std::string html = report_html(*loaded_->graph, input_);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);  // the SVG is inlined as an element
  EXPECT_NE(html.find("<svg id=\"relmap\"></svg>"), std::string::npos);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'\""), std::string::npos);
  EXPECT_EQ(html.find("src=\""), std::string::npos);  // nothing loaded from elsewhere
  EXPECT_NE(html.find("Japan | &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("\u201Cthey &quot;cooperate&quot; &amp; &lt;agree&gt;\u201D"), std::string::npos);
  EXPECT_NE(html.find("<h2>Article &lt;b&gt;one&lt;/b&gt;</h2>"), std::string::npos);
  // Tables link actors to their entries in the index.
  EXPECT_NE(html.find("<a href=\"#actor-laos\">Laos</a>"), std::string::npos);
  EXPECT_NE(html.find("<dt id=\"actor-laos\">"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"section-src\">"), std::string::npos);
  EXPECT_NE(html.find("id=\"statistics\""), std::string::npos);
  // A source's archived copy is named as such, not as a bare file name.
  EXPECT_NE(html.find("archived as a.txt"), std::string::npos);
  // The overview's caption reads on paper too: it names where the sources are.
  EXPECT_NE(html.find("The number in brackets on a line is its source"), std::string::npos);
  EXPECT_EQ(html.find("Hover"), std::string::npos);
}

/// An SVG as Graphviz writes it, of the given size, with 9 pt text.
std::string map_svg(const std::string& id, int width, int height) {
  return "<svg viewBox=\"0.00 0.00 " + std::to_string(width) + ".00 " + std::to_string(height) +
         ".00\">\n<g id=\"" + id + "\" class=\"graph\"><text font-size=\"9.00\">" + id +
         "</text></g>\n</svg>\n";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(ReportTest, MapsInPartsAreOneFigureAPartEachLinkingToTheMapsFile) {
  ReportMap& map = input_.sources.front().map;
  map.parts = {map_svg("source-src-part-1", 600, 700), map_svg("source-src-part-2", 500, 400)};
  map.svg = "<svg viewBox=\"0 0 600 1100\">" + map.parts[0] + map.parts[1] + "</svg>";
  const std::string html = report_html(*loaded_->graph, input_);
  // Each part's own SVG in a figure of its own, not the stacked one.
  EXPECT_EQ(html.find("<svg viewBox=\"0 0 600 1100\">"), std::string::npos);
  EXPECT_EQ(count(html, "<g id=\"source-src-part-1\""), 1u);
  EXPECT_EQ(count(html, "<g id=\"source-src-part-2\""), 1u);
  EXPECT_NE(html.find("<div class=\"map-block\">\n<h2>Article &lt;b&gt;one&lt;/b&gt;</h2>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<figcaption>Part 1 of 2. The facts cited from this source.</figcaption>"),
            std::string::npos);
  EXPECT_NE(html.find("<figcaption>Part 2 of 2. The facts cited from this source.</figcaption>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"maps/source-src.svg\">Open the map on its own (SVG)</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"relmap.svg\">Open the map on its own (SVG)</a>"), std::string::npos);
  // Nothing of the old print plan: no tiles, no views of one map.
  EXPECT_EQ(html.find("<use "), std::string::npos);
  EXPECT_EQ(html.find("class=\"parts\""), std::string::npos);
  EXPECT_EQ(html.find("Part 1 of 2 (row"), std::string::npos);

  const std::string md = report_markdown(*loaded_->graph, input_);
  EXPECT_NE(md.find("![Facts cited from src, part 1 of 2](maps/source-src-part-1.svg)\n\n"
                    "![Facts cited from src, part 2 of 2](maps/source-src-part-2.svg)"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("(maps/source-src.svg)"), std::string::npos);
  EXPECT_EQ(map_part_path("maps/source-src.svg", 3), "maps/source-src-part-3.svg");
  EXPECT_EQ(map_part_path("relmap.svg", 1), "relmap-part-1.svg");
}

TEST_F(ReportTest, FiguresPrintAsLargeAsTheirPageAllowsWithSixPointText) {
  // The overview on screen in a box of its own at its natural size.
  input_.overview.svg = map_svg("relmap", 1000, 600);
  input_.sources.front().map.svg = map_svg("source-src", 400, 300);
  std::string html = report_html(*loaded_->graph, input_);
  EXPECT_NE(html.find("<figure class=\"map overview\" style=\"--map-width: 1000pt; --print-width: "),
            std::string::npos);
  EXPECT_NE(html.find("<div class=\"map-scroll\" tabindex=\"0\" role=\"region\""), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  // A small map prints at its own size on an upright page.
  EXPECT_NE(html.find("<div class=\"map-block\">\n<h2>Article"), std::string::npos);
  EXPECT_NE(html.find("<figure class=\"map\" style=\"--map-width: 400pt; --print-width: 400.0pt\">"),
            std::string::npos);
  // 1000 pt wide would print its 9 pt text at 4.9 pt on an upright A4
  // page (550 pt within 8 mm margins): a turned page, 6 pt or more.
  EXPECT_NE(html.find("<div class=\"map-block landscape\">\n<h2>Overview</h2>"), std::string::npos);
  const std::size_t width = html.find("--print-width: ", html.find("class=\"map overview\""));
  const double printed = std::stod(html.substr(width + 15, 8));
  EXPECT_GE(printed * 9 / 1000, 6.0);
  EXPECT_LE(printed, 21 * 72 / 2.54 * 29.7 / 21);

  // A map too tall for the page with its heading is scaled to fit it.
  input_.sources.front().map.svg = map_svg("source-src", 500, 1000);
  html = report_html(*loaded_->graph, input_);
  const std::size_t at = html.find("--print-width: ", html.find("<figure class=\"map\""));
  const double tall = std::stod(html.substr(at + 15, 8));
  EXPECT_LT(tall * 1000 / 500, 29.7 * 72 / 2.54 - 2 * 0.8 * 72 / 2.54 - 60);
  EXPECT_GE(tall * 9 / 500, 6.0);
}

TEST(ReportHostileTest, HtmlIsWellFormedAndShowsTheDataAsWritten) {
  testing::Hostile hostile;
  const KnowledgeGraph& kg = *hostile.graph;
  ReportInput input;
  Diagnostics diags;
  ASSERT_TRUE(render_map(kg, full_map(kg), {}, &input.overview.svg, &diags)) << diags.format();
  const Vertex src = *kg.find_id("src");
  ReportSource source{src, {}, index_sources(kg)["src"]};
  ASSERT_TRUE(render_map(kg, source_map(kg, {src}, index_sources(kg)), {}, &source.map.svg, &diags))
      << diags.format();
  input.sources.push_back(source);
  input.stats = compute_stats(kg, 5);
  const std::string html = report_html(kg, input);
  std::vector<testing::XmlElement> doc;
  std::string error;
  ASSERT_TRUE(testing::parse_xml(html, &doc, &error)) << error;
  std::set<std::string> ids, headings, cells, terms;
  for (const testing::XmlElement& e : doc) {
    auto id = e.attributes.find("id");
    if (id != e.attributes.end()) {
      EXPECT_TRUE(ids.insert(id->second).second) << "duplicate id " << id->second;
    }
    if (e.name == "h2") headings.insert(e.text);
    if (e.name == "td") cells.insert(e.text);
    if (e.name == "dt") terms.insert(e.text);
  }
  EXPECT_TRUE(headings.count(sanitize_text(hostile.names[0]))) << html;
  EXPECT_TRUE(cells.count("\u201C" + sanitize_text(hostile.evidence) + "\u201D"));
  for (std::size_t i = 1; i < hostile.names.size(); ++i)
    EXPECT_TRUE(terms.count(sanitize_text(hostile.names[i]) + " ")) << hostile.names[i];
  for (const std::string& text : {html, report_markdown(kg, input)}) {
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t len = std::max<std::size_t>(utf8_sequence_length(text, i), 1);
      ASSERT_LT(unsafe_code_point(text, i, len), 0) << "at byte " << i;
      i += len;
    }
  }
}

TEST_F(ReportTest, MarkdownReferencesTheMapsAndEscapes) {
  const std::string md = report_markdown(*loaded_->graph, input_);
  EXPECT_NE(md.find("![All actors and relations](relmap.svg)"), std::string::npos);
  EXPECT_NE(md.find("![Facts cited from src](maps/source-src.svg)"), std::string::npos);
  EXPECT_NE(md.find("| Japan \\| &lt;script&gt;alert(1)&lt;/script&gt; | cooperates with | Laos | "
                    "\u201Cthey \"cooperate\" &amp; &lt;agree&gt;\u201D |"),
            std::string::npos)
      << md;
  EXPECT_EQ(markdown_escape("a*b_c[d]|e`f"), "a\\*b\\_c\\[d\\]\\|e\\`f");
}

TEST(ReportBasisTest, EveryFactTableRowAndActorLinkSaysItsBasis) {
  auto loaded = testing::load(R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: mic, type: organisation, name: Ministry}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: Japan and Laos agreed}
  - {from: mic, type: based_in, to: japan, source: src, basis: implied, evidence: the Ministry in Tokyo}
)");
  ASSERT_NE(loaded->graph, nullptr) << loaded->messages();
  const KnowledgeGraph& kg = *loaded->graph;
  ReportInput input;
  input.overview = {"relmap.svg", "<svg id=\"relmap\"></svg>", {}};
  input.sources.push_back({*kg.find_id("src"),
                           {"maps/source-src.svg", "<svg id=\"source-src\"></svg>", {}},
                           index_sources(kg)["src"]});
  input.stats = compute_stats(kg, 5);
  const std::string html = report_html(kg, input);
  EXPECT_NE(html.find("<th>Evidence</th><th>Basis and support</th>"), std::string::npos);
  EXPECT_NE(html.find("\u201CJapan and Laos agreed\u201D</td><td>stated; 2; 1 source</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("\u201Cthe Ministry in Tokyo\u201D</td><td>implied; 3; 1 source</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find(">src</a>, implied)</span></li>"), std::string::npos) << html;
  const std::string md = report_markdown(kg, input);
  EXPECT_NE(
      md.find("| From | Relation | To | Evidence | Basis and support |\n| --- | --- | --- | --- | --- |\n"),
      std::string::npos);
  EXPECT_NE(
      md.find("| Japan | cooperates with | Laos | \u201CJapan and Laos agreed\u201D | stated; 2; 1 source |"
              "\n"),
      std::string::npos)
      << md;
  EXPECT_NE(
      md.find("| Ministry | based in | Japan | \u201Cthe Ministry in Tokyo\u201D | implied; 3; 1 source |"
              "\n"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("based in Japan [src, implied]"), std::string::npos) << md;
}

TEST(ReportClaimsTest, AClaimSeveralSourcesSayIsOneRowWithEachQuoteAndItsSupport) {
  auto loaded = testing::load(
      R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt, publisher: Daily, reliability: B, reliability_reason: named}
  - {id: s2, type: source, name: Two, file: 2.txt, publisher: Weekly}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: Japan and Laos agreed}
  - {from: laos, type: cooperates_with, to: japan, source: s1, evidence: Laos and Japan agreed}
  - {from: laos, type: cooperates_with, to: japan, source: s2, evidence: they cooperate, credibility: "1"}
)",
      [] {
        std::string schema = testing::kTestSchema;
        const std::string file = "      file: {type: string, required: true}\n";
        schema.replace(
            schema.find(file), file.size(),
            file +
                "      publisher: string\n      reliability: {type: enum, values: [A, B, C, D, E, F]}\n"
                "      reliability_reason: text\n");
        return schema + "relation_properties: {credibility: {type: enum, values: [\"1\", \"2\"]}}\n";
      }());
  ASSERT_NE(loaded->graph, nullptr) << loaded->messages();
  const KnowledgeGraph& kg = *loaded->graph;
  ReportInput input;
  input.overview = {"relmap.svg", "<svg id=\"relmap\"></svg>", {}};
  input.sources.push_back({*kg.find_id("s1"),
                           {"maps/source-s1.svg", "<svg id=\"source-s1\"></svg>", {}},
                           index_sources(kg)["s1"]});
  input.stats = compute_stats(kg, 5);
  const std::string html = report_html(kg, input);
  EXPECT_NE(
      html.find(
          "<td class=\"evidence\">\u201CJapan and Laos agreed\u201D <span class=\"meta\">One [s1]</span><br/>"
          "\u201CLaos and Japan agreed\u201D <span class=\"meta\">One [s1]</span><br/>\u201Cthey "
          "cooperate\u201D "
          "<span class=\"meta\">Two [s2]</span></td><td>stated; B1; "
          "2 independent sources</td></tr>"),
      std::string::npos)
      << html;
  const std::size_t table = html.find("<table class=\"facts\">");
  const std::string rows = html.substr(table, html.find("</table>", table) - table);
  EXPECT_EQ(rows.find("<tr><td>", rows.find("<tr><td>") + 1), std::string::npos) << "one row: " << rows;
  const std::string md = report_markdown(kg, input);
  EXPECT_NE(md.find("| \u201CJapan and Laos agreed\u201D (One \\[s1\\])<br>\u201CLaos and Japan agreed\u201D "
                    "(One \\[s1\\])<br>"
                    "\u201Cthey cooperate\u201D (Two \\[s2\\]) | stated; B1; 2 independent sources |"),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace relmap
