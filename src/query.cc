#include "query.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "dates.h"
#include "schema.h"

namespace relmap {

namespace {

constexpr double kEpsilon = 1e-9;

/// True if the period given by `start` and `end` properties overlaps `day`.
bool valid_at(const Properties& props, std::string_view start_key, const std::pair<int, int>& day) {
  PartialDate d;
  const auto* start = find_property(props, start_key);
  if (start == nullptr && start_key != "start") start = find_property(props, "start");
  if (start != nullptr && !start->empty() && parse_date(start->front(), &d) && date_floor(d) > day.second)
    return false;
  const auto* end = find_property(props, "end");
  if (end != nullptr && !end->empty() && parse_date(end->front(), &d) && date_ceiling(d) < day.first)
    return false;
  return true;
}

}  // namespace

std::optional<std::pair<int, int>> parse_as_of(const std::string& text) { return date_span(text); }

struct QueryEngine::Impl {
  using Graph = KnowledgeGraph::Graph;

  /// How a search reached a vertex: from `prev` through `edge`.
  struct Parent {
    Vertex prev;
    Edge edge;
    bool forward;
  };

  Impl(const KnowledgeGraph& graph, QueryFilter f) : kg(graph), g(graph.graph()), filter(std::move(f)) {
    const Schema& schema = graph.schema();
    rel_ok.assign(schema.relation_types().size(), filter.relations.empty());
    for (int r : filter.relations) rel_ok[r] = true;
    for (int r : filter.exclude_relations) rel_ok[r] = false;
    type_ok.assign(schema.node_types().size(), filter.node_types.empty());
    for (std::size_t t = 0; t < schema.node_types().size(); ++t) {
      const std::string& name = schema.node_types()[t].name;
      for (int allowed : filter.node_types)
        if (schema.is_a(name, schema.node_types()[allowed].name)) type_ok[t] = true;
      for (int excluded : filter.exclude_node_types)
        if (schema.is_a(name, schema.node_types()[excluded].name)) type_ok[t] = false;
      start_key.push_back(schema.is_a(name, kSourceType) ? "start" : "date");
    }
    avoid.insert(filter.avoid.begin(), filter.avoid.end());
    sources.insert(filter.sources.begin(), filter.sources.end());
    // Without filters a search skips the checks altogether.
    edge_filter = std::count(rel_ok.begin(), rel_ok.end(), 0) > 0 || !sources.empty() || filter.as_of;
    vertex_filter = std::count(type_ok.begin(), type_ok.end(), 0) > 0 || !avoid.empty() || filter.as_of ||
                    filter.max_degree != std::numeric_limits<std::size_t>::max();
  }

  bool edge_ok(Edge e) const {
    const EdgeProps& p = g[e];
    if (!rel_ok[p.relation]) return false;
    if (!sources.empty() && !sources.count(p.source)) return false;
    if (filter.as_of && !valid_at(p.properties, "start", *filter.as_of)) return false;
    return true;
  }

  bool vertex_ok(Vertex v) const {
    const NodeProps& n = g[v];
    if (!type_ok[n.type] || avoid.count(v)) return false;
    if (filter.max_degree != std::numeric_limits<std::size_t>::max() &&
        boost::out_degree(v, g) + boost::in_degree(v, g) > filter.max_degree)
      return false;
    if (filter.as_of && !valid_at(n.properties, start_key[n.type], *filter.as_of)) return false;
    return true;
  }

  double hop_cost(Edge e) const {
    return weighted ? kg.schema().relation_types()[g[e].relation].weight : 1.0;
  }

  bool symmetric(Edge e) const { return kg.schema().relation_types()[g[e].relation].symmetric; }

  /// Call f(edge, forward, other) for each hop that leaves v (walk v→other),
  /// or with `reverse` each hop that arrives at v (walk other→v).
  template <class F>
  void for_each_hop(Vertex v, bool reverse, F&& f) const {
    for (Edge e : boost::make_iterator_range(boost::out_edges(v, g))) {
      // Stored v→w: walking v→w is forward; walking w→v is backward.
      if (!reverse || !directed || symmetric(e)) f(e, !reverse, boost::target(e, g));
    }
    for (Edge e : boost::make_iterator_range(boost::in_edges(v, g))) {
      // Stored u→v: walking u→v is forward; walking v→u is backward.
      if (reverse || !directed || symmetric(e)) f(e, reverse, boost::source(e, g));
    }
  }

  std::uint64_t hop_key(Vertex from, Vertex to, Edge e) const {
    if (parallel) return (std::uint64_t{1} << 63) | g[e].index;
    return (static_cast<std::uint64_t>(from) << 32) | static_cast<std::uint64_t>(to);
  }

  /// May the walk step from u to w over e, in the current search?
  bool hop_ok(Vertex u, Vertex w, Edge e) const {
    if (edge_filter && !edge_ok(e)) return false;
    return banned_hops.empty() || !banned_hops.count(hop_key(u, w, e));
  }

  /// May a search that runs from s to t reach v? Checked once, when v is
  /// first reached; the endpoints are always allowed.
  bool admits(Vertex v, Vertex s, Vertex t) const {
    if (vertex_filter && v != s && v != t && !vertex_ok(v)) return false;
    return banned_vertices.empty() || !banned_vertices.count(v);
  }

  /// The cheapest usable relation for a walk from u to w (fact order breaks ties).
  std::optional<Hop> best_hop(Vertex u, Vertex w) const {
    std::optional<Hop> best;
    double best_cost = 0;
    for_each_hop(u, false, [&](Edge e, bool forward, Vertex other) {
      if (other != w || !hop_ok(u, w, e)) return;
      const double c = hop_cost(e);
      if (!best || c < best_cost - kEpsilon ||
          (std::abs(c - best_cost) <= kEpsilon && g[e].index < g[best->edge].index)) {
        best = Hop{e, forward};
        best_cost = c;
      }
    });
    return best;
  }

  void ensure_scratch() {
    const std::size_t n = boost::num_vertices(g);
    if (seen_f.size() == n) return;
    seen_f.assign(n, 0);
    seen_b.assign(n, 0);
    dist_f.assign(n, 0);
    dist_b.assign(n, 0);
    cost.assign(n, 0);
    cost_b.assign(n, 0);
    parent_f.resize(n);
    parent_b.resize(n);
  }

  void new_generation() {
    ensure_scratch();
    if (++generation == 0) {  // wrapped: clear once
      std::fill(seen_f.begin(), seen_f.end(), 0);
      std::fill(seen_b.begin(), seen_b.end(), 0);
      generation = 1;
    }
  }

  /// Finish a path: fill hops (best relation per pair unless parallel) and cost.
  std::optional<Path> finish(std::vector<Vertex> vertices, std::vector<Hop> hops) const {
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
    for (const Hop& h : p.hops) p.cost += hop_cost(h.edge);
    return p;
  }

  /// Bidirectional breadth-first search, expanding the smaller frontier a
  /// whole level at a time. Fills dist_f/dist_b and parents; returns the
  /// meeting vertices of minimum total length (empty when unreachable).
  std::vector<Vertex> bfs_meet(Vertex s, Vertex t) {
    new_generation();
    seen_f[s] = generation;
    dist_f[s] = 0;
    seen_b[t] = generation;
    dist_b[t] = 0;
    std::vector<Vertex> front_f{s}, front_b{t}, next, meets;
    int best = std::numeric_limits<int>::max();
    while (!front_f.empty() && !front_b.empty() && meets.empty()) {
      const bool forward = front_f.size() <= front_b.size();
      std::vector<Vertex>& front = forward ? front_f : front_b;
      std::vector<std::uint32_t>& seen = forward ? seen_f : seen_b;
      std::vector<std::uint32_t>& other_seen = forward ? seen_b : seen_f;
      std::vector<int>& dist = forward ? dist_f : dist_b;
      std::vector<int>& other_dist = forward ? dist_b : dist_f;
      std::vector<Parent>& parent = forward ? parent_f : parent_b;
      next.clear();
      for (Vertex u : front) {
        for_each_hop(u, !forward, [&](Edge e, bool fwd, Vertex w) {
          const bool ok = (forward ? hop_ok(u, w, e) : hop_ok(w, u, e)) && admits(w, s, t);
          if (!ok || seen[w] == generation) return;
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

  std::optional<Path> bfs(Vertex s, Vertex t) {
    if (s == t) return Path{{s}, {}, 0};
    const std::vector<Vertex> meets = bfs_meet(s, t);
    if (meets.empty()) return std::nullopt;
    std::vector<Vertex> vertices;
    std::vector<Hop> hops;
    unwind(s, meets.front(), parent_f, &vertices, &hops);
    for (Vertex v = meets.front(); v != t; v = parent_b[v].prev) {
      vertices.push_back(parent_b[v].prev);
      hops.push_back({parent_b[v].edge, parent_b[v].forward});
    }
    return finish(std::move(vertices), std::move(hops));
  }

  /// Every shortest path by hop count: a bidirectional search finds the
  /// meeting layer; each path is a shortest prefix s→m in the forward layers
  /// and a shortest suffix m→t in the backward layers.
  std::vector<Path> all_shortest_unweighted(Vertex s, Vertex t, std::size_t limit) {
    std::vector<Path> out;
    if (s == t) return {Path{{s}, {}, 0}};
    const std::vector<Vertex> meets = bfs_meet(s, t);
    std::vector<Vertex> prefix_v, suffix_v;
    std::vector<Hop> prefix_h, suffix_h;
    // Steps one layer closer to the start (forward side) or the end (backward).
    auto steps = [&](Vertex v, bool towards_start, auto&& visit) {
      std::vector<Vertex> done;
      for_each_hop(v, towards_start, [&](Edge e, bool fwd, Vertex w) {
        const bool layered = towards_start
                                 ? seen_f[w] == generation && dist_f[w] == dist_f[v] - 1 && hop_ok(w, v, e)
                                 : seen_b[w] == generation && dist_b[w] == dist_b[v] - 1 && hop_ok(v, w, e);
        if (!layered) return;
        if (!parallel) {
          if (std::find(done.begin(), done.end(), w) != done.end()) return;
          done.push_back(w);
        }
        visit(w, Hop{e, fwd});
      });
    };
    std::function<void(Vertex)> suffixes = [&](Vertex v) {
      if (out.size() >= limit) return;
      if (v == t) {
        std::vector<Vertex> vs(prefix_v.rbegin(), prefix_v.rend());
        std::vector<Hop> hs(prefix_h.rbegin(), prefix_h.rend());
        vs.insert(vs.end(), suffix_v.begin(), suffix_v.end());
        hs.insert(hs.end(), suffix_h.begin(), suffix_h.end());
        if (auto p = finish(std::move(vs), std::move(hs))) out.push_back(std::move(*p));
        return;
      }
      steps(v, false, [&](Vertex w, Hop h) {
        suffix_v.push_back(w);
        suffix_h.push_back(h);
        suffixes(w);
        suffix_v.pop_back();
        suffix_h.pop_back();
      });
    };
    std::function<void(Vertex, Vertex)> prefixes = [&](Vertex v, Vertex m) {
      if (out.size() >= limit) return;
      if (v == s) {
        suffixes(m);
        return;
      }
      steps(v, true, [&](Vertex w, Hop h) {
        prefix_v.push_back(w);
        prefix_h.push_back(h);
        prefixes(w, m);
        prefix_v.pop_back();
        prefix_h.pop_back();
      });
    };
    for (Vertex m : meets) {
      prefix_v = {m};
      prefix_h.clear();
      prefixes(m, m);
    }
    return out;
  }

  /// Walk parents from v back to the search's start; returns vertices and
  /// hops in walk order from the start to v.
  void unwind(Vertex start, Vertex v, const std::vector<Parent>& parent, std::vector<Vertex>* vertices,
              std::vector<Hop>* hops) const {
    for (; v != start; v = parent[v].prev) {
      vertices->push_back(v);
      hops->push_back({parent[v].edge, parent[v].forward});
    }
    vertices->push_back(start);
    std::reverse(vertices->begin(), vertices->end());
    std::reverse(hops->begin(), hops->end());
  }

  /// Bidirectional Dijkstra: grows the side whose next vertex is cheaper and
  /// stops once the two frontiers together cost more than the best meeting.
  std::optional<Path> dijkstra(Vertex s, Vertex t) {
    if (s == t) return Path{{s}, {}, 0};
    new_generation();
    using Item = std::pair<double, Vertex>;
    using Queue = std::priority_queue<Item, std::vector<Item>, std::greater<Item>>;
    Queue queue_f, queue_b;
    seen_f[s] = generation;
    cost[s] = 0;
    seen_b[t] = generation;
    cost_b[t] = 0;
    queue_f.push({0, s});
    queue_b.push({0, t});
    double best = std::numeric_limits<double>::infinity();
    struct Meeting {
      Vertex u, w;  // walk u→w over edge, u reached from s and w from t
      Edge edge;
      bool forward;
    };
    std::optional<Meeting> meet;
    while (!queue_f.empty() && !queue_b.empty()) {
      if (queue_f.top().first + queue_b.top().first >= best - kEpsilon) break;
      const bool forward = queue_f.top().first <= queue_b.top().first;
      Queue& queue = forward ? queue_f : queue_b;
      auto [c, u] = queue.top();
      queue.pop();
      std::vector<double>& dist = forward ? cost : cost_b;
      std::vector<double>& other = forward ? cost_b : cost;
      std::vector<std::uint32_t>& seen = forward ? seen_f : seen_b;
      std::vector<std::uint32_t>& other_seen = forward ? seen_b : seen_f;
      std::vector<Parent>& parent = forward ? parent_f : parent_b;
      if (c > dist[u] + kEpsilon) continue;
      for_each_hop(u, !forward, [&](Edge e, bool fwd, Vertex w) {
        if (!(forward ? hop_ok(u, w, e) : hop_ok(w, u, e)) || !admits(w, s, t)) return;
        const double nc = c + hop_cost(e);
        if (other_seen[w] == generation && nc + other[w] < best - kEpsilon) {
          best = nc + other[w];
          meet = forward ? Meeting{u, w, e, fwd} : Meeting{w, u, e, fwd};
        }
        if (seen[w] == generation && nc >= dist[w] - kEpsilon) return;
        seen[w] = generation;
        dist[w] = nc;
        parent[w] = {u, e, fwd};
        queue.push({nc, w});
      });
    }
    if (!meet) return std::nullopt;
    std::vector<Vertex> vertices;
    std::vector<Hop> hops;
    unwind(s, meet->u, parent_f, &vertices, &hops);
    hops.push_back({meet->edge, meet->forward});
    for (Vertex v = meet->w;; v = parent_b[v].prev) {
      vertices.push_back(v);
      if (v == t) break;
      hops.push_back({parent_b[v].edge, parent_b[v].forward});
    }
    return finish(std::move(vertices), std::move(hops));
  }

  std::optional<Path> shortest(Vertex s, Vertex t) { return weighted ? dijkstra(s, t) : bfs(s, t); }

  /// Every minimum-cost path by weight, up to `limit`.
  std::vector<Path> all_shortest_weighted(Vertex s, Vertex t, std::size_t limit) {
    struct Pred {
      Vertex prev;
      Edge edge;
      bool forward;
    };
    std::unordered_map<Vertex, std::vector<Pred>> preds;
    std::unordered_map<Vertex, double> best;
    using Item = std::pair<double, Vertex>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    best[s] = 0;
    queue.push({0, s});
    std::optional<double> target_cost;
    while (!queue.empty()) {
      auto [c, u] = queue.top();
      queue.pop();
      if (c > best[u] + kEpsilon) continue;
      if (target_cost && c > *target_cost + kEpsilon) break;
      if (u == t) {
        target_cost = c;
        continue;
      }
      for_each_hop(u, false, [&](Edge e, bool fwd, Vertex w) {
        if (w == s || !hop_ok(u, w, e) || !admits(w, s, t)) return;
        const double nc = c + hop_cost(e);
        auto it = best.find(w);
        if (it == best.end() || nc < it->second - kEpsilon) {
          best[w] = nc;
          preds[w] = {{u, e, fwd}};
          queue.push({nc, w});
        } else if (std::abs(nc - it->second) <= kEpsilon) {
          std::vector<Pred>& list = preds[w];
          // Without --parallel, one entry per predecessor actor.
          if (parallel || std::none_of(list.begin(), list.end(), [&](const Pred& p) { return p.prev == u; }))
            list.push_back({u, e, fwd});
        }
      });
    }
    std::vector<Path> out;
    if (!target_cost) return out;
    std::vector<Vertex> vertices{t};
    std::vector<Hop> hops;
    std::function<void(Vertex)> walk = [&](Vertex v) {
      if (out.size() >= limit) return;
      if (v == s) {
        std::vector<Vertex> vs(vertices.rbegin(), vertices.rend());
        std::vector<Hop> hs(hops.rbegin(), hops.rend());
        if (auto p = finish(std::move(vs), std::move(hs))) out.push_back(std::move(*p));
        return;
      }
      for (const Pred& p : preds[v]) {
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

  std::vector<std::uint64_t> keys_of(const Path& p) const {
    std::vector<std::uint64_t> keys;
    for (std::size_t i = 0; i < p.hops.size(); ++i)
      keys.push_back(hop_key(p.vertices[i], p.vertices[i + 1], p.hops[i].edge));
    return keys;
  }

  /// Yen's k shortest loop-free paths.
  std::vector<Path> yen(Vertex s, Vertex t, int k) {
    std::vector<Path> accepted;
    auto first = shortest(s, t);
    if (!first) return accepted;
    accepted.push_back(std::move(*first));
    std::set<std::vector<std::uint64_t>> known{keys_of(accepted.back())};
    std::vector<Path> candidates;
    while (static_cast<int>(accepted.size()) < k) {
      const Path& last = accepted.back();
      const std::vector<std::uint64_t> last_keys = keys_of(last);
      for (std::size_t i = 0; i + 1 < last.vertices.size(); ++i) {
        const Vertex spur = last.vertices[i];
        banned_hops.clear();
        banned_vertices.clear();
        for (const Path& p : accepted) {
          if (p.hops.size() <= i) continue;
          const std::vector<std::uint64_t> keys = keys_of(p);
          if (std::equal(keys.begin(), keys.begin() + i, last_keys.begin())) banned_hops.insert(keys[i]);
        }
        for (std::size_t j = 0; j < i; ++j) banned_vertices.insert(last.vertices[j]);
        auto spur_path = shortest(spur, t);
        banned_hops.clear();
        banned_vertices.clear();
        if (!spur_path) continue;
        Path total;
        total.vertices.assign(last.vertices.begin(), last.vertices.begin() + i);
        total.vertices.insert(total.vertices.end(), spur_path->vertices.begin(), spur_path->vertices.end());
        total.hops.assign(last.hops.begin(), last.hops.begin() + i);
        total.hops.insert(total.hops.end(), spur_path->hops.begin(), spur_path->hops.end());
        for (const Hop& h : total.hops) total.cost += hop_cost(h.edge);
        if (known.insert(keys_of(total)).second) candidates.push_back(std::move(total));
      }
      if (candidates.empty()) break;
      auto best = std::min_element(candidates.begin(), candidates.end(),
                                   [&](const Path& a, const Path& b) { return less(a, b); });
      accepted.push_back(std::move(*best));
      candidates.erase(best);
    }
    return accepted;
  }

  /// Order: cost, then hops, then the ids along the path, then fact order.
  bool less(const Path& a, const Path& b) const {
    if (std::abs(a.cost - b.cost) > kEpsilon) return a.cost < b.cost;
    if (a.hops.size() != b.hops.size()) return a.hops.size() < b.hops.size();
    for (std::size_t i = 0; i < a.vertices.size(); ++i)
      if (a.vertices[i] != b.vertices[i]) return g[a.vertices[i]].id < g[b.vertices[i]].id;
    for (std::size_t i = 0; i < a.hops.size(); ++i)
      if (g[a.hops[i].edge].index != g[b.hops[i].edge].index)
        return g[a.hops[i].edge].index < g[b.hops[i].edge].index;
    return false;
  }

  const KnowledgeGraph& kg;
  const Graph& g;
  QueryFilter filter;
  std::vector<char> rel_ok, type_ok;
  std::vector<std::string> start_key;  // per node type: property that starts its validity
  std::unordered_set<Vertex> avoid;
  std::unordered_set<std::string> sources;
  bool edge_filter = false, vertex_filter = false;
  bool directed = false, weighted = false, parallel = false;
  std::unordered_set<Vertex> banned_vertices;
  std::unordered_set<std::uint64_t> banned_hops;
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> seen_f, seen_b;
  std::vector<int> dist_f, dist_b;
  std::vector<double> cost, cost_b;
  std::vector<Parent> parent_f, parent_b;
};

QueryEngine::QueryEngine(const KnowledgeGraph& graph, QueryFilter filter)
    : impl_(new Impl(graph, std::move(filter))) {}

QueryEngine::~QueryEngine() { delete impl_; }

bool QueryEngine::vertex_allowed(Vertex v) const { return impl_->vertex_ok(v); }
bool QueryEngine::edge_allowed(Edge e) const { return impl_->edge_ok(e); }

std::vector<Path> QueryEngine::paths(Vertex from, Vertex to, const PathOptions& options) {
  Impl& m = *impl_;
  m.directed = options.directed;
  m.weighted = options.weighted;
  m.parallel = options.parallel;
  std::vector<Path> out;
  if (options.all) {
    out = m.weighted ? m.all_shortest_weighted(from, to, options.limit)
                     : m.all_shortest_unweighted(from, to, options.limit);
  } else if (options.k > 1) {
    out = m.yen(from, to, options.k);
  } else if (auto p = m.shortest(from, to)) {
    out.push_back(std::move(*p));
  }
  std::stable_sort(out.begin(), out.end(), [&](const Path& a, const Path& b) { return m.less(a, b); });
  return out;
}

QueryEngine::Neighbourhood QueryEngine::neighbours(Vertex center, int depth, bool directed) {
  Impl& m = *impl_;
  m.directed = directed;
  m.parallel = true;
  Neighbourhood out;
  std::unordered_map<Vertex, int> dist{{center, 0}};
  out.nodes.push_back({center, 0});
  std::vector<Vertex> front{center}, next;
  for (int d = 1; d <= depth && !front.empty(); ++d) {
    next.clear();
    for (Vertex u : front) {
      m.for_each_hop(u, false, [&](Edge e, bool, Vertex w) {
        if (dist.count(w) || !m.hop_ok(u, w, e) || !m.admits(w, center, center)) return;
        dist[w] = d;
        next.push_back(w);
      });
    }
    std::sort(next.begin(), next.end());
    for (Vertex v : next) out.nodes.push_back({v, d});
    front.swap(next);
  }
  for (const auto& [v, d] : out.nodes) {
    for (Edge e : boost::make_iterator_range(boost::out_edges(v, m.g))) {
      if (dist.count(boost::target(e, m.g)) && m.edge_ok(e)) out.edges.push_back(e);
    }
  }
  std::sort(out.edges.begin(), out.edges.end(),
            [&](Edge a, Edge b) { return m.g[a].index < m.g[b].index; });
  return out;
}

std::vector<QueryEngine::Common> QueryEngine::common(Vertex a, Vertex b) {
  Impl& m = *impl_;
  m.directed = false;
  m.parallel = true;
  auto links = [&](Vertex from) {
    std::unordered_map<Vertex, std::vector<Hop>> out;
    m.for_each_hop(from, false, [&](Edge e, bool forward, Vertex w) {
      if (w != a && w != b && m.edge_ok(e) && m.vertex_ok(w)) out[w].push_back({e, forward});
    });
    return out;
  };
  auto from_a = links(a);
  auto from_b = links(b);
  std::vector<Common> out;
  for (auto& [v, hops] : from_a) {
    auto it = from_b.find(v);
    if (it != from_b.end()) out.push_back({v, std::move(hops), std::move(it->second)});
  }
  auto by_index = [&](const Hop& x, const Hop& y) { return m.g[x.edge].index < m.g[y.edge].index; };
  for (Common& c : out) {
    std::sort(c.via_a.begin(), c.via_a.end(), by_index);
    std::sort(c.via_b.begin(), c.via_b.end(), by_index);
  }
  std::sort(out.begin(), out.end(), [](const Common& x, const Common& y) { return x.vertex < y.vertex; });
  return out;
}

}  // namespace relmap
