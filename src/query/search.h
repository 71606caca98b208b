// Walks over a graph snapshot: the hops a walk may take under a filter, and
// the bidirectional searches every path query starts from. Scratch arrays
// are kept across searches and marked by generation, so a search touches
// only the part of the graph it explores.
#pragma once

#include <sys/mman.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include "facts/schema.h"
#include "query/claims.h"
#include "query/filter.h"
#include "store/snapshot.h"

namespace relmap {

/// One step of a path: a relation and whether the walk follows its stored
/// direction (forward) or goes against it (backward).
struct Hop {
  EdgeId edge = 0;
  bool forward = true;
};

struct Path {
  std::vector<NodeId> vertices;  ///< Walk order, endpoints included.
  std::vector<Hop> hops;         ///< hops[i] links vertices[i] and vertices[i+1].
  double cost = 0;
  /// Ranked by support: the support rank of its weakest hop (SupportRanks);
  /// else 0.
  int weakest = 0;
};

/// The damping exponent of degree-weighted path counts (Hetionet's w): a
/// path weighs the product of its hops' end degrees to the power -w.
inline constexpr double kDegreeDamping = 0.4;

/// An array of `n` zeroed T whose pages the system zeroes on first touch:
/// allocating it costs nothing until it is used. Mapped rather than
/// allocated, so that it is never zeroed whole (calloc clears memory the
/// heap reuses), which would cost a search on a large graph more than the
/// search itself.
template <class T>
class LazyArray {
 public:
  void resize(std::size_t n) {
    std::size_t bytes = (n == 0 ? 1 : n) * sizeof(T);
    // A search touches its arrays at random: in huge pages that is a few
    // faults, not one per 4 KiB. A large anonymous mapping of whole huge
    // pages starts on a huge-page boundary.
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    const bool huge = bytes >= kHuge;
    if (huge) bytes = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    if (huge) ::madvise(p, bytes, MADV_HUGEPAGE);  // only advice: where refused, small pages do
    data_ = std::unique_ptr<T, Unmap>(static_cast<T*>(p), Unmap{bytes});
  }
  T& operator[](std::size_t i) { return data_.get()[i]; }
  const T& operator[](std::size_t i) const { return data_.get()[i]; }
  /// Whether it holds an array.
  explicit operator bool() const { return data_ != nullptr; }

 private:
  struct Unmap {
    std::size_t bytes = 0;
    void operator()(T* p) const { ::munmap(p, bytes); }
  };
  std::unique_ptr<T, Unmap> data_;
};

/// Searches on one snapshot under one filter.
class Search {
 public:
  Search(const GraphView& view, const Schema& schema, const Filter& filter);
  /// Gives its scratch arrays to the next search on as many actors, so
  /// that a server's searches do not touch fresh pages each time.
  ~Search();
  Search(const Search&) = delete;
  Search& operator=(const Search&) = delete;

  const GraphView& view() const { return view_; }
  const Filter& filter() const { return filter_; }

  // How walks go; set before each query.
  bool directed = false;  ///< Only in the stored direction (symmetric relations both ways).
  bool weighted = false;  ///< A hop costs its relation's weight, else 1.
  bool parallel = false;  ///< Parallel relations make distinct paths.
  /// A hop costs kDegreeDamping × (ln degree of one end + ln degree of the
  /// other): the negative log of a path's degree product, as Hetionet's
  /// degree-weighted path counts weigh paths, so that paths through hubs
  /// cost more. Overrides `weighted`.
  bool by_degree = false;
  /// Paths ordered by the support rank of their weakest hop, then by cost
  /// (`support` must be set).
  SupportRanks* support = nullptr;
  /// Hops whose support rank is worse than this may not be used; 0: any.
  int max_support_rank = 0;
  /// Ranking by support, a search for the rest of a path whose start is
  /// fixed (Yen's spur searches): the support rank of that start's weakest hop.
  int root_weakest = 0;
  /// Hops and actors a search may not use (Yen's spur searches).
  std::unordered_set<std::uint64_t> banned_hops;
  std::unordered_set<NodeId> banned_vertices;

  /// Actors whose neighbors a search examined in the last query, for
  /// measuring how much of the graph it touched.
  std::size_t settled = 0;

  /// When searches must give up; none: never. A search past it finds
  /// nothing more, and `timed_out` says so.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  bool timed_out = false;
  /// Past the deadline (the clock read once in a while, not at every actor).
  bool out_of_time() {
    if (!deadline) return false;
    if (timed_out) return true;
    if ((checks_++ & 0xFF) == 0 && std::chrono::steady_clock::now() > *deadline) timed_out = true;
    return timed_out;
  }

  double hop_cost(EdgeId e) const {
    if (by_degree) return degree_cost(e);
    return weighted ? weight_[view_.edge(e).relation] : 1.0;
  }
  /// Whether hops have costs other than 1, found by Dijkstra.
  bool costed() const { return weighted || by_degree; }
  bool symmetric(EdgeId e) const { return symmetric_[view_.edge(e).relation] != 0; }

  /// Call f(edge, forward, other) for each hop that leaves v (walk
  /// v→other), or with `reverse` each hop that arrives at v (walk other→v).
  template <class F>
  void for_each_hop(NodeId v, bool reverse, F&& f) const {
    const std::span<const EdgeId> out = view_.out_edges(v), in = view_.in_edges(v);
    const std::span<const NodeId> out_to = view_.out_neighbors(v), in_from = view_.in_neighbors(v);
    for (std::size_t i = 0; i < out.size(); ++i)  // stored v→w
      if (!reverse || !directed || symmetric(out[i])) f(out[i], !reverse, out_to[i]);
    for (std::size_t i = 0; i < in.size(); ++i)  // stored u→v
      if (reverse || !directed || symmetric(in[i])) f(in[i], reverse, in_from[i]);
  }

  /// A key for a hop: its relation with --parallel, else the pair of actors.
  std::uint64_t hop_key(NodeId from, NodeId to, EdgeId e) const {
    if (parallel) return (std::uint64_t{1} << 63) | e;
    return (static_cast<std::uint64_t>(from) << 32) | to;
  }

  /// May the walk step from u to w over e?
  bool hop_ok(NodeId u, NodeId w, EdgeId e) const {
    if (filter_.filters_edges() && !filter_.edge_ok(e)) return false;
    if (max_support_rank != 0 && support->rank(e) > max_support_rank) return false;
    return banned_hops.empty() || !banned_hops.count(hop_key(u, w, e));
  }

  /// May a search from s to t reach v? The endpoints always may.
  bool admits(NodeId v, NodeId s, NodeId t) const {
    if (filter_.filters_vertices() && v != s && v != t && !filter_.vertex_ok(v)) return false;
    return banned_vertices.empty() || !banned_vertices.count(v);
  }

  /// The cheapest usable relation for a walk from u to w (fact order breaks ties).
  std::optional<Hop> best_hop(NodeId u, NodeId w) const;

  /// The path's cost, and its weakest hop when ranking by support.
  void measure(Path* p) const;

  /// A path from its vertices (hops chosen by best_hop unless parallel, when
  /// `hops` are kept), with its cost; nullopt if a step has no usable hop.
  std::optional<Path> finish(std::vector<NodeId> vertices, std::vector<Hop> hops) const;

  /// The shortest path: bidirectional breadth-first search, or
  /// bidirectional Dijkstra when costed; ranking by support, the shortest
  /// of those whose weakest hop is the best any path can have.
  std::optional<Path> shortest(NodeId s, NodeId t);

  /// The best support rank a path from s to t can keep on every hop (the
  /// minimax of the hops' support ranks), or nullopt when none links them;
  /// never better than root_weakest.
  std::optional<int> best_weakest(NodeId s, NodeId t);

  /// Bidirectional breadth-first search, expanding the smaller frontier a
  /// whole level at a time; returns the meeting vertices of minimum total
  /// length (empty when unreachable), with layers in dist_f/dist_b.
  std::vector<NodeId> bfs_meet(NodeId s, NodeId t);

  /// Order of answers: the weakest hop's support when ranking by support,
  /// then cost, then hops, then ids along the path, then fact order.
  bool less(const Path& a, const Path& b) const;

  // Scratch of the last search, valid where seen_* == generation.
  struct Parent {
    NodeId prev;
    EdgeId edge;
    bool forward;
  };
  std::uint32_t generation = 0;
  LazyArray<std::uint32_t> seen_f, seen_b;
  LazyArray<int> dist_f, dist_b;
  LazyArray<double> cost_f, cost_b;
  LazyArray<Parent> parent_f, parent_b;

  /// Start a new search: everything unseen.
  void new_generation();

 private:
  std::optional<Path> bfs(NodeId s, NodeId t);
  std::optional<Path> dijkstra(NodeId s, NodeId t);
  std::optional<Path> costed_or_not(NodeId s, NodeId t) { return costed() ? dijkstra(s, t) : bfs(s, t); }
  double degree_cost(EdgeId e) const;
  /// Between two relations of equal cost: the better supported when
  /// ranking by support, then the first in fact order.
  bool better_supported(EdgeId e, EdgeId than) const;
  void unwind(NodeId start, NodeId v, const LazyArray<Parent>& parent, std::vector<NodeId>* vertices,
              std::vector<Hop>* hops) const;

  const GraphView& view_;
  const Filter& filter_;
  std::vector<double> weight_;   ///< By relation type.
  std::vector<char> symmetric_;  ///< By relation type.
  bool scratch_ = false;
  std::size_t nodes_ = view_.node_count();  ///< For the scratch kept after it.
  std::uint32_t checks_ = 0;
};

}  // namespace relmap
