// The schema language of graph-schema.yaml: node types with single
// inheritance, relation types with allowed endpoint pairs, typed properties.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/diagnostics.h"

namespace relmap {

/// The node type every source of evidence must be (or inherit from).
inline constexpr std::string_view kSourceType = "source";

/// Hashes strings and string_views alike, for look-ups without a copy.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// A map from names to T that can be searched with a string_view.
template <class T>
using NameMap = std::unordered_map<std::string, T, TextHash, std::equal_to<>>;

/// kRelation: the `id` of a relation (a relation that `disputes` another).
enum class ValueKind { kString, kText, kDate, kUrl, kEnum, kInteger, kBoolean, kRef, kRelation };

struct PropertyDef {
  std::string name;
  ValueKind kind = ValueKind::kString;
  bool list = false;
  bool required = false;
  std::vector<std::string> values;  ///< Allowed values of an enum.
  std::string ref_type;             ///< Node type a reference must point to.
  Location ref_where;               ///< Where ref_type is named.
  std::string description;
  Location where;
};

using Style = std::map<std::string, std::string>;

struct NodeType {
  std::string name;
  std::string parent;  ///< "" for a root type.
  std::string label;   ///< Display label; defaults to the name.
  std::string description;
  bool abstract = false;
  bool cluster = false;                 ///< Maps may gather this actor's parts in a cluster.
  std::vector<PropertyDef> properties;  ///< Own properties, not inherited ones.
  Style style;                          ///< Own style, merged over the parent's.
  Location where;
};

struct RelationType {
  std::string name;
  std::string label;
  std::string description;
  bool symmetric = false;
  bool cluster = false;  ///< `from` is drawn inside the cluster of `to`.
  double weight = 1.0;
  std::vector<std::pair<std::string, std::string>> pairs;  ///< Allowed (from, to) types.
  std::vector<std::pair<Location, Location>> pair_where;   ///< Where each pair's types are named.
  std::vector<PropertyDef> properties;
  Style style;
  Location where;
};

class Schema {
 public:
  /// Keys an entity or relation uses for itself, not available as properties.
  static const std::vector<std::string>& entity_keys();
  static const std::vector<std::string>& relation_keys();

  const NodeType* node_type(std::string_view name) const;
  const RelationType* relation_type(std::string_view name) const;
  /// Index of a type in node_types() / relation_types(), or -1.
  int node_type_index(std::string_view name) const;
  int relation_type_index(std::string_view name) const;

  /// True if `type` is `ancestor` or inherits from it.
  bool is_a(std::string_view type, std::string_view ancestor) const;
  /// The same by type index, from a table computed at load.
  bool is_a(int type, int ancestor) const {
    return is_a_[static_cast<std::size_t>(type) * node_types_.size() + static_cast<std::size_t>(ancestor)] !=
           0;
  }
  /// True if relation `relation` may link a node of type `from_type` to one
  /// of type `to_type` (all indices), from a table computed at load.
  bool allows(int relation, int from_type, int to_type) const {
    const std::size_t n = node_types_.size();
    return allowed_[(static_cast<std::size_t>(relation) * n + static_cast<std::size_t>(from_type)) * n +
                    static_cast<std::size_t>(to_type)] != 0;
  }
  /// True if the relation allows a `from_type` → `to_type` link (subtypes
  /// accepted; for symmetric relations either order).
  bool allows(const RelationType& relation, std::string_view from_type, std::string_view to_type) const;

  /// Property of a node type, its own or inherited; nullptr if none.
  const PropertyDef* node_property(std::string_view type, std::string_view name) const;
  /// All properties of a node type, inherited ones first.
  std::vector<const PropertyDef*> node_properties(std::string_view type) const;
  /// A relation type's own property, else one every relation may have; nullptr if none.
  const PropertyDef* relation_property(const RelationType& relation, std::string_view name) const;
  /// The properties every relation may have, whatever its type (`relation_properties`).
  const std::vector<PropertyDef>& common_relation_properties() const { return common_relation_properties_; }
  /// True if the type or an ancestor is marked `cluster: true`.
  bool is_cluster_type(std::string_view type) const;
  /// Style of a node type with its ancestors' styles merged under it.
  Style node_style(std::string_view type) const;
  /// Chain from the type up to its root: {type, parent, grandparent, …};
  /// computed once when the schema is loaded.
  const std::vector<std::string>& lineage(std::string_view type) const;

  const std::vector<NodeType>& node_types() const { return node_types_; }
  const std::vector<RelationType>& relation_types() const { return relation_types_; }
  std::vector<std::string> node_type_names() const;
  std::vector<std::string> relation_type_names() const;

  /// Parse and check a schema document; every problem goes to `diags`.
  bool load(const std::string& file, std::string_view text, Diagnostics* diags);

 private:
  void check_references(Diagnostics* diags);
  /// A relation type may not declare again a property every relation has.
  void check_common_properties(Diagnostics* diags);
  void compute_tables();

  std::vector<NodeType> node_types_;
  std::vector<RelationType> relation_types_;
  std::vector<PropertyDef> common_relation_properties_;
  NameMap<std::size_t> node_index_;
  NameMap<std::size_t> relation_index_;
  std::vector<std::vector<std::string>> lineages_;  ///< By node type index.
  std::vector<char> is_a_;                          ///< [type][ancestor].
  std::vector<char> allowed_;                       ///< [relation][from type][to type].
};

/// Read and load a schema file.
bool load_schema_file(const std::string& path, Schema* schema, Diagnostics* diags);

}  // namespace relmap
