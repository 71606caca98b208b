// The interactive edition: out/explore.html, one self-contained page (no
// network, no server) holding the overview map as relmap draws it, the
// timeline and the facts as data, made interactive by an inline script and
// style that its Content-Security-Policy allows by hash and nothing else.
// Without script it is the plain map and timeline.
#pragma once

#include <string>

#include "graph/graph.h"

namespace relmap {

struct ExploreInput {
  std::string overview_svg;  ///< The overview as build drew it.
  std::string timeline_svg;  ///< The timeline (render/timeline.h).
  /// What the overview shows when it is the summary of a large corpus;
  /// "" when it shows every actor.
  std::string summary_caption;
};

/// The page.
std::string explore_html(const KnowledgeGraph& graph, const ExploreInput& input);

/// The facts as the page's script reads them: actors, relations and sources
/// by their snapshot index, as JSON with '<', '>' and '&' written as \u
/// escapes so that it can stand inside a <script> element.
std::string explore_data(const KnowledgeGraph& graph, bool summary);

/// The page's script and style, as the page holds them (the script in a
/// CDATA section, so that the page is also well-formed XML).
const std::string& explore_script();
const std::string& explore_style();

}  // namespace relmap
