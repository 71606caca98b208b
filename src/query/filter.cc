#include "query/filter.h"

#include <algorithm>

#include "base/dates.h"
#include "query/claims.h"

namespace relmap {

Filter::Filter(const GraphView& view, const Schema& schema, const QueryFilter& filter)
    : view_(view), schema_(schema), spec_(filter) {
  relation_ok_.assign(schema.relation_types().size(), filter.relations.empty());
  for (int r : filter.relations) relation_ok_[static_cast<std::size_t>(r)] = 1;
  for (int r : filter.exclude_relations) relation_ok_[static_cast<std::size_t>(r)] = 0;
  const auto types = static_cast<int>(schema.node_types().size());
  type_ok_.assign(static_cast<std::size_t>(types), filter.node_types.empty());
  for (int t = 0; t < types; ++t) {
    for (int allowed : filter.node_types)
      if (schema.is_a(t, allowed)) type_ok_[static_cast<std::size_t>(t)] = 1;
    for (int excluded : filter.exclude_node_types)
      if (schema.is_a(t, excluded)) type_ok_[static_cast<std::size_t>(t)] = 0;
  }
  avoid_ = filter.avoid;
  std::sort(avoid_.begin(), avoid_.end());
  for (const std::string& id : filter.sources)
    if (auto v = view.find_id(id)) sources_.push_back(*v);
  std::sort(sources_.begin(), sources_.end());
  filters_edges_ = std::count(relation_ok_.begin(), relation_ok_.end(), 0) > 0 || !filter.sources.empty() ||
                   filter.as_of.has_value() || filter.reported_by.has_value() || filter.stated_only ||
                   filter.min_reliability > 0 || filter.min_credibility > 0 || filter.corroborated > 0;
  filters_vertices_ = std::count(type_ok_.begin(), type_ok_.end(), 0) > 0 || !avoid_.empty() ||
                      filter.as_of.has_value() ||
                      filter.max_degree != std::numeric_limits<std::size_t>::max();
}

bool Filter::edge_ok(EdgeId e) const {
  const EdgeRecord& r = view_.edge(e);
  if (!relation_ok_[r.relation]) return false;
  if (spec_.stated_only && r.basis != 0) return false;
  if (!sources_.empty() && !std::binary_search(sources_.begin(), sources_.end(), r.source)) return false;
  if (spec_.as_of) {
    const auto [first, last] = valid_span(r);
    if (first > spec_.as_of->second || last < spec_.as_of->first) return false;
  }
  if (spec_.reported_by && r.reported > *spec_.reported_by) return false;
  if (spec_.min_reliability > 0 && citation_reliability(view_, e) > spec_.min_reliability) return false;
  if (spec_.min_credibility > 0 && citation_credibility(view_, e) > spec_.min_credibility) return false;
  if (spec_.corroborated > 0 &&
      independent_sources(view_, citations_of(view_, schema_, e)) < spec_.corroborated)
    return false;
  return true;
}

std::pair<std::int32_t, std::int32_t> Filter::valid_span(const EdgeRecord& r) const {
  if (r.start != kDawn || r.end != kDoom) return {r.start, r.end};
  std::pair<std::int32_t, std::int32_t> span{kDawn, kDoom};
  bool dated = false;
  for (NodeId v : {r.from, r.to}) {
    const NodeRecord& n = view_.node(v);
    if (n.start == kDawn && n.end == kDoom) continue;
    dated = true;
    span = {std::max(span.first, n.start), std::min(span.second, n.end)};
  }
  if (!dated && r.reported != kDoom) span.first = r.reported;
  return span;
}

bool Filter::vertex_ok(NodeId v) const {
  const NodeRecord& n = view_.node(v);
  if (!type_ok_[n.type]) return false;
  if (!avoid_.empty() && std::binary_search(avoid_.begin(), avoid_.end(), v)) return false;
  if (spec_.max_degree != std::numeric_limits<std::size_t>::max() && view_.degree(v) > spec_.max_degree)
    return false;
  if (spec_.as_of && (n.start > spec_.as_of->second || n.end < spec_.as_of->first)) return false;
  return true;
}

}  // namespace relmap
