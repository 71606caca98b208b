// Whole-graph statistics: counts, components and centrality.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "facts/schema.h"
#include "query/filter.h"
#include "store/snapshot.h"

namespace relmap {

class KnowledgeGraph;

/// Weak components: sizes, largest first; with `filter`, of the actors and
/// relations it lets a walk use (a relation only between actors it keeps).
std::vector<std::size_t> component_sizes(const GraphView& view, const Filter* filter = nullptr);
std::vector<std::size_t> component_sizes(const KnowledgeGraph& graph);

/// Betweenness centrality on the undirected simple graph, normalised as
/// NetworkX does, and how it was computed.
struct Betweenness {
  std::vector<double> score;  ///< By vertex.
  std::size_t sources = 0;    ///< Searches run: every actor when exact.
  bool exact = true;
  /// When estimated: the largest relative standard error among the `top`
  /// highest scores (0.05 is ±5%).
  double error = 0;
};

/// Exact (Brandes) up to `exact_limit` actors. Beyond, estimated from
/// searches out of actors drawn at random with a fixed seed: `samples` of
/// them, or when `samples` is 0 as many as it takes — the sample doubles
/// from 64 until each of the `top` highest scores has a relative standard
/// error below kBetweennessError (at most 2,048 searches). The searches run
/// on all cores; the result is the same on every machine.
Betweenness betweenness(const GraphView& view, std::size_t exact_limit = 5000, std::size_t samples = 0,
                        std::size_t top = 10);
Betweenness betweenness(const KnowledgeGraph& graph, std::size_t exact_limit = 5000, std::size_t samples = 0);

/// The seed of the random draw of sampled betweenness.
inline constexpr unsigned kBetweennessSeed = 20161031;
/// The relative standard error sampled betweenness aims at.
inline constexpr double kBetweennessError = 0.10;

/// Counts by type and relation, components, top actors by degree and betweenness.
struct GraphStats {
  std::size_t nodes = 0, relations = 0;
  std::vector<std::pair<std::string, std::size_t>> node_types;      ///< Type name, count.
  std::vector<std::pair<std::string, std::size_t>> relation_types;  ///< Relation name, count.
  std::vector<std::size_t> components;                              ///< Sizes, largest first.
  std::vector<std::pair<NodeId, std::size_t>> top_degree;
  std::vector<std::pair<NodeId, double>> top_betweenness;
  bool betweenness_sampled = false;
  std::size_t betweenness_sources = 0;  ///< Searches the betweenness rests on.
  double betweenness_error = 0;         ///< Largest relative standard error of the top scores.
};
/// Statistics of the whole graph, or with `filter` of what it keeps (as component_sizes).
GraphStats compute_stats(const GraphView& view, const Schema& schema, std::size_t top,
                         const Filter* filter = nullptr);
GraphStats compute_stats(const KnowledgeGraph& graph, std::size_t top);

}  // namespace relmap
