#include "query/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

#include "graph/graph.h"

namespace relmap {

namespace {

/// The actors and relations statistics count: every one, or those a filter
/// lets a walk use (a relation only between actors kept), numbered densely.
struct Kept {
  static constexpr std::uint32_t kNone = ~0u;
  const GraphView& g;
  const Filter* filter;              ///< nullptr: everything.
  std::vector<NodeId> vertices;      ///< Kept, ascending.
  std::vector<std::uint32_t> index;  ///< By vertex: position in `vertices`, or kNone.

  Kept(const GraphView& view, const Filter* f)
      : g(view), filter(f != nullptr && (f->filters_edges() || f->filters_vertices()) ? f : nullptr) {
    index.assign(g.node_count(), kNone);
    for (NodeId v = 0; v < g.node_count(); ++v) {
      if (filter && filter->filters_vertices() && !filter->vertex_ok(v)) continue;
      index[v] = static_cast<std::uint32_t>(vertices.size());
      vertices.push_back(v);
    }
  }
  bool edge(EdgeId e) const {
    if (!filter) return true;
    const EdgeRecord& r = g.edge(e);
    return index[r.from] != kNone && index[r.to] != kNone && (!filter->filters_edges() || filter->edge_ok(e));
  }
};

/// The undirected simple graph of the kept actors: each one's distinct
/// neighbors (dense numbers), sorted, in one array.
struct Adjacency {
  std::vector<std::uint32_t> offsets, neighbors;

  explicit Adjacency(const Kept& kept) {
    const GraphView& g = kept.g;
    const std::size_t n = kept.vertices.size();
    offsets.assign(n + 1, 0);
    std::vector<std::uint32_t> scratch;
    for (std::uint32_t i = 0; i < n; ++i) {
      const NodeId v = kept.vertices[i];
      scratch.clear();
      for (EdgeId e : g.out_edges(v))
        if (kept.edge(e)) scratch.push_back(kept.index[g.edge(e).to]);
      for (EdgeId e : g.in_edges(v))
        if (kept.edge(e)) scratch.push_back(kept.index[g.edge(e).from]);
      std::sort(scratch.begin(), scratch.end());
      scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
      neighbors.insert(neighbors.end(), scratch.begin(), scratch.end());
      offsets[i + 1] = static_cast<std::uint32_t>(neighbors.size());
    }
  }
  std::size_t size() const { return offsets.size() - 1; }
};

/// Brandes' accumulation from one source into `score`, with scratch arrays.
class Brandes {
 public:
  explicit Brandes(const Adjacency& adj)
      : adj_(adj), sigma_(adj.size(), 0.0), delta_(adj.size(), 0.0), dist_(adj.size(), -1) {}

  /// Add what the searches from `s` contribute to `score`, and its square
  /// to `squares` (for the standard error of a sampled estimate).
  void add(std::uint32_t s, std::vector<double>* score, std::vector<double>* squares) {
    order_.clear();
    order_.push_back(s);
    sigma_[s] = 1;
    dist_[s] = 0;
    for (std::size_t head = 0; head < order_.size(); ++head) {
      const std::uint32_t v = order_[head];
      for (std::uint32_t i = adj_.offsets[v]; i < adj_.offsets[v + 1]; ++i) {
        const std::uint32_t w = adj_.neighbors[i];
        if (dist_[w] < 0) {
          dist_[w] = dist_[v] + 1;
          order_.push_back(w);
        }
        if (dist_[w] == dist_[v] + 1) sigma_[w] += sigma_[v];
      }
    }
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
      const std::uint32_t w = *it;
      for (std::uint32_t i = adj_.offsets[w]; i < adj_.offsets[w + 1]; ++i) {
        const std::uint32_t v = adj_.neighbors[i];
        if (dist_[v] == dist_[w] - 1) delta_[v] += sigma_[v] / sigma_[w] * (1 + delta_[w]);
      }
      if (w != s) {
        (*score)[w] += delta_[w];
        (*squares)[w] += delta_[w] * delta_[w];
      }
    }
    for (std::uint32_t v : order_) {  // reset only what this search touched
      sigma_[v] = 0;
      delta_[v] = 0;
      dist_[v] = -1;
    }
  }

 private:
  const Adjacency& adj_;
  std::vector<double> sigma_, delta_;
  std::vector<int> dist_;
  std::vector<std::uint32_t> order_;
};

/// Scores accumulated over `pivots[first, last)` in a fixed number of
/// partitions (pivot i in partition i % kParts) summed in partition order:
/// the same numbers whatever the number of cores.
constexpr std::size_t kParts = 2;

struct Sums {
  std::vector<double> score, squares;
};

void accumulate(const Adjacency& adj, const std::vector<std::uint32_t>& pivots, std::size_t first,
                std::size_t last, std::vector<Sums>* parts) {
  auto work = [&](std::size_t part) {
    Brandes brandes(adj);
    Sums& sums = (*parts)[part];
    for (std::size_t i = first; i < last; ++i)
      if (i % kParts == part) brandes.add(pivots[i], &sums.score, &sums.squares);
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (std::size_t part = 1; part < kParts && part < cores; ++part) threads.emplace_back(work, part);
  work(0);
  for (std::size_t part = threads.size() + 1; part < kParts; ++part) work(part);
  for (std::thread& t : threads) t.join();
}

std::vector<std::uint32_t> top_of(const std::vector<double>& score, std::size_t top) {
  std::vector<std::uint32_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  const std::size_t k = std::min(top, order.size());
  std::partial_sort(
      order.begin(), order.begin() + static_cast<long>(k), order.end(),
      [&](std::uint32_t a, std::uint32_t b) { return score[a] != score[b] ? score[a] > score[b] : a < b; });
  order.resize(k);
  return order;
}

}  // namespace

std::vector<std::size_t> component_sizes(const GraphView& g, const Filter* filter) {
  const Kept kept(g, filter);
  const std::size_t n = kept.vertices.size();
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (!kept.edge(e)) continue;
    const std::uint32_t a = find(kept.index[g.edge(e).from]), b = find(kept.index[g.edge(e).to]);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::size_t> size(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) ++size[find(v)];
  std::vector<std::size_t> out;
  for (std::size_t s : size)
    if (s > 0) out.push_back(s);
  std::sort(out.rbegin(), out.rend());
  return out;
}

std::vector<std::size_t> component_sizes(const KnowledgeGraph& graph) {
  return component_sizes(graph.view());
}

namespace {

/// Betweenness of the kept actors, by dense number.
Betweenness betweenness(const Kept& kept, std::size_t exact_limit, std::size_t samples, std::size_t top) {
  const Adjacency adj(kept);
  const std::size_t n = adj.size();
  std::vector<std::uint32_t> pivots(n);
  std::iota(pivots.begin(), pivots.end(), 0);
  Betweenness out;
  out.exact = n <= exact_limit || (samples >= n);
  std::vector<Sums> parts(kParts, Sums{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)});
  auto total = [&](std::vector<double> Sums::*field) {
    std::vector<double> sum(n, 0.0);
    for (const Sums& part : parts)
      for (std::size_t v = 0; v < n; ++v) sum[v] += (part.*field)[v];
    return sum;
  };
  if (out.exact) {
    accumulate(adj, pivots, 0, n, &parts);
    out.sources = n;
  } else {
    std::mt19937_64 rng(kBetweennessSeed);
    std::shuffle(pivots.begin(), pivots.end(), rng);
    const std::size_t cap = std::min<std::size_t>(n, samples > 0 ? samples : 2048);
    std::size_t done = 0;
    for (std::size_t target = samples > 0 ? cap : std::min<std::size_t>(64, cap);;
         target = std::min(cap, done * 2)) {
      accumulate(adj, pivots, done, target, &parts);
      done = target;
      // The relative standard error of the mean contribution of a search,
      // for each of the highest scores.
      const std::vector<double> sum = total(&Sums::score), squares = total(&Sums::squares);
      const auto k = static_cast<double>(done);
      out.error = 0;
      for (std::uint32_t v : top_of(sum, top)) {
        const double mean = sum[v] / k;
        const double variance = std::max(0.0, squares[v] / k - mean * mean);
        out.error = std::max(out.error, mean > 0 ? std::sqrt(variance / k) / mean : 0.0);
      }
      if (done >= cap || out.error < kBetweennessError) break;
    }
    out.sources = done;
  }
  out.score = total(&Sums::score);
  if (n > 2) {
    double scale = 1.0 / static_cast<double>((n - 1) * (n - 2));
    if (!out.exact) scale *= static_cast<double>(n) / static_cast<double>(out.sources);
    for (double& x : out.score) x *= scale;
  }
  return out;
}

}  // namespace

Betweenness betweenness(const GraphView& g, std::size_t exact_limit, std::size_t samples, std::size_t top) {
  return betweenness(Kept(g, nullptr), exact_limit, samples, top);
}

Betweenness betweenness(const KnowledgeGraph& graph, std::size_t exact_limit, std::size_t samples) {
  return betweenness(graph.view(), exact_limit, samples);
}

GraphStats compute_stats(const GraphView& g, const Schema& schema, std::size_t top, const Filter* filter) {
  const Kept kept(g, filter);
  GraphStats s;
  s.nodes = kept.vertices.size();
  std::vector<std::size_t> by_type(schema.node_types().size()), by_relation(schema.relation_types().size());
  std::vector<std::size_t> degree(kept.vertices.size(), 0);
  for (NodeId v : kept.vertices) ++by_type[g.node(v).type];
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (!kept.edge(e)) continue;
    const EdgeRecord& r = g.edge(e);
    ++s.relations;
    ++by_relation[r.relation];
    ++degree[kept.index[r.from]];
    ++degree[kept.index[r.to]];
  }
  for (std::size_t i = 0; i < by_type.size(); ++i)
    if (by_type[i] > 0) s.node_types.emplace_back(schema.node_types()[i].name, by_type[i]);
  for (std::size_t i = 0; i < by_relation.size(); ++i)
    if (by_relation[i] > 0) s.relation_types.emplace_back(schema.relation_types()[i].name, by_relation[i]);
  s.components = component_sizes(g, filter);
  for (std::size_t i = 0; i < kept.vertices.size(); ++i)
    s.top_degree.emplace_back(kept.vertices[i], degree[i]);
  std::stable_sort(s.top_degree.begin(), s.top_degree.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (s.top_degree.size() > top) s.top_degree.resize(top);
  const Betweenness bc = betweenness(kept, 5000, 0, top);
  s.betweenness_sampled = !bc.exact;
  s.betweenness_sources = bc.sources;
  s.betweenness_error = bc.error;
  for (std::uint32_t i : top_of(bc.score, top)) s.top_betweenness.emplace_back(kept.vertices[i], bc.score[i]);
  return s;
}

GraphStats compute_stats(const KnowledgeGraph& graph, std::size_t top) {
  return compute_stats(graph.view(), graph.schema(), top);
}

}  // namespace relmap
