// Paths ranked by support and by how informative they are, checked against
// a brute-force ranking of every simple path of small random graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "query/claims.h"
#include "query/query.h"
#include "query/query_output.h"
#include "test_util.h"

namespace relmap {
namespace {

using testing::load;

/// A random graph of `n` countries with graded relations from three sources.
std::string random_facts(unsigned seed, int n, int relations) {
  std::mt19937 rng(seed);
  std::string out = R"(entities:
  - {id: sa, type: source, name: A, file: a.txt, publisher: Alpha, reliability: A, reliability_reason: r}
  - {id: sc, type: source, name: C, file: c.txt, publisher: Gamma, reliability: C, reliability_reason: r}
  - {id: sf, type: source, name: F, file: f.txt, publisher: Phi}
)";
  for (int i = 0; i < n; ++i)
    out += "  - {id: c" + std::to_string(i) + ", type: country, name: C" + std::to_string(i) + "}\n";
  out += "relations:\n";
  const char* sources[] = {"sa", "sc", "sf"};
  for (int k = 0; k < relations; ++k) {
    const int a = static_cast<int>(rng() % static_cast<unsigned>(n));
    int b = static_cast<int>(rng() % static_cast<unsigned>(n - 1));
    if (b >= a) ++b;
    out += "  - {from: c" + std::to_string(a) + ", type: cooperates_with, to: c" + std::to_string(b) +
           ", source: " + sources[rng() % 3] + ", evidence: e" + std::to_string(k) +
           (rng() % 2 ? ", credibility: \"" + std::to_string(1 + rng() % 6) + "\"" : std::string()) +
           (rng() % 3 == 0 ? ", basis: implied" : std::string()) + "}\n";
  }
  return out;
}

/// Every simple path from s to t, as vertex sequences.
std::vector<std::vector<NodeId>> simple_paths(const GraphView& view, NodeId s, NodeId t) {
  std::vector<std::vector<NodeId>> out;
  std::vector<NodeId> walk{s};
  std::vector<char> on(view.node_count(), 0);
  on[s] = 1;
  auto neighbours = [&](NodeId v) {
    std::vector<NodeId> ws;
    for (EdgeId e : view.out_edges(v)) ws.push_back(view.edge(e).to);
    for (EdgeId e : view.in_edges(v)) ws.push_back(view.edge(e).from);
    std::sort(ws.begin(), ws.end());
    ws.erase(std::unique(ws.begin(), ws.end()), ws.end());
    return ws;
  };
  auto go = [&](auto&& self, NodeId v) -> void {
    if (v == t) {
      out.push_back(walk);
      return;
    }
    for (NodeId w : neighbours(v)) {
      if (on[w]) continue;
      on[w] = 1;
      walk.push_back(w);
      self(self, w);
      walk.pop_back();
      on[w] = 0;
    }
  };
  go(go, s);
  return out;
}

/// The relations between u and w, either way.
std::vector<EdgeId> between(const GraphView& view, NodeId u, NodeId w) {
  std::vector<EdgeId> out;
  for (EdgeId e : view.out_edges(u))
    if (view.edge(e).to == w) out.push_back(e);
  for (EdgeId e : view.in_edges(u))
    if (view.edge(e).from == w) out.push_back(e);
  return out;
}

/// Brute force, ranking by support: a step's support is that of the best
/// supported relation between its actors; a path's, its weakest step's.
int weakest_of(const GraphView& view, const Schema& schema, const std::vector<NodeId>& p) {
  int weakest = 0;
  for (std::size_t i = 0; i + 1 < p.size(); ++i) {
    int best = std::numeric_limits<int>::max();
    for (EdgeId e : between(view, p[i], p[i + 1]))
      best = std::min(best, support_rank(support_of(view, schema, e)));
    weakest = std::max(weakest, best);
  }
  return weakest;
}

/// Brute force, ranking by degrees: the negative log of the path's degree
/// product to the power -kDegreeDamping.
double degree_cost_of(const GraphView& view, const std::vector<NodeId>& p) {
  auto degree = [&](NodeId v) {
    return static_cast<double>(view.out_edges(v).size() + view.in_edges(v).size());
  };
  double cost = 0;
  for (std::size_t i = 0; i + 1 < p.size(); ++i)
    cost += kDegreeDamping * (std::log(degree(p[i])) + std::log(degree(p[i + 1])));
  return cost;
}

TEST(RankTest, SupportedRanksByTheWeakestHopThenLengthAsBruteForceDoes) {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    auto l = load(random_facts(seed, 9, 20), testing::graded_schema());
    ASSERT_NE(l->graph, nullptr) << l->messages();
    const GraphView& view = l->graph->view();
    QueryEngine engine(view, l->schema, {});
    const NodeId s = *view.find_id("c0"), t = *view.find_id("c1");
    std::vector<std::pair<int, std::size_t>> expected;
    for (const auto& p : simple_paths(view, s, t))
      expected.push_back({weakest_of(view, l->schema, p), p.size() - 1});
    std::sort(expected.begin(), expected.end());
    PathOptions options;
    options.rank = Rank::kSupported;
    options.k = 6;
    const std::vector<Path> got = engine.paths(s, t, options);
    ASSERT_EQ(got.size(), std::min<std::size_t>(6, expected.size())) << "seed " << seed;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].weakest, weakest_of(view, l->schema, got[i].vertices))
          << "seed " << seed << " path " << i;
      EXPECT_EQ(std::make_pair(got[i].weakest, got[i].hops.size()), expected[i])
          << "seed " << seed << " path " << i;
    }
    // One path alone is the best of them.
    options.k = 1;
    const std::vector<Path> one = engine.paths(s, t, options);
    if (!expected.empty()) {
      ASSERT_EQ(one.size(), 1u);
      EXPECT_EQ(std::make_pair(one[0].weakest, one[0].hops.size()), expected[0]) << "seed " << seed;
    }
  }
}

TEST(RankTest, InformativeRanksByDegreeProductAsBruteForceDoes) {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    auto l = load(random_facts(seed, 9, 20), testing::graded_schema());
    ASSERT_NE(l->graph, nullptr) << l->messages();
    const GraphView& view = l->graph->view();
    QueryEngine engine(view, l->schema, {});
    const NodeId s = *view.find_id("c2"), t = *view.find_id("c3");
    std::vector<double> expected;
    for (const auto& p : simple_paths(view, s, t)) expected.push_back(degree_cost_of(view, p));
    std::sort(expected.begin(), expected.end());
    PathOptions options;
    options.rank = Rank::kInformative;
    options.k = 5;
    const std::vector<Path> got = engine.paths(s, t, options);
    ASSERT_EQ(got.size(), std::min<std::size_t>(5, expected.size())) << "seed " << seed;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(got[i].cost, degree_cost_of(view, got[i].vertices), 1e-9);
      EXPECT_NEAR(got[i].cost, expected[i], 1e-9) << "seed " << seed << " path " << i;
    }
  }
}

TEST(RankTest, SupportedAvoidsAWeakHopAHubWouldOffer) {
  // Laos—Japan is said only by an implied, doubtful relation of an
  // ungraded source; the longer way through Thailand is graded A and 1.
  auto l = load(R"(entities:
  - {id: sa, type: source, name: A, file: a.txt, publisher: Alpha, reliability: A, reliability_reason: r}
  - {id: sf, type: source, name: F, file: f.txt, publisher: Phi}
  - {id: laos, type: country, name: Laos}
  - {id: japan, type: country, name: Japan}
  - {id: thailand, type: country, name: Thailand}
  - {id: philippines, type: country, name: Philippines}
relations:
  - {from: laos, type: cooperates_with, to: japan, source: sf, evidence: weak, basis: implied, credibility: "4"}
  - {from: japan, type: cooperates_with, to: philippines, source: sa, evidence: j, credibility: "1"}
  - {from: laos, type: cooperates_with, to: thailand, source: sa, evidence: t, credibility: "1"}
  - {from: thailand, type: cooperates_with, to: philippines, source: sa, evidence: p, credibility: "1"}
)",
                testing::graded_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  QueryEngine engine(view, l->schema, {});
  const NodeId laos = *view.find_id("laos"), philippines = *view.find_id("philippines");
  PathOptions by_length;
  const std::vector<Path> shortest = engine.paths(laos, philippines, by_length);
  ASSERT_EQ(shortest.size(), 1u);
  EXPECT_EQ(view.id(shortest[0].vertices[1]), "japan");  // ids order the equal-length paths
  PathOptions supported;
  supported.rank = Rank::kSupported;
  const std::vector<Path> best = engine.paths(laos, philippines, supported);
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(view.id(best[0].vertices[1]), "thailand");
  const std::string text = paths_to_text({view, l->schema, &engine}, laos, philippines, best, supported);
  EXPECT_EQ(text.rfind("Ranked by support:", 0), 0u) << text;
  EXPECT_NE(text.find("weakest hop: credibility 1, reliability A, 1 source"), std::string::npos) << text;
}

TEST(RankTest, InformativePutsPathsThroughAHubLast) {
  // Both countries are in ASEAN with many others; they also share a
  // specific workshop partner of low degree.
  std::string facts = R"(entities:
  - {id: sa, type: source, name: A, file: a.txt}
  - {id: laos, type: country, name: Laos}
  - {id: philippines, type: country, name: Philippines}
  - {id: asean, type: organisation, name: ASEAN}
  - {id: cert, type: organisation, name: CERT}
  - {id: pcert, type: organisation, name: PCERT}
)";
  for (int i = 0; i < 8; ++i)
    facts += "  - {id: m" + std::to_string(i) + ", type: country, name: M" + std::to_string(i) + "}\n";
  facts += R"(relations:
  - {from: laos, type: member_of, to: asean, source: sa, evidence: a}
  - {from: philippines, type: member_of, to: asean, source: sa, evidence: b}
  - {from: cert, type: cooperates_with, to: pcert, source: sa, evidence: c}
  - {from: cert, type: based_in, to: laos, source: sa, evidence: d}
  - {from: pcert, type: based_in, to: philippines, source: sa, evidence: e}
)";
  for (int i = 0; i < 8; ++i)
    facts += "  - {from: m" + std::to_string(i) + ", type: member_of, to: asean, source: sa, evidence: m" +
             std::to_string(i) + "}\n";
  auto l = load(facts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  QueryEngine engine(view, l->schema, {});
  const NodeId laos = *view.find_id("laos"), philippines = *view.find_id("philippines");
  const std::vector<Path> shortest = engine.paths(laos, philippines, {});
  ASSERT_EQ(shortest.size(), 1u);
  EXPECT_EQ(view.id(shortest[0].vertices[1]), "asean");
  PathOptions informative;
  informative.rank = Rank::kInformative;
  informative.k = 2;
  const std::vector<Path> ranked = engine.paths(laos, philippines, informative);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(view.id(ranked[0].vertices[1]), "cert");
  EXPECT_EQ(view.id(ranked[1].vertices[1]), "asean");
  const std::string json = paths_to_json({view, l->schema, &engine}, laos, philippines, ranked, informative);
  EXPECT_NE(json.find("\"rank\": \"informative\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"degree_product_weight\""), std::string::npos) << json;
}

TEST(RankTest, ASearchPastItsDeadlineGivesUpAndSaysSo) {
  auto l = load(random_facts(3, 40, 200), testing::graded_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  QueryEngine engine(view, l->schema, {});
  const NodeId s = *view.find_id("c0"), t = *view.find_id("c1");
  PathOptions many;
  many.k = 20;
  const std::vector<Path> all = engine.paths(s, t, many);
  EXPECT_FALSE(engine.timed_out());
  engine.set_deadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  const std::vector<Path> late = engine.paths(s, t, many);
  EXPECT_TRUE(engine.timed_out());
  EXPECT_LT(late.size(), all.size());
  engine.set_deadline(std::nullopt);
  EXPECT_EQ(engine.paths(s, t, many).size(), all.size());
  EXPECT_FALSE(engine.timed_out());
}

}  // namespace
}  // namespace relmap
