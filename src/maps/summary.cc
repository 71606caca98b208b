#include "maps/summary.h"

#include <algorithm>
#include <map>

#include "maps/views.h"

namespace relmap {

namespace {

/// One pair of actors and the relations between them, in fact order.
struct Link {
  std::vector<Edge> edges;
};

/// "5 relations: 3 member of, 2 signed" (types by count, then by name).
std::string breakdown(const KnowledgeGraph& kg, const std::vector<Edge>& edges, std::size_t types_shown) {
  std::map<std::string, std::size_t> by_type;
  for (Edge e : edges) ++by_type[kg.relation_type(e).label];
  std::vector<std::pair<std::string, std::size_t>> types(by_type.begin(), by_type.end());
  std::stable_sort(types.begin(), types.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t i = 0; i < types.size() && i < types_shown; ++i)
    out += (i ? "\n" : "") + std::to_string(types[i].second) + "\u00D7 " + types[i].first;
  if (types.size() > types_shown) out += "\n+" + std::to_string(types.size() - types_shown) + " more types";
  return out;
}

}  // namespace

std::size_t actor_count(const KnowledgeGraph& kg) {
  std::size_t n = 0;
  for (auto v : kg.vertices())
    if (!is_source(kg, v)) ++n;
  return n;
}

MapSpec summary_map(const KnowledgeGraph& kg, std::size_t actors, std::size_t links) {
  std::vector<char> source(kg.node_count(), 0);
  for (auto v : kg.vertices()) source[v] = is_source(kg, v) ? 1 : 0;
  // Degree: the relations between actors (links to sources left out).
  std::vector<std::size_t> degree(kg.node_count(), 0);
  for (Edge e : kg.edges()) {
    const Vertex s = kg.source(e), t = kg.target(e);
    if (source[s] || source[t] || s == t) continue;
    ++degree[s];
    ++degree[t];
  }
  std::vector<Vertex> order;
  for (Vertex v = 0; v < kg.node_count(); ++v)
    if (!source[v] && degree[v] > 0) order.push_back(v);
  const std::size_t candidates = order.size();
  const std::size_t top = std::min(actors, order.size());
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
      [&](Vertex a, Vertex b) { return degree[a] != degree[b] ? degree[a] > degree[b] : a < b; });
  order.resize(top);
  std::vector<char> chosen(kg.node_count(), 0);
  for (Vertex v : order) chosen[v] = 1;
  // The pairs of chosen actors, their relations in fact order.
  std::map<std::pair<Vertex, Vertex>, Link> pairs;
  for (Edge e : kg.edges()) {
    const Vertex s = kg.source(e), t = kg.target(e);
    if (s == t || !chosen[s] || !chosen[t]) continue;
    pairs[{std::min(s, t), std::max(s, t)}].edges.push_back(e);
  }
  std::vector<const Link*> strongest;
  for (const auto& [ends, link] : pairs) strongest.push_back(&link);
  std::stable_sort(strongest.begin(), strongest.end(), [&](const Link* a, const Link* b) {
    if (a->edges.size() != b->edges.size()) return a->edges.size() > b->edges.size();
    return kg.edge(a->edges.front()).index < kg.edge(b->edges.front()).index;
  });
  if (strongest.size() > links) strongest.resize(links);
  std::sort(strongest.begin(), strongest.end(), [&](const Link* a, const Link* b) {
    return kg.edge(a->edges.front()).index < kg.edge(b->edges.front()).index;
  });

  MapSpec spec;
  spec.name = "relmap";
  spec.page = kLandscapePage;
  for (const Link* link : strongest) {
    const Edge first = link->edges.front();
    const Vertex s = kg.source(first), t = kg.target(first);
    spec.edges.push_back(first);
    spec.nodes.push_back(s);
    spec.nodes.push_back(t);
    const std::size_t n = link->edges.size();
    spec.edge_labels.push_back(n == 1 ? kg.relation_type(first).label : breakdown(kg, link->edges, 2));
    std::string tip = std::to_string(n) + (n == 1 ? " relation" : " relations") + " between " +
                      kg.node(s).name + " and " + kg.node(t).name + ": " + breakdown(kg, link->edges, 12);
    std::replace(tip.begin(), tip.end(), '\n', ';');
    spec.edge_tooltips.push_back(tip);
    spec.edge_bundles.push_back(link->edges);
  }
  std::sort(spec.nodes.begin(), spec.nodes.end());
  spec.nodes.erase(std::unique(spec.nodes.begin(), spec.nodes.end()), spec.nodes.end());
  // The actors chosen, and of them those the links drawn join: a chosen
  // actor whose links are all weaker than the strongest is not drawn.
  spec.title =
      "Summary: the " + std::to_string(spec.edges.size()) + " strongest links among the " +
      std::to_string(top) + " most connected of " + std::to_string(candidates) + " actors" +
      (spec.nodes.size() < top ? ", which join " + std::to_string(spec.nodes.size()) + " of them" : "");
  spec.description = "Summary map of " + std::to_string(kg.edge_count()) +
                     " relations, chosen by degree: the " + std::to_string(top) +
                     " actors with the most relations, and among them the " +
                     std::to_string(spec.edges.size()) +
                     " pairs most often related, each drawn once and "
                     "labelled with how many relations join it and of which types. The map of every actor is "
                     "drawn on request (relmap build --full-map).";
  return spec;
}

MapSpec overview_map(const KnowledgeGraph& kg, bool full) {
  if (full) return full_map(kg);
  if (actor_count(kg) > kFullMapActorLimit) return summary_map(kg);
  // Every actor, or where they cannot fit the page even in parts, the summary.
  MapSpec spec = full_map(kg);
  spec.instead = std::make_shared<const MapSpec>(summary_map(kg));
  return spec;
}

}  // namespace relmap
