#include "render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>
#include <graphviz/gvplugin_textlayout.h>
#include <graphviz/types.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "cgraph_stable.h"
#include "child.h"
#include "hash.h"
#include "layout_cache.h"
#include "map_style.h"
#include "raster.h"
#include "svg.h"
#include "text.h"
#include "text_metrics.h"

extern "C" {
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
}

namespace relmap {

namespace {

/// Graphviz takes char* for strings it does not modify.
char* cstr(const std::string& s) { return const_cast<char*>(s.c_str()); }
char* cstr(const char* s) { return const_cast<char*>(s); }

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

struct ContextFreer {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};
using ContextPtr = std::unique_ptr<GVC_t, ContextFreer>;

/// Graphviz reports messages in fragments through one process-wide callback.
std::string* g_messages = nullptr;
int collect_message(char* fragment) {
  if (g_messages != nullptr) *g_messages += fragment;
  return 0;
}

/// Turn "Warning: x\nError: y\n" into diagnostics.
void report_messages(const std::string& text, const std::string& engine, Diagnostics* diags) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    bool is_error = false;
    if (line.rfind("Error: ", 0) == 0) {
      is_error = true;
      line.erase(0, 7);
    } else if (line.rfind("Warning: ", 0) == 0) {
      line.erase(0, 9);
    }
    // The child's own messages start with "relmap: "; the rest are Graphviz's.
    const bool own = line.rfind("relmap: ", 0) == 0;
    std::string message = own ? sanitize_text(line.substr(8)) : "graphviz (" + engine + "): " + sanitize_text(line);
    if (is_error) diags->error({}, message);
    else diags->warning({}, message);
  }
}

/// Graphviz's text measurement, replaced: every span is measured with the
/// widths of the map font stack (text_metrics.h), never with the machine's
/// fonts, so text fits whichever of those fonts a reader's system draws it
/// with and layouts are the same everywhere.
boolean measure_span(textspan_t* span, char** fontpath) {
  const double size = span->font->size;
  span->size.x = text_width(span->str != nullptr ? span->str : "", size, (span->font->flags & HTML_BF) != 0);
  span->size.y = size * 1.2;  // Graphviz's own line spacing
  span->yoffset_layout = 0.0;
  span->yoffset_centerline = 0.1 * size;
  span->layout = nullptr;
  span->free_layout = nullptr;
  if (fontpath != nullptr) *fontpath = cstr("[relmap sans metrics]");
  return TRUE;
}

gvtextlayout_engine_t g_text_engine = {measure_span};
gvplugin_installed_t g_text_types[] = {{0, "textlayout", 10, &g_text_engine, nullptr},
                                       {0, nullptr, 0, nullptr, nullptr}};
gvplugin_api_t g_text_apis[] = {{API_textlayout, g_text_types}, {static_cast<api_t>(0), nullptr}};
gvplugin_library_t g_text_library = {cstr("relmap_text"), g_text_apis};

void set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, cstr(name), cstr(value), cstr(""));
}

/// "x,y" of a point rounded to whole points.
std::string whole_points(double x, double y) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f,%.0f", std::round(x) + 0.0, std::round(y) + 0.0);
  return text;
}

/// Draw `g` with its nodes where their "pos" says (in points): the edges
/// routed as `splines` says and the labels placed ("nop", as neato -n).
bool layout_at_positions(GVC_t* gvc, Agraph_t* g, const std::string& splines) {
  agsafeset(g, cstr("splines"), cstr(splines), cstr(""));
  agsafeset(g, cstr("overlap"), cstr("true"), cstr(""));
  agsafeset(g, cstr("layout"), cstr("nop"), cstr(""));
  return gvLayout(gvc, g, "nop") == 0;
}

/// "name x y" lines of the nodes' "pos" (whole points) or, with `laid_out`,
/// of their laid-out centres rounded to whole points.
std::string placed_lines(Agraph_t* g, bool laid_out = false) {
  std::string out;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    std::string xy;
    if (laid_out) {
      xy = whole_points(ND_coord(n).x, ND_coord(n).y);
    } else {
      const char* pos = agget(n, cstr("pos"));
      xy = pos != nullptr ? pos : "";
    }
    std::replace(xy.begin(), xy.end(), ',', ' ');
    out += std::string(agnameof(n)) + " " + xy + "\n";
  }
  return out;
}

/// Give each cluster of `g` (nested ones too) its laid-out box as "bb",
/// rounded outwards to whole points.
void pin_clusters(Agraph_t* g) {
  for (int i = 1; i <= GD_n_cluster(g); ++i) {
    Agraph_t* cluster = GD_clust(g)[i];
    const boxf bb = GD_bb(cluster);
    agsafeset(cluster, cstr("bb"),
              cstr(whole_points(std::floor(bb.LL.x), std::floor(bb.LL.y)) + "," +
                   whole_points(std::ceil(bb.UR.x), std::ceil(bb.UR.y))),
              cstr(""));
    pin_clusters(cluster);
  }
}

/// Lay `g` out again from the node positions of its current layout rounded
/// to whole points: the edges routed (as `splines` says) and the labels
/// placed anew ("nop", as neato -n), overlaps left as they are.
///
/// Why: every engine but dot removes node overlaps here with Graphviz
/// 2.42's "prism", a stress solver over a proximity graph, the Delaunay
/// triangulation GTS makes. lib/neatogen/delaunay.c (delaunay_tri, called
/// from call_tri for overlap.c) collects its edges with
/// gts_surface_foreach_edge, which walks a GHashTable keyed by the faces'
/// addresses (g_direct_hash). So the order of the solver's floating-point
/// sums depends on where malloc put the faces, and with address-space
/// randomisation the positions differ from run to run in their last bits
/// (1e-11 pt on data/, 4e-9 pt at 1,000 actors); now and then that flips a
/// spline's routing or a label's place (4 full maps in 10 differed). The
/// rounded positions and everything laid out from them do not depend on it,
/// but for a coordinate within that drift of a half point (odds of about
/// 1e-11 per coordinate on data/). (GTS allocates through GLib, outside the
/// arena of use_stable_disciplines.)
///
/// `placed` gets the rounded positions as "name x y" lines (layout_cache.h).
bool relayout_from_positions(GVC_t* gvc, Agraph_t* g, const std::string& splines, std::string* placed) {
  std::vector<std::pair<Agnode_t*, std::string>> positions;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n))
    positions.emplace_back(n, whole_points(ND_coord(n).x, ND_coord(n).y));
  pin_clusters(g);
  gvFreeLayout(gvc, g);
  for (const auto& [n, pos] : positions) agsafeset(n, cstr("pos"), cstr(pos), cstr(""));
  *placed = placed_lines(g);
  return layout_at_positions(gvc, g, splines);
}

/// Pin the nodes named in `pins` ("name x y" lines, whole points) where they
/// say, for a neato layout around them, or for layout_at_positions when
/// `exact`. Positions and their order are the cache's, so the same cache
/// gives the same layout. Returns the first node pinned (or null) and its place.
std::pair<Agnode_t*, pointf> pin_nodes(Agraph_t* g, const std::string& pins, bool exact) {
  std::map<std::string, std::pair<long, long>> positions;
  parse_positions(pins, &positions);
  std::pair<Agnode_t*, pointf> first{nullptr, {0, 0}};
  for (const auto& [name, xy] : positions) {
    Agnode_t* n = agnode(g, cstr(name), 0);
    if (n == nullptr) continue;
    if (first.first == nullptr) first = {n, {static_cast<double>(xy.first), static_cast<double>(xy.second)}};
    const std::string pos = std::to_string(xy.first) + "," + std::to_string(xy.second) + (exact ? "" : "!");
    agsafeset(n, cstr("pos"), cstr(pos), cstr(""));
  }
  agsafeset(g, cstr("inputscale"), cstr("72"), cstr(""));  // pos in points, as the cache keeps them
  agsafeset(g, cstr("notranslate"), cstr("true"), cstr(""));
  // Packing components and removing overlaps would move pinned nodes too.
  agsafeset(g, cstr("pack"), cstr("false"), cstr(""));
  agsafeset(g, cstr("overlap"), cstr("true"), cstr(""));
  // Edges are routed with this clearance around actors; the actors new to
  // the map may lie closer to pinned ones than overlap removal would leave.
  agsafeset(g, cstr("sep"), cstr("+2"), cstr(""));
  return first;
}

/// Move every node so that `pinned.first` is back at `pinned.second`: neato
/// keeps pinned nodes where they were relative to each other but moves the
/// whole drawing (centred, or translated to the origin).
void restore_pinned_place(Agraph_t* g, const std::pair<Agnode_t*, pointf>& pinned) {
  if (pinned.first == nullptr) return;
  const double dx = pinned.second.x - ND_coord(pinned.first).x, dy = pinned.second.y - ND_coord(pinned.first).y;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    ND_coord(n).x += dx;
    ND_coord(n).y += dy;
  }
}

/// Where a layout starts from: nodes pinned at an earlier layout's
/// positions ("name x y" lines), or drawn exactly there when `exact`.
struct LayoutStart {
  std::string pins;
  bool exact = false;
};

/// One pass of the child: parse DOT, lay out, render with Graphviz (SVG or
/// DOT). Writes the result or nothing; messages go to `messages`, the
/// nodes' positions to `placed` ("name x y" lines, whole points).
bool layout_and_render(const std::string& dot, const std::string& engine, const LayoutStart& start,
                       const std::string& format, std::string* out, std::string* placed, std::string* messages) {
  g_messages = messages;
  agseterrf(collect_message);
  agseterr(AGWARN);
  static const lt_symlist_t kBuiltins[] = {
      {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
      {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
      {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library},
      {"gvplugin_relmap_text_LTX_library", &g_text_library},
      {nullptr, nullptr}};
  // Only the built-in plugins: text measured by relmap's metrics, never by
  // the fonts installed, so the layout is the same on every machine.
  ContextPtr gvc(gvContextPlugins(kBuiltins, 0));
  if (!gvc) {
    *messages += "Error: cannot create a Graphviz context\n";
    return false;
  }
  use_stable_disciplines();
  GraphPtr g(read_dot(dot));
  if (!g) {
    *messages += "Error: Graphviz could not read the generated graph\n";
    return false;
  }
  agreseterrors();
  // Engines other than dot are laid out twice (see relayout_from_positions);
  // the first time only for the positions, with straight edges, which are
  // quick to route.
  const bool twice = engine != "dot";
  const std::string splines = agget(g.get(), cstr("splines")) ? agget(g.get(), cstr("splines")) : "";
  std::pair<Agnode_t*, pointf> pinned{nullptr, {0, 0}};
  if (!start.pins.empty()) pinned = pin_nodes(g.get(), start.pins, start.exact);
  bool ok = false;
  if (start.exact) {
    *placed = placed_lines(g.get());
    ok = layout_at_positions(gvc.get(), g.get(), splines);
  } else {
    if (twice) agsafeset(g.get(), cstr("splines"), cstr("false"), cstr(""));
    ok = gvLayout(gvc.get(), g.get(), engine.c_str()) == 0;
    if (ok) restore_pinned_place(g.get(), pinned);
    if (ok && twice) ok = relayout_from_positions(gvc.get(), g.get(), splines, placed);
    else if (ok) *placed = placed_lines(g.get(), true);
  }
  if (!ok) {
    *messages += "Error: layout with engine '" + engine + "' failed\n";
    return false;
  }
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), g.get(), format.c_str(), &data, &length);
  if (rc == 0 && data != nullptr) out->assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rc != 0) {
    *messages += "Error: format '" + format + "' is not supported by the installed plugins\n";
    return false;
  }
  return true;
}

}  // namespace

std::string graphviz_label(std::string_view text) {
  std::string clean = sanitize_text(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += ' ';
    else out += c;
  }
  return out;
}

std::string wrap_label(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t space = text.find(' ', i);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(i, space - i);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(word);
    line += word.size();
    i = space + 1;
  }
  return out;
}

const std::vector<std::string>& render_formats() {
  static const std::vector<std::string> formats = {"dot", "svg", "png", "pdf"};
  return formats;
}

const std::vector<std::string>& layout_engines() {
  static const std::vector<std::string> engines = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
  return engines;
}

const std::vector<std::string>& themes() {
  static const std::vector<std::string> names = {"light", "dark"};
  return names;
}

std::string choose_engine(std::size_t nodes, std::size_t edges, bool clusters) {
  // Measured with scripts/engine_timing.py (README, "Speed"): dot places
  // labels without overlaps and takes under 2 s up to 300 relations even
  // when dense (2 per actor), and on sparse maps (1.4 per actor) up to
  // 1,500; beyond, it can take minutes. neato with curved edges takes 10-20 s
  // at 150-200 actors; sfdp scales to tens of thousands.
  if (edges <= 300 || (edges <= 1500 && edges * 2 <= nodes * 3)) return "dot";
  if (clusters) return "fdp";
  if (nodes <= 300 && edges <= 1200) return "neato";
  return "sfdp";
}

bool engine_draws_clusters(const std::string& engine) {
  return engine == "auto" || engine == "dot" || engine == "fdp";
}

namespace {

/// Map sizes beyond which layouts trade looks for speed.
constexpr std::size_t kSplineLimit = 300;     ///< Curved edges up to this many actors.
constexpr std::size_t kPrismLimit = 2000;     ///< Overlap removal up to this many actors.
constexpr std::size_t kEdgeLabelLimit = 5000; ///< Edge labels up to this many relations (tooltips always).

/// Prefix of the map's element ids: its name, and "dark-" before it in the
/// dark theme, so that both versions of a map can share a page.
std::string id_prefix(const MapSpec& spec, const RenderOptions& options) {
  return (options.theme == "dark" ? "dark-" : "") + sanitize_text(spec.name);
}

/// Text lengths (in characters) drawn on a map, which bound the size of
/// every label Graphviz lays out. Longer text is shortened for drawing and
/// kept in the tooltip.
constexpr std::size_t kMaxNameDrawn = 80;    ///< An actor's or a cluster's name.
constexpr std::size_t kMaxTitleDrawn = 120;  ///< The map's title.
constexpr std::size_t kMaxRoleDrawn = 60;    ///< A relation label's role or path step.
/// Tooltips and links: Graphviz cannot read back a DOT file with a quoted
/// string longer than 16 KB; this many characters stay well below it.
constexpr std::size_t kMaxAttribute = 2000;


/// What a DOT text is for, which decides how text that looks like markup
/// is kept as the data writes it.
enum class Target {
  kDotFile,  ///< Written out: text as it is, links as URLs.
  kSvg,      ///< Laid out for finish_svg (also for PNG and PDF, drawn from that SVG): '&' and links as placeholders.
};

/// Builds one map's cgraph graph.
class DotBuilder {
 public:
  DotBuilder(const KnowledgeGraph& kg, const MapSpec& spec, const RenderOptions& options,
             const std::string& engine, Target target)
      : kg_(kg), spec_(spec), options_(options), engine_(engine), theme_(theme_for(options.theme)),
        target_(target), graph_(open_graph(sanitize_text(spec.name), Agdirected)),
        highlight_nodes_(spec.highlight_nodes.begin(), spec.highlight_nodes.end()) {
    for (auto e : spec.highlight_edges) highlight_edges_.insert(kg.edge(e).index);
  }

  /// The DOT text; `links` receives the URLs behind placeholders.
  std::string build(std::vector<std::string>* links) {
    defaults();
    std::vector<Agnode_t*> made(kg_.node_count(), nullptr);
    std::vector<Agraph_t*> clusters = options_.clusters ? make_clusters() : std::vector<Agraph_t*>();
    for (auto v : spec_.nodes) made[v] = add_node(v, clusters.empty() ? graph_.get() : clusters[v]);
    for (std::size_t i = 0; i < spec_.edges.size(); ++i) add_edge(i, made);
    if (options_.legend && !spec_.nodes.empty()) {
      char* label = agstrdup_html(graph_.get(), cstr(map_label(kg_, spec_, theme_, prefix() + "-legend")));
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
  /// writes back (escaped); for images '&' goes as "&amp;"; a DOT file keeps
  /// the text, escaped as graphviz_label does.
  std::string text(std::string_view s) const {
    const std::string escaped = graphviz_label(s);
    if (target_ == Target::kDotFile) return escaped;
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

  void attr(int kind, const char* name, const std::string& value) {
    agattr(graph_.get(), kind, cstr(name), cstr(value));
  }

  void defaults() {
    attr(AGRAPH, "layout", engine_);
    attr(AGRAPH, "id", prefix());
    attr(AGRAPH, "fontname", map_font_family());
    attr(AGRAPH, "fontsize", "16");
    attr(AGRAPH, "fontcolor", theme_.text);
    attr(AGRAPH, "bgcolor", theme_.background);
    attr(AGRAPH, "labelloc", "t");
    attr(AGRAPH, "outputorder", "edgesfirst");
    attr(AGRAPH, "pad", "0.2");
    if (!spec_.title.empty() && !(options_.legend && !spec_.nodes.empty()))
      attr(AGRAPH, "label", text(shorten(spec_.title, kMaxTitleDrawn)));
    if (engine_ == "dot") {
      attr(AGRAPH, "rankdir", "LR");
      attr(AGRAPH, "nodesep", "0.3");
      attr(AGRAPH, "ranksep", "0.5");
      attr(AGRAPH, "newrank", "true");
    } else {
      // Curved edges around nodes and overlap removal cost most of a large
      // layout (5,000 actors: minutes with splines, 17 s with prism, 5 s
      // with scale); large maps get straight lines and a scaled layout.
      const std::size_t n = spec_.nodes.size();
      attr(AGRAPH, "overlap", n <= kPrismLimit ? "prism" : "scale");
      if (n <= kPrismLimit) attr(AGRAPH, "overlap_scaling", "-4");
      attr(AGRAPH, "splines", n <= kSplineLimit ? "true" : "false");
      attr(AGRAPH, "sep", "+12");
      attr(AGRAPH, "pack", "true");
      attr(AGRAPH, "start", "1");  // fixed seed: the same layout every run
    }
    attr(AGNODE, "fontname", map_font_family());
    attr(AGNODE, "fontsize", "11");
    attr(AGNODE, "shape", "box");
    attr(AGNODE, "style", "filled");
    attr(AGNODE, "fillcolor", "#ffffff");
    attr(AGNODE, "fontcolor", theme_.node_text);
    attr(AGNODE, "margin", "0.12,0.06");
    attr(AGEDGE, "fontname", map_font_family());
    attr(AGEDGE, "fontsize", "9");
    attr(AGEDGE, "fontcolor", theme_.text);
    attr(AGEDGE, "color", theme_.edge);
    attr(AGEDGE, "arrowsize", "0.7");
  }

  /// For each vertex, the cluster subgraph it belongs in (or the root).
  std::vector<Agraph_t*> make_clusters() {
    const Schema& schema = kg_.schema();
    const auto& g = kg_.graph();
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
        for (auto e : boost::make_iterator_range(boost::out_edges(v, g)))
          if (kg_.relation_type(e).cluster && in_map[boost::target(e, g)]) {
            next = boost::target(e, g);
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

  /// Placeholder (for SVG) or the URL itself (for DOT).
  std::string link(const std::string& url) {
    if (target_ == Target::kDotFile) return sanitize_text(url);
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

  Agnode_t* add_node(KnowledgeGraph::Vertex v, Agraph_t* home) {
    const NodeProps& node = kg_.node(v);
    const NodeType& type = kg_.node_type(v);
    const std::string name = slug(node.id);
    Agnode_t* n = agnode(graph_.get(), cstr(name), 1);
    if (home != graph_.get()) agsubnode(home, n, 1);
    for (const auto& [key, value] : kg_.schema().node_style(type.name)) set(n, key.c_str(), value);
    set(n, "id", element_id("n-" + name));
    set(n, "class", type_classes(type.name) + (highlighted(v) ? "" : " muted"));
    set(n, "label", text(wrap_label(shorten(node.name, kMaxNameDrawn), 26)));
    set(n, "tooltip", text(shorten(node.name + " (" + type.label + ")", kMaxAttribute)));
    if (!highlighted(v)) {
      set(n, "color", theme_.muted_line);
      set(n, "fontcolor", theme_.muted_text);
      set(n, "fillcolor", theme_.muted_fill);
    } else if (!spec_.highlight_nodes.empty()) {
      set(n, "penwidth", "2.5");
    }
    const std::string url = url_of(v);
    if (!url.empty()) set(n, "URL", link(url));
    return n;
  }

  void add_edge(std::size_t i, const std::vector<Agnode_t*>& made) {
    const auto e = spec_.edges[i];
    const auto& g = kg_.graph();
    Agnode_t* s = made[boost::source(e, g)];
    Agnode_t* t = made[boost::target(e, g)];
    if (s == nullptr || t == nullptr) return;
    Agedge_t* edge = agedge(graph_.get(), s, t, nullptr, 1);
    const RelationType& rel = kg_.relation_type(e);
    const EdgeProps& props = kg_.edge(e);
    for (const auto& [key, value] : rel.style) set(edge, key.c_str(), value);
    set(edge, "color", line_colour(highlighted(e) ? relation_colour(rel, theme_) : theme_.muted_line, props.basis,
                                   theme_));
    set(edge, "id", element_id("r" + std::to_string(props.index)));
    set(edge, "class", "r-" + rel.name + (props.basis == Basis::kImplied ? " implied" : "") +
                           (highlighted(e) ? "" : " muted"));
    if (spec_.edges.size() <= kEdgeLabelLimit || i < spec_.edge_labels.size()) {
      std::string label = i < spec_.edge_labels.size() ? shorten(spec_.edge_labels[i], kMaxRoleDrawn) : rel.label;
      const std::string role = first_value(props.properties, "role");
      if (!role.empty() && i >= spec_.edge_labels.size())
        label += "\n(" + wrap_label(shorten(role, kMaxRoleDrawn), 24) + ")";
      set(edge, "label", text(label));
    }
    if (rel.symmetric) set(edge, "dir", "none");
    const auto source = kg_.find_id(props.source);
    const std::string cited = source ? kg_.node(*source).name : props.source;
    if (i < spec_.edge_tooltips.size())
      set(edge, "tooltip", text(shorten(spec_.edge_tooltips[i], kMaxAttribute)));
    else
      set(edge, "tooltip", text(shorten(rel.label + (props.basis == Basis::kImplied ? " (implied)" : "") + ": \u201C" +
                                            props.evidence + "\u201D \u2014 " + cited + " [" + props.source + "]",
                                        kMaxAttribute)));
    if (source && i >= spec_.edge_tooltips.size()) {
      const std::string url = url_of(*source);
      if (!url.empty()) set(edge, "URL", link(url));
    }
    if (!highlighted(e)) {
      set(edge, "fontcolor", theme_.muted_text);
    } else if (!spec_.highlight_edges.empty()) {
      set(edge, "penwidth", "3");
    }
  }

  const KnowledgeGraph& kg_;
  const MapSpec& spec_;
  const RenderOptions& options_;
  const std::string& engine_;
  const Theme& theme_;
  Target target_;
  GraphPtr graph_;
  std::unordered_set<KnowledgeGraph::Vertex> highlight_nodes_;
  std::unordered_set<std::uint32_t> highlight_edges_;  // by fact index
  std::vector<std::string> links_;
};

std::string resolve_engine(const MapSpec& spec, const RenderOptions& options) {
  return options.engine == "auto" ? choose_engine(spec.nodes.size(), spec.edges.size(), options.clusters)
                                  : options.engine;
}

/// What decides a map's layout, hashed: its actors (name, type, label), its
/// relations (ends, type, label, role), the engine and the clusters. Ids,
/// tooltips and links, which change when facts are renumbered, are left out.
std::uint64_t layout_key(const KnowledgeGraph& kg, const MapSpec& spec, const RenderOptions& options,
                         const std::string& engine) {
  std::string text = engine + (options.clusters ? " clusters" : "") + (options.legend ? " legend" : "") + "\n";
  for (auto v : spec.nodes) text += slug(kg.node(v).id) + '\t' + kg.node_type(v).name + '\t' + kg.node(v).name + '\n';
  const auto& g = kg.graph();
  for (std::size_t i = 0; i < spec.edges.size(); ++i) {
    const auto e = spec.edges[i];
    text += slug(kg.node(boost::source(e, g)).id) + '\t' + slug(kg.node(boost::target(e, g)).id) + '\t' +
            kg.relation_type(e).name + '\t' + (i < spec.edge_labels.size() ? spec.edge_labels[i] : "") + '\t' +
            first_value(kg.edge(e).properties, "role") + '\n';
  }
  return hash64(text);
}

/// How to lay the map out after `previous` (null when none is known): the
/// same map laid out afresh before is laid out afresh again (the same
/// layout); otherwise its actors that were drawn before are pinned where
/// they were and neato places the others around them (`engine` becomes
/// neato), or, for a map drawn so before and unchanged, all are drawn
/// exactly there. Maps drawn with dot are always laid out afresh: dot cannot
/// pin, and neato around dot's positions puts edge labels on actors (dot's
/// ranks are close), so for them legible labels come before keeping places.
LayoutStart layout_start(const KnowledgeGraph& kg, const MapSpec& spec, const RenderOptions& options,
                         std::uint64_t key, std::string* engine) {
  const Layout* previous = options.previous;
  if (previous == nullptr || previous->positions.empty() || *engine == "dot" || options.clusters ||
      spec.nodes.size() > kPrismLimit || (previous->key == key && !previous->pinned))
    return {};
  LayoutStart start;
  std::size_t known = 0;
  for (auto v : spec.nodes) {
    const std::string name = slug(kg.node(v).id);
    const auto it = previous->positions.find(name);
    if (it == previous->positions.end()) continue;
    start.pins += name + " " + std::to_string(it->second.first) + " " + std::to_string(it->second.second) + "\n";
    ++known;
  }
  if (known == 0) return {};
  start.exact = previous->key == key && known == spec.nodes.size();
  *engine = "neato";
  return start;
}

/// A number as the 8 bytes of its value, to pass to the child exactly.
std::string number_bytes(double value) { return std::string(reinterpret_cast<const char*>(&value), sizeof value); }

double bytes_number(const std::string& bytes) {
  double value = 0;
  if (bytes.size() == sizeof value) std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

/// What the child needs to draw a map, as the frames draw_in_child reads:
/// the DOT, the layout, the format and how to finish the SVG (its links last).
std::vector<std::string> layout_job(const std::string& dot, const std::string& engine, const LayoutStart& start,
                                    const RenderOptions& options, const SvgFinish& finish) {
  std::vector<std::string> job = {dot,
                                  engine,
                                  start.pins,
                                  start.exact ? "1" : "0",
                                  options.format,
                                  finish.id_prefix,
                                  finish.title,
                                  finish.description,
                                  finish.theme,
                                  finish.fixed_size ? "1" : "0",
                                  number_bytes(options.width_points),
                                  number_bytes(options.dpi)};
  job.insert(job.end(), finish.links.begin(), finish.links.end());
  return job;
}

/// The child's work: lay out and render the job of layout_job, finish the
/// SVG; PNG and PDF are drawn from that SVG, so from the same layout, and
/// librsvg and cairo stay out of relmap's own process. Returns ok ("1" or
/// "0"), Graphviz's messages, the result and the placed nodes.
std::vector<std::string> draw_in_child(const std::vector<std::string>& job) {
  if (job.size() < 12) return {"0", "Error: relmap: a malformed layout job\n", "", ""};
  const std::string& dot = job[0];
  const std::string& engine = job[1];
  const LayoutStart start{job[2], job[3] == "1"};
  const std::string& format = job[4];
  const SvgFinish finish{job[5], job[6], job[7], job[8], job[9] == "1", {job.begin() + 12, job.end()}};
  const RasterOptions raster_options{format, bytes_number(job[10]), bytes_number(job[11])};
  const bool raster = format == "png" || format == "pdf";
  std::string result, placed, messages, error;
  bool ok = false;
  try {
    ok = layout_and_render(dot, engine, start, raster ? "svg" : format, &result, &placed, &messages);
    if (ok && (raster || format == "svg")) {
      SvgFinish sized = finish;
      sized.fixed_size = sized.fixed_size || raster;
      result = finish_svg(result, sized);
    }
    if (ok && raster && !rasterise(std::string(std::move(result)), raster_options, &result, &error)) {
      messages += "Error: relmap: " + error + "\n";
      ok = false;
    }
  } catch (...) {
    messages += "Error: layout failed with an exception\n";
  }
  return {ok ? "1" : "0", messages, result, placed};
}

}  // namespace

std::string map_to_dot(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options) {
  std::vector<std::string> links;
  return DotBuilder(graph, spec, options, resolve_engine(spec, options), Target::kDotFile).build(&links);
}

bool render_map(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options,
                std::string* out, Diagnostics* diags) {
  std::string engine = resolve_engine(spec, options);
  if (options.clusters && !engine_draws_clusters(engine)) {
    diags->error({}, "clusters need the dot or fdp engine: " + engine +
                         " ignores them and would draw frames that overlap and hold the wrong actors");
    return false;
  }
  if (options.format == "dot") {
    *out = map_to_dot(graph, spec, options);
    return true;
  }
  const std::uint64_t key = layout_key(graph, spec, options, engine);
  const LayoutStart start = layout_start(graph, spec, options, key, &engine);
  std::vector<std::string> links;
  const std::string dot =
      DotBuilder(graph, spec, options, engine, Target::kSvg).build(&links);
  SvgFinish finish{id_prefix(spec, options), spec.title, spec.description, options.theme, options.fixed_size, links};
  const ChildResult child =
      run_in_child(draw_in_child, layout_job(dot, engine, start, options, finish), options.timeout_seconds,
                   options.on_wait);
  if (child.end == ChildResult::End::kNotStarted) {
    diags->error({}, "cannot start the layout: " + child.error);
    return false;
  }
  if (child.end == ChildResult::End::kTimedOut) {
    diags->error({}, "layout with engine '" + engine + "' did not finish within " +
                         std::to_string(options.timeout_seconds) + " s; draw a smaller map (--focus, --source or "
                         "filters)" + (engine == "sfdp" ? "" : " or try --engine sfdp") + ", or raise --timeout");
    return false;
  }
  if (child.end == ChildResult::End::kDied || child.frames.size() != 4) {
    diags->error({}, "Graphviz " + (child.error.empty() ? std::string("exited") : child.error) +
                         " during layout with engine '" + engine + "'");
    return false;
  }
  const std::string& ok = child.frames[0];
  const std::string& messages = child.frames[1];
  const std::string& result = child.frames[2];
  report_messages(messages, engine, diags);
  if (ok != "1") return false;
  *out = result;
  if (options.laid_out != nullptr) {
    *options.laid_out = Layout{key, !start.pins.empty(), {}};
    parse_positions(child.frames[3], &options.laid_out->positions);
  }
  return true;
}

}  // namespace relmap
