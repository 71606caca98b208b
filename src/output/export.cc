#include "output/export.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>

#include "query/claims.h"

namespace relmap {

const std::vector<Exporter>& exporters() {
  auto one = [](const char* file, std::string (*write)(const KnowledgeGraph&)) {
    return [file, write](const KnowledgeGraph& g) {
      // Moved in: a list of initializers would copy the document.
      std::vector<OutputFile> files;
      files.push_back({file, write(g)});
      return files;
    };
  };
  static const std::vector<Exporter> table = {
      {"graphml", "GraphML for NetworkX, igraph, Gephi, yEd and Cytoscape", true,
       one("relmap.graphml", to_graphml)},
      {"gexf", "GEXF 1.2 for Gephi and NetworkX", true, one("relmap.gexf", to_gexf)},
      {"json", "Node-link JSON for NetworkX (2 and 3) and d3", true, one("relmap.json", to_json)},
      {"stix", "STIX 2.1 bundle for OpenCTI and other threat-intelligence platforms", true,
       one("relmap.stix.json", to_stix)},
      {"neo4j", "CSV files for neo4j-admin import, a LOAD CSV script and Cypher queries", false, to_neo4j},
  };
  return table;
}

const Exporter* find_exporter(const std::string& name) {
  for (const Exporter& x : exporters())
    if (x.name == name) return &x;
  return nullptr;
}

std::vector<OutputFile> build_exports(const KnowledgeGraph& graph, const std::string& dir) {
  std::vector<OutputFile> out;
  for (const Exporter& x : exporters()) {
    const std::string prefix = dir + "/" + (x.single_file ? "" : x.name + "/");
    for (OutputFile& f : x.write(graph)) out.push_back({prefix + f.path, std::move(f.content)});
  }
  return out;
}

namespace {

/// Merge the declarations of each used property name into columns.
std::vector<Column> columns(const std::map<std::string, std::vector<const PropertyDef*>>& used,
                            const std::vector<std::string>& reserved) {
  std::vector<Column> out;
  for (const auto& [name, defs] : used) {
    Column c{name, name, ValueKind::kString, false};
    if (std::find(reserved.begin(), reserved.end(), name) != reserved.end()) c.key = "property_" + name;
    bool first = true;
    for (const PropertyDef* def : defs) {
      if (def == nullptr) continue;
      if (first)
        c.kind = def->kind;
      else if (c.kind != def->kind)
        c.kind = ValueKind::kString;
      first = false;
      c.list = c.list || def->list;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

namespace {

/// Columns for the properties of the given actors or relations: `type_of`
/// gives an element's type index, `declared` a type's declaration of a name.
template <class Range, class TypeOf, class PropsOf, class Declared>
std::vector<Column> columns_of(const Range& elements, TypeOf type_of, PropsOf props_of, Declared declared,
                               const std::vector<std::string>& reserved) {
  // Names used by each type: one declaration per (name, type), however many elements.
  std::map<std::string, std::vector<std::uint32_t>> types_by_name;
  for (const auto& x : elements)
    for (const auto& [name, values] : props_of(x)) {
      std::vector<std::uint32_t>& types = types_by_name[name];
      if (std::find(types.begin(), types.end(), type_of(x)) == types.end()) types.push_back(type_of(x));
    }
  std::map<std::string, std::vector<const PropertyDef*>> used;
  for (const auto& [name, types] : types_by_name)
    for (std::uint32_t t : types) used[name].push_back(declared(t, name));
  return columns(used, reserved);
}

}  // namespace

std::vector<Column> node_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved,
                                 const std::vector<Vertex>& nodes) {
  const Schema& schema = graph.schema();
  return columns_of(
      nodes, [&](Vertex v) { return graph.node(v).type; },
      [&](Vertex v) -> const Properties& { return graph.node(v).properties; },
      [&](std::uint32_t t, const std::string& name) {
        return schema.node_property(schema.node_types()[t].name, name);
      },
      reserved);
}

std::vector<Column> node_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved) {
  std::vector<Vertex> all;
  for (Vertex v : graph.vertices()) all.push_back(v);
  return node_columns(graph, reserved, all);
}

std::vector<Column> edge_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved,
                                 const std::vector<Edge>& edges) {
  const Schema& schema = graph.schema();
  return columns_of(
      edges, [&](Edge e) { return graph.edge(e).relation; },
      [&](Edge e) -> const Properties& { return graph.edge(e).properties; },
      [&](std::uint32_t t, const std::string& name) {
        return schema.relation_property(schema.relation_types()[t], name);
      },
      reserved);
}

std::vector<Column> edge_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved) {
  return edge_columns(graph, reserved, graph.edges());
}

std::string column_text(const Column& column, const std::string& value) {
  if (column.kind != ValueKind::kInteger) return value;
  std::string_view digits = value;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return value;
  return std::to_string(n);
}

std::string column_text(const Column& column, const std::vector<std::string>& values) {
  if (!column.list) return values.empty() ? std::string() : column_text(column, values.front());
  return column_json(column, values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::ordered_json column_json(const Column& column, const std::vector<std::string>& values) {
  auto one = [&](const std::string& v) -> nlohmann::ordered_json {
    if (column.kind == ValueKind::kBoolean) return v == "true";
    if (column.kind == ValueKind::kInteger) {
      const std::string text = column_text(column, v);
      std::int64_t n = 0;
      if (std::from_chars(text.data(), text.data() + text.size(), n).ec == std::errc()) return n;
    }
    return v;
  };
  if (!column.list) return values.empty() ? nlohmann::ordered_json() : one(values.front());
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const std::string& v : values) array.push_back(one(v));
  return array;
}

std::vector<ClaimEdges> claims_of(const KnowledgeGraph& graph, const std::vector<Edge>& edges) {
  std::vector<std::uint32_t> indices;
  for (Edge e : edges) indices.push_back(graph.edge(e).index);
  const Claims claims(graph.view(), graph.schema(), indices);
  std::vector<ClaimEdges> out(claims.size());
  for (std::size_t c = 0; c < claims.size(); ++c)
    for (std::uint32_t e : claims.citations(static_cast<std::uint32_t>(c)))
      out[c].push_back(graph.edges()[e]);
  return out;
}

std::vector<ClaimEdges> claims_of(const KnowledgeGraph& graph) { return claims_of(graph, graph.edges()); }

std::vector<Column> claim_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved,
                                  const std::vector<ClaimEdges>& claims) {
  std::vector<Edge> firsts;
  for (const ClaimEdges& c : claims) firsts.push_back(c.front());
  std::vector<Column> out = edge_columns(graph, reserved, firsts);
  std::erase_if(out, [](const Column& c) { return is_citation_property(c.name); });
  return out;
}

namespace {

/// The fields of one claim that hold one value per citation.
const std::vector<std::string> kCitationFields = {
    "basis",       "cites",      "evidence",           "source_name", "source_title", "source_publisher",
    "source_date", "source_url", "source_reliability", "credibility", "relation_id",  "disputes"};

}  // namespace

const std::vector<std::string>& relation_field_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {"relation", "label", "symmetric", "weight"};
    k.insert(k.end(), kCitationFields.begin(), kCitationFields.end());
    for (const char* more : {"sources", "independent_sources", "disputed_by"}) k.push_back(more);
    return k;
  }();
  return keys;
}

bool is_list_field(const std::string& key) {
  return key == "disputed_by" ||
         std::find(kCitationFields.begin(), kCitationFields.end(), key) != kCitationFields.end();
}

bool is_count_field(const std::string& key) { return key == "sources" || key == "independent_sources"; }

namespace {

/// The values of the citation fields for one relation, in kCitationFields order.
std::vector<std::string> citation_fields(const KnowledgeGraph& graph, Edge e) {
  const EdgeProps& p = graph.edge(e);
  const GraphView& view = graph.view();
  std::vector<std::string> out = {basis_name(p.basis), p.source, p.evidence};
  const auto source = graph.find_id(p.source);
  out.push_back(source ? graph.node(*source).name : "");
  for (const char* key : {"title", "publisher", "date", "url", "reliability"})
    out.push_back(source ? first_value(graph.node(*source).properties, key) : "");
  out.push_back(std::to_string(citation_credibility(view, p.index)));
  out.push_back(first_value(p.properties, std::string(kRelationIdProperty)));
  out.push_back(first_value(p.properties, std::string(kDisputesProperty)));
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> relation_fields(const KnowledgeGraph& graph, const ClaimEdges& claim) {
  const RelationType& rel = graph.relation_type(claim.front());
  std::vector<std::vector<std::string>> out = {
      {rel.name}, {rel.label}, {rel.symmetric ? "true" : "false"}, {number_text(rel.weight)}};
  out.resize(4 + kCitationFields.size());
  std::vector<std::uint32_t> indices;
  for (Edge e : claim) {
    indices.push_back(graph.edge(e).index);
    const std::vector<std::string> fields = citation_fields(graph, e);
    for (std::size_t k = 0; k < fields.size(); ++k) out[4 + k].push_back(fields[k]);
  }
  const GraphView& view = graph.view();
  const Support support = support_of_citations(view, indices);
  out.push_back({std::to_string(support.sources)});
  out.push_back({std::to_string(support.independent)});
  std::vector<std::string> disputed_by;
  for (std::uint32_t d : disputes_of(view, indices))
    disputed_by.push_back(std::string(view.id(view.edge(d).source)) + ": \u201C" +
                          std::string(view.text(view.edge(d).evidence)) + "\u201D");
  out.push_back(std::move(disputed_by));
  return out;
}

bool all_empty(const std::vector<std::string>& values) {
  return std::all_of(values.begin(), values.end(), [](const std::string& v) { return v.empty(); });
}

std::string json_list(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string number_text(double value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

}  // namespace relmap
