#include "facts.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "files.h"
#include "schema.h"
#include "yaml_reader.h"

namespace relmap {

namespace {

const PropertyValue* find_property(const std::vector<PropertyValue>& props, std::string_view name) {
  for (const PropertyValue& p : props)
    if (p.name == name) return &p;
  return nullptr;
}

/// Turns the YAML tree of one file into entities and relations.
class FactsReader {
 public:
  FactsReader(const std::string& file, std::uint32_t file_index, Facts* facts, Diagnostics* diags)
      : file_(file), file_index_(file_index), facts_(facts), diags_(diags) {}

  void read(const YamlNode& root) {
    if (root.is_null()) return;  // An empty file holds no facts.
    if (!root.is_map()) {
      error(root, "a facts file must be a mapping with 'entities' and/or 'relations'");
      return;
    }
    check_keys(file_, root, {"source", "entities", "relations"}, "top-level key", diags_);
    std::string default_source;
    SourcePos default_source_where;
    if (const YamlNode* s = root.find("source")) {
      if (require_scalar(file_, *s, "'source'", diags_)) {
        default_source = s->value;
        default_source_where = pos(*s);
      }
    }
    if (const YamlNode* list = root.find("entities")) {
      if (!list->is_sequence() && !list->is_null()) {
        error(*list, "'entities' must be a list");
      } else {
        for (const YamlNode& item : list->items) read_entity(item);
      }
    }
    if (const YamlNode* list = root.find("relations")) {
      if (!list->is_sequence() && !list->is_null()) {
        error(*list, "'relations' must be a list");
      } else {
        for (const YamlNode& item : list->items)
          read_relation(item, default_source, default_source_where);
      }
    }
  }

 private:
  SourcePos pos(const YamlNode& node) const { return {file_index_, node.line, node.col}; }

  void error(const YamlNode& node, std::string message) {
    diags_->error(location_of(file_, node), std::move(message));
  }

  /// Read a required string key; report it missing or malformed.
  bool read_key(const YamlNode& map, std::string_view key, std::string_view what,
                std::string* out, SourcePos* where) {
    const YamlNode* node = map.find(key);
    if (node == nullptr) {
      error(map, std::string(what) + " has no '" + std::string(key) + "'");
      return false;
    }
    if (!require_scalar(file_, *node, "'" + std::string(key) + "'", diags_)) return false;
    *out = node->value;
    if (where != nullptr) *where = pos(*node);
    return true;
  }

  void read_value(const YamlNode& key, const YamlNode& value, std::vector<PropertyValue>* out) {
    PropertyValue prop;
    prop.name = key.value;
    prop.where = pos(key);
    if (value.is_scalar()) {
      prop.values.push_back(value.value);
      prop.value_where.push_back(pos(value));
    } else if (value.is_sequence()) {
      prop.is_list = true;
      for (const YamlNode& item : value.items) {
        if (!item.is_scalar()) {
          error(item, "items of '" + key.value + "' must be scalars");
          continue;
        }
        prop.values.push_back(item.value);
        prop.value_where.push_back(pos(item));
      }
    } else if (value.is_null()) {
      error(value, "property '" + key.value + "' has no value");
      return;
    } else {
      error(value, "property '" + key.value + "' must be a scalar or a list of scalars");
      return;
    }
    out->push_back(std::move(prop));
  }

  void read_entity(const YamlNode& node) {
    if (!node.is_map()) {
      error(node, "an entity must be a mapping with id, type and name");
      return;
    }
    Entity e;
    e.where = pos(node);
    bool ok = read_key(node, "id", "entity", &e.id, &e.id_where);
    ok = read_key(node, "type", "entity", &e.type, &e.type_where) && ok;
    ok = read_key(node, "name", "entity", &e.name, nullptr) && ok;
    if (const YamlNode* aliases = node.find("aliases")) {
      if (aliases->is_sequence()) {
        for (const YamlNode& a : aliases->items)
          if (require_scalar(file_, a, "an alias", diags_)) e.aliases.push_back(a.value);
      } else if (aliases->is_scalar()) {
        e.aliases.push_back(aliases->value);
      } else {
        error(*aliases, "'aliases' must be a list of names");
      }
    }
    const std::vector<std::string>& reserved = Schema::entity_keys();
    for (const auto& [key, value] : node.entries) {
      if (!key.is_scalar() || std::find(reserved.begin(), reserved.end(), key.value) != reserved.end())
        continue;
      read_value(key, value, &e.properties);
    }
    if (ok) facts_->entities.push_back(std::move(e));
  }

  void read_relation(const YamlNode& node, const std::string& default_source,
                     const SourcePos& default_source_where) {
    if (!node.is_map()) {
      error(node, "a relation must be a mapping with from, type and to");
      return;
    }
    Relation r;
    r.where = pos(node);
    bool ok = read_key(node, "from", "relation", &r.from, &r.from_where);
    ok = read_key(node, "type", "relation", &r.type, &r.type_where) && ok;
    ok = read_key(node, "to", "relation", &r.to, &r.to_where) && ok;
    if (node.find("source") != nullptr) {
      ok = read_key(node, "source", "relation", &r.source, &r.source_where) && ok;
    } else {
      r.source = default_source;
      r.source_where = default_source_where;
    }
    if (const YamlNode* basis = node.find("basis")) {
      if (basis->is_scalar() && basis->value == "implied") {
        r.basis = Basis::kImplied;
      } else if (!basis->is_scalar() || basis->value != "stated") {
        error(*basis, "'basis' must be 'stated' (the article says it) or 'implied' (it follows from "
                      "the quoted words)");
        ok = false;
      }
    }
    if (const YamlNode* ev = node.find("evidence")) {
      if (require_scalar(file_, *ev, "'evidence'", diags_)) {
        r.evidence = ev->value;
        r.evidence_where = pos(*ev);
      } else {
        ok = false;
      }
    }
    const std::vector<std::string>& reserved = Schema::relation_keys();
    for (const auto& [key, value] : node.entries) {
      if (!key.is_scalar() || std::find(reserved.begin(), reserved.end(), key.value) != reserved.end())
        continue;
      read_value(key, value, &r.properties);
    }
    if (ok) facts_->relations.push_back(std::move(r));
  }

  const std::string& file_;
  std::uint32_t file_index_;
  Facts* facts_;
  Diagnostics* diags_;
};

}  // namespace

const char* basis_name(Basis basis) { return basis == Basis::kImplied ? "implied" : "stated"; }

const PropertyValue* Entity::property(std::string_view key) const {
  return find_property(properties, key);
}

std::string Entity::value(std::string_view key) const {
  const PropertyValue* p = property(key);
  return p == nullptr || p->values.empty() ? std::string() : p->values.front();
}

const PropertyValue* Relation::property(std::string_view key) const {
  return find_property(properties, key);
}

std::string Relation::value(std::string_view key) const {
  const PropertyValue* p = property(key);
  return p == nullptr || p->values.empty() ? std::string() : p->values.front();
}

Location Facts::locate(const SourcePos& pos) const {
  if (pos.file >= files.size()) return {};
  return {files[pos.file], pos.line, pos.col};
}

bool load_facts_text(const std::string& file, std::string_view text, Facts* facts,
                     Diagnostics* diags) {
  const std::size_t errors_before = diags->error_count();
  const auto index = static_cast<std::uint32_t>(facts->files.size());
  facts->files.push_back(file);
  YamlNode root;
  if (!parse_yaml(file, text, &root, diags)) {
    facts->complete = false;
    return false;
  }
  FactsReader(facts->files.back(), index, facts, diags).read(root);
  return diags->error_count() == errors_before;
}

bool load_facts(const std::string& path, Facts* facts, Diagnostics* diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string ext = p.extension().string();
      if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) files.push_back(p.string());
    }
    if (ec) {
      diags->error({path, 0, 0}, "cannot read folder: " + ec.message());
      facts->complete = false;
      return false;
    }
  } else {
    diags->error({path, 0, 0}, "no such file or folder");
    facts->complete = false;
    return false;
  }
  std::sort(files.begin(), files.end());
  const std::size_t errors_before = diags->error_count();
  for (const std::string& file : files) {
    std::string text;
    if (read_file(file, &text, diags)) load_facts_text(file, text, facts, diags);
    else facts->complete = false;
  }
  return diags->error_count() == errors_before;
}

}  // namespace relmap
