#include "layout.h"

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
#include <memory>

#include "cgraph_stable.h"
#include "kept_ranks.h"
#include "raster.h"
#include "text.h"
#include "text_metrics.h"

extern "C" {
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
}

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

/// Lay a map with kept ranks (`dot`) out again after its labels collided:
/// with each rank's nodes half as far apart again, and if that is not
/// enough, afresh from `fresh_dot` (`from_earlier` becomes false). The
/// layouts given up are not freed (see layout_and_render).
bool lay_out_kept_ranks_again(GVC_t* gvc, const std::string& dot, const std::string& fresh_dot, GraphPtr* g,
                              bool* from_earlier) {
  const char* nodesep = agget(g->get(), cstr("nodesep"));
  char wider[32];
  std::snprintf(wider, sizeof wider, "%.3f", 1.5 * (nodesep != nullptr ? std::strtod(nodesep, nullptr) : 0.25));
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

/// One pass of the child: parse DOT, lay out, render with Graphviz (SVG or
/// DOT). Writes the result or nothing; messages go to `messages`, the
/// nodes' positions to `placed` ("name x y" lines, whole points).
bool layout_and_render(const std::string& dot, const std::string& engine, const LayoutStart& start,
                       const std::string& format, std::string* out, std::string* placed, bool* from_earlier,
                       std::string* messages) {
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
  *from_earlier = !start.pins.empty() || !start.fresh_dot.empty();
  bool ok = false;
  if (start.exact) {
    *placed = placed_lines(g.get());
    ok = layout_at_positions(gvc.get(), g.get(), splines);
  } else {
    if (twice) agsafeset(g.get(), cstr("splines"), cstr("false"), cstr(""));
    ok = gvLayout(gvc.get(), g.get(), engine.c_str()) == 0;
    if (ok) restore_pinned_place(g.get(), pinned);
    if (ok && !start.fresh_dot.empty() && labels_collide(g.get()))
      ok = lay_out_kept_ranks_again(gvc.get(), dot, start.fresh_dot, &g, from_earlier);
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
  // Kept ranks (kept_ranks.h) can put a labelled flat edge in dot's first
  // rank. dot then adds a rank before it (lib/dotgen/flat.c, abomination),
  // and Graphviz 2.42's cleanup frees a rank array as it was before, which
  // aborts the child. The child ends right after drawing, so that layout's
  // memory is left for the system to take back.
  if (agsubg(g.get(), cstr(rank_set_name(0)), 0) == nullptr) gvFreeLayout(gvc.get(), g.get());
  if (rc != 0) {
    *messages += "Error: format '" + format + "' is not supported by the installed plugins\n";
    return false;
  }
  return true;
}

/// A number as the 8 bytes of its value, to pass to the child exactly.
std::string number_bytes(double value) { return std::string(reinterpret_cast<const char*>(&value), sizeof value); }

double bytes_number(const std::string& bytes) {
  double value = 0;
  if (bytes.size() == sizeof value) std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

}  // namespace

std::vector<std::string> layout_job(const std::string& dot, const std::string& engine, const LayoutStart& start,
                                    const RenderOptions& options, const SvgFinish& finish) {
  std::vector<std::string> job = {dot,
                                  engine,
                                  start.pins,
                                  start.exact ? "1" : "0",
                                  start.fresh_dot,
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

// PNG and PDF are drawn from the finished SVG, so from the same layout, and
// librsvg and cairo stay out of relmap's own process.
std::vector<std::string> draw_in_child(const std::vector<std::string>& job) {
  if (job.size() < 13) return {"0", "Error: relmap: a malformed layout job\n", "", "", "0"};
  const std::string& dot = job[0];
  const std::string& engine = job[1];
  const LayoutStart start{job[2], job[3] == "1", job[4]};
  const std::string& format = job[5];
  const SvgFinish finish{job[6], job[7], job[8], job[9], job[10] == "1", {job.begin() + 13, job.end()}};
  const RasterOptions raster_options{format, bytes_number(job[11]), bytes_number(job[12])};
  const bool raster = format == "png" || format == "pdf";
  std::string result, placed, messages, error;
  bool ok = false, from_earlier = false;
  try {
    ok = layout_and_render(dot, engine, start, raster ? "svg" : format, &result, &placed, &from_earlier, &messages);
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
  return {ok ? "1" : "0", messages, result, placed, from_earlier ? "1" : "0"};
}

void report_layout_messages(const std::string& text, const std::string& engine, Diagnostics* diags) {
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

}  // namespace relmap
