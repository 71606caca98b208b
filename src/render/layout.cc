#include "render/layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>
#include <graphviz/gvplugin_textlayout.h>
#include <graphviz/types.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "base/text.h"
#include "maps/kept_ranks.h"
#include "maps/legend_shapes.h"
#include "maps/text_metrics.h"
#include "render/cgraph_stable.h"
#include "render/label_places.h"
#include "render/libraries.h"
#include "render/raster.h"

namespace relmap {

namespace {

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

/// A Graphviz context with only the built-in plugins: text measured by
/// relmap's metrics, never by the fonts installed, so the layout is the
/// same on every machine. Null if Graphviz cannot make one.
GVC_t* new_context() {
  static const lt_symlist_t kBuiltins[] = {
      {"gvplugin_core_LTX_library", graphviz_plugins().core},
      {"gvplugin_dot_layout_LTX_library", graphviz_plugins().dot_layout},
      {"gvplugin_neato_layout_LTX_library", graphviz_plugins().neato_layout},
      {"gvplugin_relmap_text_LTX_library", &g_text_library},
      {nullptr, nullptr}};
  return gvContextPlugins(kBuiltins, 0);
}

/// The context prepare_layout_children made, which each child forked
/// after it inherits unused; null where none was made.
GVC_t* g_prepared_context = nullptr;

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
  const double dx = pinned.second.x - ND_coord(pinned.first).x,
               dy = pinned.second.y - ND_coord(pinned.first).y;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    ND_coord(n).x += dx;
    ND_coord(n).y += dy;
  }
}

/// Whether a dot layout put an edge label on another one or on a node.
/// Boxes in points, each label's less 1 pt of its margin on every side.
bool labels_collide(Agraph_t* g) {
  struct Box {
    double x0, y0, x1, y1;
    bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  };
  std::vector<Box> labels, nodes;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    const double w = ND_width(n) * 36, h = ND_height(n) * 36;  // half, in points
    nodes.push_back({ND_coord(n).x - w, ND_coord(n).y - h, ND_coord(n).x + w, ND_coord(n).y + h});
    for (Agedge_t* e = agfstout(g, n); e != nullptr; e = agnxtout(g, e)) {
      const textlabel_t* label = ED_label(e);
      if (label == nullptr || !label->set) continue;
      const double lw = label->dimen.x / 2 - 1, lh = label->dimen.y / 2 - 1;
      labels.push_back({label->pos.x - lw, label->pos.y - lh, label->pos.x + lw, label->pos.y + lh});
    }
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    for (std::size_t j = i + 1; j < labels.size(); ++j)
      if (labels[i].overlaps(labels[j])) return true;
    for (const Box& node : nodes)
      if (labels[i].overlaps(node)) return true;
  }
  return false;
}

/// A graph attribute as a number of points, or 0.
double number_attribute(Agraph_t* g, const char* name) {
  const char* value = agget(g, cstr(name));
  return value != nullptr ? std::strtod(value, nullptr) : 0;
}

double layout_width(Agraph_t* g) { return GD_bb(g).UR.x - GD_bb(g).LL.x; }
double layout_height(Agraph_t* g) { return GD_bb(g).UR.y - GD_bb(g).LL.y; }

/// How much of the fit box (kFitWidthAttribute) a layout allows: the scale
/// it must be drawn at to fit the box, at most 1.
double fit_scale(Agraph_t* g, double width, double height) {
  const double w = layout_width(g), h = layout_height(g);
  return std::min({1.0, w > 0 ? width / w : 1.0, h > 0 ? height / h : 1.0});
}

/// Ranks, by node name, in which the nodes of dot's layout `g` take about
/// `budget` points across at most: each node in dot's rank order goes to
/// the first rank below the nodes above it linked to it where it and its
/// links fit, as in Coffman and Graham's layering of bounded width. dot
/// draws a labelled link across two ranks with the label between them, and
/// a longer link through every rank it crosses: those take room too.
std::vector<std::vector<std::string>> narrow_ranks(Agraph_t* g, double budget) {
  constexpr std::size_t kRankSearch = 6;  // ranks tried below the lowest a node may take
  std::vector<Agnode_t*> nodes;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) nodes.push_back(n);
  std::stable_sort(nodes.begin(), nodes.end(), [](Agnode_t* a, Agnode_t* b) {
    return std::make_pair(ND_rank(a), ND_coord(a).x) < std::make_pair(ND_rank(b), ND_coord(b).x);
  });
  const double sep = GD_nodesep(g);
  std::unordered_map<Agnode_t*, std::size_t> rank_of;
  std::vector<double> room;  // taken across each half rank: nodes at 2r, links between
  std::vector<std::vector<std::string>> ranks;
  for (Agnode_t* n : nodes) {
    std::size_t lowest = 0;
    std::vector<std::pair<std::size_t, double>> links;  // from rank, label width
    for (Agedge_t* e = agfstedge(g, n); e != nullptr; e = agnxtedge(g, e, n)) {
      Agnode_t* other = agtail(e) == n ? aghead(e) : agtail(e);
      const auto placed = rank_of.find(other);
      if (placed == rank_of.end() || ND_rank(other) >= ND_rank(n)) continue;
      lowest = std::max(lowest, placed->second + 1);
      links.emplace_back(placed->second, ED_label(e) != nullptr ? ED_label(e)->dimen.x : 0.0);
    }
    const double width = ND_width(n) * 72 + sep;
    // What placing n at rank r adds to each half rank.
    auto needs = [&](std::size_t r) {
      std::vector<std::pair<std::size_t, double>> add{{2 * r, width}};
      for (const auto& [from, label] : links)
        for (std::size_t half = 2 * from + 1; half < 2 * r; ++half)
          add.emplace_back(half, half == from + r ? label + sep : sep);
      return add;
    };
    // How far past the budget placing n at rank r takes the fullest half
    // rank it adds to (one holding nothing yet takes anything).
    auto overflow = [&](std::size_t r) {
      double worst = 0;
      for (const auto& [half, w] : needs(r))
        if (half < room.size() && room[half] > 0) worst = std::max(worst, room[half] + w - budget);
      return worst;
    };
    std::size_t r = lowest;
    for (std::size_t k = lowest + 1; k < lowest + kRankSearch && overflow(r) > 0; ++k)
      if (overflow(k) < overflow(r)) r = k;
    for (const auto& [half, w] : needs(r)) {
      if (half >= room.size()) room.resize(half + 1, 0);
      room[half] += w;
    }
    if (r >= ranks.size()) ranks.resize(r + 1);
    ranks[r].push_back(agnameof(n));
    rank_of[n] = r;
  }
  return ranks;
}

/// A fresh dot layout of `dot` held to `ranks` (node names).
GraphPtr lay_out_in_ranks(GVC_t* gvc, const std::string& dot,
                          const std::vector<std::vector<std::string>>& ranks) {
  GraphPtr g(read_dot(dot));
  if (!g) return g;
  std::vector<std::vector<Agnode_t*>> held;
  for (const auto& names : ranks) {
    held.emplace_back();
    for (const std::string& name : names) held.back().push_back(agnode(g.get(), cstr(name), 0));
  }
  std::vector<Agedge_t*> edges;
  for (Agnode_t* n = agfstnode(g.get()); n != nullptr; n = agnxtnode(g.get(), n))
    for (Agedge_t* e = agfstout(g.get(), n); e != nullptr; e = agnxtout(g.get(), e)) edges.push_back(e);
  hold_ranks(g.get(), held, {}, edges);
  if (gvLayout(gvc, g.get(), "dot") != 0) g.reset();
  return g;
}

/// Lay a map drawn with dot afresh out again, in narrower ranks, when it is
/// wider than its fit box (kFitWidthAttribute): with ranks of at most the
/// box's width, then of less, while that makes the map fit the box at a
/// larger scale. The layouts given up are not freed (see layout_and_render).
void fit_to_box(GVC_t* gvc, const std::string& dot, GraphPtr* g) {
  const double width = number_attribute(g->get(), kFitWidthAttribute);
  const double height = number_attribute(g->get(), kFitHeightAttribute);
  const char* rankdir = agget(g->get(), cstr("rankdir"));
  if (width <= 0 || height <= 0 || layout_width(g->get()) <= width ||
      (rankdir != nullptr && std::strcmp(rankdir, "TB") != 0))
    return;  // narrower ranks make a map drawn top to bottom narrower
  double best = fit_scale(g->get(), width, height);
  for (double budget : {width * 0.9, width * 0.75, width * 0.6}) {
    GraphPtr narrower = lay_out_in_ranks(gvc, dot, narrow_ranks(g->get(), budget));
    if (!narrower) continue;
    // Held ranks leave some relations unranked, whose labels dot may put
    // on others: such a layout is no better.
    if (fit_scale(narrower.get(), width, height) <= best || labels_collide(narrower.get())) {
      narrower.release();  // not freed, as any layout given up here
      continue;
    }
    best = fit_scale(narrower.get(), width, height);
    g->release();
    *g = std::move(narrower);
    if (layout_width(g->get()) <= width) return;
  }
}

/// Lay a map with kept ranks (`dot`) out again after its labels collided:
/// with each rank's nodes half as far apart again, and if that is not
/// enough, afresh from `fresh_dot` (`from_earlier` becomes false). The
/// layouts given up are not freed (see layout_and_render).
bool lay_out_kept_ranks_again(GVC_t* gvc, const std::string& dot, const std::string& fresh_dot, GraphPtr* g,
                              bool* from_earlier) {
  const char* nodesep = agget(g->get(), cstr("nodesep"));
  char wider[32];
  std::snprintf(wider, sizeof wider, "%.3f",
                1.5 * (nodesep != nullptr ? std::strtod(nodesep, nullptr) : 0.25));
  g->release();
  g->reset(read_dot(dot));
  if (!*g) return false;
  agsafeset(g->get(), cstr("nodesep"), wider, cstr(""));
  if (gvLayout(gvc, g->get(), "dot") != 0) return false;
  if (!labels_collide(g->get())) return true;
  g->release();
  g->reset(read_dot(fresh_dot));
  *from_earlier = false;
  return *g && gvLayout(gvc, g->get(), "dot") == 0;
}

/// The share of its scale in its fit box a map may lose to spreading it
/// so that its labels find clear places.
constexpr double kSpreadScale = 0.98;
/// Maps of more actors are laid out once: each spread is another dot layout.
constexpr int kMaxSpreadNodes = 100;

/// How well a layout suits its map when `stuck` of its labels lie on
/// something: fewer such labels first, then a larger scale in the fit box
/// (kFitWidthAttribute), then a smaller drawing.
struct Spread {
  int stuck;
  double scale, area;
  bool better_than(const Spread& o) const {
    if (stuck != o.stuck) return stuck < o.stuck;
    if (scale != o.scale) return scale > o.scale;
    return area < o.area;
  }
};

Spread spread_of(Agraph_t* g, int stuck) {
  const double width = number_attribute(g, kFitWidthAttribute),
               height = number_attribute(g, kFitHeightAttribute);
  return {stuck, width > 0 && height > 0 ? fit_scale(g, width, height) : 1.0,
          layout_width(g) * layout_height(g)};
}

/// Lay the external labels (xlabel) of the edges `ids` of `g` out as
/// labels, which dot makes room for; returns how many there were.
int make_labels(Agraph_t* g, const std::vector<std::string>& ids) {
  int made = 0;
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n))
    for (Agedge_t* e = agfstout(g, n); e != nullptr; e = agnxtout(g, e)) {
      const char* id = agget(e, cstr("id"));
      const char* mark = agget(e, cstr("xlabel"));
      if (id == nullptr || mark == nullptr || *mark == '\0' ||
          std::find(ids.begin(), ids.end(), id) == ids.end())
        continue;
      const std::string text = mark;
      agsafeset(e, cstr("label"), cstr(text), cstr(""));
      agsafeset(e, cstr("xlabel"), cstr(""), cstr(""));
      ++made;
    }
  return made;
}

/// What a spread widens: the room between actors (nodesep), between ranks
/// (ranksep) or both, as bits.
enum Widened { kActors = 1, kRanks = 2, kBoth = 3 };

/// `dot` laid out again with its room between actors and ranks (`nodesep`,
/// `ranksep`, 0 for Graphviz's default) widened by `factor` where `which`
/// says, or, at factor 1, with the external labels of the edges `ids` as
/// labels; none if it could not be, or if at factor 1 none of those edges
/// has one (the same layout again).
GraphPtr spread_layout(GVC_t* gvc, const std::string& dot, double nodesep, double ranksep, double factor,
                       int which, const std::vector<std::string>& ids) {
  GraphPtr wider(read_dot(dot));
  if (!wider || (factor == 1.0 && make_labels(wider.get(), ids) == 0)) return nullptr;
  char value[32];
  std::snprintf(value, sizeof value, "%.3f",
                ((which & kActors) != 0 ? factor : 1) * (nodesep > 0 ? nodesep : 0.25));
  agsafeset(wider.get(), cstr("nodesep"), value, cstr(""));
  std::snprintf(value, sizeof value, "%.3f",
                ((which & kRanks) != 0 ? factor : 1) * (ranksep > 0 ? ranksep : 0.5));
  agsafeset(wider.get(), cstr("ranksep"), value, cstr(""));
  if (gvLayout(gvc, wider.get(), "dot") != 0) {
    wider.release();  // not freed, as any layout given up here
    return nullptr;
  }
  return wider;
}

/// Move the labels of dot's layout `g` off lines, actors and frames
/// (label_places.h); where some find no clear place, lay the map out again
/// with those that are external labels laid out as labels, or with its
/// actors, its ranks or both further apart, and keep the layout with the
/// fewest labels left on something, never one that fits its box
/// (kFitWidthAttribute) at a smaller scale. Room whose widening shrank the
/// map past that is widened no further, nor both kinds once either is:
/// more room shrinks it more. `dot` is the text `g` was read from, or empty
/// when it was laid out otherwise (fit_to_box's ranks): then its labels
/// are only moved. The layouts given up are not freed (see
/// layout_and_render).
void spread_until_labels_clear(GVC_t* gvc, const std::string& dot, GraphPtr* g) {
  std::vector<std::string> stuck_ids;
  Spread best = spread_of(g->get(), move_labels_off_lines(g->get(), &stuck_ids));
  if (best.stuck == 0 || dot.empty() || agnnodes(g->get()) > kMaxSpreadNodes) return;
  const double first_scale = best.scale;
  const double nodesep = number_attribute(g->get(), "nodesep"),
               ranksep = number_attribute(g->get(), "ranksep");
  // The spreads past which the map shrank too much, as bits 1 << which.
  unsigned too_small = 0;
  const auto shrinks = [&too_small](int which) {
    return (too_small & (1u << which)) != 0 ||
           (which == kBoth && (too_small & (1u << kActors | 1u << kRanks)) != 0);
  };
  // Tried in turn: the stuck external labels as labels (factor 1), then
  // actors, ranks or both further apart.
  for (double factor : {1.0, 1.15, 1.3, 1.5, 2.0}) {
    for (int which : {kActors, kRanks, kBoth}) {
      if ((factor == 1.0 && which != kActors) || shrinks(which)) continue;
      GraphPtr wider = spread_layout(gvc, dot, nodesep, ranksep, factor, which, stuck_ids);
      if (!wider) continue;
      const Spread spread = spread_of(wider.get(), move_labels_off_lines(wider.get()));
      const bool shrunk = spread.scale < first_scale * kSpreadScale;
      if (shrunk && factor > 1.0) too_small |= 1u << which;
      if (shrunk || !spread.better_than(best)) {
        wider.release();
        continue;
      }
      best = spread;
      g->release();
      *g = std::move(wider);
    }
    // The least spread that frees every label, at its best fit; or no room
    // left to widen.
    if (best.stuck == 0 || (shrinks(kActors) && shrinks(kRanks))) return;
  }
}

/// One pass of the child: parse DOT, lay out, render with Graphviz (SVG or
/// DOT). Writes the result or nothing; messages go to `messages`, the
/// nodes' positions to `placed` ("name x y" lines, whole points).
bool layout_and_render(const std::string& dot, Engine engine, const LayoutStart& start, MapFormat format,
                       std::string* out, std::string* placed, bool* from_earlier, std::string* messages) {
  g_messages = messages;
  agseterrf(collect_message);
  agseterr(AGWARN);
  ContextPtr own;
  GVC_t* gvc = g_prepared_context;
  if (gvc == nullptr) {
    own.reset(new_context());
    gvc = own.get();
  }
  if (gvc == nullptr) {
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
  const bool twice = engine != Engine::kDot;
  const std::string splines = agget(g.get(), cstr("splines")) ? agget(g.get(), cstr("splines")) : "";
  std::pair<Agnode_t*, pointf> pinned{nullptr, {0, 0}};
  if (!start.pins.empty()) pinned = pin_nodes(g.get(), start.pins, start.exact);
  *from_earlier = !start.pins.empty() || !start.fresh_dot.empty();
  std::string source = dot;  // the DOT text g is laid out from (spread_until_labels_clear)
  bool ok = false;
  if (start.exact) {
    *placed = placed_lines(g.get());
    ok = layout_at_positions(gvc, g.get(), splines);
  } else {
    if (twice) agsafeset(g.get(), cstr("splines"), cstr("false"), cstr(""));
    ok = gvLayout(gvc, g.get(), name_of(engine).c_str()) == 0;
    if (ok) restore_pinned_place(g.get(), pinned);
    if (ok && !start.fresh_dot.empty() && labels_collide(g.get()))
      ok = lay_out_kept_ranks_again(gvc, dot, start.fresh_dot, &g, from_earlier);
    if (ok && engine == Engine::kDot && !*from_earlier) {
      source = start.fresh_dot.empty() ? dot : start.fresh_dot;
      const Agraph_t* before = g.get();
      fit_to_box(gvc, source, &g);
      if (g.get() != before) source.clear();  // laid out in ranks of its own
    }
    // dot's places are taken once its labels are placed, below.
    if (ok && twice) ok = relayout_from_positions(gvc, g.get(), splines, placed);
  }
  if (!ok) {
    *messages += "Error: layout with engine '" + name_of(engine) + "' failed\n";
    return false;
  }
  if (engine == Engine::kDot) {
    spread_until_labels_clear(gvc, source, &g);
    *placed = placed_lines(g.get(), true);
  } else {
    move_labels_off_lines(g.get());
  }
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc, g.get(), name_of(format).c_str(), &data, &length);
  if (rc == 0 && data != nullptr) out->assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  // Kept ranks (kept_ranks.h) can put a labelled flat edge in dot's first
  // rank. dot then adds a rank before it (lib/dotgen/flat.c, abomination),
  // and Graphviz 2.42's cleanup frees a rank array as it was before, which
  // aborts the child. The child ends right after drawing, so that layout's
  // memory is left for the system to take back.
  if (agsubg(g.get(), cstr(rank_set_name(0)), 0) == nullptr) gvFreeLayout(gvc, g.get());
  if (rc != 0) {
    *messages += "Error: format '" + name_of(format) + "' is not supported by the installed plugins\n";
    return false;
  }
  return true;
}

/// A number as the 8 bytes of its value, to pass to the child exactly.
std::string number_bytes(double value) {
  return std::string(reinterpret_cast<const char*>(&value), sizeof value);
}

double bytes_number(const std::string& bytes) {
  double value = 0;
  if (bytes.size() == sizeof value) std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

}  // namespace

void prepare_layout_children() {
  try {
    agseterrf(collect_message);  // no messages gathered: a child makes its own context on failure
    g_prepared_context = new_context();
  } catch (const LibraryMissing&) {
    // Each child reports it.
  }
}

void hold_ranks(Agraph_t* g, const std::vector<std::vector<Agnode_t*>>& ranks,
                const std::vector<std::vector<Agnode_t*>>& chains, const std::vector<Agedge_t*>& edges) {
  auto invisible_edge = [g](Agnode_t* tail, Agnode_t* head) {
    Agedge_t* edge = agedge(g, tail, head, nullptr, 1);
    agsafeset(edge, cstr("style"), cstr("invis"), cstr(""));
    return edge;
  };
  std::unordered_map<Agnode_t*, std::size_t> rank;
  Agnode_t* previous = nullptr;
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    Agraph_t* set = agsubg(g, cstr(rank_set_name(r)), 1);
    agsafeset(set, cstr("rank"), cstr("same"), cstr(""));
    for (Agnode_t* n : ranks[r]) {
      agsubnode(set, n, 1);
      rank[n] = r;
    }
    // The ranks in their order: an edge from each to the next, which only
    // ranks (weight 0: it does not pull its ends together).
    if (ranks[r].empty()) continue;
    if (previous != nullptr)
      agsafeset(invisible_edge(previous, ranks[r].front()), cstr("weight"), cstr("0"), cstr(""));
    previous = ranks[r].front();
  }
  for (const auto& chain : chains)
    for (std::size_t k = 1; k < chain.size(); ++k) invisible_edge(chain[k - 1], chain[k]);
  for (Agedge_t* edge : edges) {
    if (rank[agtail(edge)] < rank[aghead(edge)]) continue;
    agsafeset(edge, cstr("constraint"), cstr("false"), cstr(""));
    if (rank[agtail(edge)] > rank[aghead(edge)]) invisible_edge(aghead(edge), agtail(edge));
  }
}

namespace {

/// The frames of a job before the SVG's links, which come last.
constexpr std::size_t kJobFrames = 13;

}  // namespace

std::vector<std::string> LayoutJob::encode() const {
  std::vector<std::string> frames = {dot,
                                     name_of(engine),
                                     start.pins,
                                     start.exact ? "1" : "0",
                                     start.fresh_dot,
                                     name_of(format),
                                     finish.id_prefix,
                                     finish.title,
                                     finish.description,
                                     name_of(finish.theme),
                                     finish.fixed_size ? "1" : "0",
                                     number_bytes(width_points),
                                     number_bytes(dpi)};
  frames.insert(frames.end(), finish.links.begin(), finish.links.end());
  return frames;
}

bool LayoutJob::decode(const std::vector<std::string>& frames) {
  if (frames.size() < kJobFrames) return false;
  const std::optional<Engine> engine_named = value_named<Engine>(frames[1]);
  const std::optional<MapFormat> format_named = value_named<MapFormat>(frames[5]);
  const std::optional<ColourTheme> theme_named = value_named<ColourTheme>(frames[9]);
  if (!engine_named || *engine_named == Engine::kAuto || !format_named || !theme_named) return false;
  dot = frames[0];
  engine = *engine_named;
  start = {frames[2], frames[3] == "1", frames[4]};
  format = *format_named;
  finish = {frames[6],         frames[7],
            frames[8],         *theme_named,
            frames[10] == "1", {frames.begin() + static_cast<std::ptrdiff_t>(kJobFrames), frames.end()}};
  width_points = bytes_number(frames[11]);
  dpi = bytes_number(frames[12]);
  return true;
}

std::vector<std::string> LayoutResult::encode() const {
  return {ok ? "1" : "0", messages, drawing, placed, from_earlier ? "1" : "0"};
}

bool LayoutResult::decode(const std::vector<std::string>& frames) {
  if (frames.size() != 5) return false;
  ok = frames[0] == "1";
  messages = frames[1];
  drawing = frames[2];
  placed = frames[3];
  from_earlier = frames[4] == "1";
  return true;
}

namespace {

/// A testing aid: the environment variable naming a map (as warnings name
/// it) whose layout child dies of a segmentation fault before dot lays it
/// out, as Graphviz 2.42's dot does on some maps, so that the tests see
/// relmap draw it with neato (README, Developing). Read only here.
constexpr const char* kLayoutFault = "RELMAP_LAYOUT_FAULT";

/// End this child by SIGSEGV, writing no core file and whatever handler a
/// sanitizer set, if kLayoutFault names the map of `job` and dot is to lay
/// it out.
void crash_if_asked(const LayoutJob& job) {
  const char* name = std::getenv(kLayoutFault);
  std::string_view map = job.finish.id_prefix;  // the map's name, after "dark-" in the dark theme
  if (job.finish.theme == ColourTheme::kDark) map.remove_prefix(std::min(map.size(), std::size_t{5}));
  if (name == nullptr || job.engine != Engine::kDot || map != name) return;
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  std::signal(SIGSEGV, SIG_DFL);
  std::raise(SIGSEGV);
}

}  // namespace

// PNG and PDF are drawn from the finished SVG, so from the same layout, and
// librsvg and cairo stay out of relmap's own process.
std::vector<std::string> draw_in_child(const std::vector<std::string>& frames) {
  LayoutResult r;
  LayoutJob job;
  if (!job.decode(frames)) {
    r.messages = "Error: relmap: a malformed layout job\n";
    return r.encode();
  }
  crash_if_asked(job);
  const RasterOptions raster_options{job.format, job.width_points, job.dpi};
  const bool raster = is_raster(job.format);
  std::string error;
  try {
    r.ok = layout_and_render(job.dot, job.engine, job.start, raster ? MapFormat::kSvg : job.format,
                             &r.drawing, &r.placed, &r.from_earlier, &r.messages);
    if (r.ok && (raster || job.format == MapFormat::kSvg)) {
      SvgFinish sized = job.finish;
      sized.fixed_size = sized.fixed_size || raster;
      r.drawing = finish_svg(draw_shape_samples(r.drawing), sized);
    }
    if (r.ok && raster && !rasterise(std::string(std::move(r.drawing)), raster_options, &r.drawing, &error)) {
      r.messages += "Error: relmap: " + error + "\n";
      r.ok = false;
    }
  } catch (...) {
    r.messages += "Error: layout failed with an exception\n";
    r.ok = false;
  }
  return r.encode();
}

void report_layout_messages(const std::string& text, Engine engine, Diagnostics* diags) {
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
    std::string message =
        own ? sanitize_text(line.substr(8)) : "graphviz (" + name_of(engine) + "): " + sanitize_text(line);
    if (is_error)
      diags->error({}, message);
    else
      diags->warning({}, message);
  }
}

}  // namespace relmap
