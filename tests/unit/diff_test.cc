// Two editions compared: actors and relations added, removed and changed.
#include "output/diff.h"

#include <gtest/gtest.h>

#include <cmath>

#include "output/changes_map.h"
#include "render/render.h"
#include "test_util.h"

namespace relmap {
namespace {

const char* const kBefore = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: thailand, type: country, name: Thailand}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: they cooperate}
  - {from: japan, type: cooperates_with, to: thailand, source: src, evidence: old words}
)";

const char* const kAfter = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, aliases: [Nippon]}
  - {id: laos, type: country, name: Laos}
  - {id: vietnam, type: country, name: Viet Nam}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: they cooperate closely}
  - {from: japan, type: cooperates_with, to: vietnam, source: src, evidence: new partner}
)";

EditionFacts facts_of(const char* text) {
  auto l = testing::load(text);
  EXPECT_NE(l->graph, nullptr) << l->messages();
  return l->graph ? edition_facts(*l->graph) : EditionFacts();
}

template <typename Record>
const Change<Record>* find_change(const std::vector<Change<Record>>& changes, const std::string& id) {
  for (const auto& c : changes) {
    const Record& r = c.kind == ChangeKind::kRemoved ? c.before : c.after;
    if constexpr (std::is_same_v<Record, ActorRecord>) {
      if (r.id == id) return &c;
    } else {
      if (r.to == id) return &c;
    }
  }
  return nullptr;
}

TEST(DiffTest, FindsActorsAddedRemovedAndChanged) {
  const EditionDiff diff = diff_editions(facts_of(kBefore), facts_of(kAfter));
  const auto* vietnam = find_change(diff.actors, "vietnam");
  ASSERT_NE(vietnam, nullptr);
  EXPECT_EQ(vietnam->kind, ChangeKind::kAdded);
  const auto* thailand = find_change(diff.actors, "thailand");
  ASSERT_NE(thailand, nullptr);
  EXPECT_EQ(thailand->kind, ChangeKind::kRemoved);
  const auto* japan = find_change(diff.actors, "japan");
  ASSERT_NE(japan, nullptr);
  EXPECT_EQ(japan->kind, ChangeKind::kChanged);
  EXPECT_NE(japan->after.details.find("Nippon"), std::string::npos) << japan->after.details;
  EXPECT_EQ(find_change(diff.actors, "laos"), nullptr);  // unchanged
}

TEST(DiffTest, FindsRelationsByTheirIdentity) {
  const EditionDiff diff = diff_editions(facts_of(kBefore), facts_of(kAfter));
  const auto* laos = find_change(diff.relations, "laos");
  ASSERT_NE(laos, nullptr);
  EXPECT_EQ(laos->kind, ChangeKind::kChanged);  // same ends, type and source: its evidence changed
  EXPECT_EQ(laos->before.evidence, "they cooperate");
  EXPECT_EQ(laos->after.evidence, "they cooperate closely");
  ASSERT_NE(find_change(diff.relations, "vietnam"), nullptr);
  EXPECT_EQ(find_change(diff.relations, "vietnam")->kind, ChangeKind::kAdded);
  ASSERT_NE(find_change(diff.relations, "thailand"), nullptr);
  EXPECT_EQ(find_change(diff.relations, "thailand")->kind, ChangeKind::kRemoved);
}

TEST(DiffTest, AnEditionAgainstItselfHasNoChangesAndSurvivesItsCacheForm) {
  const EditionFacts after = facts_of(kAfter);
  EXPECT_TRUE(diff_editions(after, after).empty());
  EditionFacts back;
  ASSERT_TRUE(parse_edition_facts(edition_facts_json(after), &back));
  EXPECT_TRUE(diff_editions(after, back).empty());
  EXPECT_FALSE(parse_edition_facts("{\"actors\": 3}", &back));
  const std::string text = diff_text(diff_editions(facts_of(kBefore), after));
  EXPECT_NE(text.find("Viet Nam"), std::string::npos) << text;
}

TEST(DiffTest, ChangesAreListedByNamesAndLabels) {
  const std::string text = diff_text(diff_editions(facts_of(kBefore), facts_of(kAfter)));
  EXPECT_NE(text.find("\n+ actor Viet Nam (Country), cited in src\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n- actor Thailand (Country), cited in src\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n~ actor Japan: alias: \u201C\u201D \u2192 \u201CNippon\u201D (cited in src)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("\n+ relation Japan cooperates with Viet Nam [src] (stated): \u201Cnew partner\u201D\n"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("cooperates_with"), std::string::npos) << text;
  EXPECT_EQ(text.find("vietnam"), std::string::npos) << text;
}

TEST(DiffTest, ActorsSharingANameAreToldApartByTheirIds) {
  std::string after = kAfter;
  after.replace(after.find("name: Viet Nam"), 14, "name: Laos");
  const std::string text = diff_text(diff_editions(facts_of(kBefore), facts_of(after.c_str())));
  EXPECT_NE(text.find("+ actor Laos [vietnam] (Country)"), std::string::npos) << text;
  EXPECT_NE(text.find("Japan cooperates with Laos [vietnam] [src]"), std::string::npos) << text;
}

/// The changes map of kBefore to kAfter, with the overview's places.
struct ChangesFixture {
  std::unique_ptr<testing::Loaded> before = testing::load(kBefore), after = testing::load(kAfter);
  EditionDiff diff = diff_editions(edition_facts(*before->graph), edition_facts(*after->graph));
  Layout overview, previous;
  ChangesFixture() {
    overview.positions = {{"japan", {100, 300}}, {"laos", {400, 300}}, {"vietnam", {250, 100}}};
    previous.positions = {{"japan", {100, 300}}, {"laos", {400, 300}}, {"thailand", {250, 350}}};
  }
  const KnowledgeGraph& graph(const ChangesMap& map) const { return *map.graph; }
};

KnowledgeGraph::Vertex vertex(const KnowledgeGraph& graph, const std::string& id) {
  const auto v = graph.find_id(id);
  EXPECT_TRUE(v.has_value()) << id;
  return v.value_or(0);
}

TEST(ChangesMapTest, ActorsAreWhereTheOverviewAndThePreviousOverviewHaveThem) {
  ChangesFixture f;
  const ChangesMap map = changes_map(*f.after->graph, f.diff, f.overview, f.previous);
  ASSERT_NE(map.graph, nullptr);
  ASSERT_NE(map.spec.placed, nullptr);
  const auto& placed = map.spec.placed->positions;
  // The actors that stayed, the added one and the removed one, all where they were.
  EXPECT_EQ(
      placed,
      (std::map<std::string, std::pair<long, long>>{
          {"japan", {100, 300}}, {"laos", {400, 300}}, {"thailand", {250, 350}}, {"vietnam", {250, 100}}}));
  const KnowledgeGraph& g = *map.graph;
  EXPECT_EQ(map.spec.removed_nodes, std::vector<KnowledgeGraph::Vertex>{vertex(g, "thailand")});
  EXPECT_EQ(map.spec.highlight_nodes, std::vector<KnowledgeGraph::Vertex>{vertex(g, "vietnam")});
  ASSERT_EQ(map.spec.removed_edges.size(), 1u);
  EXPECT_EQ(g.node(g.target(map.spec.removed_edges[0])).id, "thailand");
  ASSERT_EQ(map.spec.highlight_edges.size(), 1u);
  EXPECT_EQ(g.node(g.target(map.spec.highlight_edges[0])).id, "vietnam");
}

TEST(ChangesMapTest, ARemovedActorWhereAnotherNowStandsIsNotPinnedOnIt) {
  ChangesFixture f;
  f.previous.positions["thailand"] = {260, 105};  // where Viet Nam is now
  const ChangesMap map = changes_map(*f.after->graph, f.diff, f.overview, f.previous);
  EXPECT_EQ(map.spec.placed->positions.count("thailand"), 0u);
  EXPECT_EQ(map.spec.placed->positions.at("vietnam"), (std::pair<long, long>{250, 100}));
}

TEST(ChangesMapTest, AnOverviewTooWideForThePageIsDrawnCloserTogetherByOneFactor) {
  ChangesFixture f;
  for (auto& [name, xy] : f.overview.positions) xy = {xy.first * 10, xy.second * 10};
  const ChangesMap map = changes_map(*f.after->graph, f.diff, f.overview, Layout());
  const auto& placed = map.spec.placed->positions;
  const double scale = static_cast<double>(placed.at("laos").first) / 4000;
  EXPECT_LT(scale, 1);
  for (const auto& [name, xy] : f.overview.positions) {
    EXPECT_LE(std::abs(placed.at(name).first - std::lround(static_cast<double>(xy.first) * scale)), 1)
        << name;
    EXPECT_LE(std::abs(placed.at(name).second - std::lround(static_cast<double>(xy.second) * scale)), 1)
        << name;
  }
}

TEST(ChangesMapTest, RemovalsAreDrawnStruckThroughAndAdditionsEmphasised) {
  ChangesFixture f;
  const ChangesMap map = changes_map(*f.after->graph, f.diff, f.overview, f.previous);
  std::string svg;
  Diagnostics diags;
  ASSERT_TRUE(render_map(*map.graph, map.spec, {MapFormat::kSvg, Engine::kAuto, 60}, &svg, &diags))
      << diags.format();
  for (std::size_t at; (at = svg.find("&#45;")) != std::string::npos;) svg.replace(at, 5, "-");
  const std::size_t thailand = svg.find("class=\"node t-country t-actor t-entity muted removed\"");
  ASSERT_NE(thailand, std::string::npos) << svg;
  EXPECT_NE(svg.find("text-decoration=\"line-through\"", thailand), std::string::npos);
  EXPECT_NE(svg.find("struck through: removed since the previous edition"), std::string::npos);
  EXPECT_NE(svg.find("class=\"edge r-cooperates_with muted removed\""), std::string::npos);
  EXPECT_NE(svg.find("bold: added since the previous edition"), std::string::npos);
}

TEST(ChangesMapTest, AnEditionThatOnlyRemovedFactsDrawsNoMap) {
  ChangesFixture f;
  const EditionDiff back = diff_editions(edition_facts(*f.after->graph), edition_facts(*f.before->graph));
  std::string only_removed = kAfter;
  only_removed.erase(only_removed.find("  - {id: vietnam"),
                     only_removed.find("relations:") - only_removed.find("  - {id: vietnam"));
  only_removed.erase(only_removed.find("  - {from: japan, type: cooperates_with, to: vietnam"));
  auto fewer = testing::load(only_removed);
  ASSERT_NE(fewer->graph, nullptr) << fewer->messages();
  const EditionDiff removed = diff_editions(edition_facts(*f.after->graph), edition_facts(*fewer->graph));
  EXPECT_FALSE(removed.empty());
  EXPECT_FALSE(draws_changes(removed));
  EXPECT_EQ(changes_map(*fewer->graph, removed, f.overview, f.previous).graph, nullptr);
  EXPECT_TRUE(draws_changes(back));
}

}  // namespace
}  // namespace relmap
