// GEXF 1.2 for Gephi and NetworkX: typed attributes, static mode, relations
// as directed edges, symmetric ones marked by their `symmetric` attribute.
// 1.2 rather than 1.3: NetworkX before 3.0 (Debian 12 ships 2.8) knows no
// 1.3 namespace. Every edge directed: NetworkX refuses an undirected edge in
// a directed graph, and Gephi's importer (ImporterGEXF) knows no `mutual`
// edge type.
#include "base/text.h"
#include "output/export.h"

namespace relmap {

namespace {

/// Text for an XML attribute value: escaped, with line breaks and tabs kept
/// as character references (a parser would turn them into spaces).
std::string attr(std::string_view text) {
  std::string out;
  for (char c : xml_escape(sanitize_text(text))) {
    if (c == '\n')
      out += "&#10;";
    else if (c == '\t')
      out += "&#9;";
    else
      out += c;
  }
  return out;
}

/// A list as Gephi reads a `liststring` value (graphstore's ArraysParser):
/// ["a", "b, c"], each item quoted, `"` and `\` escaped by a backslash.
std::string gephi_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ", ";
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

const char* gexf_type(const Column& c) {
  if (c.list) return "liststring";
  if (c.kind == ValueKind::kInteger) return "long";
  if (c.kind == ValueKind::kBoolean) return "boolean";
  return "string";
}

/// A property's values as its attribute holds them.
std::string list_or_value(const Column& column, const std::vector<std::string>& values) {
  if (!column.list) return column_text(column, values);
  std::vector<std::string> items;
  for (const std::string& v : values) items.push_back(column_text(column, v));
  return gephi_list(items);
}

}  // namespace

std::string to_gexf(const KnowledgeGraph& graph) {
  // Label and weight are attributes of the edge element itself.
  std::vector<std::string> edge_fixed;
  for (const std::string& key : relation_field_keys())
    if (key != "label" && key != "weight") edge_fixed.push_back(key);
  const std::vector<Column> node_cols = node_columns(graph, {"type", "aliases"});
  const std::vector<ClaimEdges> claims = claims_of(graph);
  const std::vector<Column> edge_cols = claim_columns(graph, relation_field_keys(), claims);

  std::string out;
  out.reserve(1024 + graph.node_count() * 300 + graph.edge_count() * 800);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd\" "
      "version=\"1.2\">\n";
  out +=
      "  <meta>\n    <creator>relmap</creator>\n    <description>Actors and the cited relations between "
      "them</description>\n  </meta>\n";
  out += "  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
  auto declare = [&](const char* id_prefix, std::size_t i, const std::string& title, const char* type) {
    out += "      <attribute id=\"" + std::string(id_prefix) + std::to_string(i) + "\" title=\"" +
           attr(title) + "\" type=\"" + type + "\"/>\n";
  };
  out += "    <attributes class=\"node\">\n";
  declare("n", 0, "type", "string");
  declare("n", 1, "aliases", "liststring");
  for (std::size_t i = 0; i < node_cols.size(); ++i)
    declare("n", i + 2, node_cols[i].key, gexf_type(node_cols[i]));
  out += "    </attributes>\n    <attributes class=\"edge\">\n";
  for (std::size_t i = 0; i < edge_fixed.size(); ++i)
    declare("e", i, edge_fixed[i],
            edge_fixed[i] == "symmetric"    ? "boolean"
            : is_list_field(edge_fixed[i])  ? "liststring"
            : is_count_field(edge_fixed[i]) ? "long"
                                            : "string");
  for (std::size_t i = 0; i < edge_cols.size(); ++i)
    declare("e", edge_fixed.size() + i, edge_cols[i].key, gexf_type(edge_cols[i]));
  out += "    </attributes>\n";

  auto value = [&](const char* id_prefix, std::size_t i, const std::string& text) {
    out += "          <attvalue for=\"" + std::string(id_prefix) + std::to_string(i) + "\" value=\"" +
           attr(text) + "\"/>\n";
  };
  auto properties = [&](const char* id_prefix, std::size_t first, const Properties& props,
                        const std::vector<Column>& cols) {
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (const std::vector<std::string>* values = find_property(props, cols[i].name))
        value(id_prefix, first + i, list_or_value(cols[i], *values));
  };

  out += "    <nodes count=\"" + std::to_string(graph.node_count()) + "\">\n";
  for (auto v : graph.vertices()) {
    const NodeProps& n = graph.node(v);
    out += "      <node id=\"" + attr(n.id) + "\" label=\"" + attr(n.name) + "\">\n        <attvalues>\n";
    value("n", 0, graph.node_type(v).name);
    if (!n.aliases.empty()) value("n", 1, gephi_list(n.aliases));
    properties("n", 2, n.properties, node_cols);
    out += "        </attvalues>\n      </node>\n";
  }
  out += "    </nodes>\n    <edges count=\"" + std::to_string(claims.size()) + "\">\n";
  std::size_t index = 0;
  for (const ClaimEdges& claim : claims) {
    const Edge e = claim.front();
    const EdgeProps& p = graph.edge(e);
    const RelationType& rel = graph.relation_type(e);
    out += "      <edge id=\"r" + std::to_string(index++) + "\" source=\"" +
           attr(graph.node(graph.source(e)).id) + "\" target=\"" + attr(graph.node(graph.target(e)).id) +
           "\" type=\"directed\" label=\"" + attr(rel.label) + "\" weight=\"" + number_text(rel.weight) +
           "\">\n        <attvalues>\n";
    std::size_t i = 0;
    const std::vector<std::string>& keys = relation_field_keys();
    const std::vector<std::vector<std::string>> values = relation_fields(graph, claim);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (keys[k] == "label" || keys[k] == "weight") continue;
      if (!all_empty(values[k]))
        value("e", i, is_list_field(keys[k]) ? gephi_list(values[k]) : values[k].front());
      ++i;
    }
    properties("e", edge_fixed.size(), p.properties, edge_cols);
    out += "        </attvalues>\n      </edge>\n";
  }
  out += "    </edges>\n  </graph>\n</gexf>\n";
  return out;
}

}  // namespace relmap
