// The knowledge graph: actors and relations with their properties, kept in a
// Boost.Graph multigraph that no other folder sees. Vertices and edges are
// the snapshot's: vertex v is the snapshot's node v, edge e its relation e,
// in the facts' order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

/// An actor of the graph: the snapshot's node index.
using Vertex = std::size_t;

/// A relation of the graph: the snapshot's edge index, in the facts' order.
/// A type of its own, so that a relation is never taken for an actor.
struct Edge {
  std::uint32_t index = 0;
  auto operator<=>(const Edge&) const = default;
};

/// The vertices first, first + 1, ... last - 1, for range-for (a plain
/// counting range: std::views::iota does not build with every compiler
/// relmap supports).
class VertexRange {
 public:
  class iterator {
   public:
    explicit iterator(Vertex v) : v_(v) {}
    Vertex operator*() const { return v_; }
    iterator& operator++() {
      ++v_;
      return *this;
    }
    bool operator==(const iterator&) const = default;

   private:
    Vertex v_;
  };
  VertexRange(Vertex first, Vertex last) : first_(first), last_(last) {}
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(last_); }
  std::size_t size() const { return last_ - first_; }

 private:
  Vertex first_, last_;
};

/// A multigraph of actors and relations with look-up by id, name or alias.
class KnowledgeGraph {
 public:
  using Vertex = relmap::Vertex;
  using Edge = relmap::Edge;

  /// Build from a snapshot of validated facts.
  KnowledgeGraph(const Schema& schema, std::shared_ptr<const GraphView> view);
  /// Build from validated facts, through a snapshot compiled in memory.
  KnowledgeGraph(const Schema& schema, const Facts& facts);
  ~KnowledgeGraph();
  KnowledgeGraph(const KnowledgeGraph&) = delete;
  KnowledgeGraph& operator=(const KnowledgeGraph&) = delete;

  const Schema& schema() const { return *schema_; }
  /// The snapshot the graph was built from: what queries read.
  const GraphView& view() const { return *view_; }
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t edge_count() const { return edges_.size(); }

  /// Every actor, 0 to node_count() - 1.
  VertexRange vertices() const { return {0, node_count()}; }
  /// Every relation, in the facts' order: edges()[i].index == i.
  const std::vector<Edge>& edges() const { return edges_; }

  const NodeProps& node(Vertex v) const { return nodes_[v]; }
  const EdgeProps& edge(Edge e) const { return edge_props_[e.index]; }
  const NodeType& node_type(Vertex v) const { return schema_->node_types()[nodes_[v].type]; }
  const RelationType& relation_type(Edge e) const { return schema_->relation_types()[edge(e).relation]; }
  /// The actor a relation goes from, and the one it goes to.
  Vertex source(Edge e) const;
  Vertex target(Edge e) const;
  /// The relations going out of `v`, and those coming in, in the facts' order.
  std::vector<Edge> out_edges(Vertex v) const;
  std::vector<Edge> in_edges(Vertex v) const;
  /// Call `visit` with each relation of `v`, those going out then those
  /// coming in, in the facts' order, until it returns false: what
  /// out_edges and in_edges give, without copying them.
  void visit_edges(Vertex v, const std::function<bool(Edge)>& visit) const;
  /// The number of relations of `v`, in and out.
  std::size_t degree(Vertex v) const;

  /// The vertex with this exact id.
  std::optional<Vertex> find_id(std::string_view id) const;

 private:
  struct Multigraph;

  const Schema* schema_;
  std::shared_ptr<const GraphView> view_;
  std::vector<NodeProps> nodes_;       ///< By vertex.
  std::vector<EdgeProps> edge_props_;  ///< By edge index.
  std::vector<Edge> edges_;            ///< 0, 1, ... in the facts' order.
  std::unique_ptr<Multigraph> graph_;  ///< Who is linked to whom.
};

/// The snapshot compiled in memory from validated facts (no warnings kept,
/// no inputs recorded): for tests and one-off graphs.
std::shared_ptr<const GraphView> compile_in_memory(const Schema& schema, const Facts& facts);

/// Values of the property `name`, or nullptr.
const std::vector<std::string>* find_property(const Properties& props, std::string_view name);

/// First value of the property `name`, or "".
std::string first_value(const Properties& props, std::string_view name);

}  // namespace relmap
