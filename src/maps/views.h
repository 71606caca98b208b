// The maps relmap draws: the full map, one per source, an ego map around an
// actor, filtered maps, and a path inside its surroundings; and the table of
// views that `render`, `build` and the help read.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "maps/map_spec.h"
#include "query/query.h"

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

/// What a view is drawn from: what the user named, resolved, and the
/// question's engine with the filters in force.
struct ViewRequest {
  QueryEngine* engine = nullptr;
  std::vector<Vertex> actors;   ///< The actors named: the focus, or a path's two ends.
  std::vector<Vertex> sources;  ///< The sources named.
  PathOptions path;             ///< The path view's variant.
  int depth = 1;                ///< The focus view's hops.
  bool filtered = false;        ///< Whether filters narrow what may be shown.
  /// Drawn for an edition (build): past kFullMapActorLimit actors the
  /// overview is the summary, unless `full`.
  bool edition = false;
  bool full = false;
};

/// One kind of map: a row of the view table.
struct MapView {
  std::string name;    ///< "overview", "source", "focus", "path".
  std::string help;    ///< One line, for the help.
  std::size_t actors;  ///< How many actors it needs named.
  bool sources;        ///< Whether it needs sources named.
  /// Make the map into `spec`; false when there is nothing to draw (no path
  /// under the filters).
  std::function<bool(const KnowledgeGraph&, const ViewRequest&, MapSpec*)> make;
};

/// Every view, in the order a request is matched against them: the first
/// whose needs the request meets is drawn (the overview needs nothing).
const std::vector<MapView>& map_views();

/// The view `request` asks for.
const MapView& view_for(const ViewRequest& request);

/// The view of this name; it must exist.
const MapView& find_view(std::string_view name);

/// A short description of what a map shows, for its SVG <desc>.
std::string describe_map(const KnowledgeGraph& graph, const MapSpec& spec);

}  // namespace relmap
