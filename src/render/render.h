// Relationship maps drawn with Graphviz's libraries: cgraph builds the
// graph here, and the layout child (layout.h) lays it out and renders it.
// What a map shows and how it is drawn are said in maps/map_spec.h.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "graph/graph.h"
#include "maps/map_spec.h"

namespace relmap {

/// The map as DOT text (no layout), deterministic for the same inputs.
std::string map_to_dot(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options);

/// Render the map in `options.format` into `out`. Layout runs in a child
/// process with a time limit, so a Graphviz crash or hang becomes an error.
/// Graphviz's own messages are reported as diagnostics. SVG is made for
/// embedding (see svg.h). False on error.
bool render_map(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options,
                std::string* out, Diagnostics* diags);

}  // namespace relmap
