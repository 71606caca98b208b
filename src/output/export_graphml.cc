// GraphML: typed keys for everything relmap knows about actors and relations.
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "output/export.h"

namespace relmap {

namespace {

const char* graphml_type(const Column& c) {
  if (c.list) return "string";
  if (c.kind == ValueKind::kInteger) return "long";
  if (c.kind == ValueKind::kBoolean) return "boolean";
  return "string";
}

/// A GraphML document written piece by piece, with ids for its keys.
class GraphmlWriter {
 public:
  explicit GraphmlWriter(std::size_t size_hint) { out_.reserve(size_hint); }

  /// Declare a key; returns its id.
  std::string key(const char* domain, const std::string& name, const char* type) {
    const std::string id =
        (domain[0] == 'n' ? "n" : "e") + std::to_string(domain[0] == 'n' ? nodes_++ : edges_++);
    out_ += "  <key id=\"" + id + "\" for=\"" + domain + "\" attr.name=\"" + xml_escape(sanitize_text(name)) +
            "\" attr.type=\"" + type + "\"/>\n";
    return id;
  }
  void data(const std::string& key, const std::string& value) {
    out_ += "      <data key=\"" + key + "\">" + xml_escape(sanitize_text(value)) + "</data>\n";
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
  int nodes_ = 0, edges_ = 0;
};

}  // namespace

std::string to_graphml(const KnowledgeGraph& graph) {
  const std::vector<std::string> node_fixed = {"type", "label", "aliases"};
  const std::vector<std::string>& edge_fixed = relation_field_keys();
  const std::vector<Column> node_cols = node_columns(graph, node_fixed);
  const std::vector<ClaimEdges> claims = claims_of(graph);
  const std::vector<Column> edge_cols = claim_columns(graph, edge_fixed, claims);

  // Room enough that the document is never copied as it grows: what is
  // reserved but not written is never touched, and costs no memory.
  GraphmlWriter w(512 + graph.node_count() * 400 + graph.edge_count() * 1600);
  std::string& out = w.out();
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  const std::string k_type = w.key("node", "type", "string");
  const std::string k_label = w.key("node", "label", "string");
  const std::string k_aliases = w.key("node", "aliases", "string");
  std::vector<std::string> node_keys;
  for (const Column& c : node_cols) node_keys.push_back(w.key("node", c.key, graphml_type(c)));
  std::vector<std::string> edge_key;
  for (const std::string& name : edge_fixed) {
    const char* type = name == "symmetric"    ? "boolean"
                       : name == "weight"     ? "double"
                       : is_count_field(name) ? "long"
                                              : "string";
    edge_key.push_back(w.key("edge", name, type));
  }
  std::vector<std::string> edge_keys;
  for (const Column& c : edge_cols) edge_keys.push_back(w.key("edge", c.key, graphml_type(c)));

  auto properties = [&](const Properties& props, const std::vector<Column>& cols,
                        const std::vector<std::string>& keys) {
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (const std::vector<std::string>* values = find_property(props, cols[i].name))
        w.data(keys[i], column_text(cols[i], *values));
  };

  out += "  <graph id=\"relmap\" edgedefault=\"directed\">\n";
  for (auto v : graph.vertices()) {
    const NodeProps& n = graph.node(v);
    out += "    <node id=\"" + xml_escape(sanitize_text(n.id)) + "\">\n";
    w.data(k_type, graph.node_type(v).name);
    w.data(k_label, n.name);
    if (!n.aliases.empty())
      w.data(k_aliases,
             nlohmann::json(n.aliases).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    properties(n.properties, node_cols, node_keys);
    out += "    </node>\n";
  }
  std::size_t index = 0;
  for (const ClaimEdges& claim : claims) {
    const Edge e = claim.front();
    const EdgeProps& p = graph.edge(e);
    out += "    <edge id=\"r" + std::to_string(index++) + "\" source=\"" +
           xml_escape(sanitize_text(graph.node(graph.source(e)).id)) + "\" target=\"" +
           xml_escape(sanitize_text(graph.node(graph.target(e)).id)) + "\">\n";
    const std::vector<std::vector<std::string>> values = relation_fields(graph, claim);
    for (std::size_t i = 0; i < edge_key.size(); ++i)
      if (!all_empty(values[i]))
        w.data(edge_key[i], is_list_field(edge_fixed[i]) ? json_list(values[i]) : values[i].front());
    properties(p.properties, edge_cols, edge_keys);
    out += "    </edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
  return std::move(out);  // a reference's object is copied unless moved
}

}  // namespace relmap
