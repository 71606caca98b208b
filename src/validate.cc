#include "validate.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "files.h"
#include "spellcheck.h"
#include "text.h"
#include "yaml_reader.h"

namespace relmap {

bool parse_date(std::string_view text, PartialDate* out) {
  auto number = [](std::string_view s, int* value) {
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    return std::from_chars(s.data(), s.data() + s.size(), *value).ec == std::errc();
  };
  PartialDate d;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  if (!number(text.substr(0, 4), &d.year)) return false;
  if (text.size() >= 7 && (text[4] != '-' || !number(text.substr(5, 2), &d.month))) return false;
  if (text.size() == 10 && (text[7] != '-' || !number(text.substr(8, 2), &d.day))) return false;
  if (text.size() >= 7 && (d.month < 1 || d.month > 12)) return false;
  if (text.size() == 10) {
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int days = d.month == 2 && !leap ? 28 : kDays[d.month - 1];
    if (d.day < 1 || d.day > days) return false;
  }
  *out = d;
  return true;
}

int date_floor(const PartialDate& d) {
  return d.year * 10000 + std::max(d.month, 1) * 100 + std::max(d.day, 1);
}

int date_ceiling(const PartialDate& d) {
  return d.year * 10000 + (d.month == 0 ? 12 : d.month) * 100 + (d.day == 0 ? 31 : d.day);
}

namespace {

/// Evidence is a phrase or a sentence, not a paragraph.
constexpr std::size_t kMaxEvidence = 300;

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
  };
  return std::all_of(id.begin(), id.end(), ok) && id.front() != '-' && id.front() != '.';
}

bool valid_integer(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Validator {
 public:
  Validator(const Schema& schema, const Facts& facts, Diagnostics* diags)
      : schema_(schema), facts_(facts), diags_(diags) {}

  void run() {
    index_ids();
    for (const Entity& e : facts_.entities) check_entity(e);
    for (const Relation& r : facts_.relations) check_relation(r);
    warn_unlinked();
  }

 private:
  void error(const SourcePos& pos, std::string message) {
    diags_->error(facts_.locate(pos), std::move(message));
  }

  void index_ids() {
    ids_.reserve(facts_.entities.size());
    for (const Entity& e : facts_.entities) {
      if (!valid_id(e.id)) {
        error(e.id_where, "id '" + e.id + "' may hold only letters, digits, '-', '_' and '.'");
      }
      auto [it, inserted] = ids_.emplace(e.id, &e);
      if (!inserted) {
        const Location first = facts_.locate(it->second->id_where);
        error(e.id_where, "duplicate id '" + e.id + "' (first defined at " + first.file + ":" +
                           std::to_string(first.line) + ":" + std::to_string(first.col) + ")");
      }
    }
  }

  /// The spellchecker in `checker`, made from `names()` on first use.
  template <typename Names>
  static Spellchecker& speller(std::optional<Spellchecker>* checker, Names names) {
    if (!*checker) checker->emplace(names());
    return **checker;
  }

  /// The entity named by `id`, or nullptr after reporting it dangling.
  const Entity* resolve(const std::string& id, const SourcePos& where, std::string_view role) {
    auto it = ids_.find(id);
    if (it != ids_.end()) return it->second;
    const std::string hint = speller(&id_speller_, [this] {
                               std::vector<std::string> ids;
                               for (const Entity& e : facts_.entities) ids.push_back(e.id);
                               return ids;
                             }).did_you_mean(id);
    error(where, "unknown id '" + id + "' in " + std::string(role) + hint);
    return nullptr;
  }

  void check_entity(const Entity& e) {
    const NodeType* type = schema_.node_type(e.type);
    if (type == nullptr) {
      Spellchecker& names = speller(&node_type_speller_, [this] { return schema_.node_type_names(); });
      error(e.type_where, "unknown node type '" + e.type + "'" + names.did_you_mean(e.type));
      return;
    }
    if (type->abstract) {
      std::string concrete;
      for (const NodeType& t : schema_.node_types())
        if (!t.abstract && t.parent == type->name) concrete += (concrete.empty() ? "" : ", ") + t.name;
      error(e.type_where, "node type '" + e.type + "' is abstract" +
                              (concrete.empty() ? "" : "; use one of: " + concrete));
      return;
    }
    const std::vector<const PropertyDef*> defs = schema_.node_properties(e.type);
    for (const PropertyValue& value : e.properties) {
      const PropertyDef* def = schema_.node_property(e.type, value.name);
      if (def == nullptr) {
        std::vector<std::string> known = Schema::entity_keys();  // only for the suggestion
        for (const PropertyDef* p : defs) known.push_back(p->name);
        error(value.where, "unknown property '" + value.name + "' for node type '" + e.type + "'" +
                               did_you_mean(value.name, known));
        continue;
      }
      check_value(*def, value);
    }
    for (const PropertyDef* def : defs)
      if (def->required && e.property(def->name) == nullptr)
        error(e.where, "missing required property '" + def->name + "' for node type '" + e.type + "'");
    check_period(e.properties);
  }

  void check_relation(const Relation& r) {
    const RelationType* type = schema_.relation_type(r.type);
    const Entity* from = resolve(r.from, r.from_where, "'from'");
    const Entity* to = resolve(r.to, r.to_where, "'to'");
    if (type == nullptr) {
      Spellchecker& names = speller(&relation_type_speller_, [this] { return schema_.relation_type_names(); });
      error(r.type_where, "unknown relation '" + r.type + "'" + names.did_you_mean(r.type));
    } else if (from != nullptr && to != nullptr && schema_.node_type(from->type) != nullptr &&
               schema_.node_type(to->type) != nullptr && !schema_.allows(*type, from->type, to->type)) {
      std::string allowed;
      for (const auto& [f, t] : type->pairs) allowed += (allowed.empty() ? "" : ", ") + f + " -> " + t;
      error(r.type_where, "relation '" + r.type + "' cannot link " + from->type + " '" + from->id +
                              "' to " + to->type + " '" + to->id + "' (allowed: " + allowed + ")");
    }
    if (r.from == r.to && from != nullptr) error(r.to_where, "relation links '" + r.from + "' to itself");
    if (r.source.empty() && r.evidence.empty()) {
      error(r.where, "relation has no provenance: add 'source' (the id of the source) and "
                     "'evidence' (a quote from it)");
    } else if (r.source.empty()) {
      error(r.where, "relation has no 'source': cite the source its evidence comes from");
    } else if (r.evidence.empty()) {
      error(r.where, "relation has no 'evidence': quote the words of the source that state it");
    } else if (r.evidence.size() > kMaxEvidence) {
      diags_->warning(facts_.locate(r.evidence_where),
                      "evidence is " + std::to_string(r.evidence.size()) + " characters long: quote the phrase or "
                      "sentence that states the relation (at most " + std::to_string(kMaxEvidence) + ")");
    }
    if (!r.source.empty()) {
      const Entity* source = resolve(r.source, r.source_where, "'source'");
      if (source != nullptr && schema_.node_type(source->type) != nullptr &&
          !schema_.is_a(source->type, kSourceType))
        error(r.source_where, "source '" + r.source + "' is a " + source->type + ", not a " +
                                  std::string(kSourceType));
      if (source != nullptr) cited_.insert(source->id);
    }
    if (type != nullptr) {
      for (const PropertyValue& value : r.properties) {
        const PropertyDef* def = schema_.relation_property(*type, value.name);
        if (def == nullptr) {
          std::vector<std::string> known = Schema::relation_keys();  // only for the suggestion
          for (const PropertyDef& p : type->properties) known.push_back(p.name);
          error(value.where, "unknown property '" + value.name + "' for relation '" + r.type + "'" +
                                 did_you_mean(value.name, known));
          continue;
        }
        check_value(*def, value);
      }
      for (const PropertyDef& def : type->properties)
        if (def.required && r.property(def.name) == nullptr)
          error(r.where, "missing required property '" + def.name + "' for relation '" + r.type + "'");
    }
    check_period(r.properties);
    linked_.insert(r.from);
    linked_.insert(r.to);
  }

  void check_value(const PropertyDef& def, const PropertyValue& value) {
    if (def.list != value.is_list) {
      error(value.where, "property '" + def.name + "' must be " +
                             (def.list ? "a list" : "a single value, not a list"));
      return;
    }
    for (std::size_t i = 0; i < value.values.size(); ++i) {
      const std::string& v = value.values[i];
      const SourcePos& where = value.value_where[i];
      const std::string what = "property '" + def.name + "'";
      PartialDate date;
      switch (def.kind) {
        case ValueKind::kString:
        case ValueKind::kText:
          if (v.empty()) error(where, what + " is empty");
          if (def.kind == ValueKind::kString && v.find('\n') != std::string::npos)
            error(where, what + " must be a single line");
          break;
        case ValueKind::kDate:
          if (!parse_date(v, &date))
            error(where, "bad date '" + v + "' for " + what + ": expected YYYY, YYYY-MM or YYYY-MM-DD");
          break;
        case ValueKind::kUrl:
          if (!is_http_url(v))
            error(where, "bad URL '" + v + "' for " + what + ": expected an http:// or https:// URL");
          break;
        case ValueKind::kEnum:
          if (std::find(def.values.begin(), def.values.end(), v) == def.values.end()) {
            std::string allowed;
            for (const std::string& a : def.values) allowed += (allowed.empty() ? "" : ", ") + a;
            error(where, "bad value '" + v + "' for " + what + did_you_mean(v, def.values) +
                             "; allowed: " + allowed);
          }
          break;
        case ValueKind::kInteger:
          if (!valid_integer(v)) error(where, "bad integer '" + v + "' for " + what);
          break;
        case ValueKind::kBoolean:
          if (v != "true" && v != "false")
            error(where, "bad boolean '" + v + "' for " + what + ": expected true or false");
          break;
        case ValueKind::kRef: {
          const Entity* target = resolve(v, where, what);
          if (target != nullptr && schema_.node_type(target->type) != nullptr &&
              !schema_.is_a(target->type, def.ref_type))
            error(where, what + " must refer to a " + def.ref_type + ", but '" + v + "' is a " +
                             target->type);
          if (target != nullptr) linked_.insert(target->id);
          break;
        }
      }
    }
  }

  /// A `start` after an `end` is an error.
  void check_period(const std::vector<PropertyValue>& props) {
    const PropertyValue* start = nullptr;
    const PropertyValue* end = nullptr;
    for (const PropertyValue& p : props) {
      if (p.name == "start") start = &p;
      if (p.name == "end") end = &p;
    }
    PartialDate s, e;
    if (start && end && !start->values.empty() && !end->values.empty() &&
        parse_date(start->values[0], &s) && parse_date(end->values[0], &e) &&
        date_floor(s) > date_ceiling(e))
      error(end->value_where[0], "end '" + end->values[0] + "' is before start '" + start->values[0] + "'");
  }

  void warn_unlinked() {
    for (const Entity& e : facts_.entities) {
      if (linked_.count(e.id) || cited_.count(e.id)) continue;
      if (ids_.find(e.id)->second != &e) continue;
      diags_->warning(facts_.locate(e.id_where), "'" + e.id + "' is not linked to anything");
    }
  }

  const Schema& schema_;
  const Facts& facts_;
  Diagnostics* diags_;
  std::unordered_map<std::string, const Entity*> ids_;
  std::optional<Spellchecker> id_speller_, node_type_speller_, relation_type_speller_;
  std::unordered_set<std::string> linked_;
  std::unordered_set<std::string> cited_;
};

}  // namespace

bool validate(const Schema& schema, const Facts& facts, Diagnostics* diags) {
  const std::size_t errors_before = diags->error_count();
  Validator(schema, facts, diags).run();
  return diags->error_count() == errors_before;
}

bool check_evidence(const Facts& facts, const std::string& sources_dir, Diagnostics* diags) {
  std::error_code ec;
  const std::string root = std::filesystem::canonical(sources_dir, ec).native();
  if (!ec && !std::filesystem::is_directory(root, ec) && !ec)
    ec = std::make_error_code(std::errc::not_a_directory);
  if (ec) {
    diags->error({sources_dir, 0, 0}, "cannot read the sources folder: " + ec.message());
    return false;
  }
  const std::size_t errors_before = diags->error_count();
  std::unordered_map<std::string, const Entity*> sources;
  for (const Entity& e : facts.entities)
    if (e.property("file") != nullptr) sources.emplace(e.id, &e);
  std::unordered_map<std::string, std::string> texts;  // source id -> normalised text
  std::unordered_set<std::string> unreadable;
  for (const Relation& r : facts.relations) {
    if (r.source.empty() || r.evidence.empty()) continue;
    auto src = sources.find(r.source);
    if (src == sources.end()) {
      diags->warning(facts.locate(r.source_where),
                     "source '" + r.source + "' has no 'file': its evidence cannot be checked");
      continue;
    }
    auto text = texts.find(r.source);
    if (text == texts.end()) {
      // Only a regular file inside the sources folder, of a bounded size.
      const std::string file = src->second->value("file");
      std::string path, raw, error;
      if (!resolve_inside(root, file, &path, &error) ||
          !read_bounded(path, kMaxSourceFileBytes, &raw, &error)) {
        if (unreadable.insert(r.source).second)
          diags->error(facts.locate(src->second->property("file")->value_where[0]),
                       "cannot read the text of source '" + r.source + "' from '" + file + "': " + error);
        continue;
      }
      text = texts.emplace(r.source, normalize_for_match(raw)).first;
    }
    if (text->second.find(normalize_for_match(r.evidence)) == std::string::npos)
      diags->error(facts.locate(r.evidence_where),
                   "evidence not found in the text of source '" + r.source + "'");
  }
  return diags->error_count() == errors_before;
}

}  // namespace relmap
