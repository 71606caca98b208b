#include "graph/graph.h"

#include <algorithm>

#include "base/text.h"

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

namespace {

/// A snapshot's properties gathered as the graph keeps them: the entries of
/// a list property under its name.
Properties gather(const GraphView& view, std::span<const PropRecord> props) {
  Properties out;
  for (std::size_t i = 0; i < props.size(); ++i) {
    const bool same = i > 0 && props[i].is_list && props[i - 1].is_list &&
                      view.text(props[i].name) == view.text(props[i - 1].name);
    if (!same) out.emplace_back(std::string(view.text(props[i].name)), std::vector<std::string>());
    out.back().second.emplace_back(view.text(props[i].value));
  }
  return out;
}

}  // namespace

std::shared_ptr<const GraphView> compile_in_memory(const Schema& schema, const Facts& facts) {
  auto bytes = std::make_shared<std::string>(compile_snapshot(schema, facts, Diagnostics(), Manifest()).bytes());
  std::string why;
  const std::string_view view(*bytes);
  return GraphView::open(std::move(bytes), view, &why);
}

KnowledgeGraph::KnowledgeGraph(const Schema& schema, const Facts& facts)
    : KnowledgeGraph(schema, compile_in_memory(schema, facts)) {}

KnowledgeGraph::KnowledgeGraph(const Schema& schema, std::shared_ptr<const GraphView> view)
    : schema_(&schema), view_(std::move(view)), graph_(view_->node_count()) {
  const GraphView& g = *view_;
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    NodeProps& n = graph_[v];
    n.id = g.id(v);
    n.name = g.name(v);
    for (Str a : g.aliases(v)) n.aliases.emplace_back(g.text(a));
    n.type = g.node(v).type;
    n.properties = gather(g, g.node_properties(v));
  }
  edges_.reserve(g.edge_count());
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    const EdgeRecord& r = g.edge(e);
    EdgeProps props{r.relation, e, std::string(g.id(r.source)), std::string(g.text(r.evidence)), g.basis(e),
                    gather(g, g.edge_properties(e))};
    edges_.push_back(boost::add_edge(r.from, r.to, std::move(props), graph_).first);
  }
}

std::optional<KnowledgeGraph::Vertex> KnowledgeGraph::find_id(std::string_view id) const {
  const auto v = view_->find_id(id);
  if (!v) return std::nullopt;
  return Vertex{*v};
}

std::vector<KnowledgeGraph::Vertex> KnowledgeGraph::find(std::string_view text) const {
  if (auto exact = find_id(text)) return {*exact};
  std::vector<Vertex> out;
  for (std::uint32_t v : view_->find_name(text)) out.push_back(v);
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
