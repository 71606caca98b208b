// Facts: entities and relations read from the YAML files under data/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"

namespace relmap {

/// A compact position: an index into Facts::files plus 1-based line and column.
struct SourcePos {
  std::uint32_t file = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
};

struct PropertyValue {
  std::string name;
  std::vector<std::string> values;  ///< One value, or the items of a list.
  bool is_list = false;
  SourcePos where;                   ///< Position of the key.
  std::vector<SourcePos> value_where;  ///< Position of each value.
};

struct Entity {
  std::string id;
  std::string type;
  std::string name;
  std::vector<std::string> aliases;
  std::vector<PropertyValue> properties;
  SourcePos where;  ///< The start of the entity's mapping.
  SourcePos id_where, type_where;

  /// The property named `name`, or nullptr.
  const PropertyValue* property(std::string_view name) const;
  /// First value of a property, or "".
  std::string value(std::string_view name) const;
};

/// Whether the article states a relation in so many words or implies it
/// (an implied relation still cites the words it rests on).
enum class Basis : std::uint8_t { kStated, kImplied };

/// "stated" or "implied".
const char* basis_name(Basis basis);

struct Relation {
  std::string from;
  std::string type;
  std::string to;
  std::string source;    ///< Id of the source entity that states it.
  std::string evidence;  ///< A short quote copied verbatim from the source.
  Basis basis = Basis::kStated;
  std::vector<PropertyValue> properties;
  SourcePos where;  ///< The start of the relation's mapping.
  SourcePos from_where, type_where, to_where, source_where, evidence_where;

  const PropertyValue* property(std::string_view name) const;
  std::string value(std::string_view name) const;
};

struct Facts {
  std::vector<std::string> files;  ///< Files read, in reading order.
  std::vector<Entity> entities;    ///< In file order.
  std::vector<Relation> relations;
  bool complete = true;  ///< False if a file could not be read or parsed.

  /// A diagnostics location for a position.
  Location locate(const SourcePos& pos) const;
};

/// Load one facts document; problems go to `diags`. Entities and relations
/// that are well-formed are kept even when others in the file are not; a
/// file that cannot be parsed marks the facts incomplete.
bool load_facts_text(const std::string& file, std::string_view text, Facts* facts,
                     Diagnostics* diags);

/// Load every *.yaml / *.yml file under `path` (a folder, read recursively in
/// sorted order, or a single file).
bool load_facts(const std::string& path, Facts* facts, Diagnostics* diags);

}  // namespace relmap
