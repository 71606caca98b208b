// Ego networks and common neighbors.
#include <algorithm>

#include "query/query.h"

namespace relmap {

QueryEngine::Neighborhood QueryEngine::neighbors(NodeId center, int depth, bool directed) {
  Search& q = search_;
  q.directed = directed;
  q.parallel = true;
  q.new_generation();
  Neighborhood out;
  q.seen_f[center] = q.generation;
  q.dist_f[center] = 0;
  out.nodes.push_back({center, 0});
  std::vector<NodeId> front{center}, next;
  for (int d = 1; d <= depth && !front.empty(); ++d) {
    next.clear();
    for (NodeId u : front) {
      ++q.settled;
      q.for_each_hop(u, false, [&](EdgeId e, bool, NodeId w) {
        if (q.seen_f[w] == q.generation || !q.hop_ok(u, w, e) || !q.admits(w, center, center)) return;
        q.seen_f[w] = q.generation;
        q.dist_f[w] = d;
        next.push_back(w);
      });
    }
    std::sort(next.begin(), next.end());
    for (NodeId v : next) out.nodes.push_back({v, d});
    front.swap(next);
  }
  // The relations among the actors found, once each.
  const GraphView& g = q.view();
  for (const auto& [v, d] : out.nodes)
    for (EdgeId e : g.out_edges(v))
      if (q.seen_f[g.edge(e).to] == q.generation && edge_allowed(e)) out.edges.push_back(e);
  std::sort(out.edges.begin(), out.edges.end());
  return out;
}

std::vector<QueryEngine::Common> QueryEngine::common(NodeId a, NodeId b) {
  Search& q = search_;
  q.directed = false;
  q.parallel = true;
  auto links = [&](NodeId from) {
    std::vector<std::pair<NodeId, Hop>> out;
    q.for_each_hop(from, false, [&](EdgeId e, bool forward, NodeId w) {
      if (w != a && w != b && edge_allowed(e) && vertex_allowed(w)) out.push_back({w, Hop{e, forward}});
    });
    std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first < y.first : x.second.edge < y.second.edge;
    });
    return out;
  };
  const auto from_a = links(a), from_b = links(b);
  std::vector<Common> out;
  for (std::size_t i = 0, j = 0; i < from_a.size() && j < from_b.size();) {
    const NodeId va = from_a[i].first, vb = from_b[j].first;
    if (va < vb) {
      ++i;
    } else if (vb < va) {
      ++j;
    } else {
      Common c{va, {}, {}};
      for (; i < from_a.size() && from_a[i].first == va; ++i) c.via_a.push_back(from_a[i].second);
      for (; j < from_b.size() && from_b[j].first == va; ++j) c.via_b.push_back(from_b[j].second);
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace relmap
