// Node-link JSON, as NetworkX's node_link_graph reads it: the relations under
// "links", where NetworkX 2 (and d3) look for them, and the same list under
// "edges", where NetworkX 3.6 and later look by default.
#include <nlohmann/json.hpp>

#include "output/export.h"

namespace relmap {

std::string to_json(const KnowledgeGraph& graph) {
  const std::vector<Column> node_cols =
      node_columns(graph, {"id", "type", "label", "aliases"});
  const std::vector<Column> edge_cols = edge_columns(
      graph, {"source", "target", "key", "relation", "label", "symmetric", "weight", "cites", "evidence", "basis"});
  nlohmann::ordered_json doc;
  doc["directed"] = true;
  doc["multigraph"] = true;
  doc["graph"] = nlohmann::ordered_json::object();
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (auto v : graph.vertices()) {
    const NodeProps& n = graph.node(v);
    nlohmann::ordered_json node;
    node["id"] = n.id;
    node["type"] = graph.node_type(v).name;
    node["label"] = n.name;
    if (!n.aliases.empty()) node["aliases"] = n.aliases;
    for (const Column& c : node_cols)
      if (const std::vector<std::string>* values = find_property(n.properties, c.name))
        node[c.key] = column_json(c, *values);
    nodes.push_back(std::move(node));
  }
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  std::size_t index = 0;
  for (Edge e : graph.edges()) {
    const EdgeProps& p = graph.edge(e);
    const RelationType& rel = graph.relation_type(e);
    nlohmann::ordered_json link;
    link["source"] = graph.node(graph.source(e)).id;
    link["target"] = graph.node(graph.target(e)).id;
    link["key"] = "r" + std::to_string(index++);
    link["relation"] = rel.name;
    link["label"] = rel.label;
    link["symmetric"] = rel.symmetric;
    link["weight"] = rel.weight;
    link["cites"] = p.source;
    link["evidence"] = p.evidence;
    link["basis"] = basis_name(p.basis);
    for (const Column& c : edge_cols)
      if (const std::vector<std::string>* values = find_property(p.properties, c.name))
        link[c.key] = column_json(c, *values);
    links.push_back(std::move(link));
  }
  doc["nodes"] = std::move(nodes);
  doc["links"] = links;
  doc["edges"] = std::move(links);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace relmap
