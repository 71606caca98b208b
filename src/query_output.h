// Query results as text for people and JSON for programs.
#pragma once

#include <string>
#include <vector>

#include "query.h"
#include "stats.h"

namespace relmap {

/// `A —[label]→ B` lines with the source and evidence of each hop.
std::string paths_to_text(const KnowledgeGraph& graph, Vertex from, Vertex to,
                          const std::vector<Path>& paths);
/// {"from", "to", "paths": [{"length", "cost", "hops": [...]}]}.
std::string paths_to_json(const KnowledgeGraph& graph, Vertex from, Vertex to,
                          const std::vector<Path>& paths);

std::string neighbours_to_text(const KnowledgeGraph& graph, const QueryEngine::Neighbourhood& n, int depth);
/// {"center", "depth", "nodes": [{"id", "type", "label", "distance"}],
///  "relations": [{"from", "to", "relation", "label", "cites", "evidence"}]}.
std::string neighbours_to_json(const KnowledgeGraph& graph, const QueryEngine::Neighbourhood& n, int depth);

std::string common_to_text(const KnowledgeGraph& graph, Vertex a, Vertex b,
                           const std::vector<QueryEngine::Common>& common);
/// {"a", "b", "common": [{"id", "type", "label", "via_a": [hop], "via_b": [hop]}]}.
std::string common_to_json(const KnowledgeGraph& graph, Vertex a, Vertex b,
                           const std::vector<QueryEngine::Common>& common);

std::string stats_to_text(const KnowledgeGraph& graph, const GraphStats& stats);
/// {"nodes", "relations", "node_types": {..}, "relation_types": {..},
///  "components": {"count", "sizes"}, "top_degree": [{"id", "label", "degree"}],
///  "top_betweenness": [{"id", "label", "betweenness"}], "betweenness_sampled"}.
std::string stats_to_json(const KnowledgeGraph& graph, const GraphStats& stats);

}  // namespace relmap
