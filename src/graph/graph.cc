#include "graph/graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>

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
  auto bytes =
      std::make_shared<std::string>(compile_snapshot(schema, facts, Diagnostics(), Manifest()).bytes());
  std::string why;
  const std::string_view view(*bytes);
  return GraphView::open(std::move(bytes), view, &why);
}

KnowledgeGraph::KnowledgeGraph(const Schema& schema, const Facts& facts)
    : KnowledgeGraph(schema, compile_in_memory(schema, facts)) {}

/// Who is linked to whom: Boost's adjacency list, each edge carrying its
/// index among the facts' relations (the properties are kept beside it).
struct KnowledgeGraph::Multigraph {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                                      std::uint32_t>;
  explicit Multigraph(std::size_t nodes) : graph(nodes) {}
  Graph graph;
  std::vector<Graph::edge_descriptor> edges;  ///< By edge index.
};

KnowledgeGraph::~KnowledgeGraph() = default;

KnowledgeGraph::KnowledgeGraph(const Schema& schema, std::shared_ptr<const GraphView> view)
    : schema_(&schema), view_(std::move(view)), graph_(std::make_unique<Multigraph>(view_->node_count())) {
  const GraphView& g = *view_;
  nodes_.resize(g.node_count());
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    NodeProps& n = nodes_[v];
    n.id = g.id(v);
    n.name = g.name(v);
    for (Str a : g.aliases(v)) n.aliases.emplace_back(g.text(a));
    n.type = g.node(v).type;
    n.properties = gather(g, g.node_properties(v));
  }
  edge_props_.reserve(g.edge_count());
  edges_.reserve(g.edge_count());
  graph_->edges.reserve(g.edge_count());
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    const EdgeRecord& r = g.edge(e);
    edge_props_.push_back({r.relation, e, std::string(g.id(r.source)), std::string(g.text(r.evidence)),
                           g.basis(e), gather(g, g.edge_properties(e))});
    edges_.push_back(Edge{e});
    graph_->edges.push_back(boost::add_edge(r.from, r.to, e, graph_->graph).first);
  }
}

std::optional<KnowledgeGraph::Vertex> KnowledgeGraph::find_id(std::string_view id) const {
  const auto v = view_->find_id(id);
  if (!v) return std::nullopt;
  return Vertex{*v};
}

Vertex KnowledgeGraph::source(Edge e) const { return boost::source(graph_->edges[e.index], graph_->graph); }

Vertex KnowledgeGraph::target(Edge e) const { return boost::target(graph_->edges[e.index], graph_->graph); }

// Boost keeps each vertex's edges in the order they were added: the facts' order.
std::vector<Edge> KnowledgeGraph::out_edges(Vertex v) const {
  std::vector<Edge> out;
  for (auto e : boost::make_iterator_range(boost::out_edges(v, graph_->graph)))
    out.push_back(Edge{graph_->graph[e]});
  return out;
}

std::vector<Edge> KnowledgeGraph::in_edges(Vertex v) const {
  std::vector<Edge> out;
  for (auto e : boost::make_iterator_range(boost::in_edges(v, graph_->graph)))
    out.push_back(Edge{graph_->graph[e]});
  return out;
}

void KnowledgeGraph::visit_edges(Vertex v, const std::function<bool(Edge)>& visit) const {
  for (auto e : boost::make_iterator_range(boost::out_edges(v, graph_->graph)))
    if (!visit(Edge{graph_->graph[e]})) return;
  for (auto e : boost::make_iterator_range(boost::in_edges(v, graph_->graph)))
    if (!visit(Edge{graph_->graph[e]})) return;
}

std::size_t KnowledgeGraph::degree(Vertex v) const { return boost::degree(v, graph_->graph); }

}  // namespace relmap
