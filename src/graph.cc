#include "graph.h"

#include <algorithm>

#include "text.h"

namespace relmap {

const std::vector<std::string>* find_property(const Properties& props, std::string_view name) {
  for (const auto& [n, values] : props)
    if (n == name) return &values;
  return nullptr;
}

std::string first_value(const Properties& props, std::string_view name) {
  const std::vector<std::string>* values = find_property(props, name);
  return values == nullptr || values->empty() ? std::string() : values->front();
}

Properties plain_properties(std::span<const PropertyValue> values) {
  Properties out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool same = i > 0 && values[i].name == values[i - 1].name && values[i].where.line == values[i - 1].where.line &&
                      values[i].where.col == values[i - 1].where.col;
    if (!same) out.emplace_back(std::string(values[i].name), std::vector<std::string>());
    out.back().second.emplace_back(values[i].value);
  }
  return out;
}

KnowledgeGraph::KnowledgeGraph(const Schema& schema, const Facts& facts) : schema_(&schema) {
  by_id_.reserve(facts.entities.size());
  for (const Entity& e : facts.entities) {
    if (by_id_.count(std::string(e.id))) continue;
    const int type = schema.node_type_index(e.type);
    if (type < 0) continue;
    const auto aliases = facts.aliases(e);
    NodeProps props{std::string(e.id), std::string(e.name), {aliases.begin(), aliases.end()},
                    static_cast<std::uint32_t>(type), plain_properties(facts.properties(e))};
    const Vertex v = boost::add_vertex(std::move(props), graph_);
    by_id_.emplace(e.id, v);
    auto index_name = [&](const std::string& name) {
      std::vector<Vertex>& list = by_name_[ascii_lower(name)];
      if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
    };
    index_name(std::string(e.id));
    index_name(std::string(e.name));
    for (const std::string_view alias : aliases) index_name(std::string(alias));
  }
  edges_.reserve(facts.relations.size());
  for (std::size_t i = 0; i < facts.relations.size(); ++i) {
    const Relation& r = facts.relations[i];
    auto from = by_id_.find(std::string(r.from));
    auto to = by_id_.find(std::string(r.to));
    const int type = schema.relation_type_index(r.type);
    if (from == by_id_.end() || to == by_id_.end() || type < 0) continue;
    EdgeProps props{static_cast<std::uint32_t>(type), static_cast<std::uint32_t>(i), std::string(r.source),
                    std::string(r.evidence), r.basis, plain_properties(facts.properties(r))};
    edges_.push_back(boost::add_edge(from->second, to->second, std::move(props), graph_).first);
  }
}

std::optional<KnowledgeGraph::Vertex> KnowledgeGraph::find_id(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<KnowledgeGraph::Vertex> KnowledgeGraph::find(std::string_view text) const {
  if (auto exact = find_id(text)) return {*exact};
  auto it = by_name_.find(ascii_lower(text));
  if (it == by_name_.end()) return {};
  std::vector<Vertex> out = it->second;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> KnowledgeGraph::all_names() const {
  std::vector<std::string> names;
  for (Vertex v : boost::make_iterator_range(boost::vertices(graph_))) {
    names.push_back(graph_[v].id);
    names.push_back(graph_[v].name);
    for (const std::string& a : graph_[v].aliases) names.push_back(a);
  }
  return names;
}

}  // namespace relmap
