// How maps look, apart from their layout: the colour themes, colours made
// readable on a theme's background (WCAG contrast), and the title with the
// legend above each map.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "maps/map_kinds.h"

namespace relmap {

struct MapSpec;

/// Colours a theme gives to what the schema does not style. Lines are at
/// least 3:1 and text at least 4.5:1 against what they are drawn on.
struct Theme {
  const char* name;
  const char* background;
  const char* text;        ///< Title, edge labels, legend text.
  const char* edge;        ///< Relations without a colour of their own.
  const char* node_text;   ///< Labels in boxes, on the schema's pale fills.
  const char* muted_line;  ///< Context around a path or focus: lines...
  const char* muted_text;  ///< ...their labels...
  const char* muted_fill;  ///< ...and the fill of their boxes.
  const char* frame;       ///< Cluster and legend frames.
  const char* frame_fill;  ///< Inside clusters.
};

/// The theme called `name` (light or dark; anything else is light).
const Theme& theme_for(ColourTheme theme);

/// WCAG 2 contrast ratio of two #rrggbb colours (1 to 21), or 0 if either is
/// not one.
double contrast_ratio(std::string_view a, std::string_view b);

/// Lines of text ('\n') as escaped text of a Graphviz HTML label, <BR/>
/// between them.
std::string html_lines(const std::string& lines);

/// `colour` (#rrggbb) with its lightness moved, hue kept, until it has at
/// least `ratio` contrast with `background`; other colour forms unchanged.
std::string readable_colour(std::string_view colour, std::string_view background, double ratio);

/// The fill of an actor's box in `theme`: the schema's pale `fill` on a
/// light background; on a dark one the same hue dimmed (lightness 24%,
/// saturation at most 45%) so that boxes do not glare, and darker still if
/// the theme's node text needs it to keep 4.5:1.
std::string node_fill(std::string_view fill, const Theme& theme);

/// The frame of an actor's box in `theme`: the schema's `colour`, made
/// readable (3:1) on the theme's background.
std::string node_frame(std::string_view colour, const Theme& theme);

/// The most of its page's width (page.h) a map's title and legend take, so
/// that the map, not its head, sets the width of a map laid out for a page.
constexpr double kLegendShare = 0.8;

/// Minimum contrast of lines and of text (WCAG 2: non-text 3:1, text 4.5:1).
constexpr double kLineContrast = 3.0;
constexpr double kTextContrast = 4.5;

/// The map's label as a Graphviz HTML-like label: the title, and below it a
/// legend (element id `id`) of the node types, relation types and, when the
/// map has any, implied relations, drawn in the map's colours.
std::string map_label(const KnowledgeGraph& graph, const MapSpec& spec, const Theme& theme,
                      const std::string& id);

/// The Graphviz colour of a relation's line: `colour` made readable on the
/// theme's background and cluster fill, doubled ("c:invis:c", two parallel lines) when the relation is
/// implied rather than stated.
std::string line_colour(std::string_view colour, Basis basis, const Theme& theme);

/// The colour of a relation type's line: its style's, or the theme's.
std::string relation_colour(const RelationType& relation, const Theme& theme);

/// How a line standing for several relations (a summary's pair) is drawn:
/// in the style of the type most of them have, or plain in the theme's
/// colour when no type has a majority; wider the more they are; with an
/// arrowhead only when they all go one way.
struct BundleLook {
  const RelationType* dominant = nullptr;  ///< The majority's type, or null.
  bool one_way = false;                    ///< All from the line's tail to its head, none symmetric.
  bool implied = false;                    ///< All implied.
  double width = 1;                        ///< Pen width.
};

/// The look of a line from `tail` to `head` standing for `relations`.
BundleLook bundle_look(const KnowledgeGraph& graph, const std::vector<KnowledgeGraph::Edge>& relations,
                       KnowledgeGraph::Vertex tail, KnowledgeGraph::Vertex head);

/// How many sources the relations of `v` cite, each counted once, up to
/// `cap`: counting stops there (an actor of a large corpus may have
/// thousands of relations; frame_width and the legend need only a few).
std::size_t citing_sources(const KnowledgeGraph& graph, KnowledgeGraph::Vertex v,
                           std::size_t cap = std::numeric_limits<std::size_t>::max());

/// The sources past which frame_width draws no wider a frame.
constexpr std::size_t kWidestFrameSources = 5;

/// The pen width of an actor's frame, as Graphviz writes it: `base` for one
/// source citing it, half a point more for each further source, up to four
/// more (subtle: it must not compete with the emphasis of focus and path maps).
std::string frame_width(std::size_t sources, double base);

/// The pen width, as Graphviz writes it, of a line of `relation`'s type
/// whose claim two or more independent sources say: twice the type's own.
std::string corroborated_width(const RelationType& relation);

/// Whether a claim among the relations of `spec` is said by two or more
/// independent sources (its lines are drawn wider, with a legend row).
bool has_corroborated_claim(const KnowledgeGraph& graph, const MapSpec& spec);

/// The pen width of a line standing for `count` relations: 1 for one,
/// growing with the logarithm of the count, at most 6.
double bundle_width(std::size_t count);

}  // namespace relmap
