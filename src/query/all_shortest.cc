#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <unordered_map>

#include "query/paths.h"

namespace relmap {

namespace {

constexpr double kEpsilon = 1e-9;

/// Every shortest path by hop count: a bidirectional search finds the
/// meeting layer; each path is a shortest prefix s→m in the forward layers
/// and a shortest suffix m→t in the backward layers.
std::vector<Path> by_hops(Search& q, NodeId s, NodeId t, std::size_t limit) {
  std::vector<Path> out;
  if (s == t) return {Path{{s}, {}, 0}};
  const std::vector<NodeId> meets = q.bfs_meet(s, t);
  std::vector<NodeId> prefix_v, suffix_v;
  std::vector<Hop> prefix_h, suffix_h;
  // Steps one layer closer to the start (forward side) or the end (backward).
  auto steps = [&](NodeId v, bool towards_start, auto&& visit) {
    std::vector<NodeId> done;
    q.for_each_hop(v, towards_start, [&](EdgeId e, bool fwd, NodeId w) {
      const bool layered =
          towards_start ? q.seen_f[w] == q.generation && q.dist_f[w] == q.dist_f[v] - 1 && q.hop_ok(w, v, e)
                        : q.seen_b[w] == q.generation && q.dist_b[w] == q.dist_b[v] - 1 && q.hop_ok(v, w, e);
      if (!layered) return;
      if (!q.parallel) {
        if (std::find(done.begin(), done.end(), w) != done.end()) return;
        done.push_back(w);
      }
      visit(w, Hop{e, fwd});
    });
  };
  std::function<void(NodeId)> suffixes = [&](NodeId v) {
    if (out.size() >= limit) return;
    if (v == t) {
      std::vector<NodeId> vs(prefix_v.rbegin(), prefix_v.rend());
      std::vector<Hop> hs(prefix_h.rbegin(), prefix_h.rend());
      vs.insert(vs.end(), suffix_v.begin(), suffix_v.end());
      hs.insert(hs.end(), suffix_h.begin(), suffix_h.end());
      if (auto p = q.finish(std::move(vs), std::move(hs))) out.push_back(std::move(*p));
      return;
    }
    steps(v, false, [&](NodeId w, Hop h) {
      suffix_v.push_back(w);
      suffix_h.push_back(h);
      suffixes(w);
      suffix_v.pop_back();
      suffix_h.pop_back();
    });
  };
  std::function<void(NodeId, NodeId)> prefixes = [&](NodeId v, NodeId m) {
    if (out.size() >= limit) return;
    if (v == s) {
      suffixes(m);
      return;
    }
    steps(v, true, [&](NodeId w, Hop h) {
      prefix_v.push_back(w);
      prefix_h.push_back(h);
      prefixes(w, m);
      prefix_v.pop_back();
      prefix_h.pop_back();
    });
  };
  for (NodeId m : meets) {
    prefix_v = {m};
    prefix_h.clear();
    prefixes(m, m);
  }
  return out;
}

/// Every minimum-cost path: Dijkstra from s keeping every predecessor that
/// reaches an actor at its best cost, then the walks back from t.
std::vector<Path> by_cost(Search& q, NodeId s, NodeId t, std::size_t limit) {
  struct Pred {
    NodeId prev;
    EdgeId edge;
    bool forward;
  };
  q.new_generation();
  std::vector<std::vector<Pred>> preds;          // by slot
  std::unordered_map<NodeId, std::size_t> slot;  // actor → its predecessor list
  using Item = std::pair<double, NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  q.seen_f[s] = q.generation;
  q.cost_f[s] = 0;
  queue.push({0, s});
  std::optional<double> target_cost;
  auto preds_of = [&](NodeId v) -> std::vector<Pred>& {
    auto [it, inserted] = slot.try_emplace(v, preds.size());
    if (inserted) preds.emplace_back();
    return preds[it->second];
  };
  while (!queue.empty()) {
    // Named, not bound: lambdas below use them (clang 14 cannot capture bindings).
    const double c = queue.top().first;
    const NodeId u = queue.top().second;
    queue.pop();
    if (c > q.cost_f[u] + kEpsilon) continue;
    if (target_cost && c > *target_cost + kEpsilon) break;
    ++q.settled;
    if (q.out_of_time()) return {};
    if (u == t) {
      target_cost = c;
      continue;
    }
    q.for_each_hop(u, false, [&](EdgeId e, bool fwd, NodeId w) {
      if (w == s || !q.hop_ok(u, w, e) || !q.admits(w, s, t)) return;
      const double nc = c + q.hop_cost(e);
      if (q.seen_f[w] != q.generation || nc < q.cost_f[w] - kEpsilon) {
        q.seen_f[w] = q.generation;
        q.cost_f[w] = nc;
        preds_of(w) = {{u, e, fwd}};
        queue.push({nc, w});
      } else if (std::abs(nc - q.cost_f[w]) <= kEpsilon) {
        std::vector<Pred>& list = preds_of(w);
        // Without --parallel, one entry per predecessor actor.
        if (q.parallel || std::none_of(list.begin(), list.end(), [&](const Pred& p) { return p.prev == u; }))
          list.push_back({u, e, fwd});
      }
    });
  }
  std::vector<Path> out;
  if (!target_cost) return out;
  std::vector<NodeId> vertices{t};
  std::vector<Hop> hops;
  std::function<void(NodeId)> walk = [&](NodeId v) {
    if (out.size() >= limit) return;
    if (v == s) {
      std::vector<NodeId> vs(vertices.rbegin(), vertices.rend());
      std::vector<Hop> hs(hops.rbegin(), hops.rend());
      if (auto p = q.finish(std::move(vs), std::move(hs))) out.push_back(std::move(*p));
      return;
    }
    for (const Pred& p : preds_of(v)) {
      vertices.push_back(p.prev);
      hops.push_back({p.edge, p.forward});
      walk(p.prev);
      vertices.pop_back();
      hops.pop_back();
    }
  };
  walk(t);
  return out;
}

}  // namespace

std::vector<Path> all_shortest(Search& search, NodeId s, NodeId t, std::size_t limit) {
  if (search.support == nullptr)
    return search.costed() ? by_cost(search, s, t, limit) : by_hops(search, s, t, limit);
  // Ranked by support: every shortest path among those whose weakest hop
  // is the best any path has.
  const std::optional<int> weakest = search.best_weakest(s, t);
  if (!weakest) return {};
  search.max_support_rank = *weakest;
  std::vector<Path> out = search.costed() ? by_cost(search, s, t, limit) : by_hops(search, s, t, limit);
  search.max_support_rank = 0;
  return out;
}

}  // namespace relmap
