#include "output/diff.h"

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "base/files.h"
#include "base/text.h"
#include "maps/views.h"
#include "query/claims.h"

namespace relmap {

namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kFormat = "relmap edition 1";

std::string property_lines(const Properties& properties) {
  std::string out;
  for (const auto& [name, values] : properties)
    for (const std::string& value : values) out += name + ": " + value + "\n";
  return out;
}

auto identity(const RelationRecord& r) { return std::tie(r.from, r.relation, r.to, r.source); }
auto whole(const RelationRecord& r) {
  return std::tie(r.from, r.relation, r.to, r.source, r.evidence, r.basis, r.details);
}

/// A relation's properties, and the reliability grade of its source: a
/// source's grade changes what each relation citing it is worth.
std::string relation_details(const KnowledgeGraph& kg, const EdgeProps& p) {
  std::string out = property_lines(p.properties);
  const auto source = kg.find_id(p.source);
  const std::string grade =
      source ? first_value(kg.node(*source).properties, std::string(kReliabilityProperty)) : "";
  if (!grade.empty()) out += "source reliability: " + grade + "\n";
  return out;
}

Json actor_json(const ActorRecord& a) {
  return Json{{"id", a.id},           {"name", a.name},       {"type", a.type},
              {"details", a.details}, {"sources", a.sources}, {"noun", a.noun}};
}
Json relation_json(const RelationRecord& r) {
  return Json{{"from", r.from},         {"relation", r.relation}, {"to", r.to},          {"source", r.source},
              {"evidence", r.evidence}, {"basis", r.basis},       {"details", r.details}};
}

/// Changes as JSON: {"added": [...], "removed": [...], "changed": [{"before", "after"}]}.
template <typename Record, typename ToJson>
Json changes_json(const std::vector<Change<Record>>& changes, ToJson to_json) {
  Json out{{"added", Json::array()}, {"removed", Json::array()}, {"changed", Json::array()}};
  for (const auto& c : changes) {
    if (c.kind == ChangeKind::kAdded)
      out["added"].push_back(to_json(c.after));
    else if (c.kind == ChangeKind::kRemoved)
      out["removed"].push_back(to_json(c.before));
    else
      out["changed"].push_back(Json{{"before", to_json(c.before)}, {"after", to_json(c.after)}});
  }
  return out;
}

template <typename Record>
std::string counts(const std::vector<Change<Record>>& changes, const char* what) {
  std::size_t n[3] = {0, 0, 0};
  for (const auto& c : changes) ++n[static_cast<int>(c.kind)];
  return std::to_string(n[0]) + " " + what + " added, " + std::to_string(n[1]) + " removed, " +
         std::to_string(n[2]) + " changed";
}

std::string show(std::string_view s) { return visible_text(s); }

std::string sources_text(const std::vector<std::string>& sources) {
  std::string out;
  for (std::size_t i = 0; i < sources.size() && i < 5; ++i) out += (i ? ", " : "") + show(sources[i]);
  if (sources.size() > 5) out += " and " + std::to_string(sources.size() - 5) + " more";
  return out.empty() ? "no source" : "cited in " + out;
}

/// A label as a reader says it: the schema's, or the name with its
/// underscores as spaces where the editions do not know it.
std::string label_of(const std::map<std::string, std::string>& labels, const std::string& name) {
  const auto it = labels.find(name);
  std::string out = it == labels.end() ? name : it->second;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

/// An actor as a reader says it, by `name`: and by its id too where another
/// actor of the editions has that name.
std::string actor_called(const EditionDiff& diff, const std::string& id, const std::string& name) {
  const auto same = diff.named.equal_range(name);
  const bool shared =
      std::any_of(same.first, same.second, [&](const auto& entry) { return entry.second != id; });
  return show(name) + (shared ? " [" + show(id) + "]" : "");
}

/// actor_called by the name the editions give it (the newer's); its id
/// where none is known.
std::string actor_name(const EditionDiff& diff, const std::string& id) {
  const auto it = diff.names.find(id);
  return it == diff.names.end() ? show(id) : actor_called(diff, id, it->second);
}

/// A relation as a reader says it: "Japan cooperates with Laos [src-001]
/// (stated)".
std::string relation_text(const RelationRecord& r, const EditionDiff& diff) {
  return actor_name(diff, r.from) + " " + show(label_of(diff.labels, r.relation)) + " " +
         actor_name(diff, r.to) + " [" + show(r.source) + "] (" + show(r.basis) + ")";
}

/// The "key: value" lines of `details` by key, a list's values joined.
std::map<std::string, std::string> detail_values(const std::string& details) {
  std::map<std::string, std::string> out;
  for (std::size_t start = 0, end; start < details.size(); start = end + 1) {
    end = details.find('\n', start);
    if (end == std::string::npos) end = details.size();
    const std::string line = details.substr(start, end - start);
    const std::size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    std::string& value = out[line.substr(0, colon)];
    value += (value.empty() ? "" : ", ") + line.substr(colon + 2);
  }
  return out;
}

/// "field: old → new" for each field that differs.
void field_change(std::string* out, const char* field, const std::string& before, const std::string& after) {
  if (before == after) return;
  *out += std::string(out->empty() ? "" : "; ") + field + ": \u201C" + show(before) + "\u201D \u2192 \u201C" +
          show(after) + "\u201D";
}

/// field_change for each key of the details ("role", "alias", ...).
void details_change(std::string* out, const std::string& before, const std::string& after) {
  const auto old_values = detail_values(before), new_values = detail_values(after);
  std::set<std::string> keys;
  for (const auto& [key, value] : old_values) keys.insert(key);
  for (const auto& [key, value] : new_values) keys.insert(key);
  for (const std::string& key : keys) {
    const auto o = old_values.find(key), n = new_values.find(key);
    field_change(out, key.c_str(), o == old_values.end() ? "" : o->second,
                 n == new_values.end() ? "" : n->second);
  }
}

}  // namespace

RelationRecord relation_record(const KnowledgeGraph& kg, Edge e) {
  const EdgeProps& p = kg.edge(e);
  return {kg.node(kg.source(e)).id, kg.relation_type(e).name, kg.node(kg.target(e)).id, p.source, p.evidence,
          basis_name(p.basis),      relation_details(kg, p)};
}

EditionFacts edition_facts(const KnowledgeGraph& kg) {
  EditionFacts facts;
  std::vector<std::set<std::string>> cited(kg.node_count());
  for (Edge e : kg.edges()) {
    cited[kg.source(e)].insert(kg.edge(e).source);
    cited[kg.target(e)].insert(kg.edge(e).source);
    facts.relations.push_back(relation_record(kg, e));
  }
  for (auto v : kg.vertices()) {
    if (is_source(kg, v)) continue;
    const NodeProps& node = kg.node(v);
    std::string details;
    for (const std::string& alias : node.aliases) details += "alias: " + alias + "\n";
    details += property_lines(node.properties);
    const std::string& type = kg.node_type(v).name;
    facts.actors.push_back({node.id, node.name, type, details,
                            std::vector<std::string>(cited[v].begin(), cited[v].end()),
                            kg.schema().is_a(type, "actor") ? "actor" : type});
  }
  for (const RelationType& type : kg.schema().relation_types()) facts.labels[type.name] = type.label;
  for (const NodeType& type : kg.schema().node_types()) facts.kinds[type.name] = type.label;
  std::sort(facts.actors.begin(), facts.actors.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  std::sort(facts.relations.begin(), facts.relations.end(),
            [](const auto& a, const auto& b) { return whole(a) < whole(b); });
  return facts;
}

std::string edition_facts_json(const EditionFacts& facts) {
  Json out{{"format", kFormat}, {"actors", Json::array()}, {"relations", Json::array()}};
  for (const ActorRecord& a : facts.actors) out["actors"].push_back(actor_json(a));
  for (const RelationRecord& r : facts.relations) out["relations"].push_back(relation_json(r));
  return out.dump() + "\n";
}

bool parse_edition_facts(const std::string& text, EditionFacts* facts) {
  *facts = EditionFacts();
  try {
    const Json in = Json::parse(text);
    if (in.at("format") != kFormat) return false;
    EditionFacts read;
    for (const Json& a : in.at("actors"))
      read.actors.push_back({a.at("id"), a.at("name"), a.at("type"), a.at("details"),
                             a.at("sources").get<std::vector<std::string>>(),
                             a.value("noun", std::string("actor"))});
    for (const Json& r : in.at("relations"))
      read.relations.push_back({r.at("from"), r.at("relation"), r.at("to"), r.at("source"), r.at("evidence"),
                                r.at("basis"), r.at("details")});
    *facts = std::move(read);
    return true;
  } catch (const Json::exception&) {
    return false;
  }
}

EditionDiff diff_editions(const EditionFacts& before, const EditionFacts& after) {
  EditionDiff diff;
  for (const EditionFacts* edition : {&before, &after}) {
    for (const ActorRecord& a : edition->actors) diff.names[a.id] = a.name;
    for (const auto& [type, label] : edition->labels) diff.labels[type] = label;
    for (const auto& [type, label] : edition->kinds) diff.kinds[type] = label;
  }
  for (const EditionFacts* edition : {&before, &after})
    for (const ActorRecord& a : edition->actors) diff.named.emplace(a.name, a.id);
  std::map<std::string, const ActorRecord*> old_actors, new_actors;
  for (const ActorRecord& a : before.actors) old_actors[a.id] = &a;
  for (const ActorRecord& a : after.actors) new_actors[a.id] = &a;
  std::set<std::string> ids;
  for (const auto& [id, a] : old_actors) ids.insert(id);
  for (const auto& [id, a] : new_actors) ids.insert(id);
  for (const std::string& id : ids) {
    const auto o = old_actors.find(id);
    const auto n = new_actors.find(id);
    if (o == old_actors.end())
      diff.actors.push_back({ChangeKind::kAdded, {}, *n->second});
    else if (n == new_actors.end())
      diff.actors.push_back({ChangeKind::kRemoved, *o->second, {}});
    else if (std::tie(o->second->name, o->second->type, o->second->details) !=
             std::tie(n->second->name, n->second->type, n->second->details))
      diff.actors.push_back({ChangeKind::kChanged, *o->second, *n->second});
  }
  // Relations by identity; where one identity holds several relations, the
  // ones equal on both sides match, the rest pair up in order as changed.
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, std::pair<std::vector<const RelationRecord*>, std::vector<const RelationRecord*>>> groups;
  for (const RelationRecord& r : before.relations) groups[identity(r)].first.push_back(&r);
  for (const RelationRecord& r : after.relations) groups[identity(r)].second.push_back(&r);
  for (auto& [key, sides] : groups) {
    auto& [old_side, new_side] = sides;
    std::vector<const RelationRecord*> gone, came;
    auto less = [](const RelationRecord* a, const RelationRecord* b) { return whole(*a) < whole(*b); };
    std::sort(old_side.begin(), old_side.end(), less);
    std::sort(new_side.begin(), new_side.end(), less);
    std::set_difference(old_side.begin(), old_side.end(), new_side.begin(), new_side.end(),
                        std::back_inserter(gone), less);
    std::set_difference(new_side.begin(), new_side.end(), old_side.begin(), old_side.end(),
                        std::back_inserter(came), less);
    const std::size_t paired = std::min(gone.size(), came.size());
    for (std::size_t i = 0; i < paired; ++i)
      diff.relations.push_back({ChangeKind::kChanged, *gone[i], *came[i]});
    for (std::size_t i = paired; i < gone.size(); ++i)
      diff.relations.push_back({ChangeKind::kRemoved, *gone[i], {}});
    for (std::size_t i = paired; i < came.size(); ++i)
      diff.relations.push_back({ChangeKind::kAdded, {}, *came[i]});
  }
  return diff;
}

bool previous_edition(const std::string& cache_dir, const EditionFacts& current, EditionFacts* previous,
                      std::vector<OutputFile>* keep) {
  if (cache_dir.empty()) return false;
  const std::string latest_path = cache_dir + "/edition.json",
                    before_path = cache_dir + "/edition-previous.json";
  const std::string now = edition_facts_json(current);
  std::string latest, before, error;
  constexpr std::size_t kMaxBytes = std::size_t{1} << 30;
  if (read_bounded(latest_path, kMaxBytes, &latest, &error) && latest == now)
    return read_bounded(before_path, kMaxBytes, &before, &error) && parse_edition_facts(before, previous);
  keep->push_back({latest_path, now});
  if (!parse_edition_facts(latest, previous)) return false;
  keep->push_back({before_path, latest});
  return true;
}

std::string diff_text(const EditionDiff& diff) {
  std::string out = counts(diff.actors, "actors") + "; " + counts(diff.relations, "relations") + ".\n";
  for (const auto& c : diff.actors) {
    const ActorRecord& a = c.kind == ChangeKind::kRemoved ? c.before : c.after;
    if (c.kind == ChangeKind::kChanged) {
      std::string what;
      field_change(&what, "name", c.before.name, c.after.name);
      field_change(&what, "type", label_of(diff.kinds, c.before.type), label_of(diff.kinds, c.after.type));
      details_change(&what, c.before.details, c.after.details);
      out += "~ " + show(a.noun) + " " + actor_name(diff, a.id) + ": " + what + " (" +
             sources_text(a.sources) + ")\n";
    } else {
      out += std::string(c.kind == ChangeKind::kAdded ? "+" : "-") + " " + show(a.noun) + " " +
             actor_called(diff, a.id, a.name) +
             (a.noun == "actor" ? " (" + show(label_of(diff.kinds, a.type)) + ")" : "") + ", " +
             sources_text(a.sources) + "\n";
    }
  }
  for (const auto& c : diff.relations) {
    const RelationRecord& r = c.kind == ChangeKind::kRemoved ? c.before : c.after;
    if (c.kind == ChangeKind::kChanged) {
      std::string what;
      field_change(&what, "evidence", c.before.evidence, c.after.evidence);
      field_change(&what, "basis", c.before.basis, c.after.basis);
      details_change(&what, c.before.details, c.after.details);
      out += "~ relation " + relation_text(r, diff) + ": " + what + "\n";
    } else {
      out += std::string(c.kind == ChangeKind::kAdded ? "+" : "-") + " relation " + relation_text(r, diff) +
             ": \u201C" + show(r.evidence) + "\u201D\n";
    }
  }
  return out;
}

std::string diff_json(const EditionDiff& diff) {
  auto actor = [&](const ActorRecord& a) {
    Json out = actor_json(a);
    out["type_label"] = label_of(diff.kinds, a.type);
    return out;
  };
  auto relation = [&](const RelationRecord& r) {
    Json out = relation_json(r);
    out["from_name"] = diff.names.count(r.from) ? diff.names.at(r.from) : r.from;
    out["label"] = label_of(diff.labels, r.relation);
    out["to_name"] = diff.names.count(r.to) ? diff.names.at(r.to) : r.to;
    return out;
  };
  const Json out{{"actors", changes_json(diff.actors, actor)},
                 {"relations", changes_json(diff.relations, relation)}};
  return out.dump(2) + "\n";
}

}  // namespace relmap
