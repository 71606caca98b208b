#include "facts/schema.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "base/files.h"
#include "base/spellcheck.h"
#include "facts/style.h"
#include "facts/yaml_reader.h"

namespace relmap {

namespace {

const std::vector<std::string> kValueKinds = {"string",  "text",    "date", "url",     "enum",
                                              "integer", "boolean", "ref",  "relation"};
const std::vector<std::string> kNodeTypeKeys = {"extends",    "abstract", "label",  "description",
                                                "properties", "style",    "cluster"};
const std::vector<std::string> kRelationKeys = {"label", "description", "directed", "symmetric", "weight",
                                                "pairs", "properties",  "style",    "cluster"};
const std::vector<std::string> kPropertyKeys = {"type", "list", "required", "values", "to", "description"};

// Names the facts or the exports use for themselves.
const std::vector<std::string> kReservedNodeProperties = {"id", "type", "name", "aliases", "label"};
const std::vector<std::string> kReservedRelationProperties = {"from",     "type",  "to",        "source",
                                                              "evidence", "basis", "target",    "key",
                                                              "relation", "label", "symmetric", "cites"};

bool valid_type_name(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

/// Reads the parts of a schema document, reporting into one Diagnostics.
class SchemaReader {
 public:
  SchemaReader(const std::string& file, Diagnostics* diags) : file_(file), diags_(diags) {}

  void read_properties(const YamlNode& node, const std::vector<std::string>& reserved,
                       std::vector<PropertyDef>* out) {
    if (!node.is_map()) {
      error(node, "properties must be a mapping of property names to definitions");
      return;
    }
    for (const auto& [key, def] : node.entries) {
      if (!require_scalar(file_, key, "a property name", diags_)) continue;
      if (!valid_type_name(key.value)) {
        error(key, "property name '" + key.value + "' must be lower case letters, digits and underscores");
        continue;
      }
      if (std::find(reserved.begin(), reserved.end(), key.value) != reserved.end()) {
        error(key, "'" + key.value + "' is reserved and cannot be declared as a property");
        continue;
      }
      PropertyDef prop;
      prop.name = key.value;
      prop.where = location_of(file_, key);
      if (read_property(def, &prop)) out->push_back(std::move(prop));
    }
  }

  /// Style values are data too: each is checked against what its Graphviz
  /// attribute accepts and kept normalised (see style_value).
  void read_style(const YamlNode& node, bool relation, Style* out) {
    if (!node.is_map()) {
      error(node, "style must be a mapping of Graphviz attributes to values");
      return;
    }
    const std::vector<std::string>& allowed = relation ? relation_style_keys() : node_style_keys();
    check_keys(file_, node, allowed, "style key", diags_);
    for (const auto& [key, value] : node.entries) {
      if (!key.is_scalar() || std::find(allowed.begin(), allowed.end(), key.value) == allowed.end()) continue;
      if (!value.is_scalar()) {
        error(value, "style value for '" + key.value + "' must be a scalar");
        continue;
      }
      std::string why;
      if (const auto normalised = style_value(key.value, value.value, relation, &why)) {
        (*out)[key.value] = *normalised;
      } else {
        error(value, "style '" + key.value + "': " + why);
      }
    }
  }

  bool read_label(const YamlNode& node, std::string* out) {
    if (!require_scalar(file_, node, "a label", diags_)) return false;
    *out = node.value;
    return true;
  }

  void error(const YamlNode& node, std::string message) {
    diags_->error(location_of(file_, node), std::move(message));
  }

  const std::string& file() const { return file_; }

 private:
  bool read_property(const YamlNode& def, PropertyDef* prop) {
    // Short form: `name: date`.
    if (def.is_scalar()) return read_kind(def, prop);
    if (!def.is_map()) {
      error(def, "definition of property '" + prop->name + "' must be a type name or a mapping");
      return false;
    }
    bool ok = check_keys(file_, def, kPropertyKeys, "property key", diags_);
    const YamlNode* type = def.find("type");
    if (type == nullptr) {
      error(def, "property '" + prop->name + "' has no type");
      return false;
    }
    ok = read_kind(*type, prop) && ok;
    if (const YamlNode* n = def.find("list")) ok = read_bool(file_, *n, &prop->list, diags_) && ok;
    if (const YamlNode* n = def.find("required")) ok = read_bool(file_, *n, &prop->required, diags_) && ok;
    if (const YamlNode* n = def.find("description")) prop->description = n->value;
    const YamlNode* values = def.find("values");
    if (prop->kind == ValueKind::kEnum) {
      if (values == nullptr || !values->is_sequence() || values->items.empty()) {
        error(values ? *values : def, "enum property '" + prop->name + "' needs a list of values");
        ok = false;
      } else {
        for (const YamlNode& v : values->items)
          if (require_scalar(file_, v, "an enum value", diags_)) prop->values.push_back(v.value);
      }
    } else if (values != nullptr) {
      error(*values, "'values' is only allowed on enum properties");
      ok = false;
    }
    const YamlNode* to = def.find("to");
    if (prop->kind == ValueKind::kRef) {
      if (to == nullptr) {
        error(def, "ref property '" + prop->name + "' needs 'to: <node type>'");
        ok = false;
      } else if (require_scalar(file_, *to, "'to'", diags_)) {
        prop->ref_type = to->value;
        prop->ref_where = location_of(file_, *to);
      } else {
        ok = false;
      }
    } else if (to != nullptr) {
      error(*to, "'to' is only allowed on ref properties");
      ok = false;
    }
    return ok;
  }

  bool read_kind(const YamlNode& node, PropertyDef* prop) {
    if (!require_scalar(file_, node, "a property type", diags_)) return false;
    for (std::size_t i = 0; i < kValueKinds.size(); ++i) {
      if (kValueKinds[i] == node.value) {
        prop->kind = static_cast<ValueKind>(i);
        return true;
      }
    }
    error(node, "unknown property type '" + node.value + "'" + did_you_mean(node.value, kValueKinds));
    return false;
  }

  const std::string& file_;
  Diagnostics* diags_;
};

}  // namespace

const std::vector<std::string>& Schema::entity_keys() {
  static const std::vector<std::string> keys = {"id", "type", "name", "aliases"};
  return keys;
}

const std::vector<std::string>& Schema::relation_keys() {
  static const std::vector<std::string> keys = {"from", "type", "to", "source", "evidence", "basis"};
  return keys;
}

const NodeType* Schema::node_type(std::string_view name) const {
  auto it = node_index_.find(name);
  return it == node_index_.end() ? nullptr : &node_types_[it->second];
}

const RelationType* Schema::relation_type(std::string_view name) const {
  auto it = relation_index_.find(name);
  return it == relation_index_.end() ? nullptr : &relation_types_[it->second];
}

int Schema::node_type_index(std::string_view name) const {
  auto it = node_index_.find(name);
  return it == node_index_.end() ? -1 : static_cast<int>(it->second);
}

int Schema::relation_type_index(std::string_view name) const {
  auto it = relation_index_.find(name);
  return it == relation_index_.end() ? -1 : static_cast<int>(it->second);
}

const std::vector<std::string>& Schema::lineage(std::string_view type) const {
  static const std::vector<std::string> kNone;
  const int index = node_type_index(type);
  return index < 0 ? kNone : lineages_[static_cast<std::size_t>(index)];
}

void Schema::compute_tables() {
  const std::size_t n = node_types_.size();
  lineages_.assign(n, {});
  is_a_.assign(n * n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string>& chain = lineages_[i];
    for (const NodeType* t = &node_types_[i]; t != nullptr && chain.size() <= n;
         t = t->parent.empty() ? nullptr : node_type(t->parent)) {
      chain.push_back(t->name);
      is_a_[i * n + node_index_.find(t->name)->second] = 1;
    }
  }
  allowed_.assign(relation_types_.size() * n * n, 0);
  for (std::size_t r = 0; r < relation_types_.size(); ++r)
    for (std::size_t f = 0; f < n; ++f)
      for (std::size_t t = 0; t < n; ++t)
        allowed_[(r * n + f) * n + t] = allows(relation_types_[r], node_types_[f].name, node_types_[t].name);
}

bool Schema::is_a(std::string_view type, std::string_view ancestor) const {
  for (const std::string& t : lineage(type))
    if (t == ancestor) return true;
  return false;
}

bool Schema::allows(const RelationType& relation, std::string_view from_type,
                    std::string_view to_type) const {
  for (const auto& [from, to] : relation.pairs) {
    if (is_a(from_type, from) && is_a(to_type, to)) return true;
    if (relation.symmetric && is_a(from_type, to) && is_a(to_type, from)) return true;
  }
  return false;
}

const PropertyDef* Schema::node_property(std::string_view type, std::string_view name) const {
  for (const std::string& t : lineage(type))
    for (const PropertyDef& p : node_type(t)->properties)
      if (p.name == name) return &p;
  return nullptr;
}

std::vector<const PropertyDef*> Schema::node_properties(std::string_view type) const {
  std::vector<const PropertyDef*> out;
  const std::vector<std::string>& chain = lineage(type);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    for (const PropertyDef& p : node_type(*it)->properties) out.push_back(&p);
  return out;
}

const PropertyDef* Schema::relation_property(const RelationType& relation, std::string_view name) const {
  for (const PropertyDef& p : relation.properties)
    if (p.name == name) return &p;
  for (const PropertyDef& p : common_relation_properties_)
    if (p.name == name) return &p;
  return nullptr;
}

bool Schema::is_cluster_type(std::string_view type) const {
  for (const std::string& t : lineage(type))
    if (node_type(t)->cluster) return true;
  return false;
}

Style Schema::node_style(std::string_view type) const {
  Style style;
  const std::vector<std::string>& chain = lineage(type);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    for (const auto& [k, v] : node_type(*it)->style) style[k] = v;
  return style;
}

std::vector<std::string> Schema::node_type_names() const {
  std::vector<std::string> names;
  for (const NodeType& t : node_types_) names.push_back(t.name);
  return names;
}

std::vector<std::string> Schema::relation_type_names() const {
  std::vector<std::string> names;
  for (const RelationType& r : relation_types_) names.push_back(r.name);
  return names;
}

bool Schema::load(const std::string& file, std::string_view text, Diagnostics* diags) {
  const std::size_t errors_before = diags->error_count();
  YamlNode root;
  if (!parse_yaml(file, text, &root, diags)) return false;
  if (!root.is_map()) {
    diags->error(location_of(file, root), "a schema must be a mapping with node_types and relation_types");
    return false;
  }
  check_keys(file, root, {"version", "node_types", "relation_types", "relation_properties"}, "schema key",
             diags);
  SchemaReader reader(file, diags);

  const YamlNode* nodes = root.find("node_types");
  if (nodes == nullptr || !nodes->is_map() || nodes->entries.empty()) {
    diags->error(location_of(file, nodes ? *nodes : root), "node_types must be a non-empty mapping");
  } else {
    for (const auto& [key, def] : nodes->entries) {
      if (!require_scalar(file, key, "a node type name", diags)) continue;
      if (!valid_type_name(key.value)) {
        reader.error(key,
                     "node type name '" + key.value + "' must be lower case letters, digits and underscores");
        continue;
      }
      NodeType type;
      type.name = key.value;
      type.label = key.value;
      type.where = location_of(file, key);
      if (def.is_map()) {
        check_keys(file, def, kNodeTypeKeys, "node type key", diags);
        if (const YamlNode* n = def.find("extends"))
          if (require_scalar(file, *n, "'extends'", diags)) type.parent = n->value;
        if (const YamlNode* n = def.find("abstract")) read_bool(file, *n, &type.abstract, diags);
        if (const YamlNode* n = def.find("cluster")) read_bool(file, *n, &type.cluster, diags);
        if (const YamlNode* n = def.find("label")) reader.read_label(*n, &type.label);
        if (const YamlNode* n = def.find("description")) type.description = n->value;
        if (const YamlNode* n = def.find("properties"))
          reader.read_properties(*n, kReservedNodeProperties, &type.properties);
        if (const YamlNode* n = def.find("style")) reader.read_style(*n, false, &type.style);
      } else if (!def.is_null()) {
        reader.error(def, "node type '" + key.value + "' must be a mapping");
      }
      node_index_.emplace(type.name, node_types_.size());
      node_types_.push_back(std::move(type));
    }
  }

  const YamlNode* relations = root.find("relation_types");
  if (relations == nullptr || !relations->is_map() || relations->entries.empty()) {
    diags->error(location_of(file, relations ? *relations : root),
                 "relation_types must be a non-empty mapping");
  } else {
    for (const auto& [key, def] : relations->entries) {
      if (!require_scalar(file, key, "a relation type name", diags)) continue;
      if (!valid_type_name(key.value)) {
        reader.error(
            key, "relation type name '" + key.value + "' must be lower case letters, digits and underscores");
        continue;
      }
      RelationType rel;
      rel.name = key.value;
      rel.label = key.value;
      rel.where = location_of(file, key);
      if (!def.is_map()) {
        reader.error(def, "relation type '" + key.value + "' must be a mapping");
        continue;
      }
      check_keys(file, def, kRelationKeys, "relation type key", diags);
      if (const YamlNode* n = def.find("label")) reader.read_label(*n, &rel.label);
      if (const YamlNode* n = def.find("description")) rel.description = n->value;
      const YamlNode* directed = def.find("directed");
      const YamlNode* symmetric = def.find("symmetric");
      if (directed != nullptr && symmetric != nullptr) {
        reader.error(*symmetric, "give either 'directed' or 'symmetric', not both");
      } else if (directed != nullptr) {
        bool d = true;
        if (read_bool(file, *directed, &d, diags)) rel.symmetric = !d;
      } else if (symmetric != nullptr) {
        read_bool(file, *symmetric, &rel.symmetric, diags);
      }
      if (const YamlNode* n = def.find("cluster")) read_bool(file, *n, &rel.cluster, diags);
      if (const YamlNode* n = def.find("weight")) {
        char* end = nullptr;
        const double w = n->is_scalar() ? std::strtod(n->value.c_str(), &end) : 0.0;
        if (!n->is_scalar() || n->value.empty() || *end != '\0' || !(w > 0) || w > 1e9) {
          reader.error(*n, "weight must be a positive number");
        } else {
          rel.weight = w;
        }
      }
      const YamlNode* pairs = def.find("pairs");
      if (pairs == nullptr || !pairs->is_sequence() || pairs->items.empty()) {
        reader.error(pairs ? *pairs : key,
                     "relation type '" + key.value + "' needs 'pairs': a list of [from type, to type]");
      } else {
        for (const YamlNode& pair : pairs->items) {
          if (!pair.is_sequence() || pair.items.size() != 2 || !pair.items[0].is_scalar() ||
              !pair.items[1].is_scalar()) {
            reader.error(pair, "a pair must be [from type, to type]");
            continue;
          }
          rel.pairs.emplace_back(pair.items[0].value, pair.items[1].value);
          rel.pair_where.emplace_back(location_of(file, pair.items[0]), location_of(file, pair.items[1]));
        }
      }
      if (const YamlNode* n = def.find("properties"))
        reader.read_properties(*n, kReservedRelationProperties, &rel.properties);
      if (const YamlNode* n = def.find("style")) reader.read_style(*n, true, &rel.style);
      relation_index_.emplace(rel.name, relation_types_.size());
      relation_types_.push_back(std::move(rel));
    }
  }
  if (const YamlNode* n = root.find("relation_properties"))
    reader.read_properties(*n, kReservedRelationProperties, &common_relation_properties_);
  check_common_properties(diags);
  check_references(diags);
  compute_tables();
  return diags->error_count() == errors_before;
}

void Schema::check_common_properties(Diagnostics* diags) {
  for (const RelationType& r : relation_types_)
    for (const PropertyDef& p : r.properties)
      for (const PropertyDef& common : common_relation_properties_)
        if (p.name == common.name)
          diags->error(p.where, "property '" + p.name + "' of relation type '" + r.name +
                                    "' is one every relation has (declared in relation_properties)");
}

void Schema::check_references(Diagnostics* diags) {
  Spellchecker names(node_type_names());
  auto check_type = [&](const std::string& name, const Location& where) {
    if (node_type(name) == nullptr)
      diags->error(where, "unknown node type '" + name + "'" + names.did_you_mean(name));
  };
  for (NodeType& t : node_types_) {
    if (t.parent.empty()) continue;
    if (node_type(t.parent) == nullptr) {
      diags->error(t.where, "node type '" + t.name + "' extends unknown type '" + t.parent + "'" +
                                names.did_you_mean(t.parent));
      t.parent.clear();
    }
  }
  // Cycles: walk each chain; a chain longer than the number of types loops.
  for (NodeType& t : node_types_) {
    std::set<std::string> seen;
    for (const NodeType* p = &t; p != nullptr && !p->parent.empty(); p = node_type(p->parent)) {
      if (!seen.insert(p->name).second || p->parent == t.name) {
        diags->error(t.where, "node type '" + t.name + "' inherits from itself");
        t.parent.clear();
        break;
      }
    }
  }
  for (const RelationType& r : relation_types_) {
    for (std::size_t i = 0; i < r.pairs.size(); ++i) {
      check_type(r.pairs[i].first, r.pair_where[i].first);
      check_type(r.pairs[i].second, r.pair_where[i].second);
    }
  }
  auto check_refs = [&](const std::vector<PropertyDef>& props) {
    for (const PropertyDef& p : props)
      if (p.kind == ValueKind::kRef && !p.ref_type.empty())
        check_type(p.ref_type, p.ref_where);  // else reported
  };
  for (const NodeType& t : node_types_) check_refs(t.properties);
  for (const RelationType& r : relation_types_) check_refs(r.properties);
  check_refs(common_relation_properties_);
}

bool load_schema_file(const std::string& path, Schema* schema, Diagnostics* diags) {
  std::string text;
  if (!read_file(path, &text, diags)) return false;
  return schema->load(path, text, diags);
}

}  // namespace relmap
