#include "maps/panels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "maps/views.h"
#include "render/figure.h"
#include "render/render.h"
#include "test_util.h"

namespace relmap {
namespace {

using Links = std::vector<std::pair<std::size_t, std::size_t>>;

TEST(PanelsTest, CommunitiesFindTwoCliquesJoinedByOneLink) {
  // 0-3 all linked, 4-7 all linked, and one link 3-4 between them.
  Links links;
  for (std::size_t base : {0u, 4u})
    for (std::size_t a = base; a < base + 4; ++a)
      for (std::size_t b = a + 1; b < base + 4; ++b) links.emplace_back(a, b);
  links.emplace_back(3, 4);
  const auto groups = communities(8, links, 2);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(groups[1], (std::vector<std::size_t>{4, 5, 6, 7}));
}

TEST(PanelsTest, CommunitiesAreBalancedAndLeaveNoTinyGroup) {
  // A star of 12 leaves around node 0 with a chain of 3 hanging off a leaf:
  // modularity alone would leave the chain's end on its own.
  Links links;
  for (std::size_t leaf = 1; leaf <= 12; ++leaf) links.emplace_back(0, leaf);
  links.emplace_back(12, 13);
  links.emplace_back(13, 14);
  links.emplace_back(14, 15);
  const auto groups = communities(16, links, 4);
  ASSERT_EQ(groups.size(), 4u);
  std::set<std::size_t> seen;
  for (const auto& g : groups) {
    EXPECT_GE(g.size(), 16u / 12u + 1) << "a part of one actor helps no one";
    EXPECT_LE(g.size(), 6u) << "no part holds much over an even share";
    for (std::size_t n : g) EXPECT_TRUE(seen.insert(n).second) << n << " in two groups";
  }
  EXPECT_EQ(seen.size(), 16u);
  EXPECT_EQ(communities(16, links, 4), groups) << "deterministic";
}

const char* const kTwoClusters = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: a1, type: organisation, name: Agency One}
  - {id: a2, type: organisation, name: Agency Two}
  - {id: a3, type: organisation, name: Agency Three}
  - {id: b1, type: organisation, name: Bureau One}
  - {id: b2, type: organisation, name: Bureau Two}
  - {id: b3, type: organisation, name: Bureau Three}
relations:
  - {from: japan, type: member_of, to: a1, source: src, evidence: Agency One of Japan}
  - {from: japan, type: member_of, to: a2, source: src, evidence: Agency Two of Japan}
  - {from: japan, type: member_of, to: a3, source: src, evidence: Agency Three of Japan}
  - {from: a1, type: member_of, to: a2, source: src, evidence: Agency One in Agency Two}
  - {from: laos, type: member_of, to: b1, source: src, evidence: Bureau One of Laos}
  - {from: laos, type: member_of, to: b2, source: src, evidence: Bureau Two of Laos}
  - {from: laos, type: member_of, to: b3, source: src, evidence: Bureau Three of Laos}
  - {from: b1, type: member_of, to: b2, source: src, evidence: Bureau One in Bureau Two}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: Japan and Laos}
)";

TEST(PanelsTest, PartsHoldEveryRelationAndStandInsForTheOtherParts) {
  auto l = testing::load(kTwoClusters);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const KnowledgeGraph& kg = *l->graph;
  const MapSpec whole = full_map(kg);
  const std::vector<MapSpec> parts = split_map(kg, whole, 2);
  ASSERT_EQ(parts.size(), 2u);
  std::set<std::string> actors, relations;
  for (const MapSpec& part : parts) {
    EXPECT_EQ(part.part_names.size(), 2u);
    EXPECT_EQ(part.page.width, whole.page.width);
    for (auto v : part.nodes) {
      EXPECT_FALSE(is_source(kg, v)) << "articles are cited on every line, not drawn in parts";
      EXPECT_TRUE(actors.insert(kg.node(v).id).second) << kg.node(v).id << " in two parts";
      EXPECT_EQ(part.stand_ins.count(v), 0u);
    }
    for (auto e : part.edges) relations.insert(kg.edge(e).evidence);
  }
  EXPECT_EQ(actors, (std::set<std::string>{"japan", "laos", "a1", "a2", "a3", "b1", "b2", "b3"}));
  // Every relation between actors is in a part; the one across parts in both.
  EXPECT_EQ(relations.size(), 9u);
  const MapSpec& japan_part = kg.node(parts[0].nodes.front()).id == "japan" ||
                                      std::count_if(parts[0].nodes.begin(), parts[0].nodes.end(),
                                                    [&](auto v) { return kg.node(v).id == "japan"; })
                                  ? parts[0]
                                  : parts[1];
  ASSERT_EQ(japan_part.stand_ins.size(), 1u);
  EXPECT_EQ(kg.node(japan_part.stand_ins.begin()->first).id, "laos");
  EXPECT_EQ(japan_part.stand_ins.begin()->second,
            "\u2192 part " + std::to_string(&japan_part == &parts[0] ? 2 : 1) + ": Laos");
  EXPECT_NE(japan_part.title.find(" \u2014 part "), std::string::npos) << japan_part.title;
}

TEST(PanelsTest, AStandInIsOneNodeForAllTheActorsOfItsPart) {
  auto l = testing::load(kTwoClusters);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  MapSpec spec = full_map(*l->graph);
  spec.stand_ins.clear();
  std::vector<KnowledgeGraph::Vertex> keep;
  for (auto v : spec.nodes)
    if (l->graph->node(v).id == "a1" || l->graph->node(v).id == "a2")
      keep.push_back(v);
    else if (!is_source(*l->graph, v))
      spec.stand_ins.emplace(v, "\u2192 elsewhere");
  spec.nodes = keep;
  const std::string dot = map_to_dot(*l->graph, spec, {MapFormat::kDot, Engine::kDot});
  EXPECT_NE(dot.find("stand-in-1"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("stand-in-2"), std::string::npos) << dot;
  EXPECT_NE(dot.find("label=\"\u2192 elsewhere\""), std::string::npos) << dot;
}

TEST(PanelsTest, FitFactorIsTheScaleTheSmallestTextAllows) {
  // 9 pt text: 16 cm at 6 pt allows 680 pt; twice that needs half the scale.
  const std::string fits = R"(<svg viewBox="0.00 0.00 600.00 500.00"><text font-size="9.00">a</text></svg>)";
  const std::string wide = R"(<svg viewBox="0.00 0.00 1360.63 500.00"><text font-size="9.00">a</text></svg>)";
  const std::string larger =
      R"(<svg viewBox="0.00 0.00 1360.63 500.00"><text font-size="18.00">a</text></svg>)";
  EXPECT_GE(fit_factor(fits, kColumnPage), 1.0);
  EXPECT_NEAR(fit_factor(wide, kColumnPage), 0.5, 0.001);
  EXPECT_NEAR(fit_factor(larger, kColumnPage), 1.0, 0.001);
}

}  // namespace
}  // namespace relmap
