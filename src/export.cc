#include "export.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "text.h"

namespace relmap {

namespace {

std::string property_text(const std::vector<std::string>& values, bool is_list) {
  if (!is_list) return values.empty() ? std::string() : values.front();
  return nlohmann::json(values).dump();
}

/// Whether each property name is declared as a list in the schema.
bool node_property_is_list(const Schema& schema, const NodeType& type, const std::string& name) {
  const PropertyDef* def = schema.node_property(type.name, name);
  return def != nullptr && def->list;
}

bool relation_property_is_list(const Schema& schema, const RelationType& rel, const std::string& name) {
  const PropertyDef* def = schema.relation_property(rel, name);
  return def != nullptr && def->list;
}

nlohmann::json value_json(const std::vector<std::string>& values, bool is_list) {
  if (is_list) return values;
  return values.empty() ? std::string() : values.front();
}

}  // namespace

std::string to_graphml(const KnowledgeGraph& graph) {
  const Schema& schema = graph.schema();
  const auto& g = graph.graph();
  // Keys: fixed ones first, then property names in sorted order.
  std::set<std::string> node_props, edge_props;
  for (auto v : boost::make_iterator_range(boost::vertices(g)))
    for (const auto& [name, values] : g[v].properties) node_props.insert(name);
  for (auto e : graph.edges())
    for (const auto& [name, values] : g[e].properties) edge_props.insert(name);
  const std::vector<std::string> node_fixed = {"type", "label"};
  const std::vector<std::string> edge_fixed = {"relation", "label", "cites", "evidence"};
  std::map<std::string, std::string> node_key, edge_key;

  std::string out;
  out.reserve(256 + graph.node_count() * 160 + graph.edge_count() * 260);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  auto declare = [&](const std::string& domain, const std::string& name,
                     std::map<std::string, std::string>* keys) {
    const std::string id = (domain == "node" ? "n" : "e") + std::to_string(keys->size());
    (*keys)[name] = id;
    out += "  <key id=\"" + id + "\" for=\"" + domain + "\" attr.name=\"" + xml_escape(name) +
           "\" attr.type=\"string\"/>\n";
  };
  for (const std::string& k : node_fixed) declare("node", k, &node_key);
  for (const std::string& k : node_props)
    if (!node_key.count(k)) declare("node", k, &node_key);
  for (const std::string& k : edge_fixed) declare("edge", k, &edge_key);
  for (const std::string& k : edge_props)
    if (!edge_key.count(k)) declare("edge", k, &edge_key);
  out += "  <graph id=\"relmap\" edgedefault=\"directed\">\n";
  auto data = [&](const std::string& key, const std::string& value) {
    out += "      <data key=\"" + key + "\">" + xml_escape(sanitize_text(value)) + "</data>\n";
  };
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    const NodeProps& n = g[v];
    const NodeType& type = graph.node_type(v);
    out += "    <node id=\"" + xml_escape(sanitize_text(n.id)) + "\">\n";
    data(node_key["type"], type.name);
    data(node_key["label"], n.name);
    for (const auto& [name, values] : n.properties)
      data(node_key[name], property_text(values, node_property_is_list(schema, type, name)));
    out += "    </node>\n";
  }
  std::size_t index = 0;
  for (auto e : graph.edges()) {
    const EdgeProps& p = g[e];
    const RelationType& rel = graph.relation_type(e);
    out += "    <edge id=\"r" + std::to_string(index++) + "\" source=\"" +
           xml_escape(sanitize_text(g[boost::source(e, g)].id)) + "\" target=\"" +
           xml_escape(sanitize_text(g[boost::target(e, g)].id)) + "\">\n";
    data(edge_key["relation"], rel.name);
    data(edge_key["label"], rel.label);
    data(edge_key["cites"], p.source);
    data(edge_key["evidence"], p.evidence);
    for (const auto& [name, values] : p.properties)
      data(edge_key[name], property_text(values, relation_property_is_list(schema, rel, name)));
    out += "    </edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

std::string to_json(const KnowledgeGraph& graph) {
  const Schema& schema = graph.schema();
  const auto& g = graph.graph();
  nlohmann::ordered_json doc;
  doc["directed"] = true;
  doc["multigraph"] = true;
  doc["graph"] = nlohmann::ordered_json::object();
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    const NodeProps& n = g[v];
    const NodeType& type = graph.node_type(v);
    nlohmann::ordered_json node;
    node["id"] = n.id;
    node["type"] = type.name;
    node["label"] = n.name;
    if (!n.aliases.empty()) node["aliases"] = n.aliases;
    for (const auto& [name, values] : n.properties)
      node[name] = value_json(values, node_property_is_list(schema, type, name));
    nodes.push_back(std::move(node));
  }
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  std::size_t index = 0;
  for (auto e : graph.edges()) {
    const EdgeProps& p = g[e];
    const RelationType& rel = graph.relation_type(e);
    nlohmann::ordered_json link;
    link["source"] = g[boost::source(e, g)].id;
    link["target"] = g[boost::target(e, g)].id;
    link["key"] = "r" + std::to_string(index++);
    link["relation"] = rel.name;
    link["label"] = rel.label;
    link["symmetric"] = rel.symmetric;
    link["cites"] = p.source;
    link["evidence"] = p.evidence;
    link["basis"] = basis_name(p.basis);
    for (const auto& [name, values] : p.properties)
      link[name] = value_json(values, relation_property_is_list(schema, rel, name));
    links.push_back(std::move(link));
  }
  doc["nodes"] = std::move(nodes);
  doc["links"] = std::move(links);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace relmap
