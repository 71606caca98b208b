#include "render/label_places.h"

#include <graphviz/types.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "render/cgraph_stable.h"

namespace relmap {

namespace {

/// Room kept between a label and what it must not touch, in points: more
/// than the line's half width, and the gap under which two labels one
/// above the other read as one.
constexpr double kClearance = 1.5;
constexpr double kStackGap = 3.0;
/// How far a label's own line may reach into the label's box, in points:
/// the border by which the label hangs on its line (its anchor). dot lays
/// a label out beside a point of its line, the middle of the label's left
/// side, and routes the line along that side (lib/dotgen/position.c,
/// place_vnlabel); this pass puts a label just clear of a point of its
/// line. Past that border, the own line is in the way as another line is.
constexpr double kAnchor = 1.0;
/// How far apart Graphviz draws the parallel lines of a line of several
/// colours, whatever their pen's width, in points (lib/common/emit.c,
/// emit_edge_graphics, SEP).
constexpr double kColourSpacing = 2.0;
/// How wide Graphviz draws a normal arrowhead, either side, against its
/// length, and past which pen width it widens it with the pen
/// (lib/common/arrows.c, arrow_type_normal).
constexpr double kArrowWidth = 0.35;
constexpr double kArrowPen = 4.0;
/// Steps along a spline, in points, at which lines are sampled and a
/// label's new place is tried.
constexpr double kLineStep = 2.0;
constexpr double kPlaceStep = 4.0;
/// Maps of more relations keep their labels where Graphviz put them.
constexpr int kMaxEdges = 1000;
/// How many places labels may be tried at in all, for a map: each try
/// looks only at what lies near the place, so this bounds the pass to a
/// few seconds however crowded the map.
constexpr long kMaxTries = 5000000;
/// How far Graphviz draws a component's tabs out of its box, in points.
constexpr double kComponentTabs = 4.0;

struct Box {
  double x0, y0, x1, y1;

  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  /// Whether the boxes overlap or touch.
  bool touches(const Box& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
  Box grown(double by) const { return {x0 - by, y0 - by, x1 + by, y1 + by}; }
  /// Whether the segment from a to b passes through the box (Liang and Barsky's clipping).
  bool crossed_by(pointf a, pointf b) const {
    // Most pieces tried lie apart from the box: their own box says so first.
    if (std::max(a.x, b.x) < x0 || std::min(a.x, b.x) > x1 || std::max(a.y, b.y) < y0 ||
        std::min(a.y, b.y) > y1)
      return false;
    const double dx = b.x - a.x, dy = b.y - a.y;
    double low = 0, high = 1;
    const double p[] = {-dx, dx, -dy, dy};
    const double q[] = {a.x - x0, x1 - a.x, a.y - y0, y1 - a.y};
    for (int k = 0; k < 4; ++k) {
      if (p[k] == 0) {
        if (q[k] < 0) return false;
        continue;
      }
      const double t = q[k] / p[k];
      if (p[k] < 0)
        low = std::max(low, t);
      else
        high = std::min(high, t);
      if (low > high) return false;
    }
    return true;
  }
};

using Polyline = std::vector<pointf>;

Box box_of(const textlabel_t& label, pointf centre) {
  return {centre.x - label.dimen.x / 2, centre.y - label.dimen.y / 2, centre.x + label.dimen.x / 2,
          centre.y + label.dimen.y / 2};
}

/// The points of a cubic Bézier from p[0] to p[3], about kLineStep apart.
void sample_bezier(const pointf* p, Polyline* out) {
  const double length = std::hypot(p[1].x - p[0].x, p[1].y - p[0].y) +
                        std::hypot(p[2].x - p[1].x, p[2].y - p[1].y) +
                        std::hypot(p[3].x - p[2].x, p[3].y - p[2].y);
  const int count = std::max(1, static_cast<int>(length / kLineStep));
  for (int i = 1; i <= count; ++i) {
    const double t = i / static_cast<double>(count), u = 1 - t;
    const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    out->push_back({a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                    a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y});
  }
}

/// An edge's drawn line as polylines: each of its splines sampled, with
/// the stems of its arrowheads.
std::vector<Polyline> edge_lines(Agedge_t* e) {
  std::vector<Polyline> lines;
  const splines* spl = ED_spl(e);
  if (spl == nullptr) return lines;
  for (int i = 0; i < spl->size; ++i) {
    const bezier& bz = spl->list[i];
    if (bz.size < 1) continue;
    Polyline line;
    if (bz.sflag) line.push_back(bz.sp);
    line.push_back(bz.list[0]);
    for (int k = 0; k + 3 < bz.size; k += 3) sample_bezier(bz.list + k, &line);
    if (bz.eflag) line.push_back(bz.ep);
    lines.push_back(std::move(line));
  }
  return lines;
}

/// The outline of an arrowhead from the end of a spline, `base`, to its tip,
/// as Graphviz draws a normal one for a pen `pen` points wide.
Polyline arrowhead(pointf base, pointf tip, double pen) {
  const double wide = kArrowWidth * (pen > kArrowPen ? pen / kArrowPen : 1);
  const pointf v = {-(tip.y - base.y) * wide, (tip.x - base.x) * wide};
  const pointf left = {base.x - v.x, base.y - v.y}, right = {base.x + v.x, base.y + v.y};
  return {left, tip, right, left};
}

/// The outlines of an edge's arrowheads.
std::vector<Polyline> edge_heads(Agedge_t* e, double pen) {
  std::vector<Polyline> heads;
  const splines* spl = ED_spl(e);
  for (int i = 0; spl != nullptr && i < spl->size; ++i) {
    const bezier& bz = spl->list[i];
    if (bz.size < 1) continue;
    if (bz.sflag) heads.push_back(arrowhead(bz.list[0], bz.sp, pen));
    if (bz.eflag) heads.push_back(arrowhead(bz.list[bz.size - 1], bz.ep, pen));
  }
  return heads;
}

bool crosses(const Box& box, const Polyline& line) {
  for (std::size_t k = 1; k < line.size(); ++k)
    if (box.crossed_by(line[k - 1], line[k])) return true;
  return line.size() == 1 && box.crossed_by(line[0], line[0]);
}

/// Boxes filed by the square cells of the plane they touch, so that what
/// lies near a box is found without looking at everything.
class Grid {
 public:
  /// File item `id` under the cells `box` touches.
  void add(const Box& box, std::uint32_t id) {
    for_keys(box, [&](std::uint64_t key) {
      cells_[key].push_back(id);
      return false;
    });
  }
  /// Take item `id` filed under `box` out again.
  void remove(const Box& box, std::uint32_t id) {
    for_keys(box, [&](std::uint64_t key) {
      std::vector<std::uint32_t>& cell = cells_[key];
      cell.erase(std::remove(cell.begin(), cell.end(), id), cell.end());
      return false;
    });
  }
  /// Whether `hit` is true of an item filed under a cell `box` touches.
  template <typename Hit>
  bool any(const Box& box, const Hit& hit) const {
    return for_keys(box, [&](std::uint64_t key) {
      const auto cell = cells_.find(key);
      return cell != cells_.end() && std::any_of(cell->second.begin(), cell->second.end(), hit);
    });
  }

 private:
  static constexpr double kCell = 32.0;  // points
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;

  static std::int64_t cell_of(double v) { return static_cast<std::int64_t>(std::floor(v / kCell)); }
  template <typename Visit>
  static bool for_keys(const Box& box, const Visit& visit) {
    for (std::int64_t x = cell_of(box.x0); x <= cell_of(box.x1); ++x)
      for (std::int64_t y = cell_of(box.y0); y <= cell_of(box.y1); ++y)
        if (visit((static_cast<std::uint64_t>(x) << 32) ^ static_cast<std::uint32_t>(y))) return true;
    return false;
  }
};

/// A label to place: the edge it belongs to and where it is.
struct Label {
  Agedge_t* edge;
  textlabel_t* text;
  Box box;
};

/// An edge's drawn line: its polylines, the outlines of its arrowheads and
/// how far its ink reaches either side of them.
struct Line {
  Agedge_t* edge;
  std::vector<Polyline> polylines, heads;
  double half_width;
};

/// Pieces of a drawn line filed together, at most this many, so that what
/// lies near a label is looked at a run at a time.
constexpr std::size_t kRunPieces = 8;

/// Consecutive pieces of a polyline of line `line` of a Scene: from its
/// point `first` to its point `last` (a single point where they are the
/// same), and the box around them grown by the line's half width.
struct Run {
  const Polyline* polyline;
  std::uint32_t first, last, line;
  Box box;

  /// Whether `hit` is true of one of the run's pieces, from a to b.
  template <typename Hit>
  bool any_piece(const Hit& hit) const {
    const Polyline& points = *polyline;
    if (first == last) return hit(points[first], points[first]);
    for (std::uint32_t k = first + 1; k <= last; ++k)
      if (hit(points[k - 1], points[k])) return true;
    return false;
  }
};

/// An edge's pen width, in points.
double pen_width(Agedge_t* e) {
  const char* pen = agget(e, cstr("penwidth"));
  return pen != nullptr && *pen != '\0' ? std::strtod(pen, nullptr) : 1.0;
}

/// How far an edge's ink reaches either side of its spline, in points: half
/// its pen's width, and for a line of several colours ("a:b"), drawn as
/// parallel lines kColourSpacing apart around the spline, half their spread.
double half_width(Agedge_t* e) {
  const char* colour = agget(e, cstr("color"));
  const long gaps = colour != nullptr ? std::count(colour, colour + std::strlen(colour), ':') : 0;
  return pen_width(e) / 2 + kColourSpacing * static_cast<double>(gaps) / 2;
}

/// What a laid-out graph's labels must stay clear of, filed by where it is.
struct Scene {
  std::vector<Line> lines;
  std::vector<Run> runs;
  std::vector<Box> nodes;        ///< Nodes and the graph's and clusters' labels.
  std::vector<Polyline> frames;  ///< Clusters' borders.
  std::vector<Label> labels;
  Box bounds;
  Grid runs_at, nodes_at, labels_at;
  double widest = 0;  ///< The largest half width of a line.
  /// Places a label may still be tried at: past them, the labels left keep
  /// the places Graphviz gave them, so a large map's pass ends in bounded
  /// time, and the same for the same layout.
  long tries_left = 0;
};

void add_clusters(Agraph_t* g, Scene* scene) {
  for (int i = 1; i <= GD_n_cluster(g); ++i) {
    Agraph_t* cluster = GD_clust(g)[i];
    const boxf bb = GD_bb(cluster);
    scene->frames.push_back({bb.LL, {bb.UR.x, bb.LL.y}, bb.UR, {bb.LL.x, bb.UR.y}, bb.LL});
    if (GD_label(cluster) != nullptr && GD_label(cluster)->set)
      scene->nodes.push_back(box_of(*GD_label(cluster), GD_label(cluster)->pos));
    add_clusters(cluster, scene);
  }
}

/// File the pieces of `polyline`, of line `l`, by where they are, in runs
/// of kRunPieces.
void file_polyline(const Polyline& polyline, std::uint32_t l, double half_width, Scene* scene) {
  if (polyline.empty()) return;
  const std::size_t end = polyline.size() - 1;
  for (std::size_t first = 0; first == 0 || first < end; first += kRunPieces) {
    const std::size_t last = std::min(first + kRunPieces, end);
    Box around{polyline[first].x, polyline[first].y, polyline[first].x, polyline[first].y};
    for (std::size_t k = first + 1; k <= last; ++k)
      around = {std::min(around.x0, polyline[k].x), std::min(around.y0, polyline[k].y),
                std::max(around.x1, polyline[k].x), std::max(around.y1, polyline[k].y)};
    const Run run{&polyline, static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last), l,
                  around.grown(half_width)};
    scene->runs_at.add(run.box, static_cast<std::uint32_t>(scene->runs.size()));
    scene->runs.push_back(run);
  }
}

/// File the scene's line pieces, nodes and labels by where they are.
void file_scene(Scene* scene) {
  for (std::uint32_t l = 0; l < scene->lines.size(); ++l) {
    const Line& line = scene->lines[l];
    scene->widest = std::max(scene->widest, line.half_width);
    for (const std::vector<Polyline>* polylines : {&line.polylines, &line.heads})
      for (const Polyline& polyline : *polylines) file_polyline(polyline, l, line.half_width, scene);
  }
  for (std::uint32_t n = 0; n < scene->nodes.size(); ++n) scene->nodes_at.add(scene->nodes[n], n);
  for (std::uint32_t i = 0; i < scene->labels.size(); ++i)
    scene->labels_at.add(scene->labels[i].box.grown(kStackGap), i);
}

Scene scene_of(Agraph_t* g, long tries) {
  Scene scene;
  scene.tries_left = tries;
  const boxf bb = GD_bb(g);
  scene.bounds = {bb.LL.x, bb.LL.y, bb.UR.x, bb.UR.y};
  if (GD_label(g) != nullptr && GD_label(g)->set)
    scene.nodes.push_back(box_of(*GD_label(g), GD_label(g)->pos));
  add_clusters(g, &scene);
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    // Half, in points; a component's tabs stick out of its box on the left.
    const char* shape = agget(n, cstr("shape"));
    const double tabs = shape != nullptr && std::strcmp(shape, "component") == 0 ? kComponentTabs : 0;
    const double w = ND_width(n) * 36 + tabs, h = ND_height(n) * 36;
    scene.nodes.push_back({ND_coord(n).x - w, ND_coord(n).y - h, ND_coord(n).x + w, ND_coord(n).y + h});
    for (Agedge_t* e = agfstout(g, n); e != nullptr; e = agnxtout(g, e)) {
      const char* style = agget(e, cstr("style"));
      if (style != nullptr && std::strstr(style, "invis") != nullptr) continue;  // ranks held (hold_ranks)
      scene.lines.push_back({e, edge_lines(e), edge_heads(e, pen_width(e)), half_width(e)});
      for (textlabel_t* text : {ED_label(e), ED_xlabel(e)})
        if (text != nullptr && text->set) scene.labels.push_back({e, text, box_of(*text, text->pos)});
    }
  }
  file_scene(&scene);
  return scene;
}

/// Whether two labels' boxes touch or lie one right above the other.
bool stacked(const Box& a, const Box& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 + kStackGap && b.y0 < a.y1 + kStackGap;
}

/// Whether the piece from a to b crosses the text of `label` at `box`, its
/// box grown by `by`: the box of one of its rows of text, each as wide as
/// its text and centred, as Graphviz draws them (lib/common/labels.c,
/// emit_label), so that a line may pass by a short row.
bool crosses_text(const textlabel_t& label, const Box& box, double by, pointf a, pointf b) {
  if (!box.grown(by).crossed_by(a, b)) return false;
  if (label.html || label.u.txt.nspans <= 1) return true;
  const double middle = (box.x0 + box.x1) / 2;
  double top = box.y1;
  for (int k = 0; k < label.u.txt.nspans; ++k) {
    const textspan_t& row = label.u.txt.span[k];
    const Box text{middle - row.size.x / 2, top - row.size.y, middle + row.size.x / 2, top};
    if (text.grown(by).crossed_by(a, b)) return true;
    top -= row.size.y;
  }
  return false;
}

/// What a label at a place is on: nothing, nothing but with another line
/// or a node between it and its own line (a place it is moved to), only its
/// own line (further in than its anchor, kAnchor), or something else.
enum class Place { kClear, kApart, kOnOwnLine, kInTheWay };

/// Where label `i` at `box` is. Lines, the most to look at, come last.
Place place_of(Scene& scene, std::size_t i, const Box& box) {
  const Box near = box.grown(kClearance);
  const Label& label = scene.labels[i];
  if (scene.nodes_at.any(near, [&](std::uint32_t n) { return near.overlaps(scene.nodes[n]); }))
    return Place::kInTheWay;
  for (const Polyline& frame : scene.frames)
    if (crosses(near, frame)) return Place::kInTheWay;
  if (scene.labels_at.any(box, [&](std::uint32_t j) {
        return j != i && scene.labels[j].edge != label.edge && stacked(box, scene.labels[j].box);
      }))
    return Place::kInTheWay;
  bool on_own = false;
  const bool lines = scene.runs_at.any(near.grown(scene.widest), [&](std::uint32_t r) {
    const Run& run = scene.runs[r];
    const Line& line = scene.lines[run.line];
    // Pieces of a run whose box misses `near` miss the label grown by
    // their half width and more.
    if (!run.box.touches(near)) return false;
    if (line.edge != label.edge)
      return run.any_piece([&](pointf a, pointf b) {
        return crosses_text(*label.text, box, kClearance + line.half_width, a, b);
      });
    on_own = on_own || run.any_piece([&](pointf a, pointf b) {
      return crosses_text(*label.text, box, line.half_width - kAnchor, a, b);
    });
    return false;
  });
  if (lines) return Place::kInTheWay;
  return on_own ? Place::kOnOwnLine : Place::kClear;
}

/// How much further than just clear of its own line a label may go,
/// nearest first: not at all, one or two rows of its text, its height or
/// twice it.
std::vector<double> reaches(const textlabel_t& text) {
  const double row = text.html || text.u.txt.nspans < 1 ? text.dimen.y : text.dimen.y / text.u.txt.nspans;
  std::vector<double> out;
  for (double beyond : {0.0, row, 2 * row, text.dimen.y, 2 * text.dimen.y})
    if (out.empty() || beyond > out.back()) out.push_back(beyond);
  return out;
}

/// A place for a label: its centre, and the point of its own line it is
/// beside (its anchor).
struct Spot {
  pointf centre, anchor;
};

/// Places along label `i`'s own line, `beyond` further than just clear of it,
/// nearest first to where it is: its side, top, bottom or a corner towards
/// the line.
std::vector<Spot> candidates(const Scene& scene, std::size_t i, double beyond) {
  const Label& label = scene.labels[i];
  const pointf at = label.text->pos;
  std::vector<Spot> out;
  for (const Line& own : scene.lines) {
    if (own.edge != label.edge) continue;
    const double off = kClearance + own.half_width + beyond;
    const double w = label.text->dimen.x / 2 + off, h = label.text->dimen.y / 2 + off;
    const pointf offsets[] = {{w, 0}, {-w, 0}, {0, h}, {0, -h}, {w, h}, {-w, h}, {w, -h}, {-w, -h}};
    for (const Polyline& line : own.polylines) {
      double walked = kPlaceStep;
      for (std::size_t k = 0; k < line.size(); ++k) {
        if (k > 0) walked += std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
        if (walked < kPlaceStep) continue;
        walked = 0;
        for (pointf offset : offsets) out.push_back({{line[k].x + offset.x, line[k].y + offset.y}, line[k]});
      }
    }
  }
  std::vector<std::pair<double, std::size_t>> by_distance(out.size());
  for (std::size_t k = 0; k < out.size(); ++k)
    by_distance[k] = {std::hypot(out[k].centre.x - at.x, out[k].centre.y - at.y), k};
  std::stable_sort(by_distance.begin(), by_distance.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Spot> nearest_first(out.size());
  for (std::size_t k = 0; k < out.size(); ++k) nearest_first[k] = out[by_distance[k].second];
  return nearest_first;
}

/// Whether the pieces from a to b and from c to d cross or touch.
bool pieces_meet(pointf a, pointf b, pointf c, pointf d) {
  const auto side = [](pointf p, pointf q, pointf r) {
    return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  };
  return side(c, d, a) * side(c, d, b) <= 0 && side(a, b, c) * side(a, b, d) <= 0;
}

/// Whether another line than label `i`'s own or a node lies between the
/// label at `box` and its anchor, where the label would read as another's.
bool cut_off(const Scene& scene, std::size_t i, const Box& box, pointf anchor) {
  const pointf near = {std::clamp(anchor.x, box.x0, box.x1), std::clamp(anchor.y, box.y0, box.y1)};
  const Box gap = Box{std::min(anchor.x, near.x), std::min(anchor.y, near.y), std::max(anchor.x, near.x),
                      std::max(anchor.y, near.y)};
  const bool lines = scene.runs_at.any(gap.grown(scene.widest), [&](std::uint32_t r) {
    const Run& run = scene.runs[r];
    return scene.lines[run.line].edge != scene.labels[i].edge && run.box.touches(gap) &&
           run.any_piece([&](pointf a, pointf b) { return pieces_meet(anchor, near, a, b); });
  });
  return lines ||
         scene.nodes_at.any(gap, [&](std::uint32_t n) { return scene.nodes[n].crossed_by(anchor, near); });
}

bool inside(const Box& inner, const Box& outer) {
  return inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 && inner.y1 <= outer.y1;
}

/// The nearest clear place for label `i` beside its line, else further off
/// with no other line or node between it and its own line, preferring
/// those inside the drawing's bounds (tried first, and once); none if there
/// is none. The nearest clear place cut off from its line (looked for no
/// further off) goes to `apart`, the nearest where only its own line is in
/// the way to `on_own`.
std::optional<pointf> nearest_clear(Scene* scene, std::size_t i, std::optional<pointf>* apart,
                                    std::optional<pointf>* on_own) {
  const Label& label = scene->labels[i];
  for (double beyond : reaches(*label.text)) {
    const std::vector<Spot> places = candidates(*scene, i, beyond);
    for (bool within : {true, false}) {
      for (const Spot& spot : places) {
        const Box box = box_of(*label.text, spot.centre);
        if (within != inside(box, scene->bounds)) continue;
        if (--scene->tries_left < 0) return std::nullopt;
        const Place place = place_of(*scene, i, box);
        if (place == Place::kInTheWay) continue;
        const bool cut = beyond > 0 && cut_off(*scene, i, box, spot.anchor);
        if (place == Place::kClear && !cut) return spot.centre;
        std::optional<pointf>* kept = place == Place::kClear ? apart : cut ? nullptr : on_own;
        if (kept != nullptr && !*kept) *kept = spot.centre;
      }
    }
    if (*apart) break;  // no further off than that
  }
  return std::nullopt;
}

/// Put label `i` at `p`, filed anew.
void put_label(Scene* scene, std::size_t i, pointf p) {
  Label& label = scene->labels[i];
  const Box box = box_of(*label.text, p);
  scene->labels_at.remove(label.box.grown(kStackGap), static_cast<std::uint32_t>(i));
  scene->labels_at.add(box.grown(kStackGap), static_cast<std::uint32_t>(i));
  label.text->pos = p;
  label.box = box;
}

/// Move label `i`, which is at `now`, to its nearest clear place. Where
/// there is none, it goes, as lesser harms, to the nearest clear place cut
/// off from its line, else, if it is in the way of something else, where
/// only its own line is in its way. Returns what the label was moved to,
/// or none if it stays.
std::optional<Place> move_label(Scene* scene, std::size_t i, Place now) {
  if (scene->tries_left <= 0) return std::nullopt;
  std::optional<pointf> apart, on_own;
  if (const std::optional<pointf> clear = nearest_clear(scene, i, &apart, &on_own)) {
    put_label(scene, i, *clear);
    return Place::kClear;
  }
  if (apart) {
    put_label(scene, i, *apart);
    return Place::kApart;
  }
  if (!on_own || now != Place::kInTheWay) return std::nullopt;
  put_label(scene, i, *on_own);
  return Place::kOnOwnLine;
}

/// Add `crowded` to the classes of edge `e`, whose label found no clear place.
void mark_crowded(Agedge_t* e) {
  const char* now = agget(e, cstr("class"));
  std::string classes = now != nullptr ? now : "";
  if ((" " + classes + " ").find(" crowded ") != std::string::npos) return;
  classes += classes.empty() ? "crowded" : " crowded";
  agsafeset(e, cstr("class"), cstr(classes), cstr(""));
}

}  // namespace

int move_labels_off_lines(Agraph_t* g, std::vector<std::string>* stuck_ids) {
  if (agnedges(g) > kMaxEdges) return 0;
  Scene scene = scene_of(g, kMaxTries);
  int moved = 0, apart = 0, left = 0;
  for (std::size_t i = 0; i < scene.labels.size(); ++i) {
    const Place now = place_of(scene, i, scene.labels[i].box);
    if (now == Place::kClear) continue;
    const std::optional<Place> moved_to = move_label(&scene, i, now);
    if (moved_to) ++moved;
    if (moved_to == Place::kClear) continue;
    ++(moved_to == Place::kApart ? apart : left);
    mark_crowded(scene.labels[i].edge);
    const char* id = agget(scene.labels[i].edge, cstr("id"));
    if (stuck_ids != nullptr && id != nullptr && moved_to != Place::kApart) stuck_ids->emplace_back(id);
  }
  // Any label left on something weighs more than all those set apart.
  const int stuck = left * (static_cast<int>(scene.labels.size()) + 1) + apart;
  if (moved == 0) return stuck;
  boxf& bb = GD_bb(g);
  for (const Label& label : scene.labels) {
    bb.LL.x = std::min(bb.LL.x, label.box.x0);
    bb.LL.y = std::min(bb.LL.y, label.box.y0);
    bb.UR.x = std::max(bb.UR.x, label.box.x1);
    bb.UR.y = std::max(bb.UR.y, label.box.y1);
  }
  return stuck;
}

}  // namespace relmap
