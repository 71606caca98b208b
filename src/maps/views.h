// The maps relmap draws: the full map, one per source, an ego map around an
// actor, filtered maps, and a path inside its surroundings.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "query/query.h"
#include "maps/map_spec.h"

namespace relmap {

/// Every actor and relation.
MapSpec full_map(const KnowledgeGraph& graph);

/// Relations grouped by the id of the source they cite, each in fact order.
using SourceIndex = std::unordered_map<std::string, std::vector<Edge>>;
SourceIndex index_sources(const KnowledgeGraph& graph);

/// The facts the given sources state: the relations citing them and their
/// actors (the sources themselves and the links to them left out).
MapSpec source_map(const KnowledgeGraph& graph, const std::vector<Vertex>& sources, const SourceIndex& index);

/// The actors within `depth` hops of `center` and the relations among them.
MapSpec ego_map(const KnowledgeGraph& graph, QueryEngine& engine, Vertex center, int depth);

/// Paths emphasised inside their surroundings: the best linked actors next
/// to each actor of the path (a few: the map must fit a page) and the
/// relations among them are drawn muted.
MapSpec path_map(const KnowledgeGraph& graph, QueryEngine& engine, const std::vector<Path>& paths);

/// The answer to a path query drawn on its own: the paths' actors and
/// relations, each relation numbered by its step when there is one path.
MapSpec path_answer_map(const KnowledgeGraph& graph, const std::vector<Path>& paths);

/// Keep only what the filter allows (actors in `keep` always stay); actors
/// left without relations are dropped.
void apply_filter(const KnowledgeGraph& graph, const QueryEngine& engine, const std::vector<Vertex>& keep,
                  MapSpec* spec);

/// True if the vertex is a source of evidence (an article), not an actor.
bool is_source(const KnowledgeGraph& graph, Vertex v);

/// The source entities, in fact order.
std::vector<Vertex> sources_of(const KnowledgeGraph& graph);

/// A short description of what a map shows, for its SVG <desc>.
std::string describe_map(const KnowledgeGraph& graph, const MapSpec& spec);

}  // namespace relmap
