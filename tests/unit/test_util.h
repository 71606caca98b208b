// Helpers for tests: load a schema and facts from in-memory text.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "facts/facts.h"
#include "facts/schema.h"
#include "facts/validate.h"
#include "graph/graph.h"

namespace relmap::testing {

/// A small schema used by the unit tests, independent of graph-schema.yaml.
inline const char* const kTestSchema = R"(
node_types:
  entity:
    abstract: true
    properties:
      start: date
      end: date
      website: url
  actor: {extends: entity, abstract: true}
  country:
    extends: actor
    label: Country
    cluster: true
    properties: {iso_code: string}
    style: {shape: box, fillcolor: "#fde68a"}
  organisation:
    extends: actor
    label: Organisation
    properties:
      kind: {type: enum, values: [ministry, agency, cert]}
      staff: integer
      public: boolean
      seat: {type: ref, to: country}
      acronyms: {type: string, list: true}
  person: {extends: actor, label: Person, style: {shape: ellipse}}
  event:
    extends: entity
    label: Event
    properties:
      date: {type: date, required: true}
  source:
    extends: entity
    label: Source
    properties:
      file: {type: string, required: true}
relation_types:
  member_of:
    label: member of
    pairs: [[country, organisation], [organisation, organisation]]
    properties: {start: date, end: date}
  holds_position:
    label: holds position at
    pairs: [[person, organisation]]
    properties: {role: {type: string, required: true}, start: date, end: date}
  attended:
    label: attended
    weight: 2
    pairs: [[actor, event]]
  based_in:
    label: based in
    cluster: true
    pairs: [[organisation, country]]
  cooperates_with:
    label: cooperates with
    symmetric: true
    pairs: [[country, country], [organisation, organisation]]
)";

/// The test schema with grades: a source's reliability and its reason, and
/// the properties every relation may have (id, credibility, disputes).
inline std::string graded_schema() {
  std::string schema = kTestSchema;
  const std::string file = "      file: {type: string, required: true}\n";
  schema.replace(schema.find(file), file.size(),
                 file +
                     "      publisher: string\n      url: url\n"
                     "      reliability: {type: enum, values: [A, B, C, D, E, F]}\n"
                     "      reliability_reason: text\n");
  return schema + R"(relation_properties:
  id: string
  credibility: {type: enum, values: ["1", "2", "3", "4", "5", "6"]}
  disputes: {type: relation}
)";
}

/// Schema and facts loaded from text, with their diagnostics.
struct Loaded {
  Schema schema;
  Facts facts;
  Diagnostics diags;
  std::unique_ptr<KnowledgeGraph> graph;

  /// All diagnostics, formatted and sorted, one per line.
  std::string messages() const { return diags.format(); }
  /// Only the errors, formatted and sorted.
  std::string errors() const {
    Diagnostics only;
    for (const Diagnostic& d : diags.items())
      if (d.severity == Severity::kError) only.error(d.where, d.message);
    return only.format();
  }
};

/// Load `facts_text` as file "facts.yaml" against `schema_text`, validate,
/// and build the graph when there are no errors.
inline std::unique_ptr<Loaded> load(const std::string& facts_text,
                                    const std::string& schema_text = kTestSchema) {
  auto out = std::make_unique<Loaded>();
  if (!out->schema.load("schema.yaml", schema_text, &out->diags)) return out;
  const bool facts_ok = load_facts_text("facts.yaml", facts_text, &out->facts, &out->diags);
  if (!out->facts.complete) return out;
  if (validate(out->schema, out->facts, &out->diags) && facts_ok)
    out->graph = std::make_unique<KnowledgeGraph>(out->schema, out->facts);
  return out;
}

/// A source entity and two countries, to build test facts on.
inline const char* const kBaseEntities = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, aliases: [Nippon]}
  - {id: laos, type: country, name: Laos, aliases: [Lao PDR]}
)";

/// A new empty folder under the system's temporary folder, removed with
/// everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string name = (std::filesystem::temp_directory_path() / "relmap-test-XXXXXX").string();
    path_ = ::mkdtemp(name.data()) != nullptr ? name : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// The folder, or `name` inside it.
  std::string path(const std::string& name = "") const { return name.empty() ? path_ : path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace relmap::testing
