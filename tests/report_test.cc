#include "report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "output_test_util.h"
#include "render.h"
#include "test_util.h"
#include "text.h"
#include "views.h"

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
    input_.sources.push_back({*kg.find_id("src"), {"maps/source-src.svg", "<svg id=\"source-src\"></svg>", {}},
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
}

/// An SVG as Graphviz writes it, of the given size.
std::string map_svg(const std::string& id, int width, int height) {
  return "<svg viewBox=\"0.00 0.00 " + std::to_string(width) + ".00 " + std::to_string(height) +
         ".00\">\n<g id=\"" + id + "\" class=\"graph\"></g>\n</svg>\n";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(ReportTest, PrintedMapsKeepTheirHeadingAndSixPointLabels) {
  // A map that fits a page, one that needs a landscape page, one split.
  input_.sources.front().map.svg = map_svg("source&#45;src", 600, 400);
  input_.overview.svg = map_svg("relmap", 3000, 1500);
  std::string html = report_html(*loaded_->graph, input_);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"map-block\">\n<h2>Overview</h2>\n<figure class=\"map split\""),
            std::string::npos);
  EXPECT_NE(html.find("<div class=\"map-block\">\n<h2>Article &lt;b&gt;one&lt;/b&gt;</h2>"), std::string::npos);
  EXPECT_NE(html.find("<figure class=\"map\" style=\"--map-width: 600pt\">"), std::string::npos);
  // 3000 x 1500 pt in parts of at most 790 x 921 pt (a 527 x 724 pt page at
  // 2/3 scale, less the heading), overlapping by 18 pt each side: 4
  // columns, 2 rows, each a view of the map.
  EXPECT_EQ(count(html, "<use href=\"#relmap\"/>"), 8u);
  EXPECT_NE(html.find("<svg viewBox=\"732.00 732.00 786.00 786.00\""), std::string::npos);
  EXPECT_NE(html.find("--part-width: 527pt"), std::string::npos);  // 786 pt at 0.67
  EXPECT_NE(html.find("Part 8 of 8 (row 2, column 4)"), std::string::npos);
  EXPECT_EQ(count(html, "<use href=\"#source-src\"/>"), 0u);

  input_.sources.front().map.svg = map_svg("source&#45;src", 1000, 300);  // 0.72 on a landscape page
  html = report_html(*loaded_->graph, input_);
  EXPECT_NE(html.find("<figure class=\"map landscape\" style=\"--map-width: 1000pt\">"), std::string::npos);
}

TEST(ReportHostileTest, HtmlIsWellFormedAndShowsTheDataAsWritten) {
  testing::Hostile hostile;
  const KnowledgeGraph& kg = *hostile.graph;
  ReportInput input;
  Diagnostics diags;
  ASSERT_TRUE(render_map(kg, full_map(kg), {}, &input.overview.svg, &diags)) << diags.format();
  const Vertex src = *kg.find_id("src");
  ReportSource source{src, {}, index_sources(kg)["src"]};
  ASSERT_TRUE(render_map(kg, source_map(kg, {src}, index_sources(kg)), {}, &source.map.svg, &diags)) << diags.format();
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
  input.sources.push_back({*kg.find_id("src"), {"maps/source-src.svg", "<svg id=\"source-src\"></svg>", {}},
                           index_sources(kg)["src"]});
  input.stats = compute_stats(kg, 5);
  const std::string html = report_html(kg, input);
  EXPECT_NE(html.find("<th>Evidence</th><th>Basis</th>"), std::string::npos);
  EXPECT_NE(html.find("\u201CJapan and Laos agreed\u201D</td><td>stated</td></tr>"), std::string::npos) << html;
  EXPECT_NE(html.find("\u201Cthe Ministry in Tokyo\u201D</td><td>implied</td></tr>"), std::string::npos) << html;
  EXPECT_NE(html.find(">src</a>, implied)</span></li>"), std::string::npos) << html;
  const std::string md = report_markdown(kg, input);
  EXPECT_NE(md.find("| From | Relation | To | Evidence | Basis |\n| --- | --- | --- | --- | --- |\n"), std::string::npos);
  EXPECT_NE(md.find("| Japan | cooperates with | Laos | \u201CJapan and Laos agreed\u201D | stated |\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| Ministry | based in | Japan | \u201Cthe Ministry in Tokyo\u201D | implied |\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("based in Japan [src, implied]"), std::string::npos) << md;
}

}  // namespace
}  // namespace relmap
