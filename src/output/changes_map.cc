#include "output/changes_map.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/text.h"
#include "facts/facts.h"
#include "maps/page.h"
#include "maps/text_metrics.h"
#include "maps/views.h"

namespace relmap {

namespace {

using Whole =
    std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string>;

Whole whole(const RelationRecord& r) {
  return {r.from, r.relation, r.to, r.source, r.evidence, r.basis, r.details};
}

/// Maps of more actors are drawn at the overview's own spread.
constexpr std::size_t kMaxActorsToSpread = 300;

/// What the map draws, by id: the newer edition's relations and actors of
/// the changes, and the removed ones as the older edition had them.
struct Drawn {
  std::vector<Edge> edges;              ///< Of the newer edition, added or changed.
  std::set<std::size_t> added_edges;    ///< Indexes in `edges`.
  std::vector<RelationRecord> removed;  ///< Relations of the older edition.
  std::set<std::string> actors, added;
  std::map<std::string, const ActorRecord*> old_actors;  ///< Removed actors' records.
};

Drawn drawn_changes(const KnowledgeGraph& kg, const EditionDiff& diff) {
  Drawn d;
  std::set<Whole> added, changed;
  for (const auto& c : diff.relations) {
    if (c.kind == ChangeKind::kRemoved)
      d.removed.push_back(c.before);
    else
      (c.kind == ChangeKind::kAdded ? added : changed).insert(whole(c.after));
  }
  for (Edge e : kg.edges()) {
    const Whole record = whole(relation_record(kg, e));
    const bool is_added = added.count(record) > 0;
    if (!is_added && !changed.count(record)) continue;
    if (is_added) d.added_edges.insert(d.edges.size());
    d.edges.push_back(e);
    d.actors.insert(kg.node(kg.source(e)).id);
    d.actors.insert(kg.node(kg.target(e)).id);
  }
  for (const auto& c : diff.actors) {
    if (c.kind == ChangeKind::kRemoved) {
      d.old_actors[c.before.id] = &c.before;
      continue;
    }
    d.actors.insert(c.after.id);
    if (c.kind == ChangeKind::kAdded) d.added.insert(c.after.id);
  }
  return d;
}

/// Facts of both editions for the map's graph: each entity and relation
/// with the text, type and properties the map draws.
class FactsBuilder {
 public:
  explicit FactsBuilder(const Schema& schema) : schema_(schema) { facts_.files.push_back("changes"); }

  /// The actor or source `v` of the newer edition.
  void entity(const KnowledgeGraph& kg, Vertex v) {
    const NodeProps& n = kg.node(v);
    add_entity(n.id, kg.node_type(v).name, n.name, n.aliases, n.properties);
  }
  /// A removed actor as the older edition had it.
  void entity(const ActorRecord& a) {
    std::vector<std::string> aliases;
    for (const auto& [key, value] : detail_lines(a.details))
      if (key == "alias") aliases.push_back(value);
    add_entity(a.id, a.type, a.name, aliases, {});
  }
  /// A source known by its id alone (one the newer edition removed).
  void source(const std::string& id) { add_entity(id, "source", id, {}, {}); }

  bool has(const std::string& id) const { return ids_.count(id) > 0; }

  void relation(const KnowledgeGraph& kg, Edge e) {
    const EdgeProps& p = kg.edge(e);
    add_relation(kg.node(kg.source(e)).id, kg.relation_type(e).name, kg.node(kg.target(e)).id, p.source,
                 p.evidence, p.basis, p.properties);
  }
  /// A removed relation; nothing where its type or an end is not known.
  void relation(const RelationRecord& r) {
    if (schema_.relation_type(r.relation) == nullptr || !has(r.from) || !has(r.to) || !has(r.source)) return;
    Properties properties;
    for (const auto& [key, value] : detail_lines(r.details))
      if (key != "source reliability") properties.push_back({key, {value}});
    add_relation(r.from, r.relation, r.to, r.source, r.evidence,
                 r.basis == "implied" ? Basis::kImplied : Basis::kStated, properties);
  }

  Facts take() { return std::move(facts_); }

 private:
  /// The "key: value" lines of a record's details.
  static std::vector<std::pair<std::string, std::string>> detail_lines(const std::string& details) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t start = 0, end; start < details.size(); start = end + 1) {
      end = details.find('\n', start);
      if (end == std::string::npos) end = details.size();
      const std::string line = details.substr(start, end - start);
      const std::size_t colon = line.find(": ");
      if (colon != std::string::npos) out.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
    return out;
  }

  Range properties(const Properties& properties) {
    Range range{static_cast<std::uint32_t>(facts_.property_values.size()), 0};
    for (const auto& [name, values] : properties)
      for (const std::string& value : values) {
        PropertyValue p;
        p.name = facts_.store(name);
        p.value = facts_.store(value);
        p.is_list = values.size() > 1;
        facts_.property_values.push_back(p);
      }
    range.count = static_cast<std::uint32_t>(facts_.property_values.size() - range.first);
    return range;
  }

  void add_entity(const std::string& id, const std::string& type, const std::string& name,
                  const std::vector<std::string>& aliases, const Properties& props) {
    if (schema_.node_type(type) == nullptr || !ids_.insert(id).second) return;
    Entity e;
    e.id = facts_.store(id);
    e.type = facts_.store(type);
    e.name = facts_.store(name);
    e.aliases.first = static_cast<std::uint32_t>(facts_.alias_values.size());
    for (const std::string& alias : aliases) facts_.alias_values.push_back(facts_.store(alias));
    e.aliases.count = static_cast<std::uint32_t>(aliases.size());
    e.properties = properties(props);
    facts_.entities.push_back(e);
  }

  void add_relation(const std::string& from, const std::string& type, const std::string& to,
                    const std::string& source, const std::string& evidence, Basis basis,
                    const Properties& props) {
    Relation r;
    r.from = facts_.store(from);
    r.type = facts_.store(type);
    r.to = facts_.store(to);
    r.source = facts_.store(source);
    r.evidence = facts_.store(evidence);
    r.basis = basis;
    r.properties = properties(props);
    facts_.relations.push_back(r);
  }

  const Schema& schema_;
  Facts facts_;
  std::set<std::string> ids_;
};

/// The facts the map of `d` draws, removed relations after the others.
Facts changes_facts(const KnowledgeGraph& kg, const Drawn& d) {
  FactsBuilder facts(kg.schema());
  for (const std::string& id : d.actors) facts.entity(kg, *kg.find_id(id));
  for (const auto& [id, record] : d.old_actors) facts.entity(*record);
  for (const RelationRecord& r : d.removed)
    for (const std::string* end : {&r.from, &r.to})
      if (const auto v = kg.find_id(*end)) facts.entity(kg, *v);
  std::set<std::string> sources;
  for (Edge e : d.edges) sources.insert(kg.edge(e).source);
  for (const RelationRecord& r : d.removed) sources.insert(r.source);
  for (const std::string& id : sources) {
    const auto v = kg.find_id(id);
    if (v)
      facts.entity(kg, *v);
    else
      facts.source(id);
  }
  for (Edge e : d.edges) facts.relation(kg, e);
  for (const RelationRecord& r : d.removed) facts.relation(r);
  return facts.take();
}

/// An actor as placed: its centre and, about, the size of its box (its
/// name's lines at 11 pt with margins, at least Graphviz's smallest node).
struct Place {
  std::string name;
  double x, y, width, height;
};

Place place_of(const std::string& name, const std::string& text, std::pair<long, long> xy) {
  const std::string lines = wrap_label(shorten(text, 80), 20);
  double width = 0, count = 0;
  for (std::size_t start = 0, end = 0; end != std::string::npos; start = end + 1, ++count) {
    end = lines.find('\n', start);
    width = std::max(width, text_width(lines.substr(start, end - start), 11));
  }
  return {name, static_cast<double>(xy.first), static_cast<double>(xy.second), std::max(54.0, width + 16),
          std::max(36.0, 14 * count + 10)};
}

/// Room between two actors' boxes, for a line and its label.
constexpr double kGap = 24;

/// The least spread at which `a` and `b` stand apart by kGap at least,
/// across or down (more than 1 where they do not at their own places).
double apart_at(const Place& a, const Place& b) {
  const double across = (a.width + b.width) / 2 + kGap, down = (a.height + b.height) / 2 + kGap;
  const double dx = std::abs(a.x - b.x), dy = std::abs(a.y - b.y);
  constexpr double kNever = 1e9;
  return std::min(dx > 0 ? across / dx : kNever, dy > 0 ? down / dy : kNever);
}

/// The spread at which `places`, drawn at the overview's places times it,
/// fit `page` with their text readable (page.h): at most 1, and no less
/// than keeps every two actors apart. Half the page's height is left for
/// the title, the legend and the sources.
double spread(const std::vector<Place>& places, PageBox page) {
  if (places.size() < 2 || places.size() > kMaxActorsToSpread) return 1;
  double left = places[0].x, right = left, bottom = places[0].y, top = bottom, widest = 0, tallest = 0;
  for (const Place& p : places) {
    left = std::min(left, p.x), right = std::max(right, p.x), bottom = std::min(bottom, p.y),
    top = std::max(top, p.y);
    widest = std::max(widest, p.width), tallest = std::max(tallest, p.height);
  }
  const PageBox box = layout_box(page);
  double fit = 1;
  if (right > left) fit = std::min(fit, (box.width - widest) / (right - left));
  if (top > bottom) fit = std::min(fit, (box.height / 2 - tallest) / (top - bottom));
  double apart = 0;
  for (std::size_t i = 0; i < places.size(); ++i)
    for (std::size_t j = i + 1; j < places.size(); ++j)
      apart = std::max(apart, apart_at(places[i], places[j]));
  return std::clamp(std::max(fit, apart), 0.01, 1.0);
}

/// Where the map's actors are drawn: where `overview` has them, a removed
/// one where `before` had it if it stands apart from the others there; all
/// at the spread that fits a column. `scale` gets that spread.
std::shared_ptr<const Layout> places(const KnowledgeGraph& graph, const MapSpec& spec, const Layout& overview,
                                     const Layout& before, double* scale) {
  std::vector<Place> placed;
  std::set<Vertex> removed(spec.removed_nodes.begin(), spec.removed_nodes.end());
  for (Vertex v : spec.nodes) {
    const std::string name = slug(graph.node(v).id);
    const auto it = overview.positions.find(name);
    if (!removed.count(v) && it != overview.positions.end())
      placed.push_back(place_of(name, graph.node(v).name, it->second));
  }
  const std::size_t kept = placed.size();
  for (Vertex v : spec.removed_nodes) {
    const std::string name = slug(graph.node(v).id);
    const auto it = before.positions.find(name);
    if (it == before.positions.end()) continue;
    const Place p = place_of(name, graph.node(v).name, it->second);
    if (std::all_of(placed.begin(), placed.begin() + static_cast<std::ptrdiff_t>(kept),
                    [&](const Place& other) { return apart_at(p, other) <= 1; }))
      placed.push_back(p);
  }
  *scale = spread(placed, spec.page);
  auto layout = std::make_shared<Layout>();
  layout->engine = Engine::kNeato;
  for (const Place& p : placed)
    layout->positions[p.name] = {std::lround(p.x * *scale), std::lround(p.y * *scale)};
  return layout;
}

/// The map of additions alone, laid out afresh, drawn instead where the
/// whole cannot fit its page.
std::shared_ptr<MapSpec> additions_only(const KnowledgeGraph& graph, const MapSpec& spec) {
  auto added = std::make_shared<MapSpec>(spec);
  added->edges = spec.highlight_edges;
  added->nodes.clear();
  for (Edge e : added->edges) {
    added->nodes.push_back(graph.source(e));
    added->nodes.push_back(graph.target(e));
  }
  added->nodes.insert(added->nodes.end(), spec.highlight_nodes.begin(), spec.highlight_nodes.end());
  std::sort(added->nodes.begin(), added->nodes.end());
  added->nodes.erase(std::unique(added->nodes.begin(), added->nodes.end()), added->nodes.end());
  added->highlight_edges.clear();
  added->highlight_nodes.clear();
  added->removed_nodes.clear();
  added->removed_edges.clear();
  added->emphasis.clear();
  added->removal.clear();
  added->title = spec.highlight_edges.size() < spec.edges.size()
                     ? "Added since the previous edition (the other changes are listed)"
                     : "Added since the previous edition";
  // Laid out afresh, so that it may be split for its page where the
  // overview's places do not fit it.
  added->placed = nullptr;
  added->description = describe_map(graph, *added) + " Only the additions are drawn, laid out afresh.";
  return added;
}

}  // namespace

bool draws_changes(const EditionDiff& diff) {
  auto drawn = [](const auto& c) { return c.kind != ChangeKind::kRemoved; };
  return std::any_of(diff.actors.begin(), diff.actors.end(), drawn) ||
         std::any_of(diff.relations.begin(), diff.relations.end(), drawn);
}

ChangesMap changes_map(const KnowledgeGraph& kg, const EditionDiff& diff, const Layout& overview,
                       const Layout& before) {
  const Drawn d = drawn_changes(kg, diff);
  ChangesMap out;
  if (d.actors.empty()) return out;
  out.graph = std::make_unique<KnowledgeGraph>(kg.schema(), changes_facts(kg, d));
  const KnowledgeGraph& graph = *out.graph;
  MapSpec& spec = out.spec;
  spec.name = "changes";
  spec.title = "Changes since the previous edition";
  spec.page = kLandscapePage;  // the overview's page, as it is drawn on its places
  for (Vertex v : graph.vertices()) {
    if (is_source(graph, v)) continue;
    spec.nodes.push_back(v);
    const std::string& id = graph.node(v).id;
    if (d.added.count(id)) spec.highlight_nodes.push_back(v);
    if (!kg.find_id(id)) spec.removed_nodes.push_back(v);
  }
  const std::vector<Edge>& edges = graph.edges();
  for (std::size_t i = 0; i < edges.size(); ++i) {
    spec.edges.push_back(edges[i]);
    if (d.added_edges.count(i)) spec.highlight_edges.push_back(edges[i]);
    if (i >= d.edges.size()) spec.removed_edges.push_back(edges[i]);
  }
  spec.emphasis = "added since the previous edition";
  spec.removal = "removed since the previous edition";
  double scale = 1;
  spec.placed = places(graph, spec, overview, before, &scale);
  char spread_text[64] = "";
  if (scale < 1)
    std::snprintf(spread_text, sizeof spread_text, " (closer together, at %.0f%% of its spread)",
                  100 * scale);
  spec.description = describe_map(graph, spec) + " Each actor is where the overview draws it" + spread_text +
                     ", a removed one where it was; additions are drawn emphasised, removals struck through.";
  // Where so much changed (a source graded anew changes every relation
  // citing it) that the map cannot fit its page, relations are told apart
  // by the legend, and then the additions alone are drawn, laid out afresh
  // (also where all that changed was added, but the overview's places
  // spread it too wide for its page).
  spec.labels_optional = true;
  if (!spec.highlight_edges.empty()) spec.instead = additions_only(graph, spec);
  return out;
}

}  // namespace relmap
