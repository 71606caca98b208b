// The overview of a large corpus: a summary map of its most connected actors
// and the strongest links among them, since a map of every actor of tens of
// thousands is unreadable and too slow to lay out.
#pragma once

#include <cstddef>

#include "maps/map_spec.h"

namespace relmap {

/// Actors (sources left out) above which build's overview is a summary map:
/// past it a full map needs a force-directed layout whose labels overlap and
/// is no longer read as a map.
inline constexpr std::size_t kFullMapActorLimit = 300;

/// How many actors a graph has, its sources (articles) left out.
std::size_t actor_count(const KnowledgeGraph& graph);

/// The `actors` actors with the most relations (ties by graph order), joined
/// by the `links` pairs of them most often related (ties by first fact); one
/// line per pair, drawn as its first relation, labelled with the count and
/// the relation types, its tooltip listing them. Titled as a summary and
/// saying how it was chosen.
MapSpec summary_map(const KnowledgeGraph& graph, std::size_t actors = 30, std::size_t links = 50);

/// The full map while the graph has at most kFullMapActorLimit actors (or
/// when `full` is set), else its summary map; without `full`, the full map
/// has its summary to draw instead where it cannot fit its page in parts.
MapSpec overview_map(const KnowledgeGraph& graph, bool full);

}  // namespace relmap
