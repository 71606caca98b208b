// Which actors and relations a query or a map may use, compiled once into
// tables that a search consults in constant time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "facts/schema.h"
#include "store/snapshot.h"

namespace relmap {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;

/// What a query may use. Actor filters apply to the actors in between,
/// never to the endpoints a user asked about.
struct QueryFilter {
  std::vector<int> relations;           ///< Relation type indices allowed; empty: all.
  std::vector<int> exclude_relations;   ///< Relation type indices excluded.
  std::vector<int> node_types;          ///< Node type indices allowed (with subtypes); empty: all.
  std::vector<int> exclude_node_types;  ///< Node type indices excluded (with subtypes).
  std::vector<NodeId> avoid;            ///< Actors never passed through.
  std::size_t max_degree = std::numeric_limits<std::size_t>::max();
  /// Valid at: [first, last] day as YYYYMMDD. Actors and relations with
  /// their own dates must overlap the span. A relation without dates of its
  /// own holds when the actors it links that have dates do (an event);
  /// when neither has any, from its source's date on; with no date at all,
  /// at every date.
  std::optional<std::pair<int, int>> as_of;
  /// Reported by: the last day (YYYYMMDD) by which the citing source must
  /// be dated. Relations citing an undated source are left out.
  std::optional<int> reported_by;
  std::vector<std::string> sources;  ///< Source ids whose facts may be used; empty: all.
  bool stated_only = false;          ///< Leave out relations the articles only imply.
  /// Only relations whose source's reliability ranks this or better
  /// (1 A … 6 F, see claims.h; ungraded sources never pass); 0: all.
  int min_reliability = 0;
  /// Only relations whose credibility ranks this or better (1 … 6); 0: all.
  int min_credibility = 0;
  /// Only claims this many independent sources say (distinct publishers); 0: all.
  std::size_t corroborated = 0;
};

/// A QueryFilter compiled against one graph.
class Filter {
 public:
  Filter(const GraphView& view, const Schema& schema, const QueryFilter& filter);

  /// True if any relation or actor may be filtered out at all; a search
  /// skips the checks when not.
  bool filters_edges() const { return filters_edges_; }
  bool filters_vertices() const { return filters_vertices_; }

  /// May a walk use relation `e`?
  bool edge_ok(EdgeId e) const;
  /// May a walk pass through `v`?
  bool vertex_ok(NodeId v) const;

  const QueryFilter& spec() const { return spec_; }

 private:
  /// The first and last day `r` holds for --as-of (see QueryFilter::as_of).
  std::pair<std::int32_t, std::int32_t> valid_span(const EdgeRecord& r) const;

  const GraphView& view_;
  const Schema& schema_;
  QueryFilter spec_;
  std::vector<char> relation_ok_, type_ok_;
  std::vector<NodeId> avoid_;    ///< Sorted.
  std::vector<NodeId> sources_;  ///< Sorted vertices of the sources allowed.
  bool filters_edges_ = false, filters_vertices_ = false;
};

}  // namespace relmap
