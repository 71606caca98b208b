// What changed from one edition of the facts to the next: actors and
// relations added, removed and changed, each with the source that states it,
// as text, JSON and a map of the changes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/output_set.h"
#include "graph/graph.h"

namespace relmap {

/// An actor as an edition has it.
struct ActorRecord {
  std::string id, name, type;
  std::string details;               ///< Aliases and properties, one "key: value" line each.
  std::vector<std::string> sources;  ///< The sources citing its relations, sorted.
  std::string noun =
      "actor";  ///< What a change calls it: "actor", or the type of another entity ("agreement").
};

/// A relation as an edition has it; (from, relation, to, source) is its identity.
struct RelationRecord {
  std::string from, relation, to, source;
  std::string evidence, basis;
  std::string details;  ///< Properties, one "key: value" line each.
};

/// Everything a diff compares, in id order; kept in the cache as JSON so that
/// the next edition can say what changed since this one.
struct EditionFacts {
  std::vector<ActorRecord> actors;
  std::vector<RelationRecord> relations;
  std::map<std::string, std::string> labels;  ///< Relation types' labels by name (not kept in the cache).
  std::map<std::string, std::string> kinds;   ///< Actor types' labels by name (not kept in the cache).
};

EditionFacts edition_facts(const KnowledgeGraph& graph);
/// A relation of `graph` as an edition has it.
RelationRecord relation_record(const KnowledgeGraph& graph, KnowledgeGraph::Edge e);
std::string edition_facts_json(const EditionFacts& facts);
/// False, with `facts` empty, if `text` is not what edition_facts_json writes.
bool parse_edition_facts(const std::string& text, EditionFacts* facts);

enum class ChangeKind { kAdded, kRemoved, kChanged };

template <typename Record>
struct Change {
  ChangeKind kind;
  Record before;  ///< Empty when added.
  Record after;   ///< Empty when removed.
};

/// The changes from `before` to `after`: actors by id, relations by
/// identity, each list in id order (removed, added and changed mixed).
struct EditionDiff {
  std::vector<Change<ActorRecord>> actors;
  std::vector<Change<RelationRecord>> relations;
  /// How diff_text names actors, relation types and actor types: actors'
  /// names by id and types' labels by name, from both editions (the newer's
  /// where they differ).
  std::map<std::string, std::string> names, labels, kinds;
  std::multimap<std::string, std::string> named;  ///< Actors' ids by each name they have in either edition.
  bool empty() const { return actors.empty() && relations.empty(); }
};
EditionDiff diff_editions(const EditionFacts& before, const EditionFacts& after);

/// The edition before `current` as the cache folder keeps it; false if none
/// is known. `keep` gets the cache files that make `current` the latest
/// edition (none when it already is, so rebuilding the same facts keeps
/// saying what changed since the edition before).
bool previous_edition(const std::string& cache_dir, const EditionFacts& current, EditionFacts* previous,
                      std::vector<OutputFile>* keep);

/// One line a change ("+ actor …", "+ agreement …", "- relation …", "~ …"),
/// actors by their names (with their ids where two share a name), relations
/// by their actors' names and their types' labels,
/// after a count line; each relation with its basis, a changed one with
/// what changed in its evidence, basis and properties (role, field, …), a
/// changed actor with what changed in its name, type, aliases and properties.
std::string diff_text(const EditionDiff& diff);
/// The changes as JSON: each record by its ids, with the names and labels
/// diff_text says ("name", "type_label"; "from_name", "label", "to_name").
std::string diff_json(const EditionDiff& diff);

}  // namespace relmap
