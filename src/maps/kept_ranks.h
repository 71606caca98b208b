// Ranks for a map drawn with dot again in a new edition: the actors drawn
// before keep their rank (dot's column) and their order within it, and new
// actors are ranked next to the ones they are linked with, so readers of
// successive editions find familiar actors where they were.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace relmap {

/// A map's ranks, by the index of each node and edge in the map.
struct KeptRanks {
  std::vector<int> rank;  ///< Each node's rank, from 0, left to right.
  std::vector<std::vector<std::size_t>>
      order;  ///< Per rank: its nodes drawn before, in their previous order.
};

/// The name of the DOT subgraph that holds rank `rank` (rank=same).
std::string rank_set_name(std::size_t rank);

/// Ranks that keep the nodes of `previous` (their centres in dot's last
/// layout, ranks left to right, by node name) where they were. Nothing
/// when no node was drawn before, or when more than a third of the edges
/// would go against the ranks: then the map has changed too much to keep
/// its old shape legibly, and is laid out afresh.
std::optional<KeptRanks> keep_ranks(const std::vector<std::string>& nodes,
                                    const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                    const std::map<std::string, std::pair<long, long>>& previous);

}  // namespace relmap
