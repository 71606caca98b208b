// The map of what changed since the previous edition, drawn on the
// overview's own places: each actor where the overview draws it, each
// removed actor where the previous edition's overview drew it; what was
// added emphasised, what was removed struck through, the rest muted. Its
// graph holds the actors and relations it draws from both editions.
#pragma once

#include <memory>

#include "graph/graph.h"
#include "maps/layout_cache.h"
#include "maps/map_spec.h"
#include "output/diff.h"

namespace relmap {

/// A map of changes and the graph it is drawn from.
struct ChangesMap {
  /// The actors and relations drawn, of both editions; null when nothing
  /// was added or changed (an edition that only removed facts draws none).
  std::unique_ptr<KnowledgeGraph> graph;
  MapSpec spec;
};

/// Whether changes_map draws a map of `diff`: whether anything was added or changed.
bool draws_changes(const EditionDiff& diff);

/// The changes map of `diff`, whose newer edition is `kg`: the relations
/// added, changed and removed and their actors. `overview` is the newer
/// edition's overview as laid out and `before` the previous edition's
/// (layout_cache.h; empty where not known): actors are pinned where they
/// place them, a removed actor only where no actor of the map now is.
ChangesMap changes_map(const KnowledgeGraph& kg, const EditionDiff& diff, const Layout& overview,
                       const Layout& before);

}  // namespace relmap
