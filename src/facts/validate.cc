#include "facts/validate.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "base/files.h"
#include "base/spellcheck.h"
#include "base/text.h"
#include "facts/grades.h"
#include "facts/yaml_reader.h"

namespace relmap {

namespace {

/// Evidence is a phrase or a sentence, not a paragraph.
constexpr std::size_t kMaxEvidence = 300;

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  return std::all_of(id.begin(), id.end(), ok) && id.front() != '-' && id.front() != '.';
}

bool valid_integer(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted(std::string_view text) { return "'" + visible_text(text) + "'"; }

/// Why `text` is no date parse_date takes: a year before kFirstYear (a
/// typo, as 0216 for 2016), or its form.
std::string date_problem(std::string_view text) {
  const bool early_year =
      text.size() >= 4 && text[0] == '0' && text.find_first_not_of("0123456789-") == std::string_view::npos;
  return early_year ? ": the year must be " + std::to_string(kFirstYear) + " or later"
                    : ": expected YYYY, YYYY-MM or YYYY-MM-DD";
}

/// The property of a country that lists the words for its people.
constexpr std::string_view kDemonymsProperty = "demonyms";

/// True if `run` (not empty) occurs in `words` as consecutive words.
bool contains_words(const std::vector<std::string>& words, const std::vector<std::string>& run) {
  return !run.empty() && std::search(words.begin(), words.end(), run.begin(), run.end()) != words.end();
}

class Validator {
 public:
  Validator(const Schema& schema, const Facts& facts, Diagnostics* diags,
            const Elsewhere* elsewhere = nullptr)
      : schema_(schema),
        facts_(facts),
        diags_(diags),
        elsewhere_(elsewhere),
        entity_type_(facts.entities.size(), -1),
        used_(facts.entities.size(), 0) {}

  void run() {
    index_ids();
    index_relation_ids();
    for (std::size_t i = 0; i < facts_.entities.size(); ++i)
      if (checked(facts_.entities[i].file)) check_entity(i);
    for (const Relation& r : facts_.relations)
      if (checked(r.file)) check_relation(r);
    if (elsewhere_ == nullptr) warn_unlinked();
  }

  /// For each entity, whether the facts checked link or cite it.
  std::vector<char> used() && { return std::move(used_); }

 private:
  bool checked(std::uint32_t file) const { return elsewhere_ == nullptr || elsewhere_->checked(file); }

  void error(std::uint32_t file, const LineCol& pos, std::string message) {
    diags_->error(facts_.locate(file, pos), std::move(message));
  }

  void index_ids() {
    ids_.reserve(facts_.entities.size());
    for (std::size_t i = 0; i < facts_.entities.size(); ++i) {
      const Entity& e = facts_.entities[i];
      if (!valid_id(e.id))
        error(e.file, e.id_where, "id " + quoted(e.id) + " may hold only letters, digits, '-', '_' and '.'");
      auto [it, inserted] = ids_.emplace(e.id, static_cast<std::uint32_t>(i));
      if (!inserted) {
        const Entity& first = facts_.entities[it->second];
        const Location where = facts_.locate(first.file, first.id_where);
        error(e.file, e.id_where,
              "duplicate id " + quoted(e.id) + " (first defined at " + where.file + ":" +
                  std::to_string(where.line) + ":" + std::to_string(where.col) + ")");
      }
      entity_type_[i] = schema_.node_type_index(e.type);
    }
  }

  /// Relation ids: valid and given once.
  void index_relation_ids() {
    for (const Relation& r : facts_.relations) {
      const PropertyValue* id = facts_.property(r, kRelationIdProperty);
      if (id == nullptr || id->is_list) continue;  // a list is reported with the properties
      if (!valid_id(id->value)) {
        error(r.file, id->value_where,
              "relation id " + quoted(id->value) + " may hold only letters, digits, '-', '_' and '.'");
        continue;
      }
      auto [it, inserted] = relation_ids_.emplace(id->value, facts_.locate(r.file, id->value_where));
      if (!inserted)
        error(r.file, id->value_where,
              "duplicate relation id " + quoted(id->value) + " (first given at " + it->second.file + ":" +
                  std::to_string(it->second.line) + ":" + std::to_string(it->second.col) + ")");
    }
  }

  /// The spellchecker in `checker`, made from `names()` on first use.
  template <typename Names>
  static Spellchecker& speller(std::optional<Spellchecker>* checker, Names names) {
    if (!*checker) checker->emplace(names());
    return **checker;
  }

  /// The index of the entity named by `id`, or -1 after reporting it dangling.
  long resolve(std::string_view id, std::uint32_t file, const LineCol& where, std::string_view role) {
    auto it = ids_.find(id);
    if (it != ids_.end()) return it->second;
    const std::string hint = speller(&id_speller_, [this] {
                               std::vector<std::string> ids;
                               for (const Entity& e : facts_.entities) ids.emplace_back(e.id);
                               return ids;
                             }).did_you_mean(id);
    error(file, where, "unknown id " + quoted(id) + " in " + std::string(role) + hint);
    return -1;
  }

  int type_of(long entity) const { return entity < 0 ? -1 : entity_type_[static_cast<std::size_t>(entity)]; }

  void check_entity(std::size_t i) {
    const Entity& e = facts_.entities[i];
    const int type_index = entity_type_[i];
    if (type_index < 0) {
      Spellchecker& names = speller(&node_type_speller_, [this] { return schema_.node_type_names(); });
      error(e.file, e.type_where, "unknown node type " + quoted(e.type) + names.did_you_mean(e.type));
      return;
    }
    const NodeType& type = schema_.node_types()[static_cast<std::size_t>(type_index)];
    if (type.abstract) {
      std::string concrete;
      for (const NodeType& t : schema_.node_types())
        if (!t.abstract && t.parent == type.name) concrete += (concrete.empty() ? "" : ", ") + t.name;
      error(e.file, e.type_where,
            "node type " + quoted(e.type) + " is abstract" +
                (concrete.empty() ? "" : "; use one of: " + concrete));
      return;
    }
    check_properties(
        e.file, facts_.properties(e),
        [&](std::string_view name) { return schema_.node_property(type.name, name); },
        [&] {
          std::vector<std::string> known = Schema::entity_keys();  // only for the suggestion
          for (const PropertyDef* p : schema_.node_properties(type.name)) known.push_back(p->name);
          return known;
        },
        "node type " + quoted(e.type));
    for (const PropertyDef* def : schema_.node_properties(type.name))
      if (def->required && facts_.property(e, def->name) == nullptr)
        error(e.file, e.where,
              "missing required property '" + def->name + "' for node type " + quoted(e.type));
    check_grade_reason(e);
  }

  void check_relation(const Relation& r) {
    const int rel = schema_.relation_type_index(r.type);
    const long from = resolve(r.from, r.file, r.from_where, "'from'");
    const long to = resolve(r.to, r.file, r.to_where, "'to'");
    if (rel < 0) {
      Spellchecker& names =
          speller(&relation_type_speller_, [this] { return schema_.relation_type_names(); });
      error(r.file, r.type_where, "unknown relation " + quoted(r.type) + names.did_you_mean(r.type));
    } else if (type_of(from) >= 0 && type_of(to) >= 0 && !schema_.allows(rel, type_of(from), type_of(to))) {
      const RelationType& type = schema_.relation_types()[static_cast<std::size_t>(rel)];
      std::string allowed;
      for (const auto& [f, t] : type.pairs) allowed += (allowed.empty() ? "" : ", ") + f + " -> " + t;
      const Entity& f = facts_.entities[static_cast<std::size_t>(from)];
      const Entity& t = facts_.entities[static_cast<std::size_t>(to)];
      error(r.file, r.type_where,
            "relation " + quoted(r.type) + " cannot link " + std::string(f.type) + " " + quoted(f.id) +
                " to " + std::string(t.type) + " " + quoted(t.id) + " (allowed: " + allowed + ")");
    }
    if (r.from == r.to && from >= 0)
      error(r.file, r.to_where, "relation links " + quoted(r.from) + " to itself");
    if (r.source.empty() && r.evidence.empty()) {
      error(r.file, r.where,
            "relation has no provenance: add 'source' (the id of the source) and "
            "'evidence' (a quote from it)");
    } else if (r.source.empty()) {
      error(r.file, r.where, "relation has no 'source': cite the source its evidence comes from");
    } else if (r.evidence.empty()) {
      error(r.file, r.where, "relation has no 'evidence': quote the words of the source that state it");
    } else if (r.evidence.size() > kMaxEvidence) {
      diags_->warning(facts_.locate(r.file, r.evidence_where),
                      "evidence is " + std::to_string(r.evidence.size()) +
                          " characters long: quote the phrase or "
                          "sentence that states the relation (at most " +
                          std::to_string(kMaxEvidence) + ")");
    } else {
      if (from >= 0 && to >= 0 && r.to != r.source)
        warn_unnamed(r, facts_.entities[static_cast<std::size_t>(from)],
                     facts_.entities[static_cast<std::size_t>(to)]);
      check_quoted_words(r);
    }
    if (!r.source.empty()) {
      const long source = resolve(r.source, r.file, r.source_where, "'source'");
      const int source_type = type_of(source);
      if (source_type >= 0 && !schema_.is_a(source_type, schema_.node_type_index(kSourceType))) {
        error(r.file, r.source_where,
              "source " + quoted(r.source) + " is a " +
                  std::string(facts_.entities[static_cast<std::size_t>(source)].type) + ", not a " +
                  std::string(kSourceType));
      }
      if (source >= 0) used_[static_cast<std::size_t>(source)] = 1;
    }
    if (rel >= 0) {
      const RelationType& type = schema_.relation_types()[static_cast<std::size_t>(rel)];
      check_properties(
          r.file, facts_.properties(r),
          [&](std::string_view name) { return schema_.relation_property(type, name); },
          [&] {
            std::vector<std::string> known = Schema::relation_keys();  // only for the suggestion
            for (const PropertyDef& p : type.properties) known.push_back(p.name);
            for (const PropertyDef& p : schema_.common_relation_properties()) known.push_back(p.name);
            return known;
          },
          "relation " + quoted(r.type));
      for (const PropertyDef& def : type.properties)
        if (def.required && facts_.property(r, def.name) == nullptr)
          error(r.file, r.where,
                "missing required property '" + def.name + "' for relation " + quoted(r.type));
    }
    if (from >= 0) used_[static_cast<std::size_t>(from)] = 1;
    if (to >= 0) used_[static_cast<std::size_t>(to)] = 1;
    const PropertyValue* disputes = facts_.property(r, kDisputesProperty);
    if (disputes != nullptr && disputes->value == facts_.value(r, kRelationIdProperty))
      error(r.file, disputes->value_where,
            "relation " + quoted(disputes->value) +
                " disputes itself: name the "
                "relation whose claim it contradicts");
  }

  /// A reliability grade is given with its reason, and a reason with its grade.
  void check_grade_reason(const Entity& e) {
    const PropertyValue* grade = facts_.property(e, kReliabilityProperty);
    const PropertyValue* reason = facts_.property(e, kReliabilityReasonProperty);
    if (grade != nullptr && reason == nullptr)
      error(e.file, grade->where,
            "reliability " + quoted(grade->value) + " has no '" + std::string(kReliabilityReasonProperty) +
                "': say why the source has its grade");
    if (reason != nullptr && grade == nullptr)
      error(e.file, reason->where,
            "'" + std::string(kReliabilityReasonProperty) + "' without a '" +
                std::string(kReliabilityProperty) + "' grade");
  }

  /// Check the values of an entity's or relation's properties; entries of
  /// a list property follow one another under one name.
  template <class Find, class Known>
  void check_properties(std::uint32_t file, std::span<const PropertyValue> values, Find&& find, Known&& known,
                        const std::string& owner) {
    for (std::size_t i = 0; i < values.size();) {
      std::size_t end = i + 1;
      while (end < values.size() && values[end].name == values[i].name &&
             values[end].where.line == values[i].where.line && values[end].where.col == values[i].where.col)
        ++end;
      const PropertyValue& first = values[i];
      if (const PropertyDef* def = find(first.name)) {
        check_value(file, *def, values.subspan(i, end - i));
      } else {
        error(file, first.where,
              "unknown property " + quoted(first.name) + " for " + owner + did_you_mean(first.name, known()));
      }
      i = end;
    }
    check_period(file, values);
  }

  void check_value(std::uint32_t file, const PropertyDef& def, std::span<const PropertyValue> values) {
    if (def.list != values.front().is_list) {
      error(file, values.front().where,
            "property '" + def.name + "' must be " + (def.list ? "a list" : "a single value, not a list"));
      return;
    }
    for (const PropertyValue& p : values) {
      const std::string_view v = p.value;
      const LineCol& where = p.value_where;
      const std::string what = "property '" + def.name + "'";
      if (def.kind != ValueKind::kText && (p.multiline || v.find('\n') != std::string_view::npos)) {
        error(file, where, what + " must be written on one line");
        continue;
      }
      PartialDate date;
      switch (def.kind) {
        case ValueKind::kString:
        case ValueKind::kText:
          if (v.empty()) error(file, where, what + " is empty");
          break;
        case ValueKind::kDate:
          if (!parse_date(v, &date))
            error(file, where, "bad date " + quoted(v) + " for " + what + date_problem(v));
          break;
        case ValueKind::kUrl:
          if (!is_http_url(v))
            error(file, where,
                  "bad URL " + quoted(v) + " for " + what + ": expected an http:// or https:// URL");
          break;
        case ValueKind::kEnum:
          if (std::find(def.values.begin(), def.values.end(), v) == def.values.end()) {
            std::string allowed;
            for (const std::string& a : def.values) allowed += (allowed.empty() ? "" : ", ") + a;
            error(file, where,
                  "bad value " + quoted(v) + " for " + what + did_you_mean(v, def.values) +
                      "; allowed: " + allowed);
          }
          break;
        case ValueKind::kInteger:
          if (!valid_integer(v)) error(file, where, "bad integer " + quoted(v) + " for " + what);
          break;
        case ValueKind::kBoolean:
          if (v != "true" && v != "false")
            error(file, where, "bad boolean " + quoted(v) + " for " + what + ": expected true or false");
          break;
        case ValueKind::kRef: {
          const long target = resolve(v, file, where, what);
          const int ref_type = schema_.node_type_index(def.ref_type);
          if (type_of(target) >= 0 && ref_type >= 0 && !schema_.is_a(type_of(target), ref_type))
            error(file, where,
                  what + " must refer to a " + def.ref_type + ", but " + quoted(v) + " is a " +
                      std::string(facts_.entities[static_cast<std::size_t>(target)].type));
          if (target >= 0) used_[static_cast<std::size_t>(target)] = 1;
          break;
        }
        case ValueKind::kRelation:
          if (!relation_ids_.count(v) && (elsewhere_ == nullptr || !elsewhere_->relation_id(v))) {
            std::vector<std::string> ids;
            for (const auto& [id, at] : relation_ids_) ids.emplace_back(id);
            std::sort(ids.begin(), ids.end());
            error(file, where, "unknown relation id " + quoted(v) + " in " + what + did_you_mean(v, ids));
          }
          break;
      }
    }
  }

  /// A `start` after an `end` is an error.
  void check_period(std::uint32_t file, std::span<const PropertyValue> values) {
    const PropertyValue* start = nullptr;
    const PropertyValue* end = nullptr;
    for (const PropertyValue& p : values) {
      if (p.name == "start" && start == nullptr) start = &p;
      if (p.name == "end" && end == nullptr) end = &p;
    }
    PartialDate s, e;
    if (start && end && parse_date(start->value, &s) && parse_date(end->value, &e) &&
        date_floor(s) > date_ceiling(e))
      error(file, end->value_where, "end " + quoted(end->value) + " is before start " + quoted(start->value));
  }

  /// A relation's quote should name one of its actors (by id, name or
  /// alias, without case or accents, or by a demonym as a whole word); a
  /// relation to the citing source itself is exempt, its quote is the
  /// source's own words.
  void warn_unnamed(const Relation& r, const Entity& from, const Entity& to) {
    const std::string quote = fold_for_match(r.evidence);
    const std::vector<std::string> words = name_words(quote);
    auto named = [&](const Entity& e) {
      auto in_quote = [&](std::string_view text) {
        const std::string folded = fold_for_match(text);
        return !folded.empty() && quote.find(folded) != std::string::npos;
      };
      if (in_quote(e.id) || in_quote(e.name)) return true;
      for (std::string_view alias : facts_.aliases(e))
        if (in_quote(alias)) return true;
      for (const PropertyValue& p : facts_.properties(e))
        if (p.name == kDemonymsProperty && contains_words(words, name_words(fold_for_match(p.value))))
          return true;
      return false;
    };
    if (named(from) || named(to)) return;
    diags_->warning(
        facts_.locate(r.file, r.evidence_where),
        "the evidence names neither " + quoted(from.id) + " nor " + quoted(to.id) +
            ": quote the words that name one of them" +
            (r.basis == Basis::kStated ? ", give it the alias the article uses, or mark the relation "
                                         "'basis: implied'"
                                       : " or give it the alias the article uses"));
  }

  /// A relation's `role` and `field` are words of its quote, in their order
  /// (without case or punctuation): "head of office" needs those three words.
  void check_quoted_words(const Relation& r) {
    std::vector<std::string> quote;
    for (const PropertyValue& p : facts_.properties(r)) {
      if (p.name != "role" && p.name != "field") continue;
      if (quote.empty()) quote = name_words(fold_for_match(r.evidence));
      if (!contains_words(quote, name_words(fold_for_match(p.value))))
        error(r.file, p.value_where,
              "'" + std::string(p.name) + "' " + quoted(p.value) +
                  " is not words of the relation's evidence: use the article's own words, "
                  "as the quote gives them");
    }
  }

  void warn_unlinked() {
    for (std::size_t i = 0; i < facts_.entities.size(); ++i) {
      const Entity& e = facts_.entities[i];
      if (used_[i] || ids_.find(e.id)->second != i) continue;
      diags_->warning(facts_.locate(e.file, e.id_where), unlinked_message(e.id));
    }
  }

  const Schema& schema_;
  const Facts& facts_;
  Diagnostics* diags_;
  const Elsewhere* elsewhere_;  ///< Null when the facts are the whole project.
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::unordered_map<std::string_view, Location> relation_ids_;  ///< Where each relation id is given.
  std::vector<int> entity_type_;                                 ///< Node type index of each entity, or -1.
  std::vector<char> used_;                                       ///< Entities some relation links or cites.
  std::optional<Spellchecker> id_speller_, node_type_speller_, relation_type_speller_;
};

}  // namespace

bool validate(const Schema& schema, const Facts& facts, Diagnostics* diags) {
  const std::size_t errors_before = diags->error_count();
  Validator(schema, facts, diags).run();
  return diags->error_count() == errors_before;
}

bool validate_in_part(const Schema& schema, const Facts& facts, const Elsewhere& elsewhere,
                      Diagnostics* diags, std::vector<char>* used) {
  const std::size_t errors_before = diags->error_count();
  Validator validator(schema, facts, diags, &elsewhere);
  validator.run();
  *used = std::move(validator).used();
  return diags->error_count() == errors_before;
}

std::string unlinked_message(std::string_view id) { return quoted(id) + " is not linked to anything"; }

std::vector<QuoteCheck> quotes_of(const Facts& facts) {
  std::unordered_map<std::string_view, const Entity*> entities;
  for (const Entity& e : facts.entities) entities.emplace(e.id, &e);
  std::vector<QuoteCheck> out;
  for (const Relation& r : facts.relations) {
    if (r.source.empty() || r.evidence.empty()) continue;
    QuoteCheck q{r.source,
                 {},
                 r.evidence,
                 facts.locate(r.file, r.evidence_where),
                 facts.locate(r.file, r.source_where),
                 {}};
    auto src = entities.find(r.source);
    if (src != entities.end()) {
      if (const PropertyValue* file = facts.property(*src->second, "file")) {
        q.file = file->value;
        q.file_at = facts.locate(src->second->file, file->value_where);
      }
    }
    out.push_back(q);
  }
  return out;
}

bool check_evidence(const Facts& facts, const std::string& sources_dir, Diagnostics* diags) {
  return check_quotes(quotes_of(facts), sources_dir, diags);
}

bool check_quotes(const std::vector<QuoteCheck>& quotes, const std::string& sources_dir, Diagnostics* diags) {
  std::error_code ec;
  const std::string root = std::filesystem::canonical(sources_dir, ec).native();
  if (!ec && !std::filesystem::is_directory(root, ec) && !ec)
    ec = std::make_error_code(std::errc::not_a_directory);
  if (ec) {
    diags->error({sources_dir, 0, 0}, "cannot read the sources folder: " + ec.message());
    return false;
  }
  const std::size_t errors_before = diags->error_count();
  std::unordered_map<std::string_view, std::string> texts;  // source id -> normalised text
  std::unordered_set<std::string_view> unreadable, fileless;
  for (const QuoteCheck& q : quotes) {
    if (q.file.empty()) {
      if (fileless.insert(q.source).second)
        diags->warning(q.source_at,
                       "source " + quoted(q.source) + " has no 'file': its evidence cannot be checked");
      continue;
    }
    auto text = texts.find(q.source);
    if (text == texts.end()) {
      if (unreadable.count(q.source)) continue;
      // Only a regular file inside the sources folder, of a bounded size.
      const std::string file(q.file);
      std::string path, raw, error;
      if (!resolve_inside(root, file, &path, &error) ||
          !read_bounded(path, kMaxSourceFileBytes, &raw, &error)) {
        unreadable.insert(q.source);
        diags->error(q.file_at, "cannot read the text of source " + quoted(q.source) + " from " +
                                    quoted(q.file) + ": " + error);
        continue;
      }
      text = texts.emplace(q.source, normalize_for_match(raw)).first;
    }
    const std::string evidence = normalize_for_match(q.evidence);
    if (text->second.find(evidence) == std::string::npos) {
      std::string message = "evidence not found in the text of source " + quoted(q.source);
      const std::string_view closest = closest_passage(text->second, evidence);
      if (!closest.empty())
        message += "; closest passage: \u201c" + visible_text(shorten(closest, 300)) + "\u201d";
      diags->error(q.evidence_at, message);
    }
  }
  return diags->error_count() == errors_before;
}

}  // namespace relmap
