#include "maps/panels.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

#include "base/text.h"
#include "maps/views.h"

namespace relmap {

namespace {

/// The most characters of an actor's name a part is called by.
constexpr std::size_t kMaxPartName = 32;

/// Groups being merged: each group's nodes, the links between groups and
/// each group's share of the link ends.
struct Grouping {
  std::vector<std::vector<std::size_t>> members;
  std::vector<std::map<std::size_t, double>> between;  // by the other group
  std::vector<double> ends;
  double links = 0;

  /// What merging groups a and b adds to modularity.
  double gain(std::size_t a, std::size_t b) const {
    const auto it = between[a].find(b);
    const double shared = it == between[a].end() ? 0 : it->second;
    return 2 * (shared / (2 * links) - (ends[a] / (2 * links)) * (ends[b] / (2 * links)));
  }

  /// Merge b into a.
  void merge(std::size_t a, std::size_t b) {
    members[a].insert(members[a].end(), members[b].begin(), members[b].end());
    members[b].clear();
    ends[a] += ends[b];
    for (const auto& [c, w] : between[b]) {
      if (c == a) continue;
      between[a][c] += w;
      between[c].erase(b);
      between[c][a] += w;
    }
    between[a].erase(b);
    between[b].clear();
  }
};

/// The best pair of live groups to merge: linked ones first, by gain, then
/// the smallest; none over `cap` nodes together. {0, 0} when there is none.
std::pair<std::size_t, std::size_t> best_merge(const Grouping& g, std::size_t cap) {
  std::pair<std::size_t, std::size_t> best{0, 0};
  double best_gain = 0;
  bool best_linked = false;
  std::size_t best_size = 0;
  for (std::size_t a = 0; a < g.members.size(); ++a) {
    if (g.members[a].empty()) continue;
    for (std::size_t b = a + 1; b < g.members.size(); ++b) {
      if (g.members[b].empty()) continue;
      const std::size_t size = g.members[a].size() + g.members[b].size();
      if (size > cap) continue;
      const bool linked = g.between[a].count(b) > 0;
      const double gain = g.gain(a, b);
      const bool better = best == std::make_pair<std::size_t, std::size_t>(0, 0) ||
                          (linked && !best_linked) ||
                          (linked == best_linked && (linked ? gain > best_gain + 1e-12 : size < best_size));
      if (better) {
        best = {a, b};
        best_gain = gain;
        best_linked = linked;
        best_size = size;
      }
    }
  }
  return best;
}

/// A linked group of fewer than `least` nodes and the group it is most
/// linked to, smallest group first; {0, 0} when there is none.
std::pair<std::size_t, std::size_t> tiny_group(const Grouping& g, std::size_t least) {
  std::pair<std::size_t, std::size_t> found{0, 0};
  std::size_t smallest = least;
  for (std::size_t a = 0; a < g.members.size(); ++a) {
    if (g.members[a].empty() || g.members[a].size() >= smallest || g.between[a].empty()) continue;
    const auto most = std::max_element(g.between[a].begin(), g.between[a].end(),
                                       [](const auto& x, const auto& y) { return x.second < y.second; });
    found = std::minmax(a, most->first);
    smallest = g.members[a].size();
  }
  return found;
}

}  // namespace

std::vector<std::vector<std::size_t>> communities(
    std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& links, std::size_t count) {
  Grouping g;
  g.members.resize(n);
  g.between.resize(n);
  g.ends.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) g.members[i] = {i};
  for (const auto& [a, b] : links) {
    if (a == b) continue;
    g.between[a][b] += 1;
    g.between[b][a] += 1;
    g.ends[a] += 1;
    g.ends[b] += 1;
    g.links += 1;
  }
  if (g.links == 0) g.links = 1;
  count = std::max<std::size_t>(count, 1);
  std::size_t cap =
      static_cast<std::size_t>(std::ceil(1.2 * static_cast<double>(n) / static_cast<double>(count)));
  for (std::size_t live = n; live > count;) {
    auto [a, b] = best_merge(g, cap);
    // A group much smaller than a share joins the group it is most linked
    // to first, whatever its size: a part of one or two actors helps no one.
    if (const auto small = tiny_group(g, n / (3 * count)); small.first != small.second)
      std::tie(a, b) = small;
    if (a == b) {
      ++cap;  // every merge left is too large: allow larger groups
      continue;
    }
    g.merge(a, b);
    --live;
  }
  std::vector<std::vector<std::size_t>> out;
  for (auto& m : g.members)
    if (!m.empty()) {
      std::sort(m.begin(), m.end());
      out.push_back(std::move(m));
    }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.size() > y.size(); });
  return out;
}

std::vector<MapSpec> split_map(const KnowledgeGraph& kg, const MapSpec& whole, std::size_t count) {
  // Parts show actors: the articles, cited on every line, are left out.
  MapSpec spec = whole;
  spec.nodes.clear();
  for (auto v : whole.nodes)
    if (!is_source(kg, v)) spec.nodes.push_back(v);
  std::unordered_map<Vertex, std::size_t> index;
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) index.emplace(spec.nodes[i], i);
  std::vector<std::pair<std::size_t, std::size_t>> links;
  std::vector<std::size_t> degree(spec.nodes.size(), 0);
  for (auto e : spec.edges) {
    const auto s = index.find(kg.source(e)), t = index.find(kg.target(e));
    if (s == index.end() || t == index.end()) continue;
    links.emplace_back(s->second, t->second);
    ++degree[s->second];
    ++degree[t->second];
  }
  const auto groups = communities(spec.nodes.size(), links, count);
  std::vector<std::size_t> part_of(spec.nodes.size(), 0);
  std::vector<std::string> names, leaders;  // a part's two best-linked actors, and its best-linked
  for (std::size_t k = 0; k < groups.size(); ++k) {
    for (std::size_t i : groups[k]) part_of[i] = k;
    // A part is called after its best-linked actors.
    std::vector<std::size_t> best(groups[k]);
    std::stable_sort(best.begin(), best.end(),
                     [&](std::size_t a, std::size_t b) { return degree[a] > degree[b]; });
    std::string name;
    for (std::size_t j = 0; j < std::min<std::size_t>(2, best.size()); ++j)
      name += (j ? ", " : "") + shorten(kg.node(spec.nodes[best[j]]).name, kMaxPartName);
    names.push_back(name);
    leaders.push_back(shorten(kg.node(spec.nodes[best.front()]).name, kMaxPartName));
  }
  const std::unordered_map<Vertex, char> highlighted = [&] {
    std::unordered_map<Vertex, char> h;
    for (auto v : spec.highlight_nodes) h.emplace(v, 1);
    return h;
  }();
  std::vector<MapSpec> parts;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    MapSpec part;
    part.name = spec.name + "-part-" + std::to_string(k + 1);
    part.title = spec.title + " \u2014 part " + std::to_string(k + 1) + " of " +
                 std::to_string(groups.size()) + ": " + names[k];
    part.page = spec.page;
    part.relation_labels = spec.relation_labels;
    part.part = k + 1;
    part.part_names = names;
    for (std::size_t i : groups[k]) part.nodes.push_back(spec.nodes[i]);
    std::sort(part.nodes.begin(), part.nodes.end());
    for (std::size_t j = 0; j < spec.edges.size(); ++j) {
      const auto e = spec.edges[j];
      const auto s = index.find(kg.source(e)), t = index.find(kg.target(e));
      if (s == index.end() || t == index.end()) continue;
      const bool own_s = part_of[s->second] == k, own_t = part_of[t->second] == k;
      if (!own_s && !own_t) continue;
      // An actor of another part is drawn as that part, one node for all.
      for (std::size_t i : {s->second, t->second})
        if (part_of[i] != k)
          part.stand_ins.emplace(
              spec.nodes[i], "\u2192 part " + std::to_string(part_of[i] + 1) + ": " + leaders[part_of[i]]);
      part.edges.push_back(e);
      if (j < spec.edge_labels.size()) part.edge_labels.push_back(spec.edge_labels[j]);
      if (j < spec.edge_tooltips.size()) part.edge_tooltips.push_back(spec.edge_tooltips[j]);
      if (j < spec.edge_bundles.size()) part.edge_bundles.push_back(spec.edge_bundles[j]);
    }
    part.quoted = spec.quoted;  // every part quotes every step, numbered as the path
    part.emphasis = spec.emphasis;
    for (auto v : part.nodes)
      if (highlighted.count(v)) part.highlight_nodes.push_back(v);
    for (auto e : spec.highlight_edges)
      if (std::find(part.edges.begin(), part.edges.end(), e) != part.edges.end())
        part.highlight_edges.push_back(e);
    part.description = spec.description;
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace relmap
