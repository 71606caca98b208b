// Laying out a map's DOT with Graphviz and rendering it, in the layout child
// (child.h): text measured with relmap's metrics, layouts started from kept
// positions, the SVG finished, and PNG or PDF drawn from that SVG.
#pragma once

#include <string>
#include <vector>

#include "diagnostics.h"
#include "render.h"
#include "svg.h"

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

/// What the child needs to draw a map, as the frames draw_in_child reads:
/// the DOT, the layout, the format and how to finish the SVG (its links last).
std::vector<std::string> layout_job(const std::string& dot, const std::string& engine, const LayoutStart& start,
                                    const RenderOptions& options, const SvgFinish& finish);

/// The child's work (a ChildWork): lay out and render a job of layout_job.
/// Returns ok ("1" or "0"), Graphviz's messages, the result, the placed
/// nodes ("name x y" lines) and whether the layout started from the earlier
/// one ("1": pins or kept ranks) or afresh ("0").
std::vector<std::string> draw_in_child(const std::vector<std::string>& job);

/// Turn the child's messages ("Warning: x\nError: y\n") into diagnostics.
void report_layout_messages(const std::string& text, const std::string& engine, Diagnostics* diags);

}  // namespace relmap
