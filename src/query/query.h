// Queries on the knowledge graph's snapshot: shortest links between actors
// (plain, all-shortest, k-shortest, weighted), ego networks and common
// neighbors, all under the same filters.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/filter.h"
#include "query/search.h"

namespace relmap {

class KnowledgeGraph;

/// How the paths of an answer are ordered.
enum class Rank {
  kLength,       ///< By cost: hops, or relation weights with `weighted`.
  kSupported,    ///< By the support of the weakest hop (claims.h), then by cost.
  kInformative,  ///< By degree product: paths through hubs last (Hetionet's degree-weighted path counts).
};

/// The rank's name as the command line writes it: "length", "supported", "informative".
const char* rank_name(Rank rank);
/// How an answer was ranked, in a sentence for its reader.
std::string rank_explanation(Rank rank, bool weighted);

struct PathOptions {
  bool directed = false;    ///< Follow relations only in their stored direction.
  bool weighted = false;    ///< Cost of a hop is its relation's weight; else 1.
  bool parallel = false;    ///< Parallel relations make distinct paths.
  bool all = false;         ///< Every shortest path.
  int k = 1;                ///< The k shortest loop-free paths (Yen).
  std::size_t limit = 100;  ///< At most this many paths with `all`.
  Rank rank = Rank::kLength;
};

/// Answers queries on one snapshot under one filter; keeps its scratch
/// arrays across queries.
class QueryEngine {
 public:
  QueryEngine(const GraphView& view, const Schema& schema, QueryFilter filter);
  /// The same on the snapshot a graph was built from.
  QueryEngine(const KnowledgeGraph& graph, QueryFilter filter);

  /// Searches give up at `deadline` (none: never); timed_out() then says
  /// that the last answer is incomplete.
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
    search_.deadline = deadline;
  }
  bool timed_out() const { return search_.timed_out; }

  /// Paths from `from` to `to` in order of cost (then hops, then ids).
  std::vector<Path> paths(NodeId from, NodeId to, const PathOptions& options);

  /// Actors within `depth` hops of `center` (center first, then by distance
  /// and vertex order) and the relations among them that the filter allows.
  struct Neighborhood {
    std::vector<std::pair<NodeId, int>> nodes;  ///< Vertex and distance.
    std::vector<EdgeId> edges;                  ///< In fact order.
  };
  Neighborhood neighbors(NodeId center, int depth, bool directed);

  /// Actors linked directly to both `a` and `b`, with the linking relations.
  struct Common {
    NodeId vertex;
    std::vector<Hop> via_a;  ///< Relations between a and this actor (walk from a).
    std::vector<Hop> via_b;  ///< Relations between b and this actor (walk from b).
  };
  std::vector<Common> common(NodeId a, NodeId b);

  /// True if the filter lets a walk pass through `v` (endpoints excepted).
  bool vertex_allowed(NodeId v) const { return !filter_.filters_vertices() || filter_.vertex_ok(v); }
  /// True if the filter lets a walk use `e`.
  bool edge_allowed(EdgeId e) const { return !filter_.filters_edges() || filter_.edge_ok(e); }

  /// Actors the last query examined the neighbors of.
  std::size_t settled() const { return search_.settled; }

 private:
  Filter filter_;
  Search search_;
  std::unique_ptr<SupportRanks> support_;  ///< Made when first ranking by support.
  const Schema& schema_;
};

}  // namespace relmap
