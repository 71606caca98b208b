#include "render/render.h"

#include <graphviz/cgraph.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "base/child.h"
#include "base/hash.h"
#include "base/text.h"
#include "maps/citations.h"
#include "maps/kept_ranks.h"
#include "maps/layout_cache.h"
#include "maps/legend_shapes.h"
#include "maps/map_style.h"
#include "maps/text_metrics.h"
#include "query/claims.h"
#include "render/cgraph_stable.h"
#include "render/layout.h"
#include "render/libraries.h"
#include "render/raster.h"
#include "render/svg.h"

namespace relmap {

namespace {

void set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, cstr(name), cstr(value), cstr(""));
}

}  // namespace

namespace {

/// Held while this process builds a graph with cgraph, whose state is
/// global (the lexer, the writer's indentation, the default attributes):
/// maps are drawn by several threads at once (BuildOptions::jobs).
std::mutex g_cgraph;

/// Map sizes beyond which layouts trade looks for speed.
constexpr std::size_t kSplineLimit = 300;  ///< Curved edges up to this many actors.
/// Curved edges while actors² × relations stays under this: routing each
/// line around every actor costs about that (neato: 3.5 s of CPU for 120
/// actors and 289 relations, 24 s for 249 and 647).
constexpr double kSplineCost = 12e6;
constexpr std::size_t kPrismLimit = 2000;      ///< Overlap removal up to this many actors.
constexpr std::size_t kEdgeLabelLimit = 5000;  ///< Edge labels up to this many relations (tooltips always).

/// Whether dot draws the map's ranks left to right rather than top to
/// bottom (MapSpec::ranks).
bool across(const MapSpec& spec) {
  return spec.ranks == MapSpec::Ranks::kAcross ||
         (spec.ranks == MapSpec::Ranks::kByPage && spec.page.width > spec.page.height);
}

/// Prefix of the map's element ids: its name, and "dark-" before it in the
/// dark theme, so that both versions of a map can share a page.
std::string id_prefix(const MapSpec& spec, const RenderOptions& options) {
  return (options.theme == ColourTheme::kDark ? "dark-" : "") + sanitize_text(spec.name);
}

/// Text lengths (in characters) drawn on a map, which bound the size of
/// every label Graphviz lays out. Longer text is shortened for drawing and
/// kept in the tooltip.
constexpr std::size_t kMaxNameDrawn = 80;    ///< An actor's or a cluster's name.
constexpr std::size_t kMaxTitleDrawn = 120;  ///< The map's title.
constexpr std::size_t kMaxRoleDrawn = 60;    ///< A relation label's role or path step.
/// Line lengths (in characters) labels are wrapped at: narrow enough that a
/// map drawn with dot fits a report column (page.h).
constexpr std::size_t kNameWrap = 20;             ///< An actor's name...
constexpr std::size_t kNameWrapAcross = 14;       ///< ...where ranks go across, whose width is their names'.
constexpr std::size_t kNameWrapCompact = 16;      ///< ...on a compact map (MapSpec::compact) down a column.
constexpr std::size_t kRelationWrap = 14;         ///< A relation's label.
constexpr std::size_t kRelationWrapCompact = 12;  ///< ...on a compact map.
constexpr std::size_t kRoleWrap = 18;             ///< A relation's role, under its label.
/// A fan-out: an actor linked to at least this many actors linked to
/// nothing else, whose leaves dot would put in one wide rank; they are
/// staggered over ranks of at most kLeavesPerRank.
constexpr std::size_t kFanOut = 3;
constexpr std::size_t kLeavesPerRank = 2;
/// Tooltips and links: Graphviz cannot read back a DOT file with a quoted
/// string longer than 16 KB; this many characters stay well below it.
constexpr std::size_t kMaxAttribute = 2000;

/// What a DOT text is for, which decides how text that looks like markup
/// is kept as the data writes it.
enum class Target {
  kDotFile,  ///< Written out: text as it is, links as URLs.
  kSvg,      ///< Laid out for finish_svg (also for PNG and PDF, drawn from that SVG): '&' and links as
             ///< placeholders.
};

/// Builds one map's cgraph graph.
class DotBuilder {
 public:
  /// With `kept` (dot only), the map holds those ranks and orders.
  DotBuilder(const KnowledgeGraph& kg, const MapSpec& spec, const RenderOptions& options, Engine engine,
             Target target, const KeptRanks* kept = nullptr)
      : kg_(kg),
        spec_(spec),
        options_(options),
        engine_(engine),
        theme_(theme_for(options.theme)),
        target_(target),
        kept_(kept),
        graph_(open_graph(sanitize_text(spec.name), directed_graph_kind())),
        highlight_nodes_(spec.highlight_nodes.begin(), spec.highlight_nodes.end()),
        removed_nodes_(spec.removed_nodes.begin(), spec.removed_nodes.end()),
        citations_(cite_sources(kg, spec)) {
    for (auto e : spec.highlight_edges) highlight_edges_.insert(kg.edge(e).index);
    for (auto e : spec.removed_edges) removed_edges_.insert(kg.edge(e).index);
  }

  /// The DOT text; `links` receives the URLs behind placeholders.
  std::string build(std::vector<std::string>* links) {
    defaults();
    std::vector<Agnode_t*> made(kg_.node_count(), nullptr);
    std::vector<Agraph_t*> clusters = options_.clusters ? make_clusters() : std::vector<Agraph_t*>();
    for (auto v : spec_.nodes) made[v] = add_node(v, clusters.empty() ? graph_.get() : clusters[v]);
    add_stand_ins(&made);
    std::vector<Agedge_t*> drawn;
    for (const auto& line : lines(made)) drawn.push_back(add_line(line, made));
    if (kept_ != nullptr)
      hold_kept_ranks(made, drawn);
    else if (engine_ == Engine::kDot && !across(spec_))
      stagger_fan_outs(drawn);
    if (kept_ == nullptr) make_room_for_parallel_labels(drawn);
    if (options_.legend && !spec_.nodes.empty()) {
      std::string html = map_label(kg_, spec_, theme_, prefix() + "-legend");
      if (target_ == Target::kDotFile) html = without_shape_links(html);  // plain boxes for whoever draws it
      char* label = agstrdup_html(graph_.get(), cstr(html));
      agsafeset(graph_.get(), cstr("label"), label, cstr(""));
      agstrfree(graph_.get(), label);
    }
    *links = std::move(links_);
    char* buffer = nullptr;
    std::size_t size = 0;
    FILE* stream = open_memstream(&buffer, &size);
    agwrite(graph_.get(), stream);
    std::fclose(stream);
    std::string dot(buffer, size);
    std::free(buffer);
    return dot;
  }

 private:
  std::string prefix() const { return id_prefix(spec_, options_); }

  /// An element id: the map's name, "--" and what the element is (`local`
  /// starts with "n-", "c-", "r", "legend"): since a map name has "--" only
  /// inside a hashed slug, followed by hex digits, ids of different maps
  /// inlined in one page never collide.
  std::string element_id(const std::string& local) const { return prefix() + "--" + local; }

  /// Text for a label or tooltip, shown as the data writes it. Graphviz 2.42
  /// reads entities ("&amp;" as "&") in labels and tooltips, and in tooltips
  /// turns \N, \G, \E, \L... into names whatever the escaping. So for SVG,
  /// '&' and backslashes go to Graphviz as placeholders that finish_svg
  /// writes back (escaped); for images '&' goes as "&amp;"; a DOT file,
  /// drawn by whoever reads it, has the text escaped as dot_text says.
  std::string text(std::string_view s) const {
    const std::string escaped = graphviz_label(s);
    if (target_ == Target::kDotFile) return dot_text(escaped, false);
    std::string out;
    out.reserve(escaped.size());
    for (std::size_t i = 0; i < escaped.size(); ++i) {
      const char c = escaped[i];
      if (c == '&') {
        out += kAmpersandPlaceholder;
      } else if (c == '\\' && escaped[i + 1] == '\\') {
        out += kBackslashPlaceholder;  // a backslash of the data, which graphviz_label doubled
        ++i;
      } else if (c == '\\') {
        out.append(escaped, i++, 2);  // a doubled backslash, or \n for a line break
      } else {
        out += c;
      }
    }
    return out;
  }

  /// text() for a tooltip.
  std::string tooltip(std::string_view s) const {
    return target_ == Target::kDotFile ? dot_text(graphviz_label(s), true) : text(s);
  }

  /// Text escaped by graphviz_label, for a DOT file: '&' as "&amp;", since
  /// Graphviz reads entities in labels and tooltips; in a tooltip each
  /// backslash of the data doubled once more, since Graphviz takes
  /// backslash escapes out of a tooltip twice (the second time for \N, \G…):
  /// `dot -Tsvg` then draws the text as relmap's own SVG shows it.
  static std::string dot_text(std::string_view escaped, bool tooltip) {
    std::string out;
    out.reserve(escaped.size());
    for (std::size_t i = 0; i < escaped.size(); ++i) {
      const char c = escaped[i];
      if (c == '&') {
        out += "&amp;";
      } else if (c == '\\' && i + 1 < escaped.size()) {
        const bool data = escaped[i + 1] == '\\';  // a backslash of the data, doubled
        out += tooltip && data ? "\\\\\\\\" : escaped.substr(i, 2);
        ++i;
      } else {
        out += c;
      }
    }
    return out;
  }

  void attr(int kind, const char* name, const std::string& value) {
    agattr(graph_.get(), kind, cstr(name), cstr(value));
  }

  void defaults() {
    attr(AGRAPH, "layout", name_of(engine_));
    attr(AGRAPH, "id", prefix());
    attr(AGRAPH, "fontname", map_font_family());
    attr(AGRAPH, "fontsize", "16");
    attr(AGRAPH, "fontcolor", theme_.text);
    attr(AGRAPH, "bgcolor", theme_.background);
    attr(AGRAPH, "labelloc", "t");
    attr(AGRAPH, "outputorder", "edgesfirst");
    attr(AGRAPH, "pad", "0.2");
    if (!spec_.title.empty() && !(options_.legend && !spec_.nodes.empty()))
      attr(AGRAPH, "label",
           text(wrap_to_width(shorten(spec_.title, kMaxTitleDrawn),
                              kLegendShare * layout_box(spec_.page).width, 16)));
    if (engine_ == Engine::kDot) {
      // Top to bottom for a column: left to right, long edge labels make
      // wide strips that a column shrinks until nothing can be read; left
      // to right for a landscape page.
      attr(AGRAPH, "rankdir", across(spec_) ? "LR" : "TB");
      attr(AGRAPH, "nodesep", spec_.compact ? "0.09" : "0.15");
      attr(AGRAPH, "ranksep", spec_.compact ? "0.25" : across(spec_) ? "0.3" : "0.4");
      if (target_ == Target::kSvg) {
        const PageBox box = layout_box(spec_.page);
        attr(AGRAPH, kFitWidthAttribute, std::to_string(std::lround(box.width)));
        attr(AGRAPH, kFitHeightAttribute, std::to_string(std::lround(box.height)));
      }
      attr(AGRAPH, "newrank", "true");
    } else {
      // Curved edges around nodes and overlap removal cost most of a large
      // layout (5,000 actors: minutes with splines, 17 s with prism, 5 s
      // with scale); large or dense maps get straight lines and large maps
      // a scaled layout.
      const std::size_t n = spec_.nodes.size();
      attr(AGRAPH, "overlap", n <= kPrismLimit ? "prism" : "scale");
      if (n <= kPrismLimit) attr(AGRAPH, "overlap_scaling", "-4");
      const double cost =
          static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(spec_.edges.size());
      attr(AGRAPH, "splines", n <= kSplineLimit && cost <= kSplineCost ? "true" : "false");
      attr(AGRAPH, "sep", "+12");
      attr(AGRAPH, "pack", "true");
      attr(AGRAPH, "start", "1");  // fixed seed: the same layout every run
    }
    attr(AGNODE, "fontname", map_font_family());
    attr(AGNODE, "fontsize", "11");
    attr(AGNODE, "shape", "box");
    attr(AGNODE, "style", "filled");
    attr(AGNODE, "fillcolor", node_fill("#ffffff", theme_));
    attr(AGNODE, "fontcolor", theme_.node_text);
    attr(AGNODE, "margin", "0.08,0.05");
    attr(AGEDGE, "fontname", map_font_family());
    attr(AGEDGE, "fontsize", "9");
    attr(AGEDGE, "fontcolor", theme_.text);
    attr(AGEDGE, "color", theme_.edge);
    attr(AGEDGE, "arrowsize", "0.7");
  }

  /// For each vertex, the cluster subgraph it belongs in (or the root).
  std::vector<Agraph_t*> make_clusters() {
    const Schema& schema = kg_.schema();
    std::vector<Agraph_t*> home(kg_.node_count(), graph_.get());
    std::vector<char> in_map(kg_.node_count(), 0);
    for (auto v : spec_.nodes) in_map[v] = 1;
    std::map<std::size_t, Agraph_t*> made;
    // The cluster root of v: itself if its type clusters, else the first
    // cluster-forming relation's target, followed until a root.
    auto root_of = [&](std::size_t v) -> std::optional<std::size_t> {
      for (std::size_t steps = 0; steps < 16; ++steps) {
        if (schema.is_cluster_type(kg_.node_type(v).name)) return v;
        std::optional<std::size_t> next;
        for (auto e : kg_.out_edges(v))
          if (kg_.relation_type(e).cluster && in_map[kg_.target(e)]) {
            next = kg_.target(e);
            break;
          }
        if (!next) return std::nullopt;
        v = *next;
      }
      return std::nullopt;
    };
    std::map<std::size_t, int> members;
    std::vector<std::optional<std::size_t>> roots;
    for (auto v : spec_.nodes) {
      roots.push_back(root_of(v));
      if (roots.back()) ++members[*roots.back()];
    }
    for (std::size_t i = 0; i < spec_.nodes.size(); ++i) {
      const auto v = spec_.nodes[i];
      const auto& root = roots[i];
      if (!root || members[*root] < 2) continue;  // a country alone needs no frame
      auto it = made.find(*root);
      if (it == made.end()) {
        const std::string name = slug(kg_.node(*root).id);
        Agraph_t* sub = agsubg(graph_.get(), cstr("cluster_" + name), 1);
        agsafeset(sub, cstr("id"), cstr(element_id("c-" + name)), cstr(""));
        agsafeset(sub, cstr("label"), cstr(text(shorten(kg_.node(*root).name, kMaxNameDrawn))), cstr(""));
        agsafeset(sub, cstr("style"), cstr("rounded,filled"), cstr(""));
        agsafeset(sub, cstr("color"), cstr(theme_.frame), cstr(""));
        agsafeset(sub, cstr("fillcolor"), cstr(theme_.frame_fill), cstr(""));
        agsafeset(sub, cstr("fontsize"), cstr("12"), cstr(""));
        it = made.emplace(*root, sub).first;
      }
      home[v] = it->second;
    }
    return home;
  }

  bool highlighted(KnowledgeGraph::Vertex v) const {
    return highlight_nodes_.empty() || highlight_nodes_.count(v) > 0;
  }
  bool highlighted(KnowledgeGraph::Edge e) const {
    return highlight_edges_.empty() || highlight_edges_.count(kg_.edge(e).index) > 0;
  }
  bool removed(KnowledgeGraph::Edge e) const { return removed_edges_.count(kg_.edge(e).index) > 0; }

  /// Draw `edge`, the line of removed relations `line`, muted and its label struck through.
  void strike_line(Agedge_t* edge, const std::vector<std::size_t>& line) {
    const auto e = spec_.edges[line.front()];
    const RelationType& rel = kg_.relation_type(e);
    set(edge, "class",
        "r-" + rel.name + (kg_.edge(e).basis == Basis::kImplied ? " implied" : "") + " muted removed");
    set(edge, "color", line_colour(theme_.muted_line, kg_.edge(e).basis, theme_));
    set(edge, "fontcolor", theme_.muted_text);
    set(edge, "penwidth", "1");
    const char* label = agget(edge, cstr("label"));
    if (label != nullptr && *label != '\0') strike(edge, line_label(line));
  }

  /// Placeholder (for SVG) or the URL itself (for DOT).
  std::string link(const std::string& url) {
    // Graphviz copies a link into SVG as it is: its '&' must be "&amp;".
    if (target_ == Target::kDotFile) return dot_text(sanitize_text(url), false);
    links_.push_back(url);
    return link_placeholder(links_.size() - 1);
  }

  /// The entity's http(s) URL, if it has one short enough for a map.
  std::string url_of(KnowledgeGraph::Vertex v) const {
    for (const auto& [name, values] : kg_.node(v).properties)
      if ((name == "url" || name == "website") && !values.empty() && is_http_url(values.front()) &&
          values.front().size() <= kMaxAttribute)
        return values.front();
    return std::string();
  }

  std::string type_classes(const std::string& type) const {
    std::string out;
    for (const std::string& t : kg_.schema().lineage(type)) out += (out.empty() ? "t-" : " t-") + t;
    return out;
  }

  /// Importance: an actor's frame is wider the more sources cite it
  /// (map_style.h, frame_width), on its type's own width ("bold": 2).
  void weigh(Agnode_t* n, KnowledgeGraph::Vertex v, const NodeType& type) {
    const Style style = kg_.schema().node_style(type.name);
    const auto it = style.find("style");
    std::string look;
    bool bold = false;
    std::stringstream words(it == style.end() ? std::string("filled") : it->second);
    for (std::string word; std::getline(words, word, ',');) {
      if (word == "bold")
        bold = true;
      else
        look += (look.empty() ? "" : ",") + word;
    }
    set(n, "style", look);
    set(n, "penwidth", frame_width(citing_sources(kg_, v, kWidestFrameSources), bold ? 2 : 1));
  }

  Agnode_t* add_node(KnowledgeGraph::Vertex v, Agraph_t* home) {
    const NodeProps& node = kg_.node(v);
    const NodeType& type = kg_.node_type(v);
    const std::string name = slug(node.id);
    Agnode_t* n = agnode(graph_.get(), cstr(name), 1);
    if (home != graph_.get()) agsubnode(home, n, 1);
    for (const auto& [key, value] : kg_.schema().node_style(type.name))
      set(n, key.c_str(),
          key == "fillcolor" ? node_fill(value, theme_)
          : key == "color"   ? node_frame(value, theme_)
                             : value);
    set(n, "id", element_id("n-" + name));
    set(n, "class", type_classes(type.name) + (highlighted(v) ? "" : " muted"));
    set(n, "label", text(wrap_label(shorten(node.name, kMaxNameDrawn), name_wrap())));
    set(n, "tooltip", tooltip(shorten(node.name + " (" + type.label + ")", kMaxAttribute)));
    weigh(n, v, type);
    if (!highlighted(v)) {
      set(n, "color", theme_.muted_line);
      set(n, "fontcolor", theme_.muted_text);
      set(n, "fillcolor", theme_.muted_fill);
    } else if (!spec_.highlight_nodes.empty()) {
      set(n, "penwidth", "2.5");
    }
    const std::string url = url_of(v);
    if (!url.empty()) set(n, "URL", link(url));
    if (removed_nodes_.count(v) > 0) {
      set(n, "class", type_classes(type.name) + " muted removed");
      set(n, "color", theme_.muted_line);
      set(n, "fontcolor", theme_.muted_text);
      set(n, "fillcolor", theme_.muted_fill);
      set(n, "penwidth", "1");
      strike(n, wrap_label(shorten(node.name, kMaxNameDrawn), name_wrap()));
    }
    return n;
  }

  /// Label `object` with `label` ('\n' between its lines) struck through,
  /// in a label of Graphviz's HTML: what a map shows as removed.
  void strike(void* object, const std::string& label) {
    char* text = agstrdup_html(graph_.get(), cstr("<S>" + html_lines(label) + "</S>"));
    agsafeset(object, cstr("label"), text, cstr(""));
    agstrfree(graph_.get(), text);
  }

  /// A node for each text of spec_.stand_ins, drawn muted and dashed, in
  /// the place of the actors it stands for.
  void add_stand_ins(std::vector<Agnode_t*>* made) {
    std::map<std::string, Agnode_t*> drawn;
    for (const auto& [v, label] : spec_.stand_ins) {
      auto [it, fresh] = drawn.emplace(label, nullptr);
      if (fresh) {
        const std::string name = "stand-in-" + std::to_string(drawn.size());
        it->second = agnode(graph_.get(), cstr(name), 1);
        set(it->second, "id", element_id("n-" + name));
        set(it->second, "class", "stand-in muted");
        set(it->second, "label", text(wrap_label(label, name_wrap())));
        set(it->second, "tooltip", tooltip(shorten(label, kMaxAttribute)));
        set(it->second, "style", "dashed,filled");
        set(it->second, "color", theme_.muted_line);
        set(it->second, "fontcolor", theme_.muted_text);
        set(it->second, "fillcolor", theme_.muted_fill);
      }
      (*made)[v] = it->second;
    }
  }

  /// The map's relations as lines, by index in spec_.edges, in map order:
  /// relations of one type between the same two actors (either way round
  /// for a symmetric type) and drawn alike share one line, labelled with
  /// their number; those with labels or tooltips of the map's own stay apart.
  /// Ends are compared as `made` draws them, so relations with actors that
  /// one stand-in stands for share a line too.
  std::vector<std::vector<std::size_t>> lines(const std::vector<Agnode_t*>& made) const {
    // Only groups relations: the order of lines is that of their first relation.
    std::map<std::tuple<Agnode_t*, Agnode_t*, std::uint32_t, bool, bool>, std::size_t> line_of;
    std::vector<std::vector<std::size_t>> out;
    for (std::size_t i = 0; i < spec_.edges.size(); ++i) {
      const auto e = spec_.edges[i];
      Agnode_t* s = made[kg_.source(e)];
      Agnode_t* t = made[kg_.target(e)];
      if (kg_.relation_type(e).symmetric && std::less<Agnode_t*>()(t, s)) std::swap(s, t);
      if (i < spec_.edge_labels.size() || i < spec_.edge_tooltips.size()) {
        out.push_back({i});
        continue;
      }
      const auto [it, fresh] = line_of.emplace(
          std::make_tuple(s, t, kg_.edge(e).relation, highlighted(e), removed(e)), out.size());
      if (fresh)
        out.push_back({i});
      else
        out[it->second].push_back(i);
    }
    return out;
  }

  /// A relation's tooltip: its type, basis, quote and source, and the
  /// grades where the source or the relation has one.
  std::string evidence_tooltip(KnowledgeGraph::Edge e) const {
    const EdgeProps& props = kg_.edge(e);
    const auto source = kg_.find_id(props.source);
    const std::string cited = source ? kg_.node(*source).name : props.source;
    const bool graded =
        !first_value(props.properties, std::string(kCredibilityProperty)).empty() ||
        (source && !source_reliability(kg_.view(), static_cast<std::uint32_t>(*source)).empty());
    return kg_.relation_type(e).label + (props.basis == Basis::kImplied ? " (implied)" : "") + ": \u201C" +
           props.evidence + "\u201D \u2014 " + cited + " [" + props.source + "]" +
           (graded ? " (" + citation_grades(kg_.view(), props.index) + ")" : "");
  }

  /// The claims of a line (indexes in spec_.edges), each with its citations.
  Claims line_claims(const std::vector<std::size_t>& line) const {
    std::vector<std::uint32_t> edges;
    for (std::size_t k : line) edges.push_back(kg_.edge(spec_.edges[k]).index);
    return Claims(kg_.view(), kg_.schema(), edges);
  }

  /// What a line says of its claims' support: "[2 independent sources]"
  /// for a claim several sources say, "[disputed]" for a disputed one.
  std::string support_label(const Claims& claims) const {
    std::string out;
    for (std::uint32_t c = 0; c < claims.size(); ++c) {
      const Support support = claims.support(c);
      if (claims.size() == 1 && support.sources > 1) out += "\n[" + sources_text(support) + "]";
      if (support.disputed && out.find("[disputed]") == std::string::npos) out += "\n[disputed]";
    }
    return out;
  }

  /// The source mark of a line of relations `line` (citations.h).
  std::string line_mark(const std::vector<std::size_t>& line) const {
    std::vector<KnowledgeGraph::Edge> relations;
    for (std::size_t k : line)
      for (KnowledgeGraph::Edge e : relations_of_edge(spec_, k)) relations.push_back(e);
    return source_mark(kg_, citations_, relations);
  }

  /// The label of a line of relations `line`: the map's own, or the
  /// relation type's with their number and their roles; the source mark on
  /// a line of its own under the map's label or the type's (a line, not a
  /// longer label: maps for a column are as wide as their labels).
  std::string line_label(const std::vector<std::size_t>& line) const {
    const std::size_t i = line.front();
    const std::string mark = line_mark(line);
    if (i < spec_.edge_labels.size()) return shorten(spec_.edge_labels[i], kMaxRoleDrawn) + "\n" + mark;
    std::string label = wrap_label(kg_.relation_type(spec_.edges[i]).label,
                                   spec_.compact ? kRelationWrapCompact : kRelationWrap);
    const Claims claims = line_claims(line);
    if (claims.size() > 1) label += " \u00D7" + std::to_string(claims.size());
    label += "\n" + mark;
    std::vector<std::string> roles;
    for (std::size_t k : line) {
      const std::string role = first_value(kg_.edge(spec_.edges[k]).properties, "role");
      if (!role.empty() && std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    }
    std::string joined;
    for (const std::string& role : roles) joined += (joined.empty() ? "" : "; ") + role;
    if (!joined.empty()) label += "\n(" + wrap_label(shorten(joined, kMaxRoleDrawn), kRoleWrap) + ")";
    return label + support_label(claims);
  }

  /// Style a line from `tail` to `head` standing for `bundle` (a summary's
  /// pair; map_style.h): the majority type's colour and dashes, or the
  /// theme's plain line; as wide as their number says; an arrowhead only
  /// when all go that way.
  void style_bundle(Agedge_t* edge, const std::vector<KnowledgeGraph::Edge>& bundle,
                    KnowledgeGraph::Vertex tail, KnowledgeGraph::Vertex head) {
    const BundleLook look = bundle_look(kg_, bundle, tail, head);
    const std::string dashes = look.dominant ? style_value_of(look.dominant->style, "style") : std::string();
    if (dashes.find("dashed") != std::string::npos)
      set(edge, "style", "dashed");
    else if (dashes.find("dotted") != std::string::npos)
      set(edge, "style", "dotted");
    set(edge, "color",
        line_colour(look.dominant ? relation_colour(*look.dominant, theme_) : theme_.edge,
                    look.implied ? Basis::kImplied : Basis::kStated, theme_));
    char width[16];
    std::snprintf(width, sizeof width, "%.2f", look.width);
    set(edge, "penwidth", width);
    set(edge, "class",
        "bundle r-" + (look.dominant ? look.dominant->name : std::string("mixed")) +
            (look.implied ? " implied" : "") + (look.one_way ? "" : " two-way"));
    if (!look.one_way) set(edge, "dir", "none");
  }

  static std::string style_value_of(const Style& style, const char* key) {
    const auto it = style.find(key);
    return it == style.end() ? std::string() : it->second;
  }

  /// Draw the relations of `line` (indexes in spec_.edges) as one line.
  Agedge_t* add_line(const std::vector<std::size_t>& line, const std::vector<Agnode_t*>& made) {
    const std::size_t i = line.front();
    const auto e = spec_.edges[i];
    Agnode_t* s = made[kg_.source(e)];
    Agnode_t* t = made[kg_.target(e)];
    if (s == nullptr || t == nullptr) return nullptr;
    Agedge_t* edge = agedge(graph_.get(), s, t, nullptr, 1);
    const RelationType& rel = kg_.relation_type(e);
    const EdgeProps& props = kg_.edge(e);
    // A line of several relations is drawn as stated if any of them is.
    const bool implied = std::all_of(line.begin(), line.end(), [&](std::size_t k) {
      return kg_.edge(spec_.edges[k]).basis == Basis::kImplied;
    });
    const Basis basis = implied ? Basis::kImplied : Basis::kStated;
    set(edge, "id", element_id("r" + std::to_string(props.index)));
    if (i < spec_.edge_bundles.size() && !spec_.edge_bundles[i].empty()) {
      style_bundle(edge, spec_.edge_bundles[i], kg_.source(e), kg_.target(e));
    } else {
      for (const auto& [key, value] : rel.style) set(edge, key.c_str(), value);
      set(edge, "color",
          line_colour(highlighted(e) ? relation_colour(rel, theme_) : theme_.muted_line, basis, theme_));
      const Claims claims = line_claims(line);
      bool corroborated = false, disputed = false;
      for (std::uint32_t c = 0; c < claims.size(); ++c) {
        const Support support = claims.support(c);
        corroborated = corroborated || support.independent > 1;
        disputed = disputed || support.disputed;
      }
      set(edge, "class",
          "r-" + rel.name + (implied ? " implied" : "") + (claims.size() > 1 ? " merged" : "") +
              (corroborated ? " corroborated" : "") + (disputed ? " disputed" : "") +
              (highlighted(e) ? "" : " muted"));
      // Twice its type's width where independent sources agree; not where
      // width already marks what the map is about (map_style.h).
      if (corroborated && spec_.highlight_edges.empty()) set(edge, "penwidth", corroborated_width(rel));
      if (rel.symmetric) set(edge, "dir", "none");
    }
    // Where relations go without labels, the mark alone is an external
    // label, placed after the layout: it leaves the layout as it would be.
    if (i < spec_.edge_labels.size() || (spec_.relation_labels && spec_.edges.size() <= kEdgeLabelLimit))
      set(edge, "label", text(line_label(line)));
    else if (spec_.edges.size() <= kEdgeLabelLimit) {
      set(edge, "xlabel", text(line_mark(line)));
      set(edge, "fontsize", "10");  // as the legend, the smallest text of such a map (map_style.h)
    }
    if (i < spec_.edge_tooltips.size()) {
      set(edge, "tooltip", tooltip(shorten(spec_.edge_tooltips[i], kMaxAttribute)));
    } else {
      std::string joined;
      for (std::size_t k : line) joined += (joined.empty() ? "" : "\n") + evidence_tooltip(spec_.edges[k]);
      set(edge, "tooltip", tooltip(shorten(joined, kMaxAttribute)));
      const auto source = kg_.find_id(props.source);
      const std::string url = source ? url_of(*source) : std::string();
      if (!url.empty()) set(edge, "URL", link(url));
    }
    if (!highlighted(e)) {
      set(edge, "fontcolor", theme_.muted_text);
    } else if (!spec_.highlight_edges.empty()) {
      set(edge, "penwidth", "3");
    }
    if (removed(e)) strike_line(edge, line);
    return edge;
  }

  /// How many characters an actor's name is wrapped at on this map.
  std::size_t name_wrap() const {
    return across(spec_) ? kNameWrapAcross : spec_.compact ? kNameWrapCompact : kNameWrap;
  }

  /// Stagger each fan-out (kFanOut): its leaves go to successive ranks in
  /// turn, at most kLeavesPerRank to a rank, as Graphviz's unflatten does,
  /// so that an actor with twenty neighbors is not as wide as twenty actors.
  void stagger_fan_outs(const std::vector<Agedge_t*>& drawn) {
    std::unordered_map<Agnode_t*, std::size_t> degree;
    for (Agedge_t* edge : drawn)
      if (edge != nullptr && agtail(edge) != aghead(edge)) {
        ++degree[agtail(edge)];
        ++degree[aghead(edge)];
      }
    std::map<std::string, std::vector<Agedge_t*>> leaves_of;  // by the hub's name: deterministic
    for (Agedge_t* edge : drawn) {
      if (edge == nullptr || agtail(edge) == aghead(edge)) continue;
      if (degree[aghead(edge)] == 1 && degree[agtail(edge)] > 1)
        leaves_of[agnameof(agtail(edge))].push_back(edge);
      else if (degree[agtail(edge)] == 1 && degree[aghead(edge)] > 1)
        leaves_of[agnameof(aghead(edge))].push_back(edge);
    }
    for (const auto& [hub, leaves] : leaves_of) {
      if (leaves.size() < kFanOut) continue;
      const std::size_t ranks = (leaves.size() + kLeavesPerRank - 1) / kLeavesPerRank;
      for (std::size_t k = 0; k < leaves.size(); ++k) set(leaves[k], "minlen", std::to_string(1 + k % ranks));
    }
  }

  /// Make room for the labels of lines between two actors linked by
  /// several, which Graphviz draws side by side: neato and fdp give those
  /// lines a length ("len", in inches) kLabelRoom longer for each line past
  /// the first; dot, which places external labels after the layout in what
  /// room is left, lays the marks of kBundle or more such lines out as
  /// labels, each with its room.
  void make_room_for_parallel_labels(const std::vector<Agedge_t*>& drawn) {
    constexpr double kLabelRoom = 0.25;
    constexpr std::size_t kBundle = 6;
    std::map<std::pair<std::string, std::string>, std::vector<Agedge_t*>> between;
    for (Agedge_t* edge : drawn) {
      if (edge == nullptr) continue;
      std::string a = agnameof(agtail(edge)), b = agnameof(aghead(edge));
      if (b < a) std::swap(a, b);
      between[{a, b}].push_back(edge);
    }
    const double base = engine_ == Engine::kFdp ? 0.3 : 1.0;  // the engines' own default lengths
    for (const auto& [ends, edges] : between) {
      if (edges.size() < 2) continue;
      char len[32];
      std::snprintf(len, sizeof len, "%.2f", base + kLabelRoom * static_cast<double>(edges.size() - 1));
      for (Agedge_t* edge : edges) {
        const char* mark = agget(edge, cstr("xlabel"));
        if (engine_ != Engine::kDot) {
          set(edge, "len", len);
        } else if (edges.size() >= kBundle && mark != nullptr && *mark != '\0') {
          set(edge, "label", mark);
          set(edge, "xlabel", "");
        }
      }
    }
  }

  /// Hold `kept_`'s ranks and, within each, the order of its earlier nodes.
  void hold_kept_ranks(const std::vector<Agnode_t*>& made, const std::vector<Agedge_t*>& drawn) {
    std::vector<std::vector<Agnode_t*>> ranks(kept_->order.size()), chains;
    for (std::size_t i = 0; i < spec_.nodes.size(); ++i)
      ranks[static_cast<std::size_t>(kept_->rank[i])].push_back(made[spec_.nodes[i]]);
    for (const auto& column : kept_->order) {
      chains.emplace_back();
      for (std::size_t k : column) chains.back().push_back(made[spec_.nodes[k]]);
    }
    std::vector<Agedge_t*> edges;
    std::copy_if(drawn.begin(), drawn.end(), std::back_inserter(edges),
                 [](Agedge_t* e) { return e != nullptr; });
    hold_ranks(graph_.get(), ranks, chains, edges);
  }

  const KnowledgeGraph& kg_;
  const MapSpec& spec_;
  const RenderOptions& options_;
  const Engine engine_;
  const Theme& theme_;
  Target target_;
  const KeptRanks* kept_;
  GraphPtr graph_;
  std::unordered_set<KnowledgeGraph::Vertex> highlight_nodes_;
  std::unordered_set<std::uint32_t> highlight_edges_;  // by fact index
  std::unordered_set<KnowledgeGraph::Vertex> removed_nodes_;
  std::unordered_set<std::uint32_t> removed_edges_;  // by fact index
  std::vector<std::string> links_;
  MapCitations citations_;
};

Engine resolve_engine(const MapSpec& spec, const RenderOptions& options) {
  return options.engine == Engine::kAuto
             ? choose_engine(spec.nodes.size(), spec.edges.size(), options.clusters)
             : options.engine;
}

/// What decides a map's layout, hashed: its actors (name, type, label), its
/// relations (ends, type, label, role), the engine and the clusters. Ids,
/// tooltips and links, which change when facts are renumbered, are left out.
std::uint64_t layout_key(const KnowledgeGraph& kg, const MapSpec& spec, const RenderOptions& options,
                         Engine engine) {
  std::string text = name_of(engine) + (options.clusters ? " clusters" : "") +
                     (options.legend ? " legend" : "") + (spec.relation_labels ? "" : " unlabelled") +
                     (across(spec) ? " across" : "") + "\n";
  for (auto v : spec.nodes)
    text += slug(kg.node(v).id) + '\t' + kg.node_type(v).name + '\t' + kg.node(v).name + '\n';
  for (const auto& [v, stand_in] : spec.stand_ins) text += slug(kg.node(v).id) + "\t\t" + stand_in + '\n';
  for (std::size_t i = 0; i < spec.edges.size(); ++i) {
    const auto e = spec.edges[i];
    text += slug(kg.node(kg.source(e)).id) + '\t' + slug(kg.node(kg.target(e)).id) + '\t' +
            kg.relation_type(e).name + '\t' + (i < spec.edge_labels.size() ? spec.edge_labels[i] : "") +
            '\t' + first_value(kg.edge(e).properties, "role") + '\n';
  }
  return hash64(text);
}

/// How to lay a map drawn with neato, fdp or sfdp out after `previous`
/// (null when none is known): the same map laid out afresh before is laid
/// out afresh again (the same layout); otherwise its actors that were drawn
/// before are pinned where they were and neato places the others around
/// them (`engine` becomes neato), or, for a map drawn so before and
/// unchanged, all are drawn exactly there. Positions dot chose are not
/// pinned: neato around them puts edge labels on actors (dot's ranks are
/// close); dot keeps its own (dot_ranks).
LayoutStart layout_start(const KnowledgeGraph& kg, const MapSpec& spec, const RenderOptions& options,
                         std::uint64_t key, Engine* engine) {
  // A map placed as said (map_spec.h) is pinned there whatever the engines.
  const Layout* previous = spec.placed ? spec.placed.get() : options.previous;
  if (previous == nullptr || previous->positions.empty() || options.clusters ||
      spec.nodes.size() > kPrismLimit)
    return {};
  if (!spec.placed && (*engine == Engine::kDot || previous->engine == Engine::kDot ||
                       (previous->key == key && !previous->pinned)))
    return {};
  LayoutStart start;
  std::size_t known = 0;
  for (auto v : spec.nodes) {
    const std::string name = slug(kg.node(v).id);
    const auto it = previous->positions.find(name);
    if (it == previous->positions.end()) continue;
    start.pins +=
        name + " " + std::to_string(it->second.first) + " " + std::to_string(it->second.second) + "\n";
    ++known;
  }
  if (known == 0) return {};
  start.exact = (spec.placed || previous->key == key) && known == spec.nodes.size() && spec.stand_ins.empty();
  *engine = Engine::kNeato;
  return start;
}

/// The positions whose ranks a map drawn with dot keeps: those of its last
/// layout, or for the same map drawn with kept ranks before, those ranks'
/// basis again (the same layout).
const std::map<std::string, std::pair<long, long>>& kept_from(const Layout& previous, std::uint64_t key) {
  return previous.key == key && previous.pinned && !previous.basis.empty() ? previous.basis
                                                                           : previous.positions;
}

/// How to lay a map drawn with dot out after `previous`: with the ranks
/// that keep its earlier actors where they were (kept_ranks.h), unless dot
/// did not draw it before, it has clusters, or the same map was laid out
/// afresh last time (the same layout again).
std::optional<KeptRanks> dot_ranks(const KnowledgeGraph& kg, const MapSpec& spec,
                                   const RenderOptions& options, std::uint64_t key) {
  const Layout* previous = options.previous;
  if (previous == nullptr || previous->engine != Engine::kDot || options.clusters || spec.placed ||
      !spec.stand_ins.empty() || (previous->key == key && !previous->pinned))
    return std::nullopt;
  std::vector<std::string> names;
  std::unordered_map<KnowledgeGraph::Vertex, std::size_t> index;
  for (auto v : spec.nodes) {
    index.emplace(v, names.size());
    names.push_back(slug(kg.node(v).id));
  }
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  for (auto e : spec.edges) {
    const auto tail = index.find(kg.source(e)), head = index.find(kg.target(e));
    if (tail != index.end() && head != index.end()) edges.emplace_back(tail->second, head->second);
  }
  if (across(spec)) return keep_ranks(names, edges, kept_from(*previous, key));
  // keep_ranks reads ranks across x and orders them down y, as dot draws
  // left to right; top to bottom, ranks go down and their order across.
  std::map<std::string, std::pair<long, long>> turned;
  for (const auto& [name, xy] : kept_from(*previous, key))
    turned.emplace(name, std::make_pair(-xy.second, -xy.first));
  return keep_ranks(names, edges, turned);
}

/// What the drawings cache keeps of a layout that died: its error, so that
/// the next edition goes straight to what it did then, with the same
/// warning, instead of crashing Graphviz again.
constexpr std::string_view kDiedFrame = "relmap: the layout died: ";

/// A kept drawing as the child that made it ended.
ChildResult kept_child(const std::vector<std::string>& frames) {
  ChildResult child;
  if (frames.size() == 1 && frames[0].starts_with(kDiedFrame)) {
    child.end = ChildResult::End::kDied;
    child.error = frames[0].substr(kDiedFrame.size());
  } else {
    child.frames = frames;
  }
  return child;
}

}  // namespace

std::string map_to_dot(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options) {
  std::vector<std::string> links;
  const std::lock_guard<std::mutex> lock(g_cgraph);
  return DotBuilder(graph, spec, options, resolve_engine(spec, options), Target::kDotFile).build(&links);
}

bool render_map(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options,
                std::string* out, Diagnostics* diags) {
  Engine engine = resolve_engine(spec, options);
  if (options.clusters && !engine_draws_clusters(engine)) {
    diags->error({}, "clusters need the dot or fdp engine: " + name_of(engine) +
                         " ignores them and would draw frames that overlap and hold the wrong actors");
    return false;
  }
  if (options.format == MapFormat::kDot) {
    *out = map_to_dot(graph, spec, options);
    return true;
  }
  const std::uint64_t key = layout_key(graph, spec, options, engine);
  RenderOptions from = options;  // the layout this one starts from
  if (options.earlier != nullptr && options.earlier->key == key &&
      (options.previous == nullptr || options.previous->key != key))
    from.previous = options.earlier;
  const std::optional<KeptRanks> ranks =
      engine == Engine::kDot ? dot_ranks(graph, spec, from, key) : std::nullopt;
  LayoutStart start = layout_start(graph, spec, from, key, &engine);
  std::vector<std::string> links;
  std::string dot;
  {
    const std::lock_guard<std::mutex> lock(g_cgraph);
    dot = DotBuilder(graph, spec, options, engine, Target::kSvg, ranks ? &*ranks : nullptr).build(&links);
    std::vector<std::string> same_links;
    if (ranks) start.fresh_dot = DotBuilder(graph, spec, options, engine, Target::kSvg).build(&same_links);
  }
  SvgFinish finish{id_prefix(spec, options), spec.title, spec.description, options.theme,
                   options.fixed_size,       links};
  const std::vector<std::string> job =
      LayoutJob{dot, engine, start, options.format, finish, options.width_points, options.dpi}.encode();
  const std::string digest = options.drawings != nullptr ? job_digest(job) : std::string();
  const std::vector<std::string>* kept =
      options.drawings != nullptr ? options.drawings->find(digest) : nullptr;
  ChildResult child;
  if (kept != nullptr)
    child = kept_child(*kept);
  else
    child = run_in_child(draw_in_child, job, options.timeout_seconds, options.on_wait);
  if (child.end == ChildResult::End::kNotStarted) {
    diags->error({}, "cannot start the layout: " + child.error);
    return false;
  }
  if (child.end == ChildResult::End::kTimedOut) {
    diags->error({}, "layout with engine '" + name_of(engine) + "' did not finish within " +
                         std::to_string(options.timeout_seconds) +
                         " s; draw a smaller map (--focus, --source or "
                         "filters)" +
                         (engine == Engine::kSfdp ? "" : " or try --engine sfdp") + ", or raise --timeout");
    return false;
  }
  LayoutResult result;
  if (child.end == ChildResult::End::kDied && engine == Engine::kDot) {
    // Graphviz 2.42's dot crashes on some large maps that neato draws: the
    // map is drawn with neato, afresh, rather than not at all.
    diags->warning({}, "Graphviz " + (child.error.empty() ? std::string("exited") : child.error) +
                           " during layout with engine 'dot' of the map '" + sanitize_text(spec.name) +
                           "'; it is drawn with neato instead");
    if (options.drawings != nullptr && kept == nullptr)
      options.drawings->keep(digest, {std::string(kDiedFrame) + child.error});
    RenderOptions with_neato = options;
    with_neato.engine = Engine::kNeato;
    with_neato.previous = nullptr;
    return render_map(graph, spec, with_neato, out, diags);
  }
  if (child.end == ChildResult::End::kDied || !result.decode(child.frames)) {
    diags->error({}, "Graphviz " + (child.error.empty() ? std::string("exited") : child.error) +
                         " during layout with engine '" + name_of(engine) + "'");
    return false;
  }
  report_layout_messages(result.messages, engine, diags);
  if (!result.ok) return false;
  if (options.drawings != nullptr && kept == nullptr) options.drawings->keep(digest, child.frames);
  *out = std::move(result.drawing);
  if (options.laid_out != nullptr) {
    *options.laid_out = Layout{key, result.from_earlier, engine, {}, {}};
    parse_positions(result.placed, &options.laid_out->positions);
    if (ranks && options.laid_out->pinned) options.laid_out->basis = kept_from(*from.previous, key);
  }
  return true;
}

}  // namespace relmap
