#include "maps/views.h"

#include <algorithm>
#include <set>

#include "base/dates.h"
#include "base/text.h"
#include "facts/schema.h"
#include "maps/summary.h"

namespace relmap {

namespace {

/// Vertices in graph order, edges in fact order: the same map every run.
void normalise(const KnowledgeGraph& kg, MapSpec* spec) {
  std::sort(spec->nodes.begin(), spec->nodes.end());
  spec->nodes.erase(std::unique(spec->nodes.begin(), spec->nodes.end()), spec->nodes.end());
  if (spec->edge_labels.empty()) {
    std::sort(spec->edges.begin(), spec->edges.end(),
              [&](Edge a, Edge b) { return kg.edge(a).index < kg.edge(b).index; });
  }
}

/// The relations of the paths' steps, in order, each once.
std::vector<Edge> path_steps(const KnowledgeGraph& kg, const std::vector<Path>& paths) {
  std::vector<Edge> steps;
  for (const Path& p : paths)
    for (const Hop& h : p.hops)
      if (std::find(steps.begin(), steps.end(), kg.edges()[h.edge]) == steps.end())
        steps.push_back(kg.edges()[h.edge]);
  return steps;
}

}  // namespace

bool is_source(const KnowledgeGraph& kg, Vertex v) {
  return kg.schema().is_a(kg.node_type(v).name, kSourceType);
}

std::vector<Vertex> sources_of(const KnowledgeGraph& kg) {
  std::vector<Vertex> out;
  for (auto v : kg.vertices())
    if (is_source(kg, v)) out.push_back(v);
  return out;
}

MapSpec full_map(const KnowledgeGraph& kg) {
  MapSpec spec;
  spec.name = "relmap";
  spec.title = "Relationship map";
  spec.page = kLandscapePage;
  spec.labels_optional = true;
  spec.edges = kg.edges();
  for (auto v : kg.vertices()) spec.nodes.push_back(v);
  normalise(kg, &spec);
  spec.description = describe_map(kg, spec);
  return spec;
}

SourceIndex index_sources(const KnowledgeGraph& kg) {
  SourceIndex index;
  for (Edge e : kg.edges()) index[kg.edge(e).source].push_back(e);
  return index;
}

MapSpec source_map(const KnowledgeGraph& kg, const std::vector<Vertex>& sources, const SourceIndex& index) {
  const std::set<Vertex> source_set(sources.begin(), sources.end());
  MapSpec spec;
  std::string cited, ids;
  for (Vertex source : sources) {
    const std::string& id = kg.node(source).id;
    ids += (ids.empty() ? "" : " ") + id;
    spec.title += (spec.title.empty() ? "" : "; ") + kg.node(source).name;
    cited += (cited.empty() ? "" : "; ") + kg.node(source).name + " [" + id + "]";
    auto it = index.find(id);
    if (it == index.end()) continue;
    for (Edge e : it->second) {
      if (source_set.count(kg.source(e)) || source_set.count(kg.target(e))) continue;
      spec.edges.push_back(e);
      spec.nodes.push_back(kg.source(e));
      spec.nodes.push_back(kg.target(e));
    }
  }
  // Map names are file names and element id prefixes: bounded, and distinct
  // for distinct sources (a space is in no id, so several ids always hash).
  spec.name = (sources.size() == 1 ? "source-" : "sources-") + slug(ids);
  normalise(kg, &spec);  // sorts nodes and edges, removes duplicate nodes
  spec.description = describe_map(kg, spec) + " Facts cited from " + cited + ".";
  return spec;
}

MapSpec ego_map(const KnowledgeGraph& kg, QueryEngine& engine, Vertex center, int depth) {
  const auto n = engine.neighbors(static_cast<NodeId>(center), depth, false);
  MapSpec spec;
  spec.name = "ego-" + slug(kg.node(center).id);
  spec.title = kg.node(center).name + " and its links within " + std::to_string(depth) +
               (depth == 1 ? " hop" : " hops");
  for (const auto& [v, d] : n.nodes) spec.nodes.push_back(v);
  for (EdgeId e : n.edges) spec.edges.push_back(kg.edges()[e]);
  spec.highlight_nodes = {center};
  for (Edge e : spec.edges)
    if (kg.source(e) == center || kg.target(e) == center) spec.highlight_edges.push_back(e);
  // Emphasise the centre, its neighbors and its own links; the rest is muted.
  spec.emphasis = "the relations of " + kg.node(center).name;
  for (const auto& [v, d] : n.nodes)
    if (d == 1) spec.highlight_nodes.push_back(v);
  normalise(kg, &spec);
  spec.description = describe_map(kg, spec);
  return spec;
}

/// The most actors around each actor of a path that a path map shows.
constexpr std::size_t kPathSurroundings = 3;

MapSpec path_map(const KnowledgeGraph& kg, QueryEngine& engine, const std::vector<Path>& paths) {
  MapSpec spec;
  if (paths.empty()) return spec;
  const Path& first = paths.front();
  spec.name = "path-" + slug(kg.node(first.vertices.front()).id + " " + kg.node(first.vertices.back()).id);
  spec.title = kg.node(first.vertices.front()).name + " \u2192 " + kg.node(first.vertices.back()).name;
  std::set<Vertex> on_path;
  std::set<EdgeId> path_edges;
  for (const Path& p : paths) {
    on_path.insert(p.vertices.begin(), p.vertices.end());
    for (const Hop& h : p.hops) path_edges.insert(h.edge);
  }
  // Surroundings: for each actor of the path, the kPathSurroundings best
  // linked actors next to it, and relations among all shown.
  std::set<Vertex> shown(on_path);
  for (Vertex v : on_path) {
    std::vector<Vertex> next;
    for (const auto& [u, d] : engine.neighbors(static_cast<NodeId>(v), 1, false).nodes)
      if (d == 1 && !on_path.count(u)) next.push_back(u);
    std::stable_sort(next.begin(), next.end(), [&](Vertex a, Vertex b) {
      return std::make_pair(-static_cast<long>(kg.degree(a)), a) <
             std::make_pair(-static_cast<long>(kg.degree(b)), b);
    });
    if (next.size() > kPathSurroundings) next.resize(kPathSurroundings);
    shown.insert(next.begin(), next.end());
  }
  spec.nodes.assign(shown.begin(), shown.end());
  for (Edge e : kg.edges())
    if (shown.count(kg.source(e)) && shown.count(kg.target(e)) &&
        (path_edges.count(kg.edge(e).index) || engine.edge_allowed(kg.edge(e).index)))
      spec.edges.push_back(e);
  spec.highlight_nodes.assign(on_path.begin(), on_path.end());
  for (EdgeId e : path_edges) spec.highlight_edges.push_back(kg.edges()[e]);
  spec.quoted = path_steps(kg, paths);
  spec.emphasis = paths.size() == 1 ? "the path" : "the paths";
  normalise(kg, &spec);
  spec.description = describe_map(kg, spec) + " The path is drawn bold; its surroundings muted.";
  return spec;
}

MapSpec path_answer_map(const KnowledgeGraph& kg, const std::vector<Path>& paths) {
  MapSpec spec;
  spec.name = "path";
  if (paths.empty()) return spec;
  spec.title =
      kg.node(paths.front().vertices.front()).name + " \u2192 " + kg.node(paths.front().vertices.back()).name;
  for (const Path& p : paths) {
    for (Vertex v : p.vertices)
      if (std::find(spec.nodes.begin(), spec.nodes.end(), v) == spec.nodes.end()) spec.nodes.push_back(v);
    for (std::size_t i = 0; i < p.hops.size(); ++i) {
      const Edge e = kg.edges()[p.hops[i].edge];
      if (std::find(spec.edges.begin(), spec.edges.end(), e) != spec.edges.end()) continue;
      spec.edges.push_back(e);
      const std::string label = kg.relation_type(e).label;
      spec.edge_labels.push_back(paths.size() == 1 ? std::to_string(i + 1) + ". " + label : label);
    }
  }
  spec.quoted = path_steps(kg, paths);
  spec.description = describe_map(kg, spec);
  return spec;
}

void apply_filter(const KnowledgeGraph& kg, const QueryEngine& engine, const std::vector<Vertex>& keep,
                  MapSpec* spec) {
  auto kept = [&](Vertex v) {
    return std::find(keep.begin(), keep.end(), v) != keep.end() ||
           engine.vertex_allowed(static_cast<NodeId>(v));
  };
  std::vector<Edge> edges;
  std::vector<std::string> labels;
  std::vector<std::vector<Edge>> bundles;
  std::set<Vertex> linked;
  for (std::size_t i = 0; i < spec->edges.size(); ++i) {
    const Edge e = spec->edges[i];
    if (!engine.edge_allowed(kg.edge(e).index) || !kept(kg.source(e)) || !kept(kg.target(e))) continue;
    edges.push_back(e);
    if (i < spec->edge_labels.size()) labels.push_back(spec->edge_labels[i]);
    if (i < spec->edge_bundles.size()) bundles.push_back(spec->edge_bundles[i]);
    linked.insert(kg.source(e));
    linked.insert(kg.target(e));
  }
  std::vector<Vertex> nodes;
  for (Vertex v : spec->nodes)
    if (linked.count(v) || std::find(keep.begin(), keep.end(), v) != keep.end()) nodes.push_back(v);
  spec->nodes = std::move(nodes);
  spec->edges = std::move(edges);
  spec->edge_labels = std::move(labels);
  spec->edge_bundles = std::move(bundles);
  spec->description = describe_map(kg, *spec);
}

std::string describe_map(const KnowledgeGraph& kg, const MapSpec& spec) {
  std::set<std::string> sources;
  for (Edge e : spec.edges) sources.insert(kg.edge(e).source);
  std::string out = std::to_string(spec.nodes.size()) +
                    (spec.nodes.size() == 1 ? " actor and " : " actors and ") +
                    std::to_string(spec.edges.size()) + (spec.edges.size() == 1 ? " relation" : " relations");
  if (!sources.empty()) {
    out += ", cited from ";
    std::size_t i = 0;
    for (const std::string& s : sources) out += (i++ ? ", " : "") + s;
  }
  return out + ".";
}

namespace {

bool draw_path(const KnowledgeGraph& kg, const ViewRequest& r, MapSpec* spec) {
  const std::vector<Path> paths =
      r.engine->paths(static_cast<NodeId>(r.actors[0]), static_cast<NodeId>(r.actors[1]), r.path);
  if (paths.empty()) return false;
  *spec = path_map(kg, *r.engine, paths);
  return true;
}

bool draw_focus(const KnowledgeGraph& kg, const ViewRequest& r, MapSpec* spec) {
  *spec = ego_map(kg, *r.engine, r.actors[0], r.depth);
  apply_filter(kg, *r.engine, {r.actors[0]}, spec);
  return true;
}

bool draw_sources(const KnowledgeGraph& kg, const ViewRequest& r, MapSpec* spec) {
  *spec = source_map(kg, r.sources, index_sources(kg));
  if (r.engine != nullptr) apply_filter(kg, *r.engine, {}, spec);
  return true;
}

bool draw_overview(const KnowledgeGraph& kg, const ViewRequest& r, MapSpec* spec) {
  if (r.edition) {
    *spec = overview_map(kg, r.full);
    return true;
  }
  *spec = full_map(kg);
  if (r.filtered)
    apply_filter(kg, *r.engine, {}, spec);
  else  // where every actor cannot fit the page even in parts, the summary
    spec->instead = std::make_shared<const MapSpec>(summary_map(kg));
  return true;
}

}  // namespace

const std::vector<MapView>& map_views() {
  static const std::vector<MapView> views = {
      {"path", "a path between two actors, emphasised in its surroundings (render --path A B)", 2, false,
       draw_path},
      {"focus", "an actor and those within --depth hops of it (render --focus A)", 1, false, draw_focus},
      {"source", "the facts the named sources state (render --source ID; build: one per source)", 0, true,
       draw_sources},
      {"overview", "every actor and relation, or the summary of a large corpus (render; build: relmap.svg)",
       0, false, draw_overview},
  };
  return views;
}

const MapView& view_for(const ViewRequest& request) {
  for (const MapView& view : map_views())
    if (request.actors.size() == view.actors && (!view.sources || !request.sources.empty())) return view;
  return map_views().back();
}

const MapView& find_view(std::string_view name) {
  for (const MapView& view : map_views())
    if (view.name == name) return view;
  return map_views().back();
}

}  // namespace relmap
