// Laying out a map's DOT with Graphviz and rendering it, in the layout child
// (child.h): text measured with relmap's metrics, layouts started from kept
// positions, the SVG finished, and PNG or PDF drawn from that SVG.
#pragma once

#include <graphviz/cgraph.h>

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "maps/map_spec.h"
#include "render/svg.h"

namespace relmap {

/// Where a layout starts from: nodes pinned at an earlier layout's
/// positions ("name x y" lines), or drawn exactly there when `exact`; or,
/// for dot, ranks kept in the DOT (kept_ranks.h), with `fresh_dot` the map
/// without them, drawn instead if the kept ranks put a label on another
/// label or on an actor.
struct LayoutStart {
  std::string pins;
  bool exact = false;
  std::string fresh_dot;
};

/// Hold a dot layout of `g` to `ranks` (top to bottom, a rank=same
/// subgraph each, named rank_set_name), keep each of `chains` in its order
/// within its rank (invisible edges: dot keeps a weighted flat edge's tail
/// before its head, all but rarely), and let each of `edges` that does not
/// go to a later rank not rank its ends; one that goes back gets an
/// invisible reversed twin, which still draws its ends together as a
/// relation does.
void hold_ranks(Agraph_t* g, const std::vector<std::vector<Agnode_t*>>& ranks,
                const std::vector<std::vector<Agnode_t*>>& chains, const std::vector<Agedge_t*>& edges);

/// Graph attributes of a map's DOT for the layout child: the box, in
/// points, that a map drawn with dot is laid out to fit (page.h); a layout
/// wider than the box is laid out again with narrower ranks.
constexpr const char* kFitWidthAttribute = "relmap_fit_width";
constexpr const char* kFitHeightAttribute = "relmap_fit_height";

/// What the layout child needs to draw a map: the DOT, the layout, the
/// format and how to finish the SVG; and its frames as the child reads them.
struct LayoutJob {
  std::string dot;
  Engine engine = Engine::kDot;  ///< Never kAuto: the engine chosen.
  LayoutStart start;
  MapFormat format = MapFormat::kSvg;
  SvgFinish finish;
  double width_points = 0;  ///< png, pdf: width on the page; 0 for the map's own size.
  double dpi = 150;         ///< png: pixels per inch.

  std::vector<std::string> encode() const;
  /// False if `frames` are not a job's.
  bool decode(const std::vector<std::string>& frames);
};

/// What the layout child returns, and its frames as the child sends them.
struct LayoutResult {
  bool ok = false;
  std::string messages;       ///< "Error: ..." and "Warning: ..." lines.
  std::string drawing;        ///< The map in the format asked for.
  std::string placed;         ///< The nodes' places, "name x y" lines.
  bool from_earlier = false;  ///< Laid out from the earlier layout (pins or kept ranks), not afresh.

  std::vector<std::string> encode() const;
  /// False if `frames` are not a result's.
  bool decode(const std::vector<std::string>& frames);
};

/// Make in this process what each layout child forked from it would
/// otherwise make for itself, Graphviz's context with relmap's plugins (a
/// millisecond a map). For a process that forks children and draws
/// nothing itself, such as a spawner (start_child_spawner): the context
/// sets defaults for every graph opened after it (agattr on cgraph's
/// prototype graph).
void prepare_layout_children();

/// The child's work (a ChildWork): lay out and render a LayoutJob's frames;
/// returns a LayoutResult's frames.
std::vector<std::string> draw_in_child(const std::vector<std::string>& job);

/// Turn the child's messages ("Warning: x\nError: y\n") into diagnostics.
void report_layout_messages(const std::string& text, Engine engine, Diagnostics* diags);

}  // namespace relmap
