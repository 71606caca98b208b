#include "project/patch.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "facts/grades.h"
#include "facts/validate.h"

namespace relmap {

namespace {

/// The records of `view` in file `file`, as [first, last): records are in
/// file order.
template <class FileOf>
std::pair<std::uint32_t, std::uint32_t> rows_of(std::uint32_t count, std::uint32_t file, FileOf file_of) {
  auto first_at = [&](std::uint32_t f) {
    std::uint32_t lo = 0, hi = count;
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (file_of(mid) < f)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  };
  return {first_at(file), first_at(file + 1)};
}

std::pair<std::uint32_t, std::uint32_t> actors_of(const GraphView& view, std::uint32_t file) {
  return rows_of(view.node_count(), file, [&](std::uint32_t v) { return view.node(v).where.file; });
}

std::pair<std::uint32_t, std::uint32_t> relations_of(const GraphView& view, std::uint32_t file) {
  return rows_of(view.edge_count(), file, [&](std::uint32_t e) { return view.edge(e).where.file; });
}

/// What the patch replaces: the snapshot's files read again or gone
/// (by their index among its files), with their actors and relations.
class Replaced {
 public:
  Replaced(const GraphView& view, const InputChanges& changes)
      : view_(view), gone_(view.data_files().left(), 0) {
    std::vector<char> kept(gone_.size(), 0);
    for (std::int64_t was : changes.was)
      if (was >= 0) kept[static_cast<std::size_t>(was)] = 1;
    for (std::size_t f = 0; f < gone_.size(); ++f) gone_[f] = !kept[f];
    for (const Reparsed& r : changes.reparsed)
      if (changes.was[r.file] >= 0) gone_[static_cast<std::size_t>(changes.was[r.file])] = 1;
    for (std::uint32_t f = 0; f < gone_.size(); ++f) {
      if (!gone_[f]) continue;
      for (auto [v, end] = actors_of(view, f); v < end; ++v) actors_.push_back(v);
      for (auto [e, end] = relations_of(view, f); e < end; ++e) relations_.push_back(e);
    }
  }

  /// Whether the file (by its index among the snapshot's) is replaced.
  bool holds(std::uint32_t file) const { return file < gone_.size() && gone_[file]; }
  const std::vector<std::uint32_t>& actors() const { return actors_; }
  const std::vector<std::uint32_t>& relations() const { return relations_; }
  /// Whether a relation of a file not replaced links or cites the actor.
  bool linked_elsewhere(std::uint32_t v) {
    for (auto edges : {view_.out_edges(v), view_.in_edges(v)})
      for (std::uint32_t e : edges)
        if (!holds(view_.edge(e).where.file)) return true;
    if (cited_.empty()) {
      cited_.assign(view_.node_count(), 0);
      for (std::uint32_t e = 0; e < view_.edge_count(); ++e)
        if (!holds(view_.edge(e).where.file)) cited_[view_.edge(e).source] = 1;
    }
    return cited_[v] != 0;
  }
  /// Whether a property of an actor or relation not replaced has one of
  /// `values` for its value.
  bool valued_elsewhere(const std::unordered_set<std::string_view>& values) const {
    if (values.empty()) return false;
    for (std::uint32_t v = 0; v < view_.node_count(); ++v)
      if (!holds(view_.node(v).where.file))
        for (const PropRecord& p : view_.node_properties(v))
          if (values.count(view_.text(p.value))) return true;
    for (std::uint32_t e = 0; e < view_.edge_count(); ++e)
      if (!holds(view_.edge(e).where.file))
        for (const PropRecord& p : view_.edge_properties(e))
          if (values.count(view_.text(p.value))) return true;
    return false;
  }

 private:
  const GraphView& view_;
  std::vector<char> gone_;
  std::vector<std::uint32_t> actors_, relations_;
  std::vector<char> cited_;
};

/// The relation ids given in the files replaced and in the facts read
/// again are the same.
bool same_relation_ids(const GraphView& view, const Replaced& replaced, const InputChanges& changes) {
  std::vector<std::string_view> then, now;
  for (std::uint32_t e : replaced.relations()) {
    const std::string_view id = view.value(view.edge_properties(e), kRelationIdProperty);
    if (!id.empty()) then.push_back(id);
  }
  for (const Reparsed& r : changes.reparsed)
    for (const Relation& rel : r.facts.relations) {
      const std::string_view id = r.facts.value(rel, kRelationIdProperty);
      if (!id.empty()) now.push_back(id);
    }
  std::sort(then.begin(), then.end());
  std::sort(now.begin(), now.end());
  return then == now;
}

/// True if entity `e` of `facts` reads as actor `v` of `view` in its names:
/// its name, aliases and the words for its people.
bool same_names(const GraphView& view, std::uint32_t v, const Facts& facts, const Entity& e) {
  if (view.name(v) != e.name) return false;
  const auto aliases = view.aliases(v);
  const auto now = facts.aliases(e);
  if (!std::equal(aliases.begin(), aliases.end(), now.begin(), now.end(),
                  [&](Str a, std::string_view b) { return view.text(a) == b; }))
    return false;
  std::vector<std::string_view> then_words, now_words;
  for (const PropRecord& p : view.node_properties(v))
    if (view.text(p.name) == "demonyms") then_words.push_back(view.text(p.value));
  for (const PropertyValue& p : facts.properties(e))
    if (p.name == "demonyms") now_words.push_back(p.value);
  return then_words == now_words;
}

/// True if the entities of `facts` are the actors `view` holds for its
/// file `file`, as it holds them: ids, types, names, aliases, properties,
/// positions.
bool same_actors(const Schema& schema, const GraphView& view, std::uint32_t file, const Facts& facts) {
  const auto [first, last] = actors_of(view, file);
  if (last - first != facts.entities.size()) return false;
  for (std::uint32_t v = first; v < last; ++v) {
    const Entity& e = facts.entities[v - first];
    const NodeRecord& n = view.node(v);
    const auto props = view.node_properties(v);
    const auto values = facts.properties(e);
    if (view.id(v) != e.id || schema.node_type_index(e.type) != static_cast<int>(n.type) ||
        n.where.line != e.where.line || n.where.col != e.where.col || !same_names(view, v, facts, e) ||
        !std::equal(props.begin(), props.end(), values.begin(), values.end(),
                    [&](const PropRecord& a, const PropertyValue& b) {
                      return view.text(a.name) == b.name && view.text(a.value) == b.value &&
                             (a.is_list != 0) == b.is_list && a.line == b.value_where.line &&
                             a.col == b.value_where.col;
                    }))
      return false;
  }
  return true;
}

/// Whether the actors the files replaced held can change as they do
/// without a whole validation: an actor gone, or of another type, is not
/// referred to from elsewhere; one named otherwise is not linked from
/// elsewhere (whose quotes would be checked again); a new one has an id
/// no other file gives.
bool actors_patchable(const Schema& schema, const GraphView& view, Replaced* replaced,
                      const InputChanges& changes) {
  std::unordered_map<std::string_view, std::uint32_t> then;
  for (std::uint32_t v : replaced->actors()) then.emplace(view.id(v), v);
  std::unordered_set<std::string_view> now, unreferenced;
  for (const Reparsed& r : changes.reparsed)
    for (const Entity& e : r.facts.entities) {
      if (!now.insert(e.id).second) return false;  // given twice
      const auto was = then.find(e.id);
      if (was == then.end()) {
        if (view.find_id(e.id)) return false;  // given by another file
        continue;
      }
      const std::uint32_t v = was->second;
      if (schema.node_type_index(e.type) != static_cast<int>(view.node(v).type)) {
        unreferenced.insert(e.id);
      } else if (!same_names(view, v, r.facts, e)) {
        for (auto edges : {view.out_edges(v), view.in_edges(v)})
          for (std::uint32_t edge : edges)
            if (!replaced->holds(view.edge(edge).where.file)) return false;
      }
    }
  for (const auto& [id, v] : then)
    if (!now.count(id)) unreferenced.insert(id);
  for (std::string_view id : unreferenced)
    if (replaced->linked_elsewhere(*view.find_id(id))) return false;
  return !replaced->valued_elsewhere(unreferenced);
}

/// Add actor `v` of `view` to `facts` as an entity of file `file`, to be
/// linked to.
void add_actor(const Schema& schema, const GraphView& view, std::uint32_t v, std::uint32_t file,
               Facts* facts) {
  const NodeRecord& n = view.node(v);
  Entity e;
  e.id = view.id(v);
  e.type = schema.node_types()[n.type].name;
  e.name = view.name(v);
  e.aliases = {static_cast<std::uint32_t>(facts->alias_values.size()), n.aliases_count};
  for (Str a : view.aliases(v)) facts->alias_values.push_back(view.text(a));
  e.properties = {static_cast<std::uint32_t>(facts->property_values.size()), n.props_count};
  for (const PropRecord& p : view.node_properties(v)) {
    const LineCol at{p.line, p.col};
    facts->property_values.push_back({view.text(p.name), view.text(p.value), at, at, p.is_list != 0, false});
  }
  e.file = file;
  e.where = e.id_where = e.type_where = {n.where.line, n.where.col};
  facts->entities.push_back(e);
}

/// The facts to validate: those of the files read again, numbered as the
/// files are now, beside the actors of other files they name.
Facts facts_to_check(const Schema& schema, const GraphView& view, const Replaced& replaced,
                     InputChanges* changes) {
  Facts out;
  for (const InputFile& f : changes->manifest.files) out.files.push_back(f.path);
  std::vector<std::uint32_t> now_of(view.data_files().left(), 0);  // a file's index now, by its index then
  for (std::size_t f = 0; f < changes->was.size(); ++f)
    if (changes->was[f] >= 0)
      now_of[static_cast<std::size_t>(changes->was[f])] = static_cast<std::uint32_t>(f);
  std::set<std::string_view> own, named;
  for (const Reparsed& r : changes->reparsed) {
    for (const Entity& e : r.facts.entities) {
      own.insert(e.id);
      for (const PropertyValue& p : r.facts.properties(e)) named.insert(p.value);
    }
    for (const Relation& rel : r.facts.relations) {
      named.insert({rel.from, rel.to, rel.source});
      for (const PropertyValue& p : r.facts.properties(rel)) named.insert(p.value);
    }
  }
  std::set<std::uint32_t> actors;
  for (std::string_view id : named)
    if (!own.count(id))
      if (const auto v = view.find_id(id); v && !replaced.holds(view.node(*v).where.file)) actors.insert(*v);
  for (std::uint32_t v : actors) add_actor(schema, view, v, now_of[view.node(v).where.file], &out);
  for (Reparsed& r : changes->reparsed) out.append_file(std::move(r.facts), r.file);
  return out;
}

/// The ids the actors and relations of the files replaced link, cite or
/// refer to.
std::unordered_set<std::string_view> used_by(const Schema& schema, const GraphView& view,
                                             const Replaced& replaced) {
  std::unordered_set<std::string_view> used;
  for (std::uint32_t e : replaced.relations()) {
    const EdgeRecord& r = view.edge(e);
    used.insert({view.id(r.from), view.id(r.to), view.id(r.source)});
    const RelationType& type = schema.relation_types()[r.relation];
    for (const PropRecord& p : view.edge_properties(e)) {
      const PropertyDef* def = schema.relation_property(type, view.text(p.name));
      if (def != nullptr && def->kind == ValueKind::kRef) used.insert(view.text(p.value));
    }
  }
  for (std::uint32_t v : replaced.actors()) {
    const std::string& type = schema.node_types()[view.node(v).type].name;
    for (const PropRecord& p : view.node_properties(v)) {
      const PropertyDef* def = schema.node_property(type, view.text(p.name));
      if (def != nullptr && def->kind == ValueKind::kRef) used.insert(view.text(p.value));
    }
  }
  return used;
}

}  // namespace

std::optional<SnapshotImage> patched_snapshot(const Schema& schema, std::shared_ptr<const GraphView> base,
                                              InputChanges changes) {
  const GraphView& view = *base;
  for (const Reparsed& r : changes.reparsed)
    if (!r.facts.complete || r.diags.has_errors()) return std::nullopt;
  Replaced replaced(view, changes);
  if (!same_relation_ids(view, replaced, changes) || !actors_patchable(schema, view, &replaced, changes))
    return std::nullopt;
  FilePlan plan;
  for (const InputFile& f : changes.manifest.files) plan.files.push_back(f.path);
  plan.was = changes.was;
  plan.changed.assign(plan.files.size(), 0);
  plan.same_actors = changes.was.size() == view.data_files().left();
  for (std::size_t f = 0; plan.same_actors && f < changes.was.size(); ++f)
    plan.same_actors = changes.was[f] == static_cast<std::int64_t>(f);
  for (const Reparsed& r : changes.reparsed)
    plan.same_actors = plan.same_actors && same_actors(schema, view, r.file, r.facts);
  std::unordered_set<std::string> replaced_paths;  // where the warnings are told again
  for (std::uint32_t f = 0; f < view.data_files().left(); ++f)
    if (replaced.holds(f)) replaced_paths.emplace(view.file(f));
  Diagnostics found;
  for (const Reparsed& r : changes.reparsed) {
    plan.changed[r.file] = 1;
    replaced_paths.insert(plan.files[r.file]);
    found.append(r.diags);
  }
  const std::unordered_set<std::string_view> used_then = used_by(schema, view, replaced);
  const Facts facts = facts_to_check(schema, view, replaced, &changes);
  std::vector<char> used;
  const Elsewhere elsewhere{
      [&](std::uint32_t f) { return plan.changed[f] != 0; },
      [&](std::string_view id) { return !view.edges_valued(kRelationIdProperty, id).empty(); }};
  if (!validate_in_part(schema, facts, elsewhere, &found, &used)) return std::nullopt;

  // Unlinked actors: those the files replaced linked, those the files read
  // again link, and their own, are told again; the others stay as told.
  Diagnostics before;
  view.replay(&before);
  if (before.has_errors()) return std::nullopt;
  std::unordered_set<std::string> told;
  for (const Diagnostic& d : before.items()) told.insert(d.message);
  std::unordered_set<std::string_view> used_now;
  std::unordered_map<std::string_view, const Entity*> own;
  for (std::size_t i = 0; i < facts.entities.size(); ++i) {
    if (used[i]) used_now.insert(facts.entities[i].id);
    if (elsewhere.checked(facts.entities[i].file)) own.emplace(facts.entities[i].id, &facts.entities[i]);
  }
  std::set<std::string_view> again(used_then.begin(), used_then.end());  // in order: the same warnings
  again.insert(used_now.begin(), used_now.end());
  for (const auto& [id, e] : own) again.insert(id);
  std::unordered_set<std::string> retold;  // the messages of `again`
  for (std::string_view id : again) {
    const std::string message = unlinked_message(id);
    retold.insert(message);
    if (used_now.count(id)) continue;
    const std::optional<std::uint32_t> v = view.find_id(id);
    const auto e = own.find(id);
    if (v && replaced.holds(view.node(*v).where.file) && e == own.end()) continue;  // gone with its file
    if (used_then.count(id)) {
      // Linked then by the files replaced, and by others too?
      if (v && replaced.linked_elsewhere(*v)) continue;
      return std::nullopt;  // else a property elsewhere might still refer to it
    }
    if (v && !told.count(message)) continue;  // linked by the rest, as it was
    if (e == own.end()) return std::nullopt;
    found.warning(facts.locate(e->second->file, e->second->id_where), message);
  }
  Diagnostics warnings;
  for (const Diagnostic& d : before.items())
    if (!replaced_paths.count(d.where.file) && !retold.count(d.message)) warnings.warning(d.where, d.message);
  warnings.append(found);
  changes.manifest.restamps = 0;
  return patch_snapshot(schema, std::move(base), facts, plan, warnings, changes.manifest);
}

}  // namespace relmap
