#include "query/query.h"

#include <gtest/gtest.h>

#include <map>

#include "base/dates.h"
#include "query/stats.h"
#include "test_util.h"

namespace relmap {
namespace {

// a-b (twice), b-d, a-c, c-d, a-e, e-f, f-d: two 2-hop paths a→d (one with a
// parallel pair), one 3-hop path. x and y both attended ev (weight 2 each)
// and are linked by three cooperates_with hops (weight 1 each) through p, q.
const char* const kFacts = R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt}
  - {id: s2, type: source, name: Two, file: 2.txt}
  - {id: a, type: country, name: A}
  - {id: b, type: country, name: B, start: 2010}
  - {id: c, type: country, name: C}
  - {id: d, type: country, name: D}
  - {id: e, type: country, name: E}
  - {id: f, type: country, name: F}
  - {id: x, type: country, name: X}
  - {id: y, type: country, name: Y}
  - {id: p, type: country, name: P}
  - {id: q, type: country, name: Q}
  - {id: ev, type: event, name: Event, date: 2016-10-30}
  - {id: o1, type: organisation, name: Org One}
  - {id: o2, type: organisation, name: Org Two}
relations:
  - {from: a, type: cooperates_with, to: b, source: s1, evidence: ab1}
  - {from: b, type: cooperates_with, to: a, source: s2, evidence: ab2}
  - {from: b, type: cooperates_with, to: d, source: s1, evidence: bd}
  - {from: a, type: cooperates_with, to: c, source: s1, evidence: ac}
  - {from: c, type: cooperates_with, to: d, source: s2, evidence: cd}
  - {from: a, type: cooperates_with, to: e, source: s1, evidence: ae}
  - {from: e, type: cooperates_with, to: f, source: s1, evidence: ef}
  - {from: f, type: cooperates_with, to: d, source: s1, evidence: fd}
  - {from: x, type: attended, to: ev, source: s1, evidence: xev}
  - {from: y, type: attended, to: ev, source: s1, evidence: yev}
  - {from: x, type: cooperates_with, to: p, source: s1, evidence: xp}
  - {from: p, type: cooperates_with, to: q, source: s1, evidence: pq}
  - {from: q, type: cooperates_with, to: y, source: s1, evidence: qy}
  - {from: x, type: member_of, to: o1, source: s1, evidence: xo1}
  - {from: o2, type: member_of, to: o1, source: s1, evidence: o2o1, start: 2000, end: 2005}
  - {from: y, type: member_of, to: o2, source: s1, evidence: yo2}
)";

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = testing::load(kFacts);
    ASSERT_NE(loaded_->graph, nullptr) << loaded_->messages();
  }
  const KnowledgeGraph& kg() const { return *loaded_->graph; }
  NodeId v(const std::string& id) const { return static_cast<NodeId>(*kg().find_id(id)); }
  int relation(const std::string& name) const { return kg().schema().relation_type_index(name); }

  /// A path as "a-b-d" with the evidence of each hop: "a-b-d [ab1,bd]".
  std::string show(const Path& p) const {
    std::string out;
    for (Vertex u : p.vertices) out += (out.empty() ? "" : "-") + kg().node(u).id;
    out += " [";
    for (std::size_t i = 0; i < p.hops.size(); ++i)
      out += (i ? "," : "") + kg().edge(kg().edges()[p.hops[i].edge]).evidence;
    return out + "]";
  }

  std::vector<std::string> run(const std::string& from, const std::string& to, PathOptions options,
                               QueryFilter filter = {}) const {
    QueryEngine engine(kg(), std::move(filter));
    std::vector<std::string> out;
    for (const Path& p : engine.paths(v(from), v(to), options)) out.push_back(show(p));
    return out;
  }

  std::unique_ptr<testing::Loaded> loaded_;
};

TEST_F(QueryTest, ShortestPath) {
  EXPECT_EQ(run("a", "d", {}), std::vector<std::string>{"a-b-d [ab1,bd]"});
  // Walking back: either 2-hop path, and of the parallel pair a-b the first relation.
  const auto back = run("d", "a", {});
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0] == "d-b-a [bd,ab1]" || back[0] == "d-c-a [cd,ac]") << back[0];
  EXPECT_EQ(run("a", "a", {}), std::vector<std::string>{"a []"});
}

TEST_F(QueryTest, AllShortestPathsCountParallelOnlyWhenAsked) {
  PathOptions all;
  all.all = true;
  EXPECT_EQ(run("a", "d", all), (std::vector<std::string>{"a-b-d [ab1,bd]", "a-c-d [ac,cd]"}));
  all.parallel = true;
  EXPECT_EQ(run("a", "d", all),
            (std::vector<std::string>{"a-b-d [ab1,bd]", "a-b-d [ab2,bd]", "a-c-d [ac,cd]"}));
  all.limit = 2;
  EXPECT_EQ(run("a", "d", all).size(), 2u);
}

TEST_F(QueryTest, KShortestInOrderAndLoopFree) {
  PathOptions k;
  k.k = 4;
  const auto paths = run("a", "d", k);
  ASSERT_GE(paths.size(), 3u);
  EXPECT_EQ(paths[0], "a-b-d [ab1,bd]");
  EXPECT_EQ(paths[1], "a-c-d [ac,cd]");
  EXPECT_EQ(paths[2], "a-e-f-d [ae,ef,fd]");
  // Every path ends at d without repeating an actor.
  QueryEngine engine(kg(), {});
  for (const Path& p : engine.paths(v("a"), v("d"), k)) {
    std::set<Vertex> seen(p.vertices.begin(), p.vertices.end());
    EXPECT_EQ(seen.size(), p.vertices.size()) << show(p);
    EXPECT_EQ(p.vertices.back(), v("d"));
  }
  k.parallel = true;
  k.k = 3;
  EXPECT_EQ(run("a", "d", k),
            (std::vector<std::string>{"a-b-d [ab1,bd]", "a-b-d [ab2,bd]", "a-c-d [ac,cd]"}));
}

TEST_F(QueryTest, DirectionIsFollowedOnlyWhenAsked) {
  // x → o1 ← o2 ← y: linked regardless of direction, not along it.
  QueryFilter only_membership;
  only_membership.relations = {relation("member_of")};
  EXPECT_EQ(run("x", "y", {}, only_membership), std::vector<std::string>{"x-o1-o2-y [xo1,o2o1,yo2]"});
  QueryEngine engine(kg(), only_membership);
  const auto paths = engine.paths(v("x"), v("y"), {});
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_TRUE(paths[0].hops[0].forward);
  EXPECT_FALSE(paths[0].hops[1].forward);
  EXPECT_FALSE(paths[0].hops[2].forward);
  PathOptions directed;
  directed.directed = true;
  EXPECT_TRUE(run("x", "y", directed, only_membership).empty());
  EXPECT_EQ(run("y", "o1", directed, only_membership), std::vector<std::string>{"y-o2-o1 [yo2,o2o1]"});
  // Symmetric relations walk both ways even when directed.
  EXPECT_EQ(run("d", "a", directed).size(), 1u);
}

TEST_F(QueryTest, WeightsChooseCheaperOverShorter) {
  EXPECT_EQ(run("x", "y", {}), std::vector<std::string>{"x-ev-y [xev,yev]"});
  PathOptions weighted;
  weighted.weighted = true;
  QueryFilter no_membership;  // leaves a 3-hop path of cost 3 and a 2-hop path of cost 4
  no_membership.exclude_relations = {relation("member_of")};
  QueryEngine engine(kg(), no_membership);
  const auto paths = engine.paths(v("x"), v("y"), weighted);
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(show(paths[0]), "x-p-q-y [xp,pq,qy]");
  EXPECT_DOUBLE_EQ(paths[0].cost, 3.0);
  weighted.k = 3;
  EXPECT_EQ(run("x", "y", weighted, no_membership),
            (std::vector<std::string>{"x-p-q-y [xp,pq,qy]", "x-ev-y [xev,yev]"}));  // 3, then 4
  PathOptions all_weighted;
  all_weighted.weighted = all_weighted.all = true;
  EXPECT_EQ(run("x", "y", all_weighted),
            (std::vector<std::string>{"x-o1-o2-y [xo1,o2o1,yo2]", "x-p-q-y [xp,pq,qy]"}));
  // With memberships, two paths cost 3: ties go by the ids along the path.
  EXPECT_EQ(run("x", "y", weighted),
            (std::vector<std::string>{"x-o1-o2-y [xo1,o2o1,yo2]", "x-p-q-y [xp,pq,qy]", "x-ev-y [xev,yev]"}));
}

TEST_F(QueryTest, AvoidAndRelationFilters) {
  QueryFilter avoid_b;
  avoid_b.avoid = {v("b")};
  EXPECT_EQ(run("a", "d", {}, avoid_b), std::vector<std::string>{"a-c-d [ac,cd]"});
  QueryFilter no_coop;
  no_coop.exclude_relations = {relation("cooperates_with")};
  EXPECT_TRUE(run("a", "d", {}, no_coop).empty());
  QueryFilter no_attend;
  no_attend.exclude_relations = {relation("attended")};
  EXPECT_EQ(run("x", "y", {}, no_attend).front(), "x-p-q-y [xp,pq,qy]");
}

TEST_F(QueryTest, NodeTypeFilters) {
  QueryFilter countries_only;
  countries_only.node_types = {kg().schema().node_type_index("country")};
  EXPECT_EQ(run("x", "y", {}, countries_only).front(), "x-p-q-y [xp,pq,qy]");
  QueryFilter no_events;
  no_events.exclude_node_types = {kg().schema().node_type_index("event")};
  EXPECT_EQ(run("x", "y", {}, no_events).front(), "x-p-q-y [xp,pq,qy]");
  // Endpoints are exempt: a path to an event still works with events excluded.
  EXPECT_EQ(run("x", "ev", {}, no_events), std::vector<std::string>{"x-ev [xev]"});
}

TEST_F(QueryTest, MaxDegreeSkipsHubs) {
  // a has degree 4, b has 3 (two parallel + bd), c has 2.
  QueryFilter small;
  small.max_degree = 2;
  EXPECT_EQ(run("a", "d", {}, small), std::vector<std::string>{"a-c-d [ac,cd]"});
}

TEST_F(QueryTest, AsOfDate) {
  QueryFilter in_2008;
  in_2008.as_of = date_span("2008");
  // b exists only from 2010: the 2-hop path must go through c.
  EXPECT_EQ(run("a", "d", {}, in_2008), std::vector<std::string>{"a-c-d [ac,cd]"});
  QueryFilter only_membership_2003;
  only_membership_2003.relations = {relation("member_of")};
  only_membership_2003.as_of = date_span("2003-06");
  EXPECT_EQ(run("x", "y", {}, only_membership_2003).size(), 1u);
  only_membership_2003.as_of = date_span("2006-01-01");  // o2's membership ended in 2005
  EXPECT_TRUE(run("x", "y", {}, only_membership_2003).empty());
  // The event took place on 2016-10-30: it cannot link anyone before then.
  QueryFilter before_event;
  before_event.as_of = date_span("2016-10-29");
  before_event.exclude_relations = {relation("cooperates_with"), relation("member_of")};
  EXPECT_TRUE(run("x", "y", {}, before_event).empty());
  before_event.as_of = date_span("2016-10");
  EXPECT_EQ(run("x", "y", {}, before_event).size(), 1u);
  EXPECT_FALSE(date_span("2016-13").has_value());
}

TEST_F(QueryTest, SourceFilter) {
  QueryFilter only_s2;
  only_s2.sources = {"s2"};
  EXPECT_TRUE(run("a", "d", {}, only_s2).empty());  // ab2 (s2) and cd (s2) do not join
  QueryFilter s1;
  s1.sources = {"s1"};
  EXPECT_EQ(run("a", "d", {}, s1), std::vector<std::string>{"a-b-d [ab1,bd]"});
  PathOptions all;
  all.all = true;
  all.parallel = true;
  EXPECT_EQ(run("a", "d", all, s1), std::vector<std::string>{"a-b-d [ab1,bd]"});
}

TEST_F(QueryTest, NeighborsAndCommon) {
  QueryEngine engine(kg(), {});
  const auto n1 = engine.neighbors(v("a"), 1, false);
  std::vector<std::string> ids;
  for (const auto& [u, d] : n1.nodes) ids.push_back(kg().node(u).id + ":" + std::to_string(d));
  EXPECT_EQ(ids, (std::vector<std::string>{"a:0", "b:1", "c:1", "e:1"}));
  EXPECT_EQ(n1.edges.size(), 4u);  // ab1, ab2, ac, ae
  const auto n2 = engine.neighbors(v("a"), 2, false);
  EXPECT_EQ(n2.nodes.size(), 6u);  // + d, f
  EXPECT_EQ(n2.edges.size(), 8u);  // every relation among a..f
  const auto common = engine.common(v("a"), v("d"));
  std::vector<std::string> both;
  for (const auto& c : common) both.push_back(kg().node(c.vertex).id);
  EXPECT_EQ(both, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(common[0].via_a.size(), 2u);  // the parallel pair a-b
  EXPECT_EQ(common[0].via_b.size(), 1u);
}

TEST_F(QueryTest, ComponentsAndBetweenness) {
  EXPECT_EQ(component_sizes(kg()), (std::vector<std::size_t>{7, 6, 1, 1}));  // x..o2; a..f; s1; s2
  const Betweenness exact = betweenness(kg());
  EXPECT_TRUE(exact.exact);
  EXPECT_EQ(exact.sources, kg().node_count());
  const std::vector<double>& bc = exact.score;
  // In the x–y ring (x-ev-y, x-p-q-y, x-o1-o2-y) every node is symmetric to its mirror.
  EXPECT_NEAR(bc[v("p")], bc[v("o1")], 1e-12);
  EXPECT_GT(bc[v("x")], bc[v("p")]);
  EXPECT_DOUBLE_EQ(bc[v("s1")], 0.0);
  // Sampling every vertex gives the exact answer.
  const std::vector<double> sampled = betweenness(kg(), 0, kg().node_count()).score;
  for (std::size_t i = 0; i < bc.size(); ++i) EXPECT_NEAR(sampled[i], bc[i], 1e-12);
  // A sample says so, and the same sample is drawn every time.
  const Betweenness some = betweenness(kg(), 0, 5);
  EXPECT_FALSE(some.exact);
  EXPECT_EQ(some.sources, 5u);
  EXPECT_EQ(betweenness(kg(), 0, 5).score, some.score);
}

TEST_F(QueryTest, StatsOfWhatTheFilterKeeps) {
  const GraphView& view = kg().view();
  const GraphStats all = compute_stats(view, kg().schema(), 3);
  EXPECT_EQ(all.nodes, 15u);
  EXPECT_EQ(all.relations, 16u);
  // Without memberships, o1 and o2 stand alone and the ring is a path x-ev-y, x-p-q-y.
  QueryFilter no_membership;
  no_membership.exclude_relations = {relation("member_of")};
  const Filter without(view, kg().schema(), no_membership);
  const GraphStats s = compute_stats(view, kg().schema(), 3, &without);
  EXPECT_EQ(s.nodes, 15u);
  EXPECT_EQ(s.relations, 13u);
  EXPECT_EQ(s.components, (std::vector<std::size_t>{6, 5, 1, 1, 1, 1}));
  for (const auto& [name, count] : s.relation_types) EXPECT_NE(name, "member_of");
  // Avoiding b: it is not counted, nor its three relations; a keeps two of its four.
  QueryFilter avoid_b;
  avoid_b.avoid = {v("b")};
  const Filter no_b(view, kg().schema(), avoid_b);
  const GraphStats t = compute_stats(view, kg().schema(), 20, &no_b);
  EXPECT_EQ(t.nodes, 14u);
  EXPECT_EQ(t.relations, 13u);
  std::map<NodeId, std::size_t> degree(t.top_degree.begin(), t.top_degree.end());
  EXPECT_EQ(degree.size(), 14u);
  EXPECT_EQ(degree.count(v("b")), 0u);
  EXPECT_EQ(degree[v("a")], 2u);
  EXPECT_EQ(degree[v("d")], 2u);
  EXPECT_EQ(t.top_betweenness.size(), 14u);
}

}  // namespace
}  // namespace relmap
