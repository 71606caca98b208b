// Neo4j: CSV files in neo4j-admin's import format, one per actor type and one
// per relation type, a Cypher script that loads the same files with LOAD
// CSV, and a README with both command lines and the queries that answer
// `relmap path` and `relmap neighbors` in Cypher.
#include <algorithm>

#include "base/text.h"
#include "output/export.h"

namespace relmap {

namespace {

/// Between the items of an array field (and between labels). Text from the
/// data never holds it: control characters are replaced when read out.
constexpr char kArrayDelimiter = '\x1F';
constexpr const char* kArrayDelimiterFlag = "--array-delimiter=\"U+001F\"";
constexpr const char* kArrayDelimiterCypher = "'\\u001F'";
/// The label every node carries, with a unique id.
constexpr const char* kCommonLabel = "Relmap";

/// A CSV field: quoted, quotes doubled (RFC 4180, as neo4j-admin reads it).
std::string csv_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// Items joined by the array delimiter, each cleaned of control characters.
std::string join_items(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i ? std::string(1, kArrayDelimiter) : "") + sanitize_text(items[i]);
  return out;
}

/// A CSV field for text from the data.
std::string text_field(std::string_view text) { return csv_quote(sanitize_text(text)); }

/// The import type of a column: long, boolean or string, with [] for lists.
std::string neo4j_type(const Column& c) {
  const std::string base = c.kind == ValueKind::kInteger   ? "long"
                           : c.kind == ValueKind::kBoolean ? "boolean"
                                                           : "string";
  return c.list ? base + "[]" : base;
}

/// A CSV field for a property's values; numbers and booleans unquoted.
std::string field(const Column& c, const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < values.size() && (c.list || i == 0); ++i)
    items.push_back(column_text(c, values[i]));
  const bool plain = !c.list && (c.kind == ValueKind::kInteger || c.kind == ValueKind::kBoolean);
  return plain ? join_items(items) : csv_quote(join_items(items));
}

/// "government_body" → "GovernmentBody".
std::string label_of(const std::string& type) {
  std::string out;
  bool upper = true;
  for (char c : type) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

/// "member_of" → "MEMBER_OF".
std::string relationship_type(const std::string& relation) {
  std::string out = relation;
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

/// A name in Cypher: `name`, backticks doubled.
std::string cy(const std::string& name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

/// The Cypher expression converting a LOAD CSV field back to its type.
std::string cypher_value(const std::string& header, const std::string& type) {
  const std::string f = "row." + cy(header);
  const bool list = type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0;
  const std::string base = list ? type.substr(0, type.size() - 2) : type;
  if (list) {
    const std::string items = "split(" + f + ", " + kArrayDelimiterCypher + ")";
    if (base == "long") return "[x IN " + items + " | toInteger(x)]";
    if (base == "boolean") return "[x IN " + items + " | x = 'true']";
    return items;
  }
  if (base == "long") return "toInteger(" + f + ")";
  if (base == "double") return "toFloat(" + f + ")";
  if (base == "boolean") return "CASE " + f + " WHEN 'true' THEN true WHEN 'false' THEN false END";
  return f;
}

/// One CSV file being written: its header fields and rows.
struct CsvFile {
  std::string name;
  std::vector<std::string> header;  ///< "name:type" or ":ID" style fields.
  std::string rows;

  std::string text() const {
    std::string out;
    for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + header[i];
    return out + "\n" + rows;
  }
};

/// The SET clauses of a LOAD CSV statement for property fields.
std::string set_clauses(const std::string& var, const std::vector<std::string>& header, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < header.size(); ++i) {
    const std::size_t colon = header[i].rfind(':');
    const std::string name = header[i].substr(0, colon), type = header[i].substr(colon + 1);
    out += std::string(out.empty() ? "  SET " : ",\n      ") + var + "." + cy(name) + " = " +
           cypher_value(header[i], type);
  }
  return out.empty() ? out : out + "\n";
}

std::string import_command(const std::vector<CsvFile>& nodes, const std::vector<CsvFile>& relationships) {
  std::string out = "neo4j-admin database import full neo4j --overwrite-destination \\\n  " +
                    std::string(kArrayDelimiterFlag) + " --multiline-fields=true";
  for (const CsvFile& f : nodes) out += " \\\n  --nodes=" + f.name;
  for (const CsvFile& f : relationships) out += " \\\n  --relationships=" + f.name;
  return out + "\n";
}

std::string readme(const KnowledgeGraph& graph, const std::vector<CsvFile>& nodes,
                   const std::vector<CsvFile>& relationships) {
  std::string types;
  for (const RelationType& rel : graph.schema().relation_types())
    types += (types.empty() ? "" : "|") + relationship_type(rel.name);
  const std::string hops =
      "RETURN [r IN relationships(p) | {from: startNode(r).name, relation: r.label, to: endNode(r).name,\n"
      "        cites: r.cites, source: r.source_name, evidence: r.evidence}] AS hops";
  return "# relmap in Neo4j\n\n"
         "The actors and relations of relmap, for Neo4j 5: one CSV file per actor type\n"
         "(`nodes-TYPE.csv`) and per relation type (`relationships-TYPE.csv`) in the\n"
         "format of `neo4j-admin database import`, and Cypher scripts that load the same\n"
         "files into a running database.\n\n"
         "Every node has the label `" +
         std::string(kCommonLabel) +
         "`, the labels of its type and the types it\n"
         "extends (`Entity:Actor:Country`), a unique `id` (relmap's fact id), `name`,\n"
         "`type` and `aliases`, and the properties of its facts; dates are kept as\n"
         "written (`2016`, `2016-10`, `2016-10-31`), integers and booleans are typed, and\n"
         "lists are arrays. Every relationship is one claim, however many sources say\n"
         "it: its type (`MEMBER_OF`), `label`, `symmetric`, `weight`; arrays with an\n"
         "item per citation: `basis` (stated or implied), `cites` (the source's id),\n"
         "`evidence` (the quote), the cited source's `source_name`, `source_title`,\n"
         "`source_publisher`, `source_date`, `source_url` and `source_reliability`\n"
         "(A-F), the citation's `credibility` (1-6), `relation_id` and `disputes`; then\n"
         "`sources` and `independent_sources` (distinct publishers), `disputed_by`, and\n"
         "its own properties.\n"
         "Symmetric relations are stored in the direction they were recorded; the\n"
         "queries below ignore direction.\n\n"
         "## Bulk import (an empty database, any size)\n\n"
         "With the database stopped, from this folder (array items and labels are\n"
         "separated by the control character U+001F, which data text never holds;\n"
         "quoted fields may span lines):\n\n"
         "```sh\n" +
         import_command(nodes, relationships) +
         "```\n\n"
         "Then start the database and create the constraints:\n\n"
         "```sh\ncypher-shell -f constraints.cypher\n```\n\n"
         "## LOAD CSV (a running database)\n\n"
         "Copy the CSV files into the database's `import` folder, then:\n\n"
         "```sh\ncypher-shell -f import.cypher\n```\n\n"
         "## The queries of relmap in Cypher\n\n"
         "`relmap path A B` (the shortest paths, either direction, each hop cited):\n\n"
         "```cypher\n"
         "MATCH (a:" +
         std::string(kCommonLabel) + " {id: $from}), (b:" + kCommonLabel +
         " {id: $to})\n"
         "MATCH p = shortestPath((a)-[:" +
         types + "*]-(b))\n" + hops +
         ";\n```\n\n"
         "`relmap path A B --all` uses `allShortestPaths` in place of `shortestPath`;\n"
         "`--relations` and `--exclude-relations` become the list of relationship\n"
         "types; `--directed` writes `-[...]->`; `--weighted` is Dijkstra over the\n"
         "`weight` property (the Graph Data Science library's\n"
         "`gds.shortestPath.dijkstra`).\n\n"
         "`relmap neighbors A --depth 2` (the actors within 2 hops and the relations\n"
         "among them):\n\n"
         "```cypher\n"
         "MATCH (a:" +
         std::string(kCommonLabel) +
         " {id: $id})\n"
         "MATCH p = (a)-[*1..2]-(n) WHERE n <> a\n"
         "WITH a, n, min(length(p)) AS distance\n"
         "WITH a, collect({id: n.id, name: n.name, distance: distance}) AS around, collect(n) AS found\n"
         "WITH around, [a] + found AS inside\n"
         "MATCH (u)-[r]->(v) WHERE u IN inside AND v IN inside\n"
         "RETURN around AS nodes,\n"
         "       collect({from: u.id, relation: type(r), to: v.id, cites: r.cites, evidence: r.evidence}) AS "
         "relations;\n"
         "```\n\n"
         "Set the parameters first, e.g. `:param from => 'lao-cert'` in cypher-shell.\n";
}

}  // namespace

std::vector<OutputFile> to_neo4j(const KnowledgeGraph& graph) {
  const Schema& schema = graph.schema();
  // Actors and relations grouped by type, in the schema's order of types.
  std::vector<std::vector<Vertex>> by_type(schema.node_types().size());
  for (auto v : graph.vertices()) by_type[graph.node(v).type].push_back(v);
  std::vector<std::vector<Edge>> by_relation(schema.relation_types().size());
  for (Edge e : graph.edges()) by_relation[graph.edge(e).relation].push_back(e);

  std::vector<CsvFile> node_files, relationship_files;
  std::string constraints = "// Unique ids, one constraint per label.\n";
  std::string load = "// Loads the CSV files of relmap's Neo4j export from the database's import folder.\n";
  std::vector<std::string> constrained;
  auto constraint = [&](const std::string& label) {
    if (std::find(constrained.begin(), constrained.end(), label) != constrained.end()) return;
    constrained.push_back(label);
    constraints += "CREATE CONSTRAINT " + cy(ascii_lower(label) + "_id") +
                   " IF NOT EXISTS FOR (n:" + cy(label) + ") REQUIRE n.id IS UNIQUE;\n";
  };
  constraint(kCommonLabel);

  for (std::size_t t = 0; t < by_type.size(); ++t) {
    if (by_type[t].empty()) continue;
    const NodeType& type = schema.node_types()[t];
    const std::vector<std::string> fixed = {"id", "name", "type", "aliases"};
    const std::vector<Column> cols = node_columns(graph, fixed, by_type[t]);
    CsvFile f{"nodes-" + type.name + ".csv",
              {"id:ID", ":LABEL", "name:string", "type:string", "aliases:string[]"},
              {}};
    for (const Column& c : cols) f.header.push_back(c.key + ":" + neo4j_type(c));
    std::vector<std::string> labels = {kCommonLabel};
    const std::vector<std::string>& lineage = schema.lineage(type.name);
    for (auto it = lineage.rbegin(); it != lineage.rend(); ++it) labels.push_back(label_of(*it));
    std::string label_pattern;
    for (const std::string& l : labels) label_pattern += ":" + cy(l);
    const std::string label_field = csv_quote(join_items(labels));
    for (const std::string& l : labels) constraint(l);
    for (Vertex v : by_type[t]) {
      const NodeProps& n = graph.node(v);
      f.rows += text_field(n.id) + "," + label_field + "," + text_field(n.name) + "," +
                text_field(type.name) + "," + (n.aliases.empty() ? "" : csv_quote(join_items(n.aliases)));
      for (const Column& c : cols) {
        const std::vector<std::string>* values = find_property(n.properties, c.name);
        f.rows += "," + (values ? field(c, *values) : "");
      }
      f.rows += "\n";
    }
    load += "\nLOAD CSV WITH HEADERS FROM 'file:///" + f.name + "' AS row\nCALL {\n  WITH row\n  CREATE (n" +
            label_pattern + " {id: row.`id:ID`})\n" + set_clauses("n", f.header, 2) +
            "} IN TRANSACTIONS OF 10000 ROWS;\n";
    node_files.push_back(std::move(f));
  }

  const std::vector<std::string>& fixed = relation_field_keys();
  for (std::size_t t = 0; t < by_relation.size(); ++t) {
    if (by_relation[t].empty()) continue;
    const RelationType& rel = schema.relation_types()[t];
    const std::vector<ClaimEdges> claims = claims_of(graph, by_relation[t]);
    const std::vector<Column> cols = claim_columns(graph, fixed, claims);
    CsvFile f{"relationships-" + rel.name + ".csv", {":START_ID", ":END_ID", ":TYPE"}, {}};
    for (const std::string& key : fixed) {
      if (key == "relation") continue;  // the relationship's type
      f.header.push_back(key + (key == "symmetric"    ? ":boolean"
                                : key == "weight"     ? ":double"
                                : is_count_field(key) ? ":long"
                                : is_list_field(key)  ? ":string[]"
                                                      : ":string"));
    }
    for (const Column& c : cols) f.header.push_back(c.key + ":" + neo4j_type(c));
    for (const ClaimEdges& claim : claims) {
      const Edge e = claim.front();
      f.rows += text_field(graph.node(graph.source(e)).id) + "," +
                text_field(graph.node(graph.target(e)).id) + "," + text_field(relationship_type(rel.name));
      const std::vector<std::vector<std::string>> values = relation_fields(graph, claim);
      for (std::size_t k = 0; k < fixed.size(); ++k) {
        if (fixed[k] == "relation") continue;
        const bool plain = fixed[k] == "symmetric" || fixed[k] == "weight" || is_count_field(fixed[k]);
        f.rows += "," + (all_empty(values[k])      ? ""
                         : is_list_field(fixed[k]) ? csv_quote(join_items(values[k]))
                         : plain                   ? values[k].front()
                                                   : text_field(values[k].front()));
      }
      for (const Column& c : cols) {
        const std::vector<std::string>* values_of = find_property(graph.edge(e).properties, c.name);
        f.rows += "," + (values_of ? field(c, *values_of) : "");
      }
      f.rows += "\n";
    }
    load += "\nLOAD CSV WITH HEADERS FROM 'file:///" + f.name +
            "' AS row\nCALL {\n  WITH row\n  MATCH (a:" + std::string(kCommonLabel) +
            " {id: row.`:START_ID`}), (b:" + kCommonLabel +
            " {id: row.`:END_ID`})\n  CREATE (a)-[r:" + cy(relationship_type(rel.name)) + "]->(b)\n" +
            set_clauses("r", f.header, 3) + "} IN TRANSACTIONS OF 10000 ROWS;\n";
    relationship_files.push_back(std::move(f));
  }

  std::vector<OutputFile> out;
  for (const CsvFile& f : node_files) out.push_back({f.name, f.text()});
  for (const CsvFile& f : relationship_files) out.push_back({f.name, f.text()});
  out.push_back({"constraints.cypher", constraints});
  out.push_back({"import.cypher", constraints + "\n" + load});
  out.push_back({"README.md", readme(graph, node_files, relationship_files)});
  return out;
}

}  // namespace relmap
