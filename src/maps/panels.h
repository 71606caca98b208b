// A map too large for its page split into parts, each a complete figure of
// its own: one community of the map's actors (found by modularity, so a
// part holds actors that are linked among themselves more than to the
// rest) and every relation of those actors, those with actors of another
// part drawn to one muted node that stands for that part. The source
// articles, cited on every line, are not drawn in parts.
#pragma once

#include <cstddef>
#include <vector>

#include "maps/map_spec.h"

namespace relmap {

/// The communities of `n` nodes linked by `links` (pairs of node indexes,
/// one per relation): at most `count` groups of node indexes, found by
/// merging the two groups whose merger raises modularity most (Clauset,
/// Newman and Moore), none over about 1.2 times an even share; larger
/// groups first, each in node order. Deterministic.
std::vector<std::vector<std::size_t>> communities(
    std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& links, std::size_t count);

/// `spec` split into `count` parts (see above), each named after it with
/// "-part-K", titled with the part's number and its best-linked actors,
/// and carrying the names of all parts for its locator.
std::vector<MapSpec> split_map(const KnowledgeGraph& kg, const MapSpec& spec, std::size_t count);

}  // namespace relmap
