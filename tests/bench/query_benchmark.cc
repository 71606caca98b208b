// Benchmarks at scale: a synthetic graph of 100k actors and 1M relations
// (fixed seed), queried as the command line does.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>

#include "facts/facts.h"
#include "facts/schema.h"
#include "facts/validate.h"
#include "graph/graph.h"
#include "output/export.h"
#include "query/query.h"
#include "query/stats.h"

namespace relmap {
namespace {

const char* const kSchema = R"(
node_types:
  actor: {}
  source: {properties: {file: string}}
relation_types:
  linked: {label: linked to, pairs: [[actor, actor]], weight: 1}
  heavy: {label: heavily linked to, pairs: [[actor, actor]], weight: 3}
  peer: {label: peer of, symmetric: true, pairs: [[actor, actor]]}
)";

struct World {
  Schema schema;
  Facts facts;
  std::unique_ptr<KnowledgeGraph> graph;
  std::vector<std::pair<NodeId, NodeId>> pairs;
};

/// Random graph with a skewed degree distribution (a few hubs), built once.
World& world(std::size_t nodes, std::size_t relations) {
  static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<World>> cache;
  auto& slot = cache[{nodes, relations}];
  if (slot) return *slot;
  slot = std::make_unique<World>();
  World& w = *slot;
  Diagnostics diags;
  w.schema.load("bench-schema.yaml", kSchema, &diags);
  w.facts.files.push_back("synthetic");
  w.facts.entities.push_back({"src", "source", "Source", {}, {}, 0, {}, {}, {}});
  for (std::size_t i = 0; i < nodes; ++i)
    w.facts.entities.push_back({w.facts.store("a" + std::to_string(i)),
                                "actor",
                                w.facts.store("Actor " + std::to_string(i)),
                                {},
                                {},
                                0,
                                {},
                                {},
                                {}});
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::size_t> uniform(0, nodes - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  const char* types[] = {"linked", "heavy", "peer"};
  for (std::size_t i = 0; i < relations; ++i) {
    // Half the endpoints drawn with a bias towards low ids make hubs.
    auto pick = [&] {
      return unit(rng) < 0.5
                 ? uniform(rng)
                 : static_cast<std::size_t>(std::pow(unit(rng), 3) * static_cast<double>(nodes - 1));
    };
    std::size_t a = pick(), b = pick();
    if (a == b) b = (b + 1) % nodes;
    Relation r;
    r.from = w.facts.store("a" + std::to_string(a));
    r.to = w.facts.store("a" + std::to_string(b));
    r.type = types[i % 3];
    r.source = "src";
    r.evidence = w.facts.store("evidence " + std::to_string(i));
    w.facts.relations.push_back(std::move(r));
  }
  w.graph = std::make_unique<KnowledgeGraph>(w.schema, w.facts);
  for (int i = 0; i < 20; ++i)
    w.pairs.emplace_back(static_cast<NodeId>(uniform(rng) + 1), static_cast<NodeId>(uniform(rng) + 1));
  return w;
}

void BM_BuildGraph(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  for (auto _ : state) {
    KnowledgeGraph g(w.schema, w.facts);
    benchmark::DoNotOptimize(g.edge_count());
  }
}
BENCHMARK(BM_BuildGraph)->Args({100000, 1000000})->Unit(benchmark::kMillisecond)->Iterations(1);

/// 20 shortest-path queries per iteration, as `relmap path` runs them.
void BM_ShortestPath20Pairs(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  QueryEngine engine(*w.graph, {});
  PathOptions options;
  options.weighted = state.range(2) != 0;
  for (auto _ : state)
    for (const auto& [a, b] : w.pairs) benchmark::DoNotOptimize(engine.paths(a, b, options));
}
BENCHMARK(BM_ShortestPath20Pairs)
    ->Args({100000, 1000000, 0})
    ->Args({100000, 1000000, 1})
    ->Unit(benchmark::kMillisecond);

void BM_KShortest5(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  QueryEngine engine(*w.graph, {});
  PathOptions options;
  options.k = 5;
  for (auto _ : state) benchmark::DoNotOptimize(engine.paths(w.pairs[0].first, w.pairs[0].second, options));
}
BENCHMARK(BM_KShortest5)->Args({100000, 1000000})->Unit(benchmark::kMillisecond);

void BM_AllShortest(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  QueryEngine engine(*w.graph, {});
  PathOptions options;
  options.all = true;
  for (auto _ : state) benchmark::DoNotOptimize(engine.paths(w.pairs[1].first, w.pairs[1].second, options));
}
BENCHMARK(BM_AllShortest)->Args({100000, 1000000})->Unit(benchmark::kMillisecond);

void BM_FilteredPath(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  QueryFilter filter;
  filter.max_degree = 200;
  filter.exclude_relations = {w.schema.relation_type_index("heavy")};
  QueryEngine engine(*w.graph, filter);
  for (auto _ : state)
    for (const auto& [a, b] : w.pairs) benchmark::DoNotOptimize(engine.paths(a, b, {}));
}
BENCHMARK(BM_FilteredPath)->Args({100000, 1000000})->Unit(benchmark::kMillisecond);

void BM_SampledBetweenness(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(betweenness(*w.graph, 5000, 64));
}
BENCHMARK(BM_SampledBetweenness)->Args({100000, 1000000})->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_ExportGraphml(benchmark::State& state) {
  World& w = world(state.range(0), state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(to_graphml(*w.graph).size());
}
BENCHMARK(BM_ExportGraphml)->Args({100000, 1000000})->Unit(benchmark::kMillisecond)->Iterations(1);

/// Loading YAML facts: bytes per second through the reader and validator.
void BM_LoadAndValidateYaml(benchmark::State& state) {
  std::string text = "entities:\n  - {id: src, type: source, name: S, file: f.txt}\n";
  const int n = static_cast<int>(state.range(0));
  for (int i = 0; i < n; ++i)
    text += "  - {id: a" + std::to_string(i) + ", type: actor, name: Actor " + std::to_string(i) + "}\n";
  text += "relations:\n";
  for (int i = 0; i < n * 10; ++i)
    text += "  - {from: a" + std::to_string(i % n) + ", type: linked, to: a" +
            std::to_string((i * 7 + 1) % n) +
            ", source: src, evidence: \"a quote of some length from the article\"}\n";
  Schema schema;
  Diagnostics d;
  schema.load("s.yaml", kSchema, &d);
  for (auto _ : state) {
    Facts facts;
    Diagnostics diags;
    load_facts_text("bench.yaml", text, &facts, &diags);
    validate(schema, facts, &diags);
    benchmark::DoNotOptimize(facts.relations.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LoadAndValidateYaml)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace relmap

BENCHMARK_MAIN();
