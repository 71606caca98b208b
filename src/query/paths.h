// The path algorithms beyond the single shortest path, each in a file of
// its own: every shortest path (all_shortest.cc) and the k shortest
// loop-free paths (k_shortest.cc).
#pragma once

#include <cstddef>
#include <vector>

#include "query/search.h"

namespace relmap {

/// Every shortest path from s to t, up to `limit`: by hop count through the
/// layers of a bidirectional search, or by cost (weighted) through the
/// predecessor lists of Dijkstra.
std::vector<Path> all_shortest(Search& search, NodeId s, NodeId t, std::size_t limit);

/// The k shortest loop-free paths from s to t (Yen's algorithm).
std::vector<Path> k_shortest(Search& search, NodeId s, NodeId t, int k);

}  // namespace relmap
