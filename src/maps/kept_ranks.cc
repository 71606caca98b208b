#include "maps/kept_ranks.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

namespace relmap {

namespace {

/// The nodes not yet ranked, each after the unranked nodes that link to it
/// (Kahn's order; on a cycle, the first waiting node by index goes next).
std::vector<std::size_t> new_nodes_in_order(const std::vector<int>& rank,
                                            const std::vector<std::vector<std::size_t>>& in,
                                            const std::vector<std::vector<std::size_t>>& out, int unranked) {
  std::vector<std::size_t> waiting_for(rank.size(), 0);
  std::set<std::size_t> ready, waiting;
  for (std::size_t i = 0; i < rank.size(); ++i) {
    if (rank[i] != unranked) continue;
    for (std::size_t t : in[i]) waiting_for[i] += rank[t] == unranked && t != i ? 1 : 0;
    (waiting_for[i] == 0 ? ready : waiting).insert(i);
  }
  std::vector<std::size_t> sequence;
  while (!ready.empty() || !waiting.empty()) {
    std::set<std::size_t>& from = ready.empty() ? waiting : ready;
    const std::size_t i = *from.begin();
    from.erase(from.begin());
    sequence.push_back(i);
    for (std::size_t h : out[i]) {
      if (h == i || !waiting.count(h) || --waiting_for[h] > 0) continue;
      waiting.erase(h);
      ready.insert(h);
    }
  }
  return sequence;
}

}  // namespace

std::string rank_set_name(std::size_t rank) { return "relmap-rank-" + std::to_string(rank); }

std::optional<KeptRanks> keep_ranks(const std::vector<std::string>& nodes,
                                    const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                    const std::map<std::string, std::pair<long, long>>& previous) {
  constexpr int kUnranked = std::numeric_limits<int>::min();
  // dot puts a rank's nodes on one line across the map (rankdir=LR: one x),
  // so the previous ranks are the distinct x of the nodes drawn before.
  std::vector<const std::pair<long, long>*> was(nodes.size(), nullptr);
  std::vector<long> columns;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto it = previous.find(nodes[i]);
    if (it == previous.end()) continue;
    was[i] = &it->second;
    columns.push_back(it->second.first);
  }
  if (columns.empty()) return std::nullopt;
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());

  std::vector<int> rank(nodes.size(), kUnranked);
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (was[i] != nullptr)
      rank[i] =
          static_cast<int>(std::lower_bound(columns.begin(), columns.end(), was[i]->first) - columns.begin());

  // New nodes are ranked as dot would among the ranked ones: in an order
  // where each comes after the new nodes that link to it, one rank after
  // the latest node that links to it; those that nothing ranked links to,
  // one rank before the earliest they link to; a group of new nodes linked
  // to nothing ranked from rank 0 at its first node.
  std::vector<std::vector<std::size_t>> in(nodes.size()), out(nodes.size());
  for (const auto& [tail, head] : edges) {
    out[tail].push_back(head);
    in[head].push_back(tail);
  }
  const std::vector<std::size_t> sequence = new_nodes_in_order(rank, in, out, kUnranked);
  std::size_t unranked = sequence.size();
  while (unranked > 0) {
    const std::size_t before_passes = unranked;
    for (std::size_t i : sequence) {
      if (rank[i] != kUnranked) continue;
      int after = kUnranked;
      for (std::size_t t : in[i])
        if (rank[t] != kUnranked) after = std::max(after, rank[t] + 1);
      if (after == kUnranked) continue;
      rank[i] = after;
      --unranked;
    }
    for (auto it = sequence.rbegin(); it != sequence.rend(); ++it) {
      if (rank[*it] != kUnranked) continue;
      int before = kUnranked;
      for (std::size_t h : out[*it])
        if (rank[h] != kUnranked) before = before == kUnranked ? rank[h] - 1 : std::min(before, rank[h] - 1);
      if (before == kUnranked) continue;
      rank[*it] = before;
      --unranked;
    }
    if (unranked == before_passes) {
      rank[*std::find_if(sequence.begin(), sequence.end(),
                         [&](std::size_t i) { return rank[i] == kUnranked; })] = 0;
      --unranked;
    }
  }
  const int lowest = *std::min_element(rank.begin(), rank.end());
  for (int& r : rank) r -= lowest;

  // A relation whose head is not ranked after its tail goes against the
  // ranks: dot draws it back or within a rank, which costs legibility.
  const auto against = std::count_if(edges.begin(), edges.end(),
                                     [&](const auto& edge) { return rank[edge.first] >= rank[edge.second]; });
  if (static_cast<std::size_t>(against) * 3 > edges.size()) return std::nullopt;

  KeptRanks kept;
  // Each rank's earlier nodes from the top down (dot's y grows upwards), as
  // they were drawn.
  kept.order.resize(static_cast<std::size_t>(*std::max_element(rank.begin(), rank.end())) + 1);
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (was[i] != nullptr) kept.order[static_cast<std::size_t>(rank[i])].push_back(i);
  for (auto& column : kept.order)
    std::sort(column.begin(), column.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(was[b]->second, nodes[a]) < std::tie(was[a]->second, nodes[b]);
    });
  kept.rank = std::move(rank);
  return kept;
}

}  // namespace relmap
