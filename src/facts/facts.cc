#include "facts/facts.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>
#include <thread>
#include <utility>

#include "base/hash.h"
#include "base/parallel.h"
#include "base/text.h"
#include "facts/facts_cache.h"
#include "facts/schema.h"
#include "facts/yaml_reader.h"

namespace relmap {

const char* basis_name(Basis basis) { return basis == Basis::kImplied ? "implied" : "stated"; }

void TextStore::reserve(std::size_t size) {
  if (size <= left_) return;
  blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));  // touched only as used
  next_ = blocks_.back().get();
  left_ = size;
}

std::string_view TextStore::add(std::string_view text) {
  if (text.empty()) return {};
  // Blocks grow with the text stored, from 4 KiB to 1 MiB; a file's facts
  // usually fit the block reserved for its size.
  if (text.size() > left_)
    reserve(
        std::max(text.size(), std::min<std::size_t>(std::max<std::size_t>(4096, capacity_ * 2), 1 << 20)));
  capacity_ = std::max(capacity_, left_);
  std::memcpy(next_, text.data(), text.size());
  const std::string_view out(next_, text.size());
  next_ += text.size();
  left_ -= text.size();
  return out;
}

void TextStore::absorb(TextStore&& other) {
  for (auto& block : other.blocks_) blocks_.push_back(std::move(block));
  other.blocks_.clear();
  other.next_ = nullptr;
  other.left_ = 0;
}

namespace {

const PropertyValue* first_named(std::span<const PropertyValue> values, std::string_view name) {
  for (const PropertyValue& p : values)
    if (p.name == name) return &p;
  return nullptr;
}

/// Turns the items of one file, as they stream from the YAML reader, into
/// entities and relations.
class FactsReader {
 public:
  FactsReader(const std::string& file, std::uint32_t file_index, Facts* facts, Diagnostics* diags)
      : file_(file), file_index_(file_index), facts_(facts), diags_(diags) {}

  void item(const std::string& key, const YamlNode& node) {
    if (key == "entities")
      read_entity(node);
    else if (key == "relations")
      read_relation(node);
  }

  /// After the document: the top-level keys, and the default source for
  /// the relations that gave none (`source:` may follow them).
  void finish(const YamlNode& root) {
    if (root.is_null()) return;  // An empty file holds no facts.
    if (!root.is_map()) {
      error(root, "a facts file must be a mapping with 'entities' and/or 'relations'");
      return;
    }
    check_keys(file_, root, {"source", "entities", "relations"}, "top-level key", diags_);
    for (const char* list : {"entities", "relations"}) {
      const YamlNode* node = root.find(list);
      if (node != nullptr && !node->is_sequence() && !node->is_null())
        error(*node, "'" + std::string(list) + "' must be a list");
    }
    const YamlNode* s = root.find("source");
    if (s == nullptr || !require_line(file_, *s, "'source'", diags_)) {
      for (std::size_t i : unsourced_) facts_->relations[i].source = {};
      return;
    }
    const std::string_view source = facts_->store(s->value);
    for (std::size_t i : unsourced_) {
      facts_->relations[i].source = source;
      facts_->relations[i].source_where = pos(*s);
    }
  }

 private:
  LineCol pos(const YamlNode& node) const { return {node.line, node.col}; }

  void error(const YamlNode& node, std::string message) {
    diags_->error(location_of(file_, node), std::move(message));
  }

  /// Read a required one-line string key; report it missing or malformed.
  bool read_key(const YamlNode& map, std::string_view key, std::string_view what, std::string_view* out,
                LineCol* where) {
    const YamlNode* node = map.find(key);
    if (node == nullptr) {
      error(map, std::string(what) + " has no '" + std::string(key) + "'");
      return false;
    }
    if (!require_line(file_, *node, "'" + std::string(key) + "'", diags_)) return false;
    *out = facts_->store(node->value);
    if (where != nullptr) *where = pos(*node);
    return true;
  }

  void add_value(const YamlNode& key, const YamlNode& value, bool is_list) {
    facts_->property_values.push_back({facts_->store(key.value), facts_->store(value.value), pos(key),
                                       pos(value), is_list, value.multiline});
  }

  void read_value(const YamlNode& key, const YamlNode& value) {
    if (value.is_scalar()) {
      add_value(key, value, false);
    } else if (value.is_sequence()) {
      if (value.items.empty())
        error(value, "property '" + visible_text(key.value) + "' is an empty list: leave it out");
      for (const YamlNode& item : value.items) {
        if (item.is_scalar())
          add_value(key, item, true);
        else
          error(item, "items of '" + visible_text(key.value) + "' must be scalars");
      }
    } else if (value.is_null()) {
      error(value, "property '" + visible_text(key.value) + "' has no value");
    } else {
      error(value, "property '" + visible_text(key.value) + "' must be a scalar or a list of scalars");
    }
  }

  /// Properties: every key but the reserved ones, in file order.
  Range read_properties(const YamlNode& node, const std::vector<std::string>& reserved) {
    Range range{static_cast<std::uint32_t>(facts_->property_values.size()), 0};
    for (const auto& [key, value] : node.entries) {
      if (!key.is_scalar() || std::find(reserved.begin(), reserved.end(), key.value) != reserved.end())
        continue;
      read_value(key, value);
    }
    range.count = static_cast<std::uint32_t>(facts_->property_values.size() - range.first);
    return range;
  }

  void read_entity(const YamlNode& node) {
    if (!node.is_map()) {
      error(node, "an entity must be a mapping with id, type and name");
      return;
    }
    Entity e;
    e.file = file_index_;
    e.where = pos(node);
    bool ok = read_key(node, "id", "entity", &e.id, &e.id_where);
    ok = read_key(node, "type", "entity", &e.type, &e.type_where) && ok;
    ok = read_key(node, "name", "entity", &e.name, nullptr) && ok;
    e.aliases.first = static_cast<std::uint32_t>(facts_->alias_values.size());
    if (const YamlNode* aliases = node.find("aliases")) {
      if (aliases->is_sequence()) {
        for (const YamlNode& a : aliases->items)
          if (require_line(file_, a, "an alias", diags_))
            facts_->alias_values.push_back(facts_->store(a.value));
      } else if (aliases->is_scalar()) {
        if (require_line(file_, *aliases, "an alias", diags_))
          facts_->alias_values.push_back(facts_->store(aliases->value));
      } else {
        error(*aliases, "'aliases' must be a list of names");
      }
    }
    e.aliases.count = static_cast<std::uint32_t>(facts_->alias_values.size() - e.aliases.first);
    e.properties = read_properties(node, Schema::entity_keys());
    if (ok) {
      facts_->entities.push_back(e);
    } else {  // forget what was read for it
      facts_->alias_values.resize(e.aliases.first);
      facts_->property_values.resize(e.properties.first);
    }
  }

  void read_relation(const YamlNode& node) {
    if (!node.is_map()) {
      error(node, "a relation must be a mapping with from, type and to");
      return;
    }
    Relation r;
    r.file = file_index_;
    r.where = pos(node);
    bool ok = read_key(node, "from", "relation", &r.from, &r.from_where);
    ok = read_key(node, "type", "relation", &r.type, &r.type_where) && ok;
    ok = read_key(node, "to", "relation", &r.to, &r.to_where) && ok;
    const bool own_source = node.find("source") != nullptr;
    if (own_source) ok = read_key(node, "source", "relation", &r.source, &r.source_where) && ok;
    if (const YamlNode* basis = node.find("basis")) {
      if (basis->is_scalar() && basis->value == "implied") {
        r.basis = Basis::kImplied;
      } else if (!basis->is_scalar() || basis->value != "stated") {
        error(*basis,
              "'basis' must be 'stated' (the article says it) or 'implied' (it follows from "
              "the quoted words)");
        ok = false;
      }
    }
    if (const YamlNode* ev = node.find("evidence")) {
      if (require_scalar(file_, *ev, "'evidence'", diags_)) {
        r.evidence = facts_->store(ev->value);
        r.evidence_where = pos(*ev);
      } else {
        ok = false;
      }
    }
    r.properties = read_properties(node, Schema::relation_keys());
    if (!ok) {
      facts_->property_values.resize(r.properties.first);
      return;
    }
    if (!own_source) unsourced_.push_back(facts_->relations.size());
    facts_->relations.push_back(r);
  }

  const std::string& file_;
  std::uint32_t file_index_;
  Facts* facts_;
  Diagnostics* diags_;
  std::vector<std::size_t> unsourced_;  // relations waiting for the file's `source:`
};

/// Stat that follows links, with the errno on failure.
int stat_errno(const std::string& path, struct stat* st) { return ::stat(path.c_str(), st) == 0 ? 0 : errno; }

}  // namespace

bool is_fact_file(std::string_view name) {
  return (name.size() > 5 && name.ends_with(".yaml")) || (name.size() > 4 && name.ends_with(".yml"));
}

namespace {

/// A fact file found by the walk, and what stat said of it.
struct Found {
  std::string path;
  bool known = false;  ///< Stat done already (a link followed).
  int error = 0;
  struct stat st {};
};

/// Walk a folder in sorted order, following links; folders already on the
/// way down (a link loop) are reported, not walked again. Plain fact files
/// are only listed here (their stat comes later, on every core); folders
/// and links are examined at once.
void walk(const std::string& dir, std::set<std::pair<dev_t, ino_t>>* ancestors, std::vector<Found>* found,
          Diagnostics* diags) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    diags->error({dir, 0, 0}, std::string("cannot read folder: ") + std::strerror(errno));
    return;
  }
  std::vector<std::pair<std::string, unsigned char>> names;
  errno = 0;
  while (const dirent* entry = ::readdir(d)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name, entry->d_type);
  }
  const int read_errno = errno;
  ::closedir(d);
  if (read_errno != 0)
    diags->error({dir, 0, 0}, std::string("cannot read folder: ") + std::strerror(read_errno));
  std::sort(names.begin(), names.end());
  for (const auto& [name, type] : names) {
    const std::string path = dir + "/" + name;
    if (type == DT_REG) {
      if (is_fact_file(name)) found->push_back({path, false, 0, {}});
      continue;
    }
    struct stat st {};
    const int err = stat_errno(path, &st);
    if (err != 0) {
      // Only entries that would have been read matter: fact files, and
      // links whose target cannot be told (a dangling or looping link).
      struct stat own {};
      const bool is_link = ::lstat(path.c_str(), &own) == 0 && S_ISLNK(own.st_mode);
      if (is_fact_file(name) || is_link)
        diags->error({path, 0, 0},
                     std::string(is_link ? "cannot follow link: " : "cannot read: ") + std::strerror(err));
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!ancestors->insert({st.st_dev, st.st_ino}).second) {
        diags->error({path, 0, 0}, "folder link loops back to a folder above it: not read twice");
        continue;
      }
      walk(path, ancestors, found, diags);
      ancestors->erase({st.st_dev, st.st_ino});
    } else if (is_fact_file(name)) {
      if (!S_ISREG(st.st_mode))
        diags->error({path, 0, 0}, "not a regular file: facts must be in plain files");
      else
        found->push_back({path, true, 0, st});
    }
  }
}

/// How many files a thread examines at a time.
constexpr std::size_t kStatChunk = 256;

/// Run work(i, worker) for every i below n on every core; worker, below
/// file_workers(), tells which thread runs it. Each thread takes `chunk`
/// consecutive i at a time: many quick items are taken in chunks, so that
/// the cores do not fight over the counter and the results' cache lines.
template <class Work>
void on_every_core(std::size_t n, Work&& work, std::size_t chunk = 1) {
  std::atomic<std::size_t> next{0};
  auto run = [&](unsigned worker) {
    for (std::size_t first; (first = next.fetch_add(chunk)) < n;)
      for (std::size_t i = first; i < std::min(n, first + chunk); ++i) work(i, worker);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < file_workers() && t < n; ++t) threads.emplace_back(run, t);
  run(0);
  for (std::thread& t : threads) t.join();
}

/// The result of reading one file on its own.
struct FileResult {
  Facts facts;
  Diagnostics diags;
};

}  // namespace

const PropertyValue* Facts::property(const Entity& e, std::string_view name) const {
  return first_named(properties(e), name);
}

const PropertyValue* Facts::property(const Relation& r, std::string_view name) const {
  return first_named(properties(r), name);
}

std::string_view Facts::value(const Entity& e, std::string_view name) const {
  const PropertyValue* p = property(e, name);
  return p == nullptr ? std::string_view() : p->value;
}

std::string_view Facts::value(const Relation& r, std::string_view name) const {
  const PropertyValue* p = property(r, name);
  return p == nullptr ? std::string_view() : p->value;
}

Location Facts::locate(std::uint32_t file, const LineCol& pos) const {
  if (file >= files.size()) return {};
  return {files[file], pos.line, pos.col};
}

void Facts::append(Facts&& other) {
  const auto file_base = static_cast<std::uint32_t>(files.size());
  for (std::string& f : other.files) files.push_back(std::move(f));
  take_records(std::move(other), [file_base](std::uint32_t f) { return f + file_base; });
}

void Facts::append_file(Facts&& one, std::uint32_t file) {
  take_records(std::move(one), [file](std::uint32_t) { return file; });
}

template <class FileOf>
void Facts::take_records(Facts&& other, FileOf file_of) {
  const auto prop_base = static_cast<std::uint32_t>(property_values.size());
  const auto alias_base = static_cast<std::uint32_t>(alias_values.size());
  for (Entity e : other.entities) {
    e.file = file_of(e.file);
    e.properties.first += prop_base;
    e.aliases.first += alias_base;
    entities.push_back(e);
  }
  for (Relation r : other.relations) {
    r.file = file_of(r.file);
    r.properties.first += prop_base;
    relations.push_back(r);
  }
  property_values.insert(property_values.end(), other.property_values.begin(), other.property_values.end());
  alias_values.insert(alias_values.end(), other.alias_values.begin(), other.alias_values.end());
  complete = complete && other.complete;
  text_.absorb(std::move(other.text_));
  for (auto& owner : other.owners_) owners_.push_back(std::move(owner));
  other = Facts();
}

bool load_facts_text(const std::string& file, std::string_view text, Facts* facts, Diagnostics* diags) {
  const std::size_t errors_before = diags->error_count();
  const auto index = static_cast<std::uint32_t>(facts->files.size());
  facts->files.push_back(file);
  facts->reserve_text(text.size());  // what is stored is part of the text
  FactsReader reader(facts->files.back(), index, facts, diags);
  YamlNode root;
  if (!parse_yaml(file, text, &root, diags,
                  [&](const std::string& key, YamlNode&& item) { reader.item(key, item); })) {
    facts->complete = false;
    return false;
  }
  reader.finish(root);
  return diags->error_count() == errors_before;
}

bool list_fact_files(const std::string& path, std::vector<std::string>* files, Diagnostics* diags,
                     std::vector<FileStamp>* stamps) {
  const std::size_t errors_before = diags->error_count();
  std::vector<FileStamp> own;
  if (stamps == nullptr) stamps = &own;
  struct stat st {};
  const int err = stat_errno(path, &st);
  if (err != 0) {
    diags->error({path, 0, 0}, err == ENOENT ? "no such file or folder"
                                             : std::string("cannot read: ") + std::strerror(err));
  } else if (S_ISDIR(st.st_mode)) {
    std::set<std::pair<dev_t, ino_t>> ancestors{{st.st_dev, st.st_ino}};
    std::string dir = path;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    std::vector<Found> found;
    walk(dir, &ancestors, &found, diags);
    // Stamps on every core: with tens of thousands of files, telling
    // whether anything changed is mostly waiting for stat.
    on_every_core(
        found.size(),
        [&](std::size_t i, unsigned) {
          if (!found[i].known) found[i].error = stat_errno(found[i].path, &found[i].st);
        },
        kStatChunk);
    for (const Found& f : found) {
      if (f.error != 0) {
        diags->error({f.path, 0, 0}, std::string("cannot read: ") + std::strerror(f.error));
      } else if (!S_ISREG(f.st.st_mode)) {
        diags->error({f.path, 0, 0}, "not a regular file: facts must be in plain files");
      } else {
        files->push_back(f.path);
        stamps->push_back(stamp_from(f.st));
      }
    }
  } else if (S_ISREG(st.st_mode)) {
    files->push_back(path);
    stamps->push_back(stamp_of(path));
  } else {
    diags->error({path, 0, 0}, "not a regular file or a folder");
  }
  return diags->error_count() == errors_before;
}

bool load_facts(const std::string& path, Facts* facts, Diagnostics* diags, FactsCache* cache,
                std::vector<InputFile>* inputs) {
  std::vector<std::string> files;
  std::vector<FileStamp> stamps;
  if (!list_fact_files(path, &files, diags, &stamps)) facts->complete = false;
  return load_fact_files(files, stamps, facts, diags, cache, inputs) && facts->complete;
}

bool load_fact_files(const std::vector<std::string>& files, const std::vector<FileStamp>& stamps,
                     Facts* facts, Diagnostics* diags, FactsCache* cache, std::vector<InputFile>* inputs) {
  const std::size_t errors_before = diags->error_count();
  std::vector<FileResult> results(files.size());
  std::vector<InputFile> found(files.size());
  // Each file is read on its own, on every core; the results are merged in
  // the sorted order, so the outcome never depends on the scheduling.
  // Each thread stores the text it reads in blocks of its own, filled up
  // across files rather than one reserved per file.
  std::vector<TextStore> stores(file_workers());
  on_every_core(files.size(), [&](std::size_t i, unsigned worker) {
    FileResult& r = results[i];
    r.facts.share_text(&stores[worker]);
    std::string text;
    found[i] = {files[i], stamps[i], 0, 0};
    if (cache != nullptr &&
        cache->take(files[i], stamps[i], &text, &found[i].hash, &r.facts, &r.diags, &found[i].parsed))
      return;
    if (text.empty() && !read_file(files[i], &text, &r.diags)) {
      r.facts.complete = false;
      return;
    }
    found[i].hash = hash64(text);
    load_facts_text(files[i], text, &r.facts, &r.diags);
    found[i].parsed = cache != nullptr    ? cache->put(files[i], stamps[i], found[i].hash, r.facts, r.diags)
                      : inputs != nullptr ? parse_hash(r.facts, r.diags)
                                          : 0;
  });
  // Room for everything at once: growing by doubling would hold up to
  // three times the relations while they move.
  std::size_t entities = facts->entities.size(), relations = facts->relations.size();
  std::size_t values = facts->property_values.size(), aliases = facts->alias_values.size();
  for (const FileResult& r : results) {
    entities += r.facts.entities.size();
    relations += r.facts.relations.size();
    values += r.facts.property_values.size();
    aliases += r.facts.alias_values.size();
  }
  facts->entities.reserve(entities);
  facts->relations.reserve(relations);
  facts->property_values.reserve(values);
  facts->alias_values.reserve(aliases);
  facts->files.reserve(facts->files.size() + files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    diags->append(results[i].diags);
    if (results[i].facts.files.empty()) results[i].facts.files.push_back(files[i]);  // unreadable
    facts->append(std::move(results[i].facts));
  }
  for (TextStore& store : stores) facts->keep_text(std::move(store));
  if (inputs != nullptr) *inputs = std::move(found);
  return diags->error_count() == errors_before;
}

}  // namespace relmap
