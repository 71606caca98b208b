// A map drawn for its page (page.h): in one piece where it fits the page
// with its text readable, else split into parts that each fit (panels.h),
// at most kMaxParts; never cut into tiles at arbitrary lines.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/output_set.h"
#include "render/render.h"

namespace relmap {

/// The most parts a map is split into.
constexpr std::size_t kMaxParts = 5;

/// A map as drawn: its parts (one for a map drawn whole) and each drawing,
/// in order.
struct Figure {
  std::vector<MapSpec> parts;
  std::vector<std::string> drawings;
  /// The map's layout as drawn whole, whatever is shown (parts, or the map
  /// drawn instead): where each of its actors is.
  Layout layout;
};

/// Where layouts are kept between editions (layout_cache.h): read from
/// `cache_dir`, and the new ones added to `keep`, by the map's name and
/// `suffix`. Without a folder nothing is read; without `keep` nothing kept.
struct LayoutMemory {
  std::string cache_dir;
  std::string suffix;
  std::vector<OutputFile>* keep = nullptr;
};

/// Maps of fewer actors are never split; maps of more than
/// kMaxActorsForPage are drawn whole as they are, since no page holds them
/// even in kMaxParts parts (the overview of a large corpus is its summary).
constexpr std::size_t kMinActorsToSplit = 8;
constexpr std::size_t kMaxActorsForPage = 300;

/// How far a map drawn as `svg` fits `page` with no text under
/// kMinTextPoints: 1 or more where it fits, else the scale it needs.
double fit_factor(std::string_view svg, PageBox page);

/// Draw `spec` as SVG for its page: whole if it fits (or options.whole),
/// else split into the fewest parts, 2 to kMaxParts, that each fit, or the
/// split that comes nearest if it comes nearer than the whole. The whole
/// map's layout is read from and kept in `memory`; parts are laid out afresh.
/// Where even that does not fit, `spec.instead` (if any) is drawn so, and
/// kept if it fits better.
/// Drawn with a fixed size when `options.format` is png or pdf, to be
/// rasterised by figure_output. False on error.
bool draw_figure(const KnowledgeGraph& graph, const MapSpec& spec, RenderOptions options,
                 const LayoutMemory* memory, Figure* figure, Diagnostics* diags);

/// The figure in `format`: dot (the whole map, not laid out), svg (its
/// parts one under the other in one document), png (likewise) or pdf (a
/// page a part), `options.width_points` wide when given.
bool figure_output(const KnowledgeGraph& graph, const MapSpec& spec, const Figure& figure,
                   const RenderOptions& options, std::string* out, Diagnostics* diags);

}  // namespace relmap
