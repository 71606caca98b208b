#include "query/query.h"

#include <algorithm>

#include "graph/graph.h"
#include "query/paths.h"

namespace relmap {

QueryEngine::QueryEngine(const GraphView& view, const Schema& schema, QueryFilter filter)
    : filter_(view, schema, filter), search_(view, schema, filter_) {}

QueryEngine::QueryEngine(const KnowledgeGraph& graph, QueryFilter filter)
    : QueryEngine(graph.view(), graph.schema(), std::move(filter)) {}

std::vector<Path> QueryEngine::paths(NodeId from, NodeId to, const PathOptions& options) {
  Search& q = search_;
  q.directed = options.directed;
  q.weighted = options.weighted;
  q.parallel = options.parallel;
  std::vector<Path> out;
  if (options.all) {
    out = all_shortest(q, from, to, options.limit);
  } else if (options.k > 1) {
    out = k_shortest(q, from, to, options.k);
  } else if (auto p = q.shortest(from, to)) {
    out.push_back(std::move(*p));
  }
  std::stable_sort(out.begin(), out.end(), [&](const Path& a, const Path& b) { return q.less(a, b); });
  return out;
}

}  // namespace relmap
