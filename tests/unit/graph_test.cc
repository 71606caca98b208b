#include "graph/graph.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, aliases: [Nippon]}
  - {id: laos, type: country, name: Laos, aliases: [Lao PDR]}
  - {id: mpt-la, type: organisation, name: Ministry of Posts and Telecommunications}
  - {id: mpt-kh, type: organisation, name: Ministry of Posts and Telecommunications}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: first}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: second}
  - {from: laos, type: member_of, to: mpt-la, source: src, evidence: third}
  - {from: japan, type: member_of, to: mpt-kh, source: src, evidence: fourth, }
)";

TEST(GraphTest, BuildsAMultigraphInFactOrder) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const KnowledgeGraph& g = *l->graph;
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 4u);
  EXPECT_EQ(g.node(0).id, "src");
  EXPECT_EQ(g.node_type(1).name, "country");
  // Two parallel relations between the same pair are both kept.
  const auto japan = *g.find_id("japan");
  const auto laos = *g.find_id("laos");
  int parallel = 0;
  for (auto e : g.out_edges(japan)) parallel += g.target(e) == laos;
  EXPECT_EQ(parallel, 2);
  EXPECT_EQ(g.edge(g.edges()[1]).evidence, "second");
  EXPECT_EQ(g.relation_type(g.edges()[0]).label, "cooperates with");
  EXPECT_EQ(g.in_edges(laos).size(), 2u);
  EXPECT_EQ(g.out_edges(laos).size(), 1u);
  EXPECT_EQ(g.degree(laos), 3u);
  // Visited out then in, in the facts' order, until the visit says stop.
  std::vector<std::string> seen;
  g.visit_edges(laos, [&](KnowledgeGraph::Edge e) {
    seen.push_back(g.edge(e).evidence);
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"third", "first", "second"}));
  seen.clear();
  g.visit_edges(laos, [&](KnowledgeGraph::Edge e) {
    seen.push_back(g.edge(e).evidence);
    return seen.size() < 2;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"third", "first"}));
}

TEST(GraphTest, FindsAnActorByItsExactId) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const KnowledgeGraph& g = *l->graph;
  ASSERT_TRUE(g.find_id("mpt-kh").has_value());
  EXPECT_EQ(g.node(*g.find_id("mpt-kh")).id, "mpt-kh");
  EXPECT_FALSE(g.find_id("Japan").has_value());  // ids are exact; names are the request layer's (request.h)
}

}  // namespace
}  // namespace relmap
