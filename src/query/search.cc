#include "query/search.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <queue>

namespace relmap {

namespace {

constexpr double kEpsilon = 1e-9;

}  // namespace

Search::Search(const GraphView& view, const Schema& schema, const Filter& filter)
    : view_(view), filter_(filter) {
  for (const RelationType& r : schema.relation_types()) {
    weight_.push_back(r.weight);
    symmetric_.push_back(r.symmetric ? 1 : 0);
  }
}

namespace {

/// The scratch of the last search to end, kept for the next one.
struct KeptScratch {
  std::size_t nodes = 0;
  std::uint32_t generation = 0;
  LazyArray<std::uint32_t> seen_f, seen_b;
  LazyArray<int> dist_f, dist_b;
  LazyArray<double> cost_f, cost_b;
  LazyArray<Search::Parent> parent_f, parent_b;
};

std::mutex kept_mutex;
KeptScratch kept;

/// Swap the scratch of `s` (`generation`, the arrays) with the one kept.
void swap_kept(Search* s) {
  using std::swap;
  swap(s->generation, kept.generation);
  swap(s->seen_f, kept.seen_f);
  swap(s->seen_b, kept.seen_b);
  swap(s->dist_f, kept.dist_f);
  swap(s->dist_b, kept.dist_b);
  swap(s->cost_f, kept.cost_f);
  swap(s->cost_b, kept.cost_b);
  swap(s->parent_f, kept.parent_f);
  swap(s->parent_b, kept.parent_b);
}

}  // namespace

Search::~Search() {
  if (!scratch_ || !seen_f) return;
  const std::lock_guard<std::mutex> lock(kept_mutex);
  kept.nodes = nodes_;
  swap_kept(this);
}

void Search::new_generation() {
  if (!scratch_) {
    // The arrays of an earlier search on as many actors: valid only where
    // marked with its generation, which the next one goes past.
    const std::lock_guard<std::mutex> lock(kept_mutex);
    if (kept.seen_f && kept.nodes == nodes_) {
      swap_kept(this);
      kept = KeptScratch();
      scratch_ = true;
    }
  }
  if (!scratch_) {
    const std::size_t n = view_.node_count();
    seen_f.resize(n);
    seen_b.resize(n);
    dist_f.resize(n);
    dist_b.resize(n);
    cost_f.resize(n);
    cost_b.resize(n);
    parent_f.resize(n);
    parent_b.resize(n);
    scratch_ = true;
  }
  if (++generation == 0) {  // wrapped: start over with cleared marks
    seen_f.resize(view_.node_count());
    seen_b.resize(view_.node_count());
    generation = 1;
  }
  settled = 0;
}

std::optional<Hop> Search::best_hop(NodeId u, NodeId w) const {
  std::optional<Hop> best;
  double best_cost = 0;
  for_each_hop(u, false, [&](EdgeId e, bool forward, NodeId other) {
    if (other != w || !hop_ok(u, w, e)) return;
    const double c = hop_cost(e);
    const bool tie = std::abs(c - best_cost) <= kEpsilon;
    if (!best || c < best_cost - kEpsilon || (tie && better_supported(e, best->edge))) {
      best = Hop{e, forward};
      best_cost = c;
    }
  });
  return best;
}

bool Search::better_supported(EdgeId e, EdgeId than) const {
  if (support != nullptr) {
    const int a = support->rank(e), b = support->rank(than);
    if (a != b) return a < b;
  }
  return e < than;
}

void Search::measure(Path* p) const {
  p->cost = 0;
  p->weakest = 0;
  for (const Hop& h : p->hops) {
    p->cost += hop_cost(h.edge);
    if (support != nullptr) p->weakest = std::max(p->weakest, support->rank(h.edge));
  }
}

double Search::degree_cost(EdgeId e) const {
  const EdgeRecord& r = view_.edge(e);
  auto degree = [&](NodeId v) {
    return static_cast<double>(view_.out_edges(v).size() + view_.in_edges(v).size());
  };
  return kDegreeDamping * (std::log(degree(r.from)) + std::log(degree(r.to)));
}

std::optional<Path> Search::finish(std::vector<NodeId> vertices, std::vector<Hop> hops) const {
  Path p;
  p.vertices = std::move(vertices);
  if (parallel) {
    p.hops = std::move(hops);
  } else {
    for (std::size_t i = 0; i + 1 < p.vertices.size(); ++i) {
      auto hop = best_hop(p.vertices[i], p.vertices[i + 1]);
      if (!hop) return std::nullopt;
      p.hops.push_back(*hop);
    }
  }
  measure(&p);
  return p;
}

std::vector<NodeId> Search::bfs_meet(NodeId s, NodeId t) {
  new_generation();
  seen_f[s] = generation;
  dist_f[s] = 0;
  seen_b[t] = generation;
  dist_b[t] = 0;
  std::vector<NodeId> front_f{s}, front_b{t}, next, meets;
  int best = std::numeric_limits<int>::max();
  while (!front_f.empty() && !front_b.empty() && meets.empty()) {
    const bool forward = front_f.size() <= front_b.size();
    std::vector<NodeId>& front = forward ? front_f : front_b;
    LazyArray<std::uint32_t>& seen = forward ? seen_f : seen_b;
    LazyArray<std::uint32_t>& other_seen = forward ? seen_b : seen_f;
    LazyArray<int>& dist = forward ? dist_f : dist_b;
    LazyArray<int>& other_dist = forward ? dist_b : dist_f;
    LazyArray<Parent>& parent = forward ? parent_f : parent_b;
    next.clear();
    if (out_of_time()) return {};
    for (NodeId u : front) {
      ++settled;
      for_each_hop(u, !forward, [&](EdgeId e, bool fwd, NodeId w) {
        if (seen[w] == generation) return;
        if (!(forward ? hop_ok(u, w, e) : hop_ok(w, u, e)) || !admits(w, s, t)) return;
        seen[w] = generation;
        dist[w] = dist[u] + 1;
        parent[w] = {u, e, fwd};
        next.push_back(w);
        if (other_seen[w] != generation) return;
        const int total = dist[w] + other_dist[w];
        if (total < best) meets.clear();
        if (total <= best) {
          best = total;
          meets.push_back(w);
        }
      });
    }
    front.swap(next);
  }
  return meets;
}

void Search::unwind(NodeId start, NodeId v, const LazyArray<Parent>& parent, std::vector<NodeId>* vertices,
                    std::vector<Hop>* hops) const {
  for (; v != start; v = parent[v].prev) {
    vertices->push_back(v);
    hops->push_back({parent[v].edge, parent[v].forward});
  }
  vertices->push_back(start);
  std::reverse(vertices->begin(), vertices->end());
  std::reverse(hops->begin(), hops->end());
}

std::optional<Path> Search::bfs(NodeId s, NodeId t) {
  if (s == t) return Path{{s}, {}, 0};
  const std::vector<NodeId> meets = bfs_meet(s, t);
  if (meets.empty()) return std::nullopt;
  std::vector<NodeId> vertices;
  std::vector<Hop> hops;
  unwind(s, meets.front(), parent_f, &vertices, &hops);
  for (NodeId v = meets.front(); v != t; v = parent_b[v].prev) {
    vertices.push_back(parent_b[v].prev);
    hops.push_back({parent_b[v].edge, parent_b[v].forward});
  }
  return finish(std::move(vertices), std::move(hops));
}

std::optional<Path> Search::dijkstra(NodeId s, NodeId t) {
  // Bidirectional Dijkstra. Each round settles one actor on the side whose
  // queue is smaller, so that a hub's thousands of neighbors are not
  // pushed while the other side stays small; the search stops when the two
  // smallest keys together reach the cost of the best meeting found, the
  // standard rule that guarantees the best path.
  if (s == t) return Path{{s}, {}, 0};
  new_generation();
  using Item = std::pair<double, NodeId>;
  using Queue = std::priority_queue<Item, std::vector<Item>, std::greater<Item>>;
  Queue queue_f, queue_b;
  seen_f[s] = generation;
  cost_f[s] = 0;
  seen_b[t] = generation;
  cost_b[t] = 0;
  queue_f.push({0, s});
  queue_b.push({0, t});
  double best = std::numeric_limits<double>::infinity();
  struct Meeting {
    NodeId u, w;  // walk u→w over edge, u reached from s and w from t
    EdgeId edge;
    bool forward;
  };
  std::optional<Meeting> meet;
  auto drop_stale = [&](Queue& queue, const LazyArray<double>& cost) {
    while (!queue.empty() && queue.top().first > cost[queue.top().second] + kEpsilon) queue.pop();
  };
  for (;;) {
    drop_stale(queue_f, cost_f);
    drop_stale(queue_b, cost_b);
    if (queue_f.empty() || queue_b.empty()) break;
    if (queue_f.top().first + queue_b.top().first >= best - kEpsilon) break;
    const bool forward = queue_f.size() <= queue_b.size();
    Queue& queue = forward ? queue_f : queue_b;
    // Named, not bound: lambdas below use them (clang 14 cannot capture bindings).
    const double c = queue.top().first;
    const NodeId u = queue.top().second;
    queue.pop();
    ++settled;
    if (out_of_time()) return std::nullopt;
    LazyArray<double>& cost = forward ? cost_f : cost_b;
    LazyArray<double>& other = forward ? cost_b : cost_f;
    LazyArray<std::uint32_t>& seen = forward ? seen_f : seen_b;
    LazyArray<std::uint32_t>& other_seen = forward ? seen_b : seen_f;
    LazyArray<Parent>& parent = forward ? parent_f : parent_b;
    for_each_hop(u, !forward, [&](EdgeId e, bool fwd, NodeId w) {
      const double nc = c + hop_cost(e);
      if (seen[w] == generation && nc >= cost[w] - kEpsilon) return;
      if (!(forward ? hop_ok(u, w, e) : hop_ok(w, u, e)) || !admits(w, s, t)) return;
      if (other_seen[w] == generation && nc + other[w] < best - kEpsilon) {
        best = nc + other[w];
        meet = forward ? Meeting{u, w, e, fwd} : Meeting{w, u, e, fwd};
      }
      seen[w] = generation;
      cost[w] = nc;
      parent[w] = {u, e, fwd};
      queue.push({nc, w});
    });
  }
  if (!meet) return std::nullopt;
  std::vector<NodeId> vertices;
  std::vector<Hop> hops;
  unwind(s, meet->u, parent_f, &vertices, &hops);
  hops.push_back({meet->edge, meet->forward});
  for (NodeId v = meet->w;; v = parent_b[v].prev) {
    vertices.push_back(v);
    if (v == t) break;
    hops.push_back({parent_b[v].edge, parent_b[v].forward});
  }
  return finish(std::move(vertices), std::move(hops));
}

std::optional<Path> Search::shortest(NodeId s, NodeId t) {
  if (support == nullptr) return costed_or_not(s, t);
  const std::optional<int> weakest = best_weakest(s, t);
  if (!weakest) return std::nullopt;
  max_support_rank = *weakest;
  std::optional<Path> p = costed_or_not(s, t);
  max_support_rank = 0;
  return p;
}

std::optional<int> Search::best_weakest(NodeId s, NodeId t) {
  // Dijkstra on the worst hop so far instead of the sum of costs: the
  // minimax path.
  new_generation();
  using Item = std::pair<int, NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  seen_f[s] = generation;
  dist_f[s] = root_weakest;
  queue.push({root_weakest, s});
  while (!queue.empty()) {
    const int worst = queue.top().first;
    const NodeId u = queue.top().second;
    queue.pop();
    if (worst > dist_f[u]) continue;
    if (u == t) return worst;
    ++settled;
    if (out_of_time()) return std::nullopt;
    for_each_hop(u, false, [&](EdgeId e, bool, NodeId w) {
      if (!hop_ok(u, w, e) || !admits(w, s, t)) return;
      const int through = std::max(worst, support->rank(e));
      if (seen_f[w] == generation && through >= dist_f[w]) return;
      seen_f[w] = generation;
      dist_f[w] = through;
      queue.push({through, w});
    });
  }
  return std::nullopt;
}

bool Search::less(const Path& a, const Path& b) const {
  if (a.weakest != b.weakest) return a.weakest < b.weakest;
  if (std::abs(a.cost - b.cost) > kEpsilon) return a.cost < b.cost;
  if (a.hops.size() != b.hops.size()) return a.hops.size() < b.hops.size();
  for (std::size_t i = 0; i < a.vertices.size(); ++i)
    if (a.vertices[i] != b.vertices[i]) return view_.id(a.vertices[i]) < view_.id(b.vertices[i]);
  for (std::size_t i = 0; i < a.hops.size(); ++i)
    if (a.hops[i].edge != b.hops[i].edge) return a.hops[i].edge < b.hops[i].edge;
  return false;
}

}  // namespace relmap
