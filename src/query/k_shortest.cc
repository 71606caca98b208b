#include <algorithm>
#include <set>

#include "query/paths.h"

namespace relmap {

namespace {

std::vector<std::uint64_t> keys_of(const Search& q, const Path& p) {
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < p.hops.size(); ++i)
    keys.push_back(q.hop_key(p.vertices[i], p.vertices[i + 1], p.hops[i].edge));
  return keys;
}

}  // namespace

std::vector<Path> k_shortest(Search& q, NodeId s, NodeId t, int k) {
  std::vector<Path> accepted;
  auto first = q.shortest(s, t);
  if (!first) return accepted;
  accepted.push_back(std::move(*first));
  std::set<std::vector<std::uint64_t>> known{keys_of(q, accepted.back())};
  std::vector<Path> candidates;
  while (static_cast<int>(accepted.size()) < k && !q.timed_out) {
    const Path& last = accepted.back();
    const std::vector<std::uint64_t> last_keys = keys_of(q, last);
    for (std::size_t i = 0; i + 1 < last.vertices.size(); ++i) {
      const NodeId spur = last.vertices[i];
      // The spur path may not reuse a hop an accepted path with the same
      // root takes next, nor pass through the root's actors.
      q.banned_hops.clear();
      q.banned_vertices.clear();
      for (const Path& p : accepted) {
        if (p.hops.size() <= i) continue;
        const std::vector<std::uint64_t> keys = keys_of(q, p);
        if (std::equal(keys.begin(), keys.begin() + static_cast<long>(i), last_keys.begin()))
          q.banned_hops.insert(keys[i]);
      }
      for (std::size_t j = 0; j < i; ++j) q.banned_vertices.insert(last.vertices[j]);
      q.root_weakest = 0;
      if (q.support != nullptr)
        for (std::size_t j = 0; j < i; ++j)
          q.root_weakest = std::max(q.root_weakest, q.support->rank(last.hops[j].edge));
      auto spur_path = q.shortest(spur, t);
      q.banned_hops.clear();
      q.banned_vertices.clear();
      q.root_weakest = 0;
      if (!spur_path) continue;
      Path total;
      total.vertices.assign(last.vertices.begin(), last.vertices.begin() + static_cast<long>(i));
      total.vertices.insert(total.vertices.end(), spur_path->vertices.begin(), spur_path->vertices.end());
      total.hops.assign(last.hops.begin(), last.hops.begin() + static_cast<long>(i));
      total.hops.insert(total.hops.end(), spur_path->hops.begin(), spur_path->hops.end());
      q.measure(&total);
      if (known.insert(keys_of(q, total)).second) candidates.push_back(std::move(total));
    }
    if (candidates.empty()) break;
    auto best = std::min_element(candidates.begin(), candidates.end(),
                                 [&](const Path& a, const Path& b) { return q.less(a, b); });
    accepted.push_back(std::move(*best));
    candidates.erase(best);
  }
  return accepted;
}

}  // namespace relmap
