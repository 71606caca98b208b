// Exports of the knowledge graph for other tools, through one table: a format
// is a row here and a file export_FORMAT.cc that writes it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/output_set.h"
#include "graph/graph.h"

namespace relmap {

/// A format `relmap export --format NAME` writes and `relmap build` puts in out/.
struct Exporter {
  std::string name;         ///< The --format value.
  std::string description;  ///< One line for the help text.
  bool single_file = true;  ///< One file (standard output or -o FILE), or a set of files (-o DIR).
  /// The files of the export, paths relative to the output folder. A
  /// one-file format returns exactly one file, named as `build` writes it.
  std::function<std::vector<OutputFile>(const KnowledgeGraph&)> write;
};

/// Every format, in the order the help lists them.
const std::vector<Exporter>& exporters();

/// The format named `name`, or nullptr.
const Exporter* find_exporter(const std::string& name);

/// The files `relmap build` writes for every format under `dir`: one-file
/// formats as dir/FILE, sets of files in dir/NAME/.
std::vector<OutputFile> build_exports(const KnowledgeGraph& graph, const std::string& dir);

/// GraphML for NetworkX, igraph, Gephi, yEd and Cytoscape: node ids are fact
/// ids; typed keys for every property (lists as JSON arrays), aliases, and on
/// relations `symmetric`, `weight`, `basis`, evidence and the cited source.
std::string to_graphml(const KnowledgeGraph& graph);

/// Node-link JSON: {"directed", "multigraph", "graph", "nodes": [{id, type,
/// label, aliases?, …properties}], "links": [{source, target, key, relation,
/// label, symmetric, weight, basis, cites, evidence, …properties}], "edges":
/// the same list as "links"}: NetworkX 2 reads "links", 3.6 on "edges".
std::string to_json(const KnowledgeGraph& graph);

/// GEXF 1.2 for Gephi and NetworkX: typed attributes (lists as `liststring`
/// in Gephi's ["a", "b"] form), static mode; relations as directed edges
/// with `label` and `weight`, the relation type and `symmetric` as
/// attributes.
std::string to_gexf(const KnowledgeGraph& graph);

/// Neo4j: nodes-TYPE.csv and relationships-TYPE.csv in neo4j-admin's import
/// format, constraints.cypher, import.cypher (LOAD CSV of the same files) and
/// a README with the command lines and Cypher for `path` and `neighbors`.
std::vector<OutputFile> to_neo4j(const KnowledgeGraph& graph);

/// A STIX 2.1 bundle for OpenCTI: identity, location, event and grouping
/// objects for actors, relationship objects of OpenCTI's terms (else
/// related-to) for relations, a report per article, deterministic UUIDv5
/// ids, times from each object's own articles and the evidence.
std::string to_stix(const KnowledgeGraph& graph);

/// A property as an export writes it: a column of its own, typed.
struct Column {
  std::string name;  ///< The property's name in the facts.
  std::string key;   ///< Its name in the export: `name`, or `property_NAME` if the export uses `name` itself.
  ValueKind kind = ValueKind::kString;  ///< kString when types declare the name with different kinds.
  bool list = false;                    ///< True when any type declares the name as a list.
};

/// The properties the graph's actors use, sorted by name; `reserved` are the
/// keys the export writes itself.
std::vector<Column> node_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved);
/// The properties the given actors use.
std::vector<Column> node_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved,
                                 const std::vector<Vertex>& nodes);
/// The properties the graph's relations use, sorted by name.
std::vector<Column> edge_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved);
/// The properties the given relations use.
std::vector<Column> edge_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved,
                                 const std::vector<Edge>& edges);

/// One value as text of its column's type: integers without sign or leading zeros.
std::string column_text(const Column& column, const std::string& value);
/// All values of a property as one text: the value, or a JSON array for lists.
std::string column_text(const Column& column, const std::vector<std::string>& values);
/// All values of a property as JSON: numbers, booleans, strings or an array.
nlohmann::ordered_json column_json(const Column& column, const std::vector<std::string>& values);

/// The relations that say one claim, in fact order: the first stands for it.
using ClaimEdges = std::vector<Edge>;

/// The graph's relations (or `edges`) grouped into claims (see claims.h),
/// in the order of their first relation.
std::vector<ClaimEdges> claims_of(const KnowledgeGraph& graph);
std::vector<ClaimEdges> claims_of(const KnowledgeGraph& graph, const std::vector<Edge>& edges);
/// The properties of the given claims, without those of one citation
/// (credibility, id, disputes), which are among the claim's fields.
std::vector<Column> claim_columns(const KnowledgeGraph& graph, const std::vector<std::string>& reserved,
                                  const std::vector<ClaimEdges>& claims);

/// The names of what every export says about a claim besides its
/// properties: relation, label, symmetric, weight; for each citation its
/// basis, cites, evidence, the cited source's name, title, publisher, date,
/// url and reliability, and its credibility, relation_id and disputes;
/// then sources and independent_sources (counts) and disputed_by.
const std::vector<std::string>& relation_field_keys();
/// True for a field that holds a list: one value per citation, or disputed_by.
bool is_list_field(const std::string& key);
/// True for a field that holds a whole number (sources, independent_sources).
bool is_count_field(const std::string& key);
/// The values of relation_field_keys() for one claim: one value each, or
/// one per citation for list fields ("" where unknown).
std::vector<std::vector<std::string>> relation_fields(const KnowledgeGraph& graph, const ClaimEdges& claim);

/// True if every value is "": a field the export leaves out.
bool all_empty(const std::vector<std::string>& values);
/// A list field as JSON text: ["a", "b"].
std::string json_list(const std::vector<std::string>& values);

/// A number as the shortest text that reads back as the same double.
std::string number_text(double value);

}  // namespace relmap
