#include "query_output.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace relmap {

namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

const NodeProps& from_of(const KnowledgeGraph& kg, Edge e) { return kg.node(boost::source(e, kg.graph())); }
const NodeProps& to_of(const KnowledgeGraph& kg, Edge e) { return kg.node(boost::target(e, kg.graph())); }

std::string format_cost(double c) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", c);
  return buffer;
}

/// "Name —[label]→ Other" in the relation's stored direction.
std::string relation_line(const KnowledgeGraph& kg, Edge e) {
  const RelationType& rel = kg.relation_type(e);
  const std::string role = first_value(kg.edge(e).properties, "role");
  const std::string shown_role = role.empty() ? "" : " (" + role + ")";
  return from_of(kg, e).name + " \u2014[" + rel.label + shown_role + (rel.symmetric ? "]\u2014 " : "]\u2192 ") +
         to_of(kg, e).name;
}

/// The source's title or name, publisher and date, for citing.
std::string citation(const KnowledgeGraph& kg, const std::string& source_id) {
  auto v = kg.find_id(source_id);
  if (!v) return source_id;
  const NodeProps& n = kg.node(*v);
  std::string out = source_id + ": " + n.name;
  for (const char* key : {"publisher", "date"}) {
    const std::string value = first_value(n.properties, key);
    if (!value.empty()) out += ", " + value;
  }
  return out;
}

/// A relation and, indented under it, its source and evidence. `first`
/// starts the relation's line, `indent` the lines under it.
std::string hop_text(const KnowledgeGraph& kg, Edge e, const std::string& first, const std::string& indent) {
  std::string out = first + relation_line(kg, e) + "\n";
  out += indent + "    source: " + citation(kg, kg.edge(e).source) + "\n";
  out += indent + "    evidence: \u201C" + kg.edge(e).evidence + "\u201D\n";
  return out;
}

Json hop_json(const KnowledgeGraph& kg, const Hop& hop) {
  const RelationType& rel = kg.relation_type(hop.edge);
  const NodeProps& s = from_of(kg, hop.edge);
  const NodeProps& t = to_of(kg, hop.edge);
  Json j;
  j["from"] = hop.forward ? s.id : t.id;
  j["to"] = hop.forward ? t.id : s.id;
  j["relation"] = rel.name;
  j["label"] = rel.label;
  j["direction"] = hop.forward ? "forward" : "backward";
  j["cites"] = kg.edge(hop.edge).source;
  j["evidence"] = kg.edge(hop.edge).evidence;
  return j;
}

Json relation_json(const KnowledgeGraph& kg, Edge e) {
  const RelationType& rel = kg.relation_type(e);
  Json j;
  j["from"] = from_of(kg, e).id;
  j["to"] = to_of(kg, e).id;
  j["relation"] = rel.name;
  j["label"] = rel.label;
  j["cites"] = kg.edge(e).source;
  j["evidence"] = kg.edge(e).evidence;
  return j;
}

Json node_json(const KnowledgeGraph& kg, Vertex v) {
  Json j;
  j["id"] = kg.node(v).id;
  j["type"] = kg.node_type(v).name;
  j["label"] = kg.node(v).name;
  return j;
}

}  // namespace

std::string paths_to_text(const KnowledgeGraph& kg, Vertex from, Vertex to, const std::vector<Path>& paths) {
  std::string out;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Path& p = paths[i];
    out += "Path " + std::to_string(i + 1) + " of " + std::to_string(paths.size()) + ": " +
           kg.node(from).name + " \u2192 " + kg.node(to).name + " (" + std::to_string(p.hops.size()) +
           (p.hops.size() == 1 ? " hop" : " hops") + ", cost " + format_cost(p.cost) + ")\n";
    for (std::size_t h = 0; h < p.hops.size(); ++h) {
      out += hop_text(kg, p.hops[h].edge, "  " + std::to_string(h + 1) + ". ", "     ");
    }
    if (i + 1 < paths.size()) out += "\n";
  }
  return out;
}

std::string paths_to_json(const KnowledgeGraph& kg, Vertex from, Vertex to, const std::vector<Path>& paths) {
  Json doc;
  doc["from"] = kg.node(from).id;
  doc["to"] = kg.node(to).id;
  Json list = Json::array();
  for (const Path& p : paths) {
    Json path;
    path["length"] = p.hops.size();
    path["cost"] = p.cost;
    Json hops = Json::array();
    for (const Hop& h : p.hops) hops.push_back(hop_json(kg, h));
    path["hops"] = std::move(hops);
    list.push_back(std::move(path));
  }
  doc["paths"] = std::move(list);
  return dump(doc);
}

std::string neighbours_to_text(const KnowledgeGraph& kg, const QueryEngine::Neighbourhood& n, int depth) {
  std::string out = kg.node(n.nodes.front().first).name + ": " + std::to_string(n.nodes.size() - 1) +
                    " actors within " + std::to_string(depth) + (depth == 1 ? " hop" : " hops") + "\n";
  for (std::size_t i = 1; i < n.nodes.size(); ++i) {
    const auto [v, d] = n.nodes[i];
    out += "  " + std::to_string(d) + "  " + kg.node(v).name + " [" + kg.node(v).id + ", " +
           kg.node_type(v).label + "]\n";
  }
  out += "\nRelations (" + std::to_string(n.edges.size()) + "):\n";
  for (Edge e : n.edges) out += hop_text(kg, e, "  ", "  ");
  return out;
}

std::string neighbours_to_json(const KnowledgeGraph& kg, const QueryEngine::Neighbourhood& n, int depth) {
  Json doc;
  doc["center"] = kg.node(n.nodes.front().first).id;
  doc["depth"] = depth;
  Json nodes = Json::array();
  for (const auto& [v, d] : n.nodes) {
    Json j = node_json(kg, v);
    j["distance"] = d;
    nodes.push_back(std::move(j));
  }
  doc["nodes"] = std::move(nodes);
  Json relations = Json::array();
  for (Edge e : n.edges) relations.push_back(relation_json(kg, e));
  doc["relations"] = std::move(relations);
  return dump(doc);
}

std::string common_to_text(const KnowledgeGraph& kg, Vertex a, Vertex b,
                           const std::vector<QueryEngine::Common>& common) {
  std::string out = std::to_string(common.size()) + " actors linked to both " + kg.node(a).name + " and " +
                    kg.node(b).name + "\n";
  for (const auto& c : common) {
    out += "\n" + kg.node(c.vertex).name + " [" + kg.node(c.vertex).id + ", " +
           kg.node_type(c.vertex).label + "]\n";
    for (const Hop& h : c.via_a) out += hop_text(kg, h.edge, "  ", "  ");
    for (const Hop& h : c.via_b) out += hop_text(kg, h.edge, "  ", "  ");
  }
  return out;
}

std::string common_to_json(const KnowledgeGraph& kg, Vertex a, Vertex b,
                           const std::vector<QueryEngine::Common>& common) {
  Json doc;
  doc["a"] = kg.node(a).id;
  doc["b"] = kg.node(b).id;
  Json list = Json::array();
  for (const auto& c : common) {
    Json j = node_json(kg, c.vertex);
    Json via_a = Json::array(), via_b = Json::array();
    for (const Hop& h : c.via_a) via_a.push_back(hop_json(kg, h));
    for (const Hop& h : c.via_b) via_b.push_back(hop_json(kg, h));
    j["via_a"] = std::move(via_a);
    j["via_b"] = std::move(via_b);
    list.push_back(std::move(j));
  }
  doc["common"] = std::move(list);
  return dump(doc);
}

std::string stats_to_text(const KnowledgeGraph& kg, const GraphStats& s) {
  const Schema& schema = kg.schema();
  std::string out = std::to_string(kg.node_count()) + " actors, " + std::to_string(kg.edge_count()) +
                    " relations, " + std::to_string(s.components.size()) + " connected components";
  if (!s.components.empty()) out += " (largest: " + std::to_string(s.components.front()) + ")";
  out += "\n\nActors by type:\n";
  char line[256];
  for (const auto& [name, count] : s.node_types) {
    std::snprintf(line, sizeof line, "  %6zu  %s\n", count, schema.node_type(name)->label.c_str());
    out += line;
  }
  out += "\nRelations by type:\n";
  for (const auto& [name, count] : s.relation_types) {
    std::snprintf(line, sizeof line, "  %6zu  %s\n", count, schema.relation_type(name)->label.c_str());
    out += line;
  }
  out += "\nMost linked actors (degree):\n";
  for (const auto& [v, degree] : s.top_degree) {
    std::snprintf(line, sizeof line, "  %6zu  ", degree);
    out += line + kg.node(v).name + " [" + kg.node(v).id + "]\n";
  }
  out += std::string("\nBrokers between others (betweenness centrality") +
         (s.betweenness_sampled ? ", estimated from a sample" : "") + "):\n";
  for (const auto& [v, score] : s.top_betweenness) {
    std::snprintf(line, sizeof line, "  %6.4f  ", score);
    out += line + kg.node(v).name + " [" + kg.node(v).id + "]\n";
  }
  return out;
}

std::string stats_to_json(const KnowledgeGraph& kg, const GraphStats& s) {
  Json doc;
  doc["nodes"] = kg.node_count();
  doc["relations"] = kg.edge_count();
  Json types = Json::object(), relations = Json::object();
  for (const auto& [name, count] : s.node_types) types[name] = count;
  for (const auto& [name, count] : s.relation_types) relations[name] = count;
  doc["node_types"] = std::move(types);
  doc["relation_types"] = std::move(relations);
  doc["components"] = {{"count", s.components.size()}, {"sizes", s.components}};
  Json degree = Json::array(), between = Json::array();
  for (const auto& [v, d] : s.top_degree)
    degree.push_back({{"id", kg.node(v).id}, {"label", kg.node(v).name}, {"degree", d}});
  for (const auto& [v, b] : s.top_betweenness)
    between.push_back({{"id", kg.node(v).id}, {"label", kg.node(v).name}, {"betweenness", b}});
  doc["top_degree"] = std::move(degree);
  doc["top_betweenness"] = std::move(between);
  doc["betweenness_sampled"] = s.betweenness_sampled;
  return dump(doc);
}

}  // namespace relmap
