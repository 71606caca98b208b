// Queries on the knowledge graph: shortest links between actors (plain,
// all-shortest, k-shortest, weighted), ego networks and common neighbours,
// all under the same filters.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "graph.h"

namespace relmap {

/// Which actors and relations a query may use. Actor filters apply to the
/// actors in between, never to the endpoints a user asked about.
struct QueryFilter {
  std::vector<int> relations;           ///< Relation type indices allowed; empty: all.
  std::vector<int> exclude_relations;   ///< Relation type indices excluded.
  std::vector<int> node_types;          ///< Node type indices allowed (with subtypes); empty: all.
  std::vector<int> exclude_node_types;  ///< Node type indices excluded (with subtypes).
  std::vector<Vertex> avoid;            ///< Actors never passed through.
  std::size_t max_degree = std::numeric_limits<std::size_t>::max();
  std::optional<std::pair<int, int>> as_of;  ///< [first, last] day as YYYYMMDD.
  std::vector<std::string> sources;     ///< Source ids whose facts may be used; empty: all.
};

/// One step of a path: a relation and whether the walk follows its stored
/// direction (forward) or goes against it (backward).
struct Hop {
  Edge edge;
  bool forward = true;
};

struct Path {
  std::vector<Vertex> vertices;  ///< Walk order, endpoints included.
  std::vector<Hop> hops;         ///< hops[i] links vertices[i] and vertices[i+1].
  double cost = 0;
};

struct PathOptions {
  bool directed = false;  ///< Follow relations only in their stored direction.
  bool weighted = false;  ///< Cost of a hop is its relation's weight; else 1.
  bool parallel = false;  ///< Parallel relations make distinct paths.
  bool all = false;       ///< Every shortest path.
  int k = 1;              ///< The k shortest loop-free paths (Yen).
  std::size_t limit = 100;  ///< At most this many paths with `all`.
};

/// Answers queries on one graph. Keeps scratch arrays across queries so that
/// a query touches only the part of the graph it explores.
class QueryEngine {
 public:
  QueryEngine(const KnowledgeGraph& graph, QueryFilter filter);
  ~QueryEngine();
  QueryEngine(const QueryEngine&) = delete;
  QueryEngine& operator=(const QueryEngine&) = delete;

  /// Paths from `from` to `to` in order of cost (then hops, then ids).
  std::vector<Path> paths(Vertex from, Vertex to, const PathOptions& options);

  /// Actors within `depth` hops of `center` (center first, then by distance
  /// and fact order) and the relations among them that the walk used.
  struct Neighbourhood {
    std::vector<std::pair<Vertex, int>> nodes;  ///< Vertex and distance.
    std::vector<Edge> edges;                    ///< In fact order.
  };
  Neighbourhood neighbours(Vertex center, int depth, bool directed);

  /// Actors linked directly to both `a` and `b`, with the linking relations.
  struct Common {
    Vertex vertex;
    std::vector<Hop> via_a;  ///< Relations between a and this actor (walk from a).
    std::vector<Hop> via_b;  ///< Relations between b and this actor (walk from b).
  };
  std::vector<Common> common(Vertex a, Vertex b);

  /// True if the filter lets a walk pass through `v` (endpoints excepted).
  bool vertex_allowed(Vertex v) const;
  /// True if the filter lets a walk use `e`.
  bool edge_allowed(Edge e) const;

 private:
  struct Impl;
  Impl* impl_;
};

/// Parse an --as-of date (YYYY, YYYY-MM or YYYY-MM-DD) into its first and
/// last day; nullopt if malformed.
std::optional<std::pair<int, int>> parse_as_of(const std::string& text);

}  // namespace relmap
