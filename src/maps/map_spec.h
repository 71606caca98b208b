// What one map shows (MapSpec) and how it is to be drawn (RenderOptions):
// what the views make and the renderer draws, with no Graphviz in sight.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "maps/drawings_cache.h"
#include "maps/layout_cache.h"
#include "maps/map_kinds.h"
#include "maps/page.h"

namespace relmap {

/// What one map shows.
struct MapSpec {
  std::string name;         ///< Graph name, file name and id prefix: a word and a slug (text.h).
  std::string title;        ///< Shown above the map and as its SVG <title>.
  std::string description;  ///< The SVG <desc>.
  std::vector<KnowledgeGraph::Vertex> nodes;
  std::vector<KnowledgeGraph::Edge> edges;
  /// Labels for `edges`, index for index; empty to use the relations' labels.
  std::vector<std::string> edge_labels;
  /// Tooltips for `edges`, index for index; empty for the relations' evidence.
  std::vector<std::string> edge_tooltips;
  /// The relations each of `edges` stands for, index for index, where a line
  /// stands for several (a summary's pair): they set its source mark, and
  /// its colour, width and arrowhead (map_style.h). Empty for each edge alone.
  std::vector<std::vector<KnowledgeGraph::Edge>> edge_bundles;
  /// Relations whose quotes are listed under the map, in order: a path's steps.
  std::vector<KnowledgeGraph::Edge> quoted;
  /// When not empty, these are drawn emphasised and everything else muted.
  std::vector<KnowledgeGraph::Vertex> highlight_nodes;
  std::vector<KnowledgeGraph::Edge> highlight_edges;
  /// What the emphasised lines are, for the legend ("the path").
  std::string emphasis;
  /// Actors and relations drawn struck through and muted, for the legend
  /// `removal` (the changes map: what the previous edition had).
  std::vector<KnowledgeGraph::Vertex> removed_nodes;
  std::vector<KnowledgeGraph::Edge> removed_edges;
  std::string removal;
  /// Where its actors are drawn, by their names in the DOT graph, whatever
  /// the engine (the changes map on the overview's places); the others are
  /// placed around them by neato. Null to lay the map out as its engine does.
  std::shared_ptr<const Layout> placed;
  /// The page the map is laid out to fit with its text readable (page.h).
  PageBox page = kColumnPage;
  /// Actors not in `nodes` drawn as a node that stands for them, one for all
  /// those with the same text: the text (e.g. another part of a split map).
  std::map<KnowledgeGraph::Vertex, std::string> stand_ins;
  /// Whether relation labels may be left out where they cannot fit the
  /// page (figure.h), relations then told apart by the legend's colours and
  /// line styles; and whether they are.
  bool labels_optional = false;
  bool relation_labels = true;
  /// Which way dot draws ranks: as suits the page (down a column, across
  /// a landscape page), or as said.
  enum class Ranks { kByPage, kDown, kAcross } ranks = Ranks::kByPage;
  /// Drawn tighter (dot): less room between actors and between ranks, names
  /// and relation labels wrapped shorter. What the fitter tries (figure.h)
  /// before it splits a map that does not fit its page whole.
  bool compact = false;
  /// A map drawn instead where this one cannot fit its page even in parts
  /// (figure.h): for the overview, its summary (summary.h).
  std::shared_ptr<const MapSpec> instead;
  /// For a part of a split map (panels.h): its number, from 1, and the
  /// names of all parts, for its locator; 0 for a whole map.
  std::size_t part = 0;
  std::vector<std::string> part_names;
};

struct RenderOptions {
  MapFormat format = MapFormat::kSvg;
  Engine engine = Engine::kAuto;
  int timeout_seconds = 120;  ///< Layouts that take longer are stopped.
  ColourTheme theme = ColourTheme::kLight;
  bool clusters = false;    ///< Gather actors in clusters by country.
  bool legend = true;       ///< Add a legend of the types present.
  bool whole = false;       ///< Draw a map in one piece however large, never split for its page (figure.h).
  bool fixed_size = false;  ///< Keep Graphviz's width and height in the SVG.
  double width_points = 0;  ///< png, pdf: width on the page in points; 0 for the map's own size.
  double dpi = 150;         ///< png: pixels per inch, also written into the file.
  /// The map's layout in the previous edition (layout_cache.h), or null:
  /// actors drawn there keep their places, new ones are placed around them.
  const Layout* previous = nullptr;
  /// The map's layout in the edition before the previous one, or null: a
  /// map that is again as it was then (an article removed and added back)
  /// is drawn as it was then.
  const Layout* earlier = nullptr;
  /// If set, receives this layout, to keep for the next edition.
  Layout* laid_out = nullptr;
  /// If set, the map's drawings in the previous edition (drawings_cache.h):
  /// a job drawn then is taken from there rather than laid out again, and
  /// every job's drawing is kept there for the next edition.
  KeptDrawings* drawings = nullptr;
  /// Called with the seconds elapsed, about once a second, while a layout runs.
  std::function<void(int)> on_wait = nullptr;
};

/// Escape text for a Graphviz label: backslashes doubled, control
/// characters and invalid UTF-8 replaced.
std::string graphviz_label(std::string_view text);

/// Break a label into lines of about `width` characters at spaces.
std::string wrap_label(std::string_view text, std::size_t width);

}  // namespace relmap
