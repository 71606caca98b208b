// The knowledge graph: a Boost.Graph multigraph of validated facts.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facts/facts.h"
#include "facts/schema.h"
#include "store/snapshot.h"

namespace relmap {

using Properties = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct NodeProps {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  std::uint32_t type = 0;  ///< Index into Schema::node_types().
  Properties properties;
};

struct EdgeProps {
  std::uint32_t relation = 0;  ///< Index into Schema::relation_types().
  std::uint32_t index = 0;     ///< Position among the facts' relations.
  std::string source;          ///< Id of the cited source.
  std::string evidence;
  Basis basis = Basis::kStated;
  Properties properties;
};

/// A multigraph of actors and relations with look-up by id, name or alias.
class KnowledgeGraph {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                      NodeProps, EdgeProps>;
  using Vertex = Graph::vertex_descriptor;
  using Edge = Graph::edge_descriptor;

  /// Build from a snapshot of validated facts; vertex v and edge index e
  /// are the snapshot's vertex v and edge e, in the facts' order.
  KnowledgeGraph(const Schema& schema, std::shared_ptr<const GraphView> view);
  /// Build from validated facts, through a snapshot compiled in memory.
  KnowledgeGraph(const Schema& schema, const Facts& facts);

  const Schema& schema() const { return *schema_; }
  /// The snapshot the graph was built from: what queries read.
  const GraphView& view() const { return *view_; }
  const Graph& graph() const { return graph_; }
  std::size_t node_count() const { return boost::num_vertices(graph_); }
  std::size_t edge_count() const { return boost::num_edges(graph_); }

  const NodeProps& node(Vertex v) const { return graph_[v]; }
  const EdgeProps& edge(Edge e) const { return graph_[e]; }
  const NodeType& node_type(Vertex v) const { return schema_->node_types()[graph_[v].type]; }
  const RelationType& relation_type(Edge e) const {
    return schema_->relation_types()[graph_[e].relation];
  }
  /// Edges in the order of the facts' relations: edges()[e] is the
  /// snapshot's edge e.
  const std::vector<Edge>& edges() const { return edges_; }

  /// The vertex with this exact id.
  std::optional<Vertex> find_id(std::string_view id) const;
  /// Vertices whose id, name or alias equals `text`, ignoring case and
  /// accents; an exact id match alone wins.
  std::vector<Vertex> find(std::string_view text) const;
  /// Ids, names and aliases, for suggestions.
  std::vector<std::string> all_names() const;

 private:
  const Schema* schema_;
  std::shared_ptr<const GraphView> view_;
  Graph graph_;
  std::vector<Edge> edges_;
};

using Vertex = KnowledgeGraph::Vertex;
using Edge = KnowledgeGraph::Edge;

/// The snapshot compiled in memory from validated facts (no warnings kept,
/// no inputs recorded): for tests and one-off graphs.
std::shared_ptr<const GraphView> compile_in_memory(const Schema& schema, const Facts& facts);

/// Values of the property `name`, or nullptr.
const std::vector<std::string>* find_property(const Properties& props, std::string_view name);

/// First value of the property `name`, or "".
std::string first_value(const Properties& props, std::string_view name);

/// Properties without positions, as the graph keeps them: the entries of a
/// list property gathered under its name.
Properties plain_properties(std::span<const PropertyValue> values);

}  // namespace relmap
