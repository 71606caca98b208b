// Whole-graph statistics: counts, components and centrality.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "graph.h"

namespace relmap {

/// Weak components: sizes, largest first.
std::vector<std::size_t> component_sizes(const KnowledgeGraph& graph);

/// Betweenness centrality on the undirected simple graph, normalised as
/// NetworkX does. Exact (Brandes) up to `exact_limit` vertices; beyond, it
/// is estimated from `samples` source vertices chosen with a fixed seed.
std::vector<double> betweenness(const KnowledgeGraph& graph, std::size_t exact_limit = 5000,
                                std::size_t samples = 512);

/// Counts by type and relation, components, top actors by degree and betweenness.
struct GraphStats {
  std::vector<std::pair<std::string, std::size_t>> node_types;      ///< Type name, count.
  std::vector<std::pair<std::string, std::size_t>> relation_types;  ///< Relation name, count.
  std::vector<std::size_t> components;                              ///< Sizes, largest first.
  std::vector<std::pair<Vertex, std::size_t>> top_degree;
  std::vector<std::pair<Vertex, double>> top_betweenness;
  bool betweenness_sampled = false;
};
GraphStats compute_stats(const KnowledgeGraph& graph, std::size_t top);

}  // namespace relmap
