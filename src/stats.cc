#include "stats.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>
#include <random>
#include <unordered_map>

namespace relmap {

std::vector<std::size_t> component_sizes(const KnowledgeGraph& graph) {
  const auto& g = graph.graph();
  std::vector<std::size_t> parent(boost::num_vertices(g));
  std::iota(parent.begin(), parent.end(), 0);
  std::function<std::size_t(std::size_t)> find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const std::size_t a = find(boost::source(e, g)), b = find(boost::target(e, g));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::unordered_map<std::size_t, std::size_t> sizes;
  for (std::size_t v = 0; v < parent.size(); ++v) ++sizes[find(v)];
  std::vector<std::size_t> out;
  for (const auto& [root, size] : sizes) out.push_back(size);
  std::sort(out.rbegin(), out.rend());
  return out;
}

std::vector<double> betweenness(const KnowledgeGraph& graph, std::size_t exact_limit, std::size_t samples) {
  const auto& g = graph.graph();
  const std::size_t n = boost::num_vertices(g);
  std::vector<std::vector<std::uint32_t>> adj(n);
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const auto a = static_cast<std::uint32_t>(boost::source(e, g));
    const auto b = static_cast<std::uint32_t>(boost::target(e, g));
    adj[a].push_back(b);
    adj[b].push_back(a);
  }
  for (auto& list : adj) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  std::vector<std::uint32_t> pivots(n);
  std::iota(pivots.begin(), pivots.end(), 0);
  const bool sampled = n > exact_limit && samples < n;
  if (sampled) {
    std::mt19937_64 rng(20161031);
    for (std::size_t i = 0; i < samples; ++i) {
      std::uniform_int_distribution<std::size_t> pick(i, n - 1);
      std::swap(pivots[i], pivots[pick(rng)]);
    }
    pivots.resize(samples);
  }
  std::vector<double> score(n, 0.0), delta(n), sigma(n);
  std::vector<int> dist(n, -1);
  std::vector<std::uint32_t> order;
  for (std::uint32_t s : pivots) {
    order.clear();
    std::fill(sigma.begin(), sigma.end(), 0.0);
    std::fill(dist.begin(), dist.end(), -1);
    sigma[s] = 1;
    dist[s] = 0;
    std::queue<std::uint32_t> queue;
    queue.push(s);
    while (!queue.empty()) {
      const std::uint32_t v = queue.front();
      queue.pop();
      order.push_back(v);
      for (std::uint32_t w : adj[v]) {
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue.push(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    std::fill(delta.begin(), delta.end(), 0.0);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const std::uint32_t w = *it;
      for (std::uint32_t v : adj[w])
        if (dist[v] == dist[w] - 1) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
      if (w != s) score[w] += delta[w];
    }
  }
  if (n > 2) {
    double scale = 1.0 / static_cast<double>((n - 1) * (n - 2));
    if (sampled) scale *= static_cast<double>(n) / static_cast<double>(samples);
    for (double& x : score) x *= scale;
  }
  return score;
}

GraphStats compute_stats(const KnowledgeGraph& kg, std::size_t top) {
  const auto& g = kg.graph();
  const Schema& schema = kg.schema();
  GraphStats s;
  std::vector<std::size_t> by_type(schema.node_types().size()), by_relation(schema.relation_types().size());
  for (auto v : boost::make_iterator_range(boost::vertices(g))) ++by_type[g[v].type];
  for (Edge e : kg.edges()) ++by_relation[g[e].relation];
  for (std::size_t i = 0; i < by_type.size(); ++i)
    if (by_type[i] > 0) s.node_types.emplace_back(schema.node_types()[i].name, by_type[i]);
  for (std::size_t i = 0; i < by_relation.size(); ++i)
    if (by_relation[i] > 0) s.relation_types.emplace_back(schema.relation_types()[i].name, by_relation[i]);
  s.components = component_sizes(kg);
  const std::size_t n = kg.node_count();
  for (auto v : boost::make_iterator_range(boost::vertices(g)))
    s.top_degree.emplace_back(v, boost::out_degree(v, g) + boost::in_degree(v, g));
  std::stable_sort(s.top_degree.begin(), s.top_degree.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (s.top_degree.size() > top) s.top_degree.resize(top);
  const std::size_t exact_limit = 5000;
  s.betweenness_sampled = n > exact_limit;
  const std::vector<double> bc = betweenness(kg, exact_limit);
  for (std::size_t v = 0; v < n; ++v) s.top_betweenness.emplace_back(v, bc[v]);
  std::stable_sort(s.top_betweenness.begin(), s.top_betweenness.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (s.top_betweenness.size() > top) s.top_betweenness.resize(top);
  return s;
}

}  // namespace relmap
