// Node-link JSON, as NetworkX's node_link_graph reads it: the relations under
// "links", where NetworkX 2 (and d3) look for them, and the same list under
// "edges", where NetworkX 3.6 and later look by default.
#include <nlohmann/json.hpp>

#include "output/export.h"

namespace relmap {

namespace {

/// Credibility grades as numbers, one per citation.
nlohmann::ordered_json credibility_numbers(const std::vector<std::string>& grades) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::string& g : grades) out.push_back(std::stoi(g));
  return out;
}

/// `value` as an item of an array that is a member of the document
/// (indented by 4), after the items in `items`, as dump(2) of the whole
/// document writes it.
void append_member(std::string* items, const nlohmann::ordered_json& value) {
  if (!items->empty()) *items += ",\n";
  const std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  items->append(4, ' ');
  for (const char c : text) {
    *items += c;
    if (c == '\n') items->append(4, ' ');  // raw newlines are only dump's own: strings escape theirs
  }
}

/// The member `name` of the document: an array of `items`.
void append_array(std::string* out, const char* name, const std::string& items, bool last) {
  *out += "  \"";
  *out += name;
  *out += items.empty() ? "\": []" : "\": [\n";
  if (!items.empty()) {
    *out += items;
    *out += "\n  ]";
  }
  *out += last ? "\n}\n" : ",\n";
}

}  // namespace

std::string to_json(const KnowledgeGraph& graph) {
  const std::vector<Column> node_cols = node_columns(graph, {"id", "type", "label", "aliases"});
  std::vector<std::string> edge_fixed = {"source", "target", "key"};
  for (const std::string& key : relation_field_keys()) edge_fixed.push_back(key);
  const std::vector<ClaimEdges> claims = claims_of(graph);
  const std::vector<Column> edge_cols = claim_columns(graph, edge_fixed, claims);
  // Written an object at a time, as the whole document would dump them: a
  // document of a million relations held as JSON values took ten times
  // the memory of its text.
  std::string nodes;
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
    append_member(&nodes, node);
  }
  std::string links;
  std::size_t index = 0;
  const std::vector<std::string>& keys = relation_field_keys();
  for (const ClaimEdges& claim : claims) {
    const Edge e = claim.front();
    const EdgeProps& p = graph.edge(e);
    const RelationType& rel = graph.relation_type(e);
    nlohmann::ordered_json link;
    link["source"] = graph.node(graph.source(e)).id;
    link["target"] = graph.node(graph.target(e)).id;
    link["key"] = "r" + std::to_string(index++);
    const std::vector<std::vector<std::string>> values = relation_fields(graph, claim);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (keys[k] == "symmetric")
        link[keys[k]] = rel.symmetric;
      else if (keys[k] == "weight")
        link[keys[k]] = rel.weight;
      else if (keys[k] == "credibility")
        link[keys[k]] = credibility_numbers(values[k]);
      else if (is_count_field(keys[k]))
        link[keys[k]] = std::stoul(values[k].front());
      else if (is_list_field(keys[k]))
        link[keys[k]] = values[k];
      else
        link[keys[k]] = values[k].front();
    }
    for (const Column& c : edge_cols)
      if (const std::vector<std::string>* values_of = find_property(p.properties, c.name))
        link[c.key] = column_json(c, *values_of);
    append_member(&links, link);
  }
  std::string out = "{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": {},\n";
  out.reserve(out.size() + nodes.size() + 2 * links.size() + 64);
  append_array(&out, "nodes", nodes, false);
  append_array(&out, "links", links, false);
  append_array(&out, "edges", links, true);
  return out;
}

}  // namespace relmap
