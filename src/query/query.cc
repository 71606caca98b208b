#include "query/query.h"

#include <algorithm>
#include <cstdio>

#include "graph/graph.h"
#include "query/paths.h"

namespace relmap {

const char* rank_name(Rank rank) {
  switch (rank) {
    case Rank::kLength:
      return "length";
    case Rank::kSupported:
      return "supported";
    case Rank::kInformative:
      return "informative";
  }
  return "length";
}

std::string rank_explanation(Rank rank, bool weighted) {
  const std::string cost = weighted ? "the schema's relation weights" : "the number of hops";
  switch (rank) {
    case Rank::kLength:
      return "Ranked by length: " + cost + ".";
    case Rank::kSupported:
      return "Ranked by support: first the paths whose weakest hop is best supported (undisputed, then by "
             "credibility, then by the reliability of its best source, then by more independent sources), "
             "then by " +
             cost + ".";
    case Rank::kInformative: {
      char damping[16];
      std::snprintf(damping, sizeof damping, "%g", kDegreeDamping);
      return "Ranked by how specific: paths through well-connected actors last, by the product of each hop's "
             "end degrees to the power -" +
             std::string(damping) + ", as degree-weighted path counts weigh paths (cost: its negative log).";
    }
  }
  return {};
}

QueryEngine::QueryEngine(const GraphView& view, const Schema& schema, QueryFilter filter)
    : filter_(view, schema, filter), search_(view, schema, filter_), schema_(schema) {}

QueryEngine::QueryEngine(const KnowledgeGraph& graph, QueryFilter filter)
    : QueryEngine(graph.view(), graph.schema(), std::move(filter)) {}

std::vector<Path> QueryEngine::paths(NodeId from, NodeId to, const PathOptions& options) {
  Search& q = search_;
  q.timed_out = false;
  q.directed = options.directed;
  q.weighted = options.weighted;
  q.parallel = options.parallel;
  q.by_degree = options.rank == Rank::kInformative;
  q.support = nullptr;
  if (options.rank == Rank::kSupported) {
    if (!support_) support_ = std::make_unique<SupportRanks>(q.view(), schema_);
    q.support = support_.get();
  }
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
