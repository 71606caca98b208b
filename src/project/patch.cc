#include "project/patch.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

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

/// True if the entities of `facts` are the actors `view` holds for the
/// file, as they are: ids, types, names, aliases, properties, positions.
bool same_actors(const Schema& schema, const GraphView& view, std::uint32_t file, const Facts& facts) {
  const auto [first, last] = actors_of(view, file);
  if (last - first != facts.entities.size()) return false;
  for (std::uint32_t v = first; v < last; ++v) {
    const Entity& e = facts.entities[v - first];
    const NodeRecord& n = view.node(v);
    if (view.id(v) != e.id || view.name(v) != e.name ||
        schema.node_type_index(e.type) != static_cast<int>(n.type) || n.where.line != e.where.line ||
        n.where.col != e.where.col)
      return false;
    const auto aliases = view.aliases(v);
    const auto now = facts.aliases(e);
    if (!std::equal(aliases.begin(), aliases.end(), now.begin(), now.end(),
                    [&](Str a, std::string_view b) { return view.text(a) == b; }))
      return false;
    const auto props = view.node_properties(v);
    const auto values = facts.properties(e);
    if (!std::equal(props.begin(), props.end(), values.begin(), values.end(),
                    [&](const PropRecord& a, const PropertyValue& b) {
                      return view.text(a.name) == b.name && view.text(a.value) == b.value &&
                             (a.is_list != 0) == b.is_list && a.line == b.value_where.line &&
                             a.col == b.value_where.col;
                    }))
      return false;
  }
  return true;
}

/// The relation ids given in the file, then and now, are the same.
bool same_relation_ids(const GraphView& view, std::uint32_t file, const Facts& facts) {
  std::vector<std::string_view> then, now;
  const auto [first, last] = relations_of(view, file);
  for (std::uint32_t e = first; e < last; ++e) {
    const std::string_view id = view.value(view.edge_properties(e), kRelationIdProperty);
    if (!id.empty()) then.push_back(id);
  }
  for (const Relation& r : facts.relations) {
    const std::string_view id = facts.value(r, kRelationIdProperty);
    if (!id.empty()) now.push_back(id);
  }
  std::sort(then.begin(), then.end());
  std::sort(now.begin(), now.end());
  return then == now;
}

/// Add actor `v` of `view` to `facts`, as an entity to link to.
void add_actor(const Schema& schema, const GraphView& view, std::uint32_t v, Facts* facts) {
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
  e.file = n.where.file;
  e.where = e.id_where = e.type_where = {n.where.line, n.where.col};
  facts->entities.push_back(e);
}

/// The facts to validate: those of the files reparsed, numbered as the
/// snapshot numbers its files, beside the actors of other files they name.
Facts facts_to_check(const Schema& schema, const GraphView& view, InputChanges* changes) {
  Facts out;
  for (const InputFile& f : changes->manifest.files) out.files.push_back(f.path);
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
      if (const auto v = view.find_id(id)) actors.insert(*v);
  for (std::uint32_t v : actors) add_actor(schema, view, v, &out);
  for (Reparsed& r : changes->reparsed) out.append_file(std::move(r.facts), r.file);
  return out;
}

/// The ids the relations of file `file` of `view` link, cite or refer to,
/// with those its actors refer to.
void used_by_file(const Schema& schema, const GraphView& view, std::uint32_t file,
                  std::unordered_set<std::string_view>* used) {
  const auto [first, last] = relations_of(view, file);
  for (std::uint32_t e = first; e < last; ++e) {
    const EdgeRecord& r = view.edge(e);
    used->insert({view.id(r.from), view.id(r.to), view.id(r.source)});
    const RelationType& type = schema.relation_types()[r.relation];
    for (const PropRecord& p : view.edge_properties(e)) {
      const PropertyDef* def = schema.relation_property(type, view.text(p.name));
      if (def != nullptr && def->kind == ValueKind::kRef) used->insert(view.text(p.value));
    }
  }
  const auto [from, to] = actors_of(view, file);
  for (std::uint32_t v = from; v < to; ++v) {
    const std::string& type = schema.node_types()[view.node(v).type].name;
    for (const PropRecord& p : view.node_properties(v)) {
      const PropertyDef* def = schema.node_property(type, view.text(p.name));
      if (def != nullptr && def->kind == ValueKind::kRef) used->insert(view.text(p.value));
    }
  }
}

/// Whether a relation of a file other than `reparsed` (sorted) links or
/// cites an actor.
class UsedElsewhere {
 public:
  UsedElsewhere(const GraphView& view, const std::vector<std::uint32_t>& reparsed)
      : view_(view), reparsed_(reparsed) {}

  bool operator()(std::uint32_t v) {
    for (auto edges : {view_.out_edges(v), view_.in_edges(v)})
      for (std::uint32_t e : edges)
        if (elsewhere(view_.edge(e))) return true;
    if (cited_.empty()) {
      cited_.assign(view_.node_count(), 0);
      for (std::uint32_t e = 0; e < view_.edge_count(); ++e)
        if (elsewhere(view_.edge(e))) cited_[view_.edge(e).source] = 1;
    }
    return cited_[v] != 0;
  }

 private:
  bool elsewhere(const EdgeRecord& e) const {
    return !std::binary_search(reparsed_.begin(), reparsed_.end(), e.where.file);
  }
  const GraphView& view_;
  const std::vector<std::uint32_t>& reparsed_;
  std::vector<char> cited_;
};

}  // namespace

std::optional<SnapshotImage> patched_snapshot(const Schema& schema, std::shared_ptr<const GraphView> base,
                                              InputChanges changes) {
  const GraphView& view = *base;
  if (changes.reparsed.empty()) return std::nullopt;
  std::vector<std::uint32_t> files;
  std::unordered_set<std::string_view> own;  // the ids of the reparsed files' actors
  std::unordered_set<std::string_view> used_then;
  for (const Reparsed& r : changes.reparsed) {
    if (!r.facts.complete || r.diags.has_errors() || !same_actors(schema, view, r.file, r.facts) ||
        !same_relation_ids(view, r.file, r.facts))
      return std::nullopt;
    files.push_back(r.file);
    for (const Entity& e : r.facts.entities) own.insert(e.id);
    used_by_file(schema, view, r.file, &used_then);
  }
  Diagnostics found;
  for (const Reparsed& r : changes.reparsed) found.append(r.diags);
  const Facts facts = facts_to_check(schema, view, &changes);
  std::vector<char> used;
  const Elsewhere elsewhere{
      [&](std::uint32_t f) { return std::binary_search(files.begin(), files.end(), f); },
      [&](std::string_view id) { return !view.edges_valued(kRelationIdProperty, id).empty(); }};
  if (!validate_in_part(schema, facts, elsewhere, &found, &used)) return std::nullopt;

  // Unlinked actors: those the changed relations linked then or link now,
  // and the reparsed files' own, are told again; the others stay as told.
  Diagnostics before;
  view.replay(&before);
  if (before.has_errors()) return std::nullopt;
  std::unordered_set<std::string> told;
  for (const Diagnostic& d : before.items()) told.insert(d.message);
  std::unordered_set<std::string_view> used_now;
  for (std::size_t i = 0; i < facts.entities.size(); ++i)
    if (used[i]) used_now.insert(facts.entities[i].id);
  std::set<std::string_view> again(used_then.begin(), used_then.end());  // in order: the same warnings
  again.insert(used_now.begin(), used_now.end());
  again.insert(own.begin(), own.end());
  UsedElsewhere used_elsewhere(view, files);
  std::unordered_map<std::string_view, const Entity*> own_entity;
  for (const Entity& e : facts.entities)
    if (elsewhere.checked(e.file)) own_entity.emplace(e.id, &e);
  std::unordered_set<std::string> retold;  // the messages of `again`
  for (std::string_view id : again) {
    const std::string message = unlinked_message(id);
    retold.insert(message);
    if (used_now.count(id)) continue;
    if (used_then.count(id)) {
      // Linked then by the changed relations alone, or by others too?
      const auto v = view.find_id(id);
      if (!v) return std::nullopt;
      if (used_elsewhere(*v)) continue;
      return std::nullopt;  // a property of the rest might refer to it
    } else if (!told.count(message)) {
      continue;  // linked by the rest, as it was
    }
    if (auto e = own_entity.find(id); e != own_entity.end()) {
      found.warning(facts.locate(e->second->file, e->second->id_where), message);
      continue;
    }
    for (const Diagnostic& d : before.items())
      if (d.message == message) found.warning(d.where, message);
  }
  Diagnostics warnings;
  std::unordered_set<std::string_view> reparsed_paths;
  for (std::uint32_t f : files) reparsed_paths.insert(facts.files[f]);
  for (const Diagnostic& d : before.items())
    if (!reparsed_paths.count(d.where.file) && !retold.count(d.message)) warnings.warning(d.where, d.message);
  warnings.append(found);
  changes.manifest.restamps = 0;
  return patch_snapshot(schema, std::move(base), facts, files, warnings, changes.manifest);
}

}  // namespace relmap
