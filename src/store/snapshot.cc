#include "store/snapshot.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>
#include <unordered_map>

#include "base/dates.h"
#include "base/files.h"
#include "base/hash.h"
#include "base/mapped_file.h"
#include "base/text.h"
#include "facts/yaml_reader.h"

namespace relmap {

/// A section's bytes, in pieces one after the other.
struct SectionPieces {
  SectionPieces(std::string_view bytes) : pieces{bytes} {}                        // NOLINT: one piece
  SectionPieces(std::vector<std::string_view> list) : pieces(std::move(list)) {}  // NOLINT
  std::vector<std::string_view> pieces;

  std::size_t size() const {
    std::size_t n = 0;
    for (std::string_view p : pieces) n += p.size();
    return n;
  }
};

namespace {

constexpr char kMagic[8] = {'R', 'E', 'L', 'M', 'A', 'P', 'S', 'N'};
// Bump whenever the layout or the meaning of a field changes.
constexpr std::uint32_t kVersion = 5;
constexpr std::uint32_t kEndian = 0x01020304;

enum Section : std::uint32_t {
  kBlocks,
  kManifest,
  kStrings,
  kNodes,
  kEdges,
  kOutOffsets,
  kOut,
  kInOffsets,
  kIn,
  kOutNeighbors,
  kInNeighbors,
  kProps,
  kAliases,
  kFiles,
  kIds,
  kNames,
  kWords,
  kDiags,
  kSectionCount
};

struct SectionEntry {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint64_t checksum = 0;
};

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t endian;
  std::uint64_t total_size;
  std::uint32_t sections;
  std::uint32_t reserved;
  std::uint64_t table_checksum;  ///< Of the section table.
  SectionEntry table[kSectionCount];
};

/// The start of the file a snapshot's manifest brought up to date is
/// recorded in (write_restamped); the manifest follows, then the XXH64 of
/// everything before it.
constexpr char kRestampedMagic[8] = {'R', 'M', 'S', 'T', 'A', 'M', 'P', 'S'};
struct RestampedHead {
  char magic[8];
  std::uint32_t version;  ///< The snapshot format's.
  std::uint32_t reserved;
  std::uint64_t snapshot;       ///< The identity() of the snapshot it is for.
  std::uint64_t snapshot_size;  ///< And its size.
};
/// More than the manifest of any data folder relmap reads.
constexpr std::size_t kMaxRestampedBytes = std::size_t{1} << 30;

static_assert(std::is_trivially_copyable_v<NodeRecord> && alignof(NodeRecord) <= 8);
static_assert(std::is_trivially_copyable_v<EdgeRecord> && alignof(EdgeRecord) <= 8);
static_assert(sizeof(NodeRecord) == 56 && sizeof(EdgeRecord) == 68 && sizeof(PropRecord) == 28);

/// The bytes of every section, in the sections' order, each in one or
/// more pieces: a list that forgets one does not compile.
template <class... Bytes>
std::array<SectionPieces, kSectionCount> in_order(const Bytes&... bytes) {
  static_assert(sizeof...(Bytes) == kSectionCount, "one view for each section");
  return {SectionPieces(bytes)...};
}

/// The string table: each distinct string once, found again through an
/// open-addressing index of its entries (8 bytes a slot, no node per
/// string).
class StringTable {
 public:
  /// Room for `bytes` of text: reserved, not touched, so it costs only what
  /// is used.
  void reserve(std::size_t bytes) { blob_.reserve(bytes); }
  /// Number the strings from `offset` on: they follow those of another
  /// table, which stay where they are and are not looked up (a string added
  /// again is added anew).
  void start_after(std::size_t offset) { base_ = offset; }

  Str add(std::string_view s) {
    if (s.empty()) return {};
    if (2 * (count_ + 1) > slots_.size()) grow();
    std::size_t i = hash64(s) & (slots_.size() - 1);
    for (; slots_[i].size != 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i].size == s.size() && text(slots_[i]) == s) return slots_[i];
    slots_[i] = {static_cast<std::uint32_t>(base_ + blob_.size()), static_cast<std::uint32_t>(s.size())};
    ++count_;
    blob_.append(s);
    return slots_[i];
  }
  /// The strings added, the first at the offset started after.
  const std::string& blob() const { return blob_; }
  /// The text of a string added.
  std::string_view text(Str s) const { return std::string_view(blob_).substr(s.offset - base_, s.size); }
  /// Forget the index: no string is added after this.
  void seal() { slots_ = {}; }

 private:
  void grow() {
    std::vector<Str> old(std::max<std::size_t>(slots_.size() * 2, 1 << 16));
    old.swap(slots_);
    for (const Str& e : old) {
      if (e.size == 0) continue;
      std::size_t i = hash64(text(e)) & (slots_.size() - 1);
      while (slots_[i].size != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = e;
    }
  }

  std::size_t base_ = 0;
  std::string blob_;
  std::vector<Str> slots_;
  std::size_t count_ = 0;
};

/// What a compiled snapshot's sections are made of.
struct SnapshotParts {
  std::shared_ptr<const GraphView> base;  ///< A snapshot patched, some sections taken as they are.
  std::string head;                       ///< The header and the block checksums.
  std::string manifest;
  StringTable strings;
  std::vector<NodeRecord> nodes;
  std::vector<EdgeRecord> edges;
  std::vector<std::uint32_t> out_offsets, out, in_offsets, in, out_neighbors, in_neighbors, ids;
  std::vector<PropRecord> props;
  std::vector<Str> aliases, files;
  std::vector<NameRecord> names, words;
  std::vector<DiagRecord> diags;
};

template <class T>
std::string_view bytes_of(const std::vector<T>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}

template <class T>
std::string_view span_bytes(std::span<const T> s) {
  return {reinterpret_cast<const char*>(s.data()), s.size_bytes()};
}

template <class T>
void put(std::string* out, const T& value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_text(std::string* out, std::string_view s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out->append(s);
}

template <class T>
bool get(std::string_view bytes, std::size_t* pos, T* value) {
  if (bytes.size() - *pos < sizeof(T)) return false;
  std::memcpy(value, bytes.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

bool get_text(std::string_view bytes, std::size_t* pos, std::string* out) {
  std::uint32_t size = 0;
  if (!get(bytes, pos, &size) || bytes.size() - *pos < size) return false;
  out->assign(bytes.substr(*pos, size));
  *pos += size;
  return true;
}

void put_input(std::string* out, const InputFile& f) {
  put_text(out, f.path);
  put(out, f.stamp.size);
  put(out, f.stamp.mtime_ns);
  put(out, f.stamp.ctime_ns);
  put(out, f.hash);
}

bool get_input(std::string_view bytes, std::size_t* pos, InputFile* f) {
  f->stamp.ok = true;
  return get_text(bytes, pos, &f->path) && get(bytes, pos, &f->stamp.size) &&
         get(bytes, pos, &f->stamp.mtime_ns) && get(bytes, pos, &f->stamp.ctime_ns) &&
         get(bytes, pos, &f->hash);
}

std::string encode_manifest(const Manifest& m) {
  std::string out;
  put(&out, m.program);
  put_input(&out, m.schema);
  put_text(&out, m.data_path);
  put(&out, m.restamps);
  put(&out, static_cast<std::uint32_t>(m.files.size()));
  for (const InputFile& f : m.files) {
    put_input(&out, f);
    put(&out, f.parsed);
  }
  return out;
}

/// The manifest but for its files into `*m`, and where its files are in
/// `*files` (their count in `*count`): every file's record is checked to
/// lie within the bytes, none copied.
bool decode_manifest_head(std::string_view bytes, Manifest* m, std::string_view* files, std::size_t* count) {
  std::size_t pos = 0;
  std::uint32_t n = 0;
  if (!get(bytes, &pos, &m->program) || !get_input(bytes, &pos, &m->schema) ||
      !get_text(bytes, &pos, &m->data_path) || !get(bytes, &pos, &m->restamps) || !get(bytes, &pos, &n))
    return false;
  *files = bytes.substr(pos);
  *count = n;
  ManifestFiles walk(*files, n);
  ManifestFiles::Entry entry;
  while (walk.next(&entry)) {
  }
  return walk.left() == 0 && walk.at_end();
}

/// A text of the manifest, in place.
bool view_text(std::string_view bytes, std::size_t* pos, std::string_view* out) {
  std::uint32_t size = 0;
  if (!get(bytes, pos, &size) || bytes.size() - *pos < size) return false;
  *out = bytes.substr(*pos, size);
  *pos += size;
  return true;
}

/// First and last day of a date property, or the widest bounds.
std::int32_t day_floor(std::string_view text, std::int32_t otherwise) {
  const auto span = date_span(text);
  return span ? span->first : otherwise;
}

std::int32_t day_ceiling(std::string_view text, std::int32_t otherwise) {
  const auto span = date_span(text);
  return span ? span->second : otherwise;
}

}  // namespace

namespace {

/// Append the records of `values` to `props` (their strings to `strings`),
/// into `*first` and `*count`.
void add_props(std::span<const PropertyValue> values, StringTable* strings, std::vector<PropRecord>* props,
               std::uint32_t* first, std::uint32_t* count) {
  *first = static_cast<std::uint32_t>(props->size());
  for (const PropertyValue& p : values)
    props->push_back({strings->add(p.name), strings->add(p.value), p.is_list ? 1u : 0u, p.value_where.line,
                      p.value_where.col});
  *count = static_cast<std::uint32_t>(props->size() - *first);
}

/// The record of relation `r` of `facts`, its ends and source found by
/// `vertex_of` (an optional vertex for an id); false if one of them or its
/// type is unknown. Its `reported` day is set by reported_day.
template <class VertexOf>
bool edge_record(const Schema& schema, const Facts& facts, const Relation& r, VertexOf vertex_of,
                 StringTable* strings, std::vector<PropRecord>* props, EdgeRecord* e) {
  const std::optional<std::uint32_t> from = vertex_of(r.from), to = vertex_of(r.to),
                                     source = vertex_of(r.source);
  const int relation = schema.relation_type_index(r.type);
  if (!from || !to || !source || relation < 0) return false;
  *e = EdgeRecord();
  e->from = *from;
  e->to = *to;
  e->relation = static_cast<std::uint32_t>(relation);
  e->source = *source;
  e->evidence = strings->add(r.evidence);
  e->basis = r.basis == Basis::kImplied ? 1 : 0;
  add_props(facts.properties(r), strings, props, &e->props_first, &e->props_count);
  e->where = {r.file, r.where.line, r.where.col};
  e->evidence_line = r.evidence_where.line;
  e->evidence_col = r.evidence_where.col;
  e->start = day_floor(facts.value(r, "start"), kDawn);
  e->end = day_ceiling(facts.value(r, "end"), kDoom);
  return true;
}

/// The record of entity `e` of `facts` (of a known type), its aliases and
/// properties appended to `aliases` and `props` (their strings to
/// `strings`).
NodeRecord node_record(const Schema& schema, const Facts& facts, const Entity& e, StringTable* strings,
                       std::vector<Str>* aliases, std::vector<PropRecord>* props) {
  const int type = schema.node_type_index(e.type);
  NodeRecord n;
  n.id = strings->add(e.id);
  n.name = strings->add(e.name);
  n.type = static_cast<std::uint32_t>(type);
  n.aliases_first = static_cast<std::uint32_t>(aliases->size());
  for (std::string_view a : facts.aliases(e)) aliases->push_back(strings->add(a));
  n.aliases_count = static_cast<std::uint32_t>(aliases->size() - n.aliases_first);
  add_props(facts.properties(e), strings, props, &n.props_first, &n.props_count);
  n.where = {e.file, e.where.line, e.where.col};
  // A source's `date` is when it was published, not a period of its own.
  const int source_type = schema.node_type_index(kSourceType);
  const bool is_source = source_type >= 0 && schema.is_a(type, source_type);
  const std::string_view start = is_source ? std::string_view() : facts.value(e, "date");
  n.start = day_floor(start.empty() ? facts.value(e, "start") : start, kDawn);
  n.end = day_ceiling(facts.value(e, "end"), kDoom);
  return n;
}

/// The entries of vertex `v` in the name index (its id, name and aliases,
/// folded) and in the word index (the words of its name and aliases), their
/// keys added to `strings`.
void index_names(std::uint32_t v, std::string_view id, std::string_view name,
                 const std::vector<std::string_view>& aliases, StringTable* strings,
                 std::vector<NameRecord>* names, std::vector<NameRecord>* words) {
  std::vector<std::string> keys{fold_for_match(id), fold_for_match(name)};
  for (std::string_view a : aliases) keys.push_back(fold_for_match(a));
  std::sort(keys.begin() + 1, keys.end());
  std::vector<std::string> vertex_words;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (k > 0)
      for (std::string& w : name_words(keys[k])) vertex_words.push_back(std::move(w));
    // The keys go straight into the string table (where they end up
    // anyway), so that the index entries are 12 bytes each.
    names->push_back({strings->add(keys[k]), v});
  }
  std::sort(vertex_words.begin(), vertex_words.end());
  vertex_words.erase(std::unique(vertex_words.begin(), vertex_words.end()), vertex_words.end());
  for (const std::string& w : vertex_words) words->push_back({strings->add(w), v});
}

/// Sort the entries of a name index by key, then vertex, each once; the
/// keys' text by `text_of`.
template <class TextOf>
void sort_names(std::vector<NameRecord>* list, TextOf text_of) {
  auto before = [&](const NameRecord& a, const NameRecord& b) {
    const int order = text_of(a.key).compare(text_of(b.key));
    return order < 0 || (order == 0 && a.vertex < b.vertex);
  };
  std::sort(list->begin(), list->end(), before);
  list->erase(
      std::unique(list->begin(), list->end(),
                  [&](const NameRecord& a, const NameRecord& b) { return !before(a, b) && !before(b, a); }),
      list->end());
}

/// The day a relation was reported: the `date` of its source, whose
/// properties are `source_props` (their text in `strings`).
template <class TextOf>
std::int32_t reported_day(std::span<const PropRecord> source_props, TextOf text_of) {
  std::int32_t day = kDoom;
  for (const PropRecord& p : source_props)
    if (text_of(p.name) == "date") day = day_floor(text_of(p.value), kDoom);
  return day;
}

/// The adjacency of the edges in `runs` (one after the other) among `n`
/// nodes into `parts`, in compressed sparse rows, each row in fact order,
/// with the actor at the other end of each edge beside it, so that a walk
/// need not read the edges themselves.
void fill_adjacency(std::span<const std::span<const EdgeRecord>> runs, std::size_t n, SnapshotParts* parts) {
  std::size_t m = 0;
  for (std::span<const EdgeRecord> run : runs) m += run.size();
  std::vector<std::uint32_t>&out_offsets = parts->out_offsets, &in_offsets = parts->in_offsets,
  &out = parts->out, &in = parts->in, &out_neighbors = parts->out_neighbors,
  &in_neighbors = parts->in_neighbors;
  out_offsets.assign(n + 1, 0);
  in_offsets.assign(n + 1, 0);
  out.resize(m);
  in.resize(m);
  out_neighbors.resize(m);
  in_neighbors.resize(m);
  for (std::span<const EdgeRecord> run : runs)
    for (const EdgeRecord& e : run) {
      ++out_offsets[e.from + 1];
      ++in_offsets[e.to + 1];
    }
  for (std::size_t v = 0; v < n; ++v) {
    out_offsets[v + 1] += out_offsets[v];
    in_offsets[v + 1] += in_offsets[v];
  }
  std::vector<std::uint32_t> out_fill(out_offsets.begin(), out_offsets.end() - 1);
  std::vector<std::uint32_t> in_fill(in_offsets.begin(), in_offsets.end() - 1);
  std::uint32_t i = 0;
  for (std::span<const EdgeRecord> run : runs)
    for (const EdgeRecord& e : run) {
      const std::uint32_t o = out_fill[e.from]++, j = in_fill[e.to]++;
      out[o] = i;
      out_neighbors[o] = e.to;
      in[j] = i;
      in_neighbors[j] = e.from;
      ++i;
    }
}

/// The records of `warnings`, sorted, each located in one of `files`
/// (~0u for a file of none); a message is stored as `kept` has it, if it
/// does, else added to `strings`.
std::vector<DiagRecord> diag_records(const Diagnostics& warnings, std::span<const std::string_view> files,
                                     const std::unordered_map<std::string_view, Str>& kept,
                                     StringTable* strings) {
  std::unordered_map<std::string_view, std::uint32_t> file_index;
  for (std::uint32_t i = 0; i < files.size(); ++i) file_index.emplace(files[i], i);
  std::vector<DiagRecord> out;
  for (const Diagnostic& d : warnings.sorted()) {
    auto f = file_index.find(d.where.file);
    auto message = kept.find(d.message);
    out.push_back({d.severity == Severity::kError ? 1u : 0u,
                   {f == file_index.end() ? ~0u : f->second, d.where.line, d.where.col},
                   message == kept.end() ? strings->add(d.message) : message->second});
  }
  return out;
}

/// The sections of `parts`, sealed, with `manifest`.
std::array<SectionPieces, kSectionCount> sections_of(SnapshotParts* parts, const Manifest& manifest);

}  // namespace

SnapshotImage compile_snapshot(const Schema& schema, const Facts& facts, const Diagnostics& warnings,
                               const Manifest& manifest) {
  auto parts = std::make_shared<SnapshotParts>();
  StringTable& strings = parts->strings;
  std::unordered_map<std::string_view, std::uint32_t> vertex_of;
  vertex_of.reserve(facts.entities.size());
  std::vector<NodeRecord>& nodes = parts->nodes;
  std::vector<PropRecord>& props = parts->props;
  std::vector<Str>& aliases = parts->aliases;
  // Room for the most each part can hold, so that none grows by copying;
  // what stays unused is never touched.
  std::size_t text = 0;
  for (std::string_view a : facts.alias_values) text += 3 * a.size();  // as itself, folded, in words
  for (const PropertyValue& p : facts.property_values) text += p.name.size() + p.value.size();
  for (const Entity& e : facts.entities) text += 3 * (e.id.size() + e.name.size());
  for (const Relation& r : facts.relations) text += r.evidence.size();
  for (const std::string& f : facts.files) text += f.size();
  strings.reserve(text);
  nodes.reserve(facts.entities.size());
  props.reserve(facts.property_values.size());
  aliases.reserve(facts.alias_values.size());
  for (const Entity& e : facts.entities) {
    if (schema.node_type_index(e.type) < 0 ||
        !vertex_of.emplace(e.id, static_cast<std::uint32_t>(nodes.size())).second)
      continue;
    nodes.push_back(node_record(schema, facts, e, &strings, &aliases, &props));
  }
  std::vector<EdgeRecord>& edges = parts->edges;
  edges.reserve(facts.relations.size());
  auto vertex = [&](std::string_view id) -> std::optional<std::uint32_t> {
    auto found = vertex_of.find(id);
    return found == vertex_of.end() ? std::nullopt : std::optional(found->second);
  };
  for (const Relation& r : facts.relations) {
    EdgeRecord e;
    if (edge_record(schema, facts, r, vertex, &strings, &props, &e)) edges.push_back(e);
  }
  auto blob_text = [&](Str s) { return std::string_view(strings.blob()).substr(s.offset, s.size); };
  for (EdgeRecord& e : edges)
    e.reported =
        reported_day({props.data() + nodes[e.source].props_first, nodes[e.source].props_count}, blob_text);
  const std::span<const EdgeRecord> all_edges(edges);
  fill_adjacency({&all_edges, 1}, nodes.size(), parts.get());
  const std::size_t n = nodes.size();
  // Indexes: ids sorted; folded names and their words.
  std::vector<std::uint32_t>& ids = parts->ids;
  ids.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) ids[v] = v;
  auto text_of = [&](Str s) { return std::string_view(strings.blob()).substr(s.offset, s.size); };
  std::sort(ids.begin(), ids.end(),
            [&](std::uint32_t a, std::uint32_t b) { return text_of(nodes[a].id) < text_of(nodes[b].id); });
  std::vector<NameRecord>& names = parts->names;
  std::vector<NameRecord>& words = parts->words;
  for (std::uint32_t v = 0; v < n; ++v) {
    std::vector<std::string_view> alias_texts;
    for (std::uint32_t a = 0; a < nodes[v].aliases_count; ++a)
      alias_texts.push_back(text_of(aliases[nodes[v].aliases_first + a]));
    index_names(v, text_of(nodes[v].id), text_of(nodes[v].name), alias_texts, &strings, &names, &words);
  }
  for (std::vector<NameRecord>* list : {&names, &words}) {
    sort_names(list, text_of);
    list->shrink_to_fit();
  }
  std::vector<Str>& files = parts->files;
  for (const std::string& f : facts.files) files.push_back(strings.add(f));
  const std::vector<std::string_view> file_names(facts.files.begin(), facts.files.end());
  parts->diags = diag_records(warnings, file_names, {}, &strings);
  SnapshotImage image = SnapshotImage::lay_out(sections_of(parts.get(), manifest), &parts->head);
  image.parts_ = std::move(parts);
  return image;
}

SnapshotImage patch_snapshot(const Schema& schema, std::shared_ptr<const GraphView> base_view,
                             const Facts& changed, const FilePlan& plan, const Diagnostics& warnings,
                             const Manifest& manifest) {
  const GraphView& base = *base_view;
  auto parts = std::make_shared<SnapshotParts>();
  parts->base = std::move(base_view);
  // Strings, properties and aliases are written as the base holds them,
  // every block checked first, those of the new facts after them.
  const std::string_view base_strings = base.whole(base.strings_);
  const std::span<const PropRecord> base_props = base.whole(base.props_);
  const std::span<const Str> base_aliases = base.whole(base.aliases_);
  const std::span<const NodeRecord> base_nodes = base.whole(base.nodes_);
  const std::span<const EdgeRecord> base_edges = base.whole(base.edges_);
  StringTable& strings = parts->strings;
  strings.start_after(base_strings.size());
  auto text_of = [&](Str s) {
    return s.offset < base_strings.size() ? base_strings.substr(s.offset, s.size) : strings.text(s);
  };
  std::vector<PropRecord> props;  // after the base's
  std::vector<Str> aliases;       // after the base's
  auto props_of = [&](const NodeRecord& n) {
    return n.props_first < base_props.size()
               ? base_props.subspan(n.props_first, n.props_count)
               : std::span<const PropRecord>(props).subspan(n.props_first - base_props.size(), n.props_count);
  };
  // The image, its actors, relations and indexes in these pieces.
  auto finish = [&](SectionPieces nodes, SectionPieces edges, SectionPieces ids, SectionPieces names,
                    SectionPieces words) {
    strings.seal();
    parts->manifest = encode_manifest(manifest);
    SnapshotParts& p = *parts;
    const auto sections =
        in_order(std::string_view(), p.manifest, std::vector{base_strings, std::string_view(strings.blob())},
                 std::move(nodes), std::move(edges), bytes_of(p.out_offsets), bytes_of(p.out),
                 bytes_of(p.in_offsets), bytes_of(p.in), bytes_of(p.out_neighbors), bytes_of(p.in_neighbors),
                 std::vector{span_bytes(base_props), bytes_of(props)},
                 std::vector{span_bytes(base_aliases), bytes_of(aliases)}, bytes_of(p.files), std::move(ids),
                 std::move(names), std::move(words), bytes_of(p.diags));
    p.props = std::move(props);  // kept alive with the image
    p.aliases = std::move(aliases);
    SnapshotImage image = SnapshotImage::lay_out(sections, &p.head);
    image.parts_ = std::move(parts);
    return image;
  };
  // The files as they are now, and the warnings: messages the base holds
  // are kept where they are.
  for (std::uint32_t f = 0; f < plan.files.size(); ++f)
    parts->files.push_back(plan.was[f] >= 0 ? base.files_[static_cast<std::size_t>(plan.was[f])]
                                            : strings.add(plan.files[f]));
  std::unordered_map<std::string_view, Str> kept_messages;
  for (const DiagRecord& d : base.whole(base.diags_)) kept_messages.emplace(base.text(d.message), d.message);
  const std::vector<std::string_view> file_names(plan.files.begin(), plan.files.end());
  parts->diags = diag_records(warnings, file_names, kept_messages, &strings);
  // Where each of the base's files has its actors and relations.
  const std::size_t old_files = base.files_.size();
  std::vector<std::uint32_t> node_first(old_files + 1, 0), edge_first(old_files + 1, 0);
  for (const NodeRecord& n : base_nodes) ++node_first[n.where.file + 1];
  for (const EdgeRecord& e : base_edges) ++edge_first[e.where.file + 1];
  for (std::size_t f = 0; f < old_files; ++f) {
    node_first[f + 1] += node_first[f];
    edge_first[f + 1] += edge_first[f];
  }
  if (plan.same_actors) {
    // The actors as the base holds them, with their indexes; the relations
    // of each file read again where its old ones were.
    std::vector<EdgeRecord>& added = parts->edges;
    // Each changed file, and where its relations start in `added`.
    std::vector<std::pair<std::uint32_t, std::size_t>> placed;
    std::size_t r = 0;
    for (std::uint32_t f = 0; f < plan.files.size(); ++f) {
      if (!plan.changed[f]) continue;
      placed.emplace_back(f, added.size());
      for (; r < changed.relations.size() && changed.relations[r].file <= f; ++r) {
        EdgeRecord e;
        if (changed.relations[r].file != f ||
            !edge_record(
                schema, changed, changed.relations[r], [&](std::string_view id) { return base.find_id(id); },
                &strings, &props, &e))
          continue;
        e.props_first += static_cast<std::uint32_t>(base_props.size());
        e.reported = reported_day(props_of(base_nodes[e.source]), text_of);
        added.push_back(e);
      }
    }
    // In runs once all are added, so that none points where `added` was.
    std::vector<std::span<const EdgeRecord>> runs;
    std::size_t kept_from = 0;
    for (std::size_t i = 0; i < placed.size(); ++i) {
      const auto [f, first] = placed[i];
      const std::size_t end = i + 1 < placed.size() ? placed[i + 1].second : added.size();
      runs.push_back(base_edges.subspan(kept_from, edge_first[f] - kept_from));
      runs.push_back(std::span<const EdgeRecord>(added).subspan(first, end - first));
      kept_from = edge_first[f + 1];
    }
    runs.push_back(base_edges.subspan(kept_from));
    fill_adjacency(runs, base_nodes.size(), parts.get());
    std::vector<std::string_view> edge_pieces;
    for (std::span<const EdgeRecord> run : runs) edge_pieces.push_back(span_bytes(run));
    return finish(span_bytes(base_nodes), edge_pieces, span_bytes(base.whole(base.ids_)),
                  span_bytes(base.whole(base.names_)), span_bytes(base.whole(base.words_)));
  }
  // The actors, file by file: a file unchanged gives the base's, renumbered.
  constexpr std::uint32_t kGone = ~0u;
  std::vector<std::uint32_t> vertex_now(base_nodes.size(), kGone);
  std::unordered_map<std::string_view, std::uint32_t> new_vertex;  // the changed files' actors
  std::vector<char> is_new;                                        // by vertex now
  std::vector<NodeRecord>& nodes = parts->nodes;
  nodes.reserve(base_nodes.size() + changed.entities.size());
  // The facts of the changed files, in file order.
  std::vector<const Entity*> entities;
  std::vector<const Relation*> relations;
  for (const Entity& e : changed.entities)
    if (plan.changed[e.file]) entities.push_back(&e);
  for (const Relation& r : changed.relations)
    if (plan.changed[r.file]) relations.push_back(&r);
  std::size_t next = 0;
  for (std::uint32_t f = 0; f < plan.files.size(); ++f) {
    if (!plan.changed[f]) {
      const auto o = static_cast<std::size_t>(plan.was[f]);
      for (std::uint32_t v = node_first[o]; v < node_first[o + 1]; ++v) {
        vertex_now[v] = static_cast<std::uint32_t>(nodes.size());
        nodes.push_back(base_nodes[v]);
        nodes.back().where.file = f;
      }
      continue;
    }
    for (; next < entities.size() && entities[next]->file == f; ++next) {
      const Entity& e = *entities[next];
      if (schema.node_type_index(e.type) < 0 ||
          !new_vertex.emplace(e.id, static_cast<std::uint32_t>(nodes.size())).second)
        continue;
      NodeRecord n = node_record(schema, changed, e, &strings, &aliases, &props);
      n.aliases_first += static_cast<std::uint32_t>(base_aliases.size());
      n.props_first += static_cast<std::uint32_t>(base_props.size());
      nodes.push_back(n);
    }
  }
  is_new.assign(nodes.size(), 0);
  for (const auto& [id, v] : new_vertex) is_new[v] = 1;
  auto vertex = [&](std::string_view id) -> std::optional<std::uint32_t> {
    if (auto found = new_vertex.find(id); found != new_vertex.end()) return found->second;
    const std::optional<std::uint32_t> v = base.find_id(id);
    if (!v || vertex_now[*v] == kGone) return std::nullopt;
    return vertex_now[*v];
  };
  // An actor of the base now: where its file put it, else (its file read
  // again) where it is given now.
  auto renumbered = [&](std::uint32_t v) {
    return vertex_now[v] != kGone ? vertex_now[v] : new_vertex.at(text_of(base_nodes[v].id));
  };
  // The relations, file by file: a file unchanged gives the base's, their
  // actors renumbered (and the day they were reported, if their source
  // changed).
  std::vector<EdgeRecord>& edges = parts->edges;
  edges.reserve(base_edges.size() + changed.relations.size());
  next = 0;
  for (std::uint32_t f = 0; f < plan.files.size(); ++f) {
    if (!plan.changed[f]) {
      const auto o = static_cast<std::size_t>(plan.was[f]);
      for (std::uint32_t i = edge_first[o]; i < edge_first[o + 1]; ++i) {
        EdgeRecord e = base_edges[i];
        e.from = renumbered(e.from);
        e.to = renumbered(e.to);
        e.source = renumbered(e.source);
        e.where.file = f;
        if (is_new[e.source]) e.reported = reported_day(props_of(nodes[e.source]), text_of);
        edges.push_back(e);
      }
      continue;
    }
    for (; next < relations.size() && relations[next]->file == f; ++next) {
      EdgeRecord e;
      if (!edge_record(schema, changed, *relations[next], vertex, &strings, &props, &e)) continue;
      e.props_first += static_cast<std::uint32_t>(base_props.size());
      e.reported = reported_day(props_of(nodes[e.source]), text_of);
      edges.push_back(e);
    }
  }
  const std::span<const EdgeRecord> all_edges(edges);
  fill_adjacency({&all_edges, 1}, nodes.size(), parts.get());
  // The indexes: the base's entries renumbered, merged with the new actors'.
  std::vector<std::uint32_t> added;
  for (std::uint32_t v = 0; v < nodes.size(); ++v)
    if (is_new[v]) added.push_back(v);
  auto id_before = [&](std::uint32_t a, std::uint32_t b) {
    return text_of(nodes[a].id) < text_of(nodes[b].id);
  };
  std::sort(added.begin(), added.end(), id_before);
  std::vector<std::uint32_t> kept_ids;
  for (std::uint32_t v : base.whole(base.ids_))
    if (vertex_now[v] != kGone) kept_ids.push_back(vertex_now[v]);
  parts->ids.resize(kept_ids.size() + added.size());
  std::merge(kept_ids.begin(), kept_ids.end(), added.begin(), added.end(), parts->ids.begin(), id_before);
  std::vector<NameRecord> new_names, new_words;
  for (std::uint32_t v : added) {
    std::vector<std::string_view> alias_texts;
    for (std::uint32_t a = 0; a < nodes[v].aliases_count; ++a)
      alias_texts.push_back(text_of(aliases[nodes[v].aliases_first - base_aliases.size() + a]));
    index_names(v, text_of(nodes[v].id), text_of(nodes[v].name), alias_texts, &strings, &new_names,
                &new_words);
  }
  for (auto [list, fresh, index] : {std::tuple{&parts->names, &new_names, base.whole(base.names_)},
                                    std::tuple{&parts->words, &new_words, base.whole(base.words_)}}) {
    sort_names(fresh, text_of);
    std::vector<NameRecord> kept;
    kept.reserve(index.size());
    for (NameRecord r : index)
      if (vertex_now[r.vertex] != kGone) kept.push_back({r.key, vertex_now[r.vertex]});
    list->resize(kept.size() + fresh->size());
    std::merge(kept.begin(), kept.end(), fresh->begin(), fresh->end(), list->begin(),
               [&](const NameRecord& a, const NameRecord& b) {
                 const int order = text_of(a.key).compare(text_of(b.key));
                 return order < 0 || (order == 0 && a.vertex < b.vertex);
               });
  }
  return finish(bytes_of(nodes), bytes_of(edges), bytes_of(parts->ids), bytes_of(parts->names),
                bytes_of(parts->words));
}

namespace {

std::array<SectionPieces, kSectionCount> sections_of(SnapshotParts* parts, const Manifest& manifest) {
  SnapshotParts& p = *parts;
  p.strings.seal();
  p.manifest = encode_manifest(manifest);
  return in_order(std::string_view(), p.manifest, p.strings.blob(), bytes_of(p.nodes), bytes_of(p.edges),
                  bytes_of(p.out_offsets), bytes_of(p.out), bytes_of(p.in_offsets), bytes_of(p.in),
                  bytes_of(p.out_neighbors), bytes_of(p.in_neighbors), bytes_of(p.props), bytes_of(p.aliases),
                  bytes_of(p.files), bytes_of(p.ids), bytes_of(p.names), bytes_of(p.words),
                  bytes_of(p.diags));
}

}  // namespace

SnapshotImage SnapshotImage::lay_out(std::span<const SectionPieces> sections, std::string* head) {
  // The layout: the header, the checksums of the blocks, then the
  // sections, each on an 8-byte boundary; blocks of 64 KiB run from the end
  // of the block checksums to the end of the file.
  auto aligned = [](std::uint64_t size) { return (size + 7) / 8 * 8; };
  std::uint64_t data_size = 0;
  for (std::uint32_t s = kManifest; s < kSectionCount; ++s) data_size += aligned(sections[s].size());
  const std::uint64_t block = std::uint64_t{1} << 16;
  const std::uint64_t blocks = (data_size + block - 1) / block;
  Header header{};
  std::memcpy(header.magic, kMagic, 8);
  header.version = kVersion;
  header.endian = kEndian;
  header.sections = kSectionCount;
  const std::uint64_t data_start = aligned(sizeof(Header)) + blocks * 8;
  header.table[kBlocks] = {aligned(sizeof(Header)), blocks * 8, 0};
  std::uint64_t offset = data_start;
  for (std::uint32_t s = kManifest; s < kSectionCount; ++s) {
    Hasher section;
    for (std::string_view piece : sections[s].pieces) section.update(piece.data(), piece.size());
    header.table[s] = {offset, sections[s].size(), section.digest()};
    offset += aligned(sections[s].size());
  }
  header.total_size = offset;
  // The checksums of the blocks, hashed as the sections stream by.
  static constexpr char kZeros[8] = {};
  SnapshotImage image;
  image.pieces_.push_back({});  // the header and block checksums, below
  for (std::uint32_t s = kManifest; s < kSectionCount; ++s) {
    for (std::string_view piece : sections[s].pieces)
      if (!piece.empty()) image.pieces_.push_back(piece);
    if (aligned(sections[s].size()) != sections[s].size())
      image.pieces_.emplace_back(kZeros, aligned(sections[s].size()) - sections[s].size());
  }
  std::vector<std::uint64_t> sums;
  sums.reserve(blocks);
  Hasher hasher;
  std::uint64_t in_block = 0;
  for (std::size_t i = 1; i < image.pieces_.size(); ++i) {
    for (std::string_view piece = image.pieces_[i]; !piece.empty();) {
      const std::size_t take =
          static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), block - in_block));
      hasher.update(piece.data(), take);
      piece.remove_prefix(take);
      if ((in_block += take) == block) {
        sums.push_back(hasher.digest());
        hasher = Hasher();
        in_block = 0;
      }
    }
  }
  if (in_block > 0) sums.push_back(hasher.digest());
  header.table[kBlocks].checksum = hash64(bytes_of(sums));
  header.table_checksum = hash64({reinterpret_cast<const char*>(header.table), sizeof header.table});
  head->assign(data_start, '\0');
  std::memcpy(head->data(), &header, sizeof header);
  std::memcpy(head->data() + header.table[kBlocks].offset, sums.data(), blocks * 8);
  image.pieces_[0] = *head;
  image.size_ = offset;
  return image;
}

std::string SnapshotImage::bytes() const {
  std::string out;
  out.reserve(size_);
  for (std::string_view piece : pieces_) out.append(piece);
  return out;
}

void GraphView::damaged(const char* what) {
  throw SnapshotDamaged(std::string("the snapshot is damaged: ") + what + " does not check out");
}

void GraphView::check_block(std::size_t b) const {
  const std::size_t block = std::size_t{1} << kBlockBits;
  if (b >= block_sums_.size()) damaged("a block");
  const std::size_t data_size = static_cast<std::size_t>(data_end_ - data_);
  const std::size_t length = std::min(block, data_size - b * block);
  if (hash64({data_ + b * block, length}) != block_sums_[b]) damaged("a block's checksum");
  checked_[b].store(true, std::memory_order_relaxed);
}

std::shared_ptr<const GraphView> GraphView::open(std::shared_ptr<const void> owner, std::string_view bytes,
                                                 std::string* why, Check check) {
  return open_view(std::move(owner), bytes, why, check);
}

std::shared_ptr<GraphView> GraphView::open_view(std::shared_ptr<const void> owner, std::string_view bytes,
                                                std::string* why, Check check) {
  auto fail = [&](const char* reason) {
    *why = reason;
    return nullptr;
  };
  if (bytes.size() < sizeof(Header)) return fail("too short to be a snapshot");
  Header header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (std::memcmp(header.magic, kMagic, 8) != 0) return fail("not a relmap snapshot");
  if (header.version != kVersion || header.endian != kEndian || header.sections != kSectionCount)
    return fail("a snapshot of another version");
  if (header.total_size != bytes.size()) return fail("truncated");
  if (hash64({reinterpret_cast<const char*>(header.table), sizeof header.table}) != header.table_checksum)
    return fail("damaged section table");
  std::string_view section[kSectionCount];
  for (std::uint32_t s = 0; s < kSectionCount; ++s) {
    const SectionEntry& e = header.table[s];
    if (e.offset % 8 != 0 || e.offset > bytes.size() || e.size > bytes.size() - e.offset)
      return fail("a section lies outside the file");
    section[s] = bytes.substr(e.offset, e.size);
  }
  // The small parts are checked now, the rest as check asks.
  for (std::uint32_t s : {kBlocks, kManifest})
    if (hash64(section[s]) != header.table[s].checksum)
      return fail("checksum mismatch: the snapshot is damaged");
  if (check == Check::kAll)
    for (std::uint32_t s = kStrings; s < kSectionCount; ++s)
      if (hash64(section[s]) != header.table[s].checksum)
        return fail("checksum mismatch: the snapshot is damaged");
  auto view = std::shared_ptr<GraphView>(new GraphView());
  GraphView& g = *view;
  g.owner_ = std::move(owner);
  g.size_ = bytes.size();
  g.identity_ = header.table_checksum;
  g.data_ = section[kManifest].data();
  g.data_end_ = bytes.data() + bytes.size();
  if (section[kBlocks].size() % 8 != 0) return fail("damaged block checksums");
  g.block_sums_ = {reinterpret_cast<const std::uint64_t*>(section[kBlocks].data()),
                   section[kBlocks].size() / 8};
  const std::size_t block = std::size_t{1} << kBlockBits;
  if (g.block_sums_.size() != (static_cast<std::size_t>(g.data_end_ - g.data_) + block - 1) / block)
    return fail("damaged block checksums");
  g.checked_ = std::make_unique<std::atomic<bool>[]>(g.block_sums_.size());
  for (std::size_t b = 0; b < g.block_sums_.size(); ++b) g.checked_[b].store(check == Check::kAll);
  g.strings_ = section[kStrings];
  bool shaped = true;
  auto records = [&](Section s, auto* out) {
    using T = typename std::remove_reference_t<decltype(*out)>::element_type;
    if (section[s].size() % sizeof(T) != 0) shaped = false;
    *out = {reinterpret_cast<const T*>(section[s].data()), section[s].size() / sizeof(T)};
  };
  records(kNodes, &g.nodes_);
  records(kEdges, &g.edges_);
  records(kOutOffsets, &g.out_offsets_);
  records(kOut, &g.out_);
  records(kInOffsets, &g.in_offsets_);
  records(kIn, &g.in_);
  records(kOutNeighbors, &g.out_neighbors_);
  records(kInNeighbors, &g.in_neighbors_);
  records(kProps, &g.props_);
  records(kAliases, &g.aliases_);
  records(kFiles, &g.files_);
  records(kIds, &g.ids_);
  records(kNames, &g.names_);
  records(kWords, &g.words_);
  records(kDiags, &g.diags_);
  const std::size_t n = g.nodes_.size(), m = g.edges_.size();
  if (!shaped || !decode_manifest_head(section[kManifest], &g.head_, &g.files_bytes_, &g.file_count_) ||
      g.out_offsets_.size() != n + 1 || g.in_offsets_.size() != n + 1 || g.out_.size() != m ||
      g.in_.size() != m || g.out_neighbors_.size() != m || g.in_neighbors_.size() != m || g.ids_.size() != n)
    return fail("damaged sections");
  if (check == Check::kOnRead) return view;
  // Every index and string within bounds, so that reading never goes astray.
  auto str_ok = [&](Str s) { return std::uint64_t{s.offset} + s.size <= g.strings_.size(); };
  auto rows_ok = [&](std::span<const std::uint32_t> offsets, std::span<const std::uint32_t> rows) {
    if (offsets[0] != 0 || offsets[n] != m) return false;
    for (std::size_t v = 0; v < n; ++v)
      if (offsets[v] > offsets[v + 1]) return false;
    return std::all_of(rows.begin(), rows.end(), [&](std::uint32_t e) { return e < m; });
  };
  if (!rows_ok(g.out_offsets_, g.out_) || !rows_ok(g.in_offsets_, g.in_)) return fail("damaged adjacency");
  for (std::size_t i = 0; i < m; ++i)
    if (g.out_neighbors_[i] != g.edges_[g.out_[i]].to || g.in_neighbors_[i] != g.edges_[g.in_[i]].from)
      return fail("damaged adjacency");
  for (const NodeRecord& r : g.nodes_)
    if (!str_ok(r.id) || !str_ok(r.name) ||
        std::uint64_t{r.aliases_first} + r.aliases_count > g.aliases_.size() ||
        std::uint64_t{r.props_first} + r.props_count > g.props_.size())
      return fail("damaged actors");
  for (const EdgeRecord& r : g.edges_)
    if (r.from >= n || r.to >= n || r.source >= n || !str_ok(r.evidence) ||
        std::uint64_t{r.props_first} + r.props_count > g.props_.size())
      return fail("damaged relations");
  for (const PropRecord& p : g.props_)
    if (!str_ok(p.name) || !str_ok(p.value)) return fail("damaged properties");
  for (std::span<const Str> list : {g.aliases_, g.files_})
    for (Str s : list)
      if (!str_ok(s)) return fail("damaged strings");
  if (!std::all_of(g.ids_.begin(), g.ids_.end(), [&](std::uint32_t v) { return v < n; }))
    return fail("damaged id index");
  for (std::span<const NameRecord> list : {g.names_, g.words_})
    for (const NameRecord& r : list)
      if (!str_ok(r.key) || r.vertex >= n) return fail("damaged name index");
  for (const DiagRecord& d : g.diags_)
    if (!str_ok(d.message)) return fail("damaged diagnostics");
  return view;
}

std::shared_ptr<const GraphView> GraphView::open_file(const std::string& path, std::string* why,
                                                      Check check) {
  auto file = std::make_shared<MappedFile>(path);
  if (file->empty()) {
    *why = "cannot be read";
    return nullptr;
  }
  const std::string_view bytes = file->bytes();
  std::shared_ptr<GraphView> view = open_view(std::move(file), bytes, why, check);
  // Mapped rather than read: its 4 MB at a million relations are read
  // once, by the checksum, and no copy is made of them.
  if (view) {
    auto restamped = std::make_shared<const MappedFile>(restamped_path(path));
    if (!restamped->empty() && restamped->bytes().size() <= kMaxRestampedBytes)
      view->adopt_restamped(std::move(restamped));
  }
  return view;
}

void GraphView::adopt_restamped(std::shared_ptr<const MappedFile> file) {
  const std::string_view bytes = file->bytes();
  RestampedHead head;
  if (bytes.size() < sizeof head + 8) return;
  std::memcpy(&head, bytes.data(), sizeof head);
  const std::string_view checked(bytes.data(), bytes.size() - 8);
  std::uint64_t sum = 0;
  std::memcpy(&sum, bytes.data() + checked.size(), 8);
  if (std::memcmp(head.magic, kRestampedMagic, 8) != 0 || head.version != kVersion ||
      head.snapshot != identity_ || head.snapshot_size != size_ || hash64(checked) != sum)
    return;
  const std::string_view manifest = bytes.substr(sizeof head, bytes.size() - sizeof head - 8);
  Manifest m;
  std::string_view files;
  std::size_t count = 0;
  if (!decode_manifest_head(manifest, &m, &files, &count) || count != file_count_ ||
      m.program != head_.program || m.data_path != head_.data_path)
    return;
  restamped_ = std::move(file);
  head_ = std::move(m);
  files_bytes_ = files;
}

std::string restamped_path(const std::string& snapshot_path) { return snapshot_path + ".stamps"; }

bool write_restamped(const std::string& snapshot_path, const GraphView& view, const Manifest& manifest,
                     Diagnostics* diags) {
  RestampedHead head{};
  std::memcpy(head.magic, kRestampedMagic, 8);
  head.version = kVersion;
  head.snapshot = view.identity();
  head.snapshot_size = view.size();
  std::string bytes(reinterpret_cast<const char*>(&head), sizeof head);
  bytes += encode_manifest(manifest);
  put(&bytes, hash64(bytes));
  return write_file(restamped_path(snapshot_path), bytes, diags);
}

std::string_view GraphView::file(std::uint32_t i) const { return text(at(files_, i)); }

std::string_view GraphView::value(std::span<const PropRecord> props, std::string_view name) const {
  for (const PropRecord& p : props)
    if (text(p.name) == name) return text(p.value);
  return {};
}

std::span<const std::uint32_t> GraphView::edges_valued(std::string_view name, std::string_view wanted) const {
  const std::lock_guard<std::mutex> hold(valued_lock_);
  auto index = valued_.find(name);
  if (index == valued_.end()) {
    index = valued_.emplace(std::string(name), EdgesByValue{}).first;
    for (std::uint32_t e = 0; e < edge_count(); ++e) {
      const std::string_view v = value(edge_properties(e), name);
      if (!v.empty()) index->second[v].push_back(e);
    }
  }
  const auto edges = index->second.find(wanted);
  if (edges == index->second.end()) return {};
  return edges->second;
}

std::optional<std::uint32_t> GraphView::find_id(std::string_view wanted) const {
  std::size_t lo = 0, hi = ids_.size();
  while (lo < hi) {  // binary search, reading only what it compares
    const std::size_t mid = lo + (hi - lo) / 2;
    if (id(at(ids_, mid)) < wanted)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == ids_.size() || id(at(ids_, lo)) != wanted) return std::nullopt;
  return at(ids_, lo);
}

std::vector<std::uint32_t> GraphView::find_name(std::string_view raw) const {
  const std::string key = fold_for_match(raw);
  std::vector<std::uint32_t> out;
  for (std::size_t i = lower_bound(names_, key); i < names_.size() && text(at(names_, i).key) == key; ++i)
    out.push_back(at(names_, i).vertex);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> GraphView::find_words(std::string_view raw) const {
  const std::vector<std::string> wanted = name_words(fold_for_match(raw));
  std::vector<std::uint32_t> found;
  bool first = true;
  for (const std::string& w : wanted) {
    std::vector<std::uint32_t> these;
    for (std::size_t i = lower_bound(words_, w);
         i < words_.size() && text(at(words_, i).key).substr(0, w.size()) == w; ++i)
      these.push_back(at(words_, i).vertex);
    std::sort(these.begin(), these.end());
    these.erase(std::unique(these.begin(), these.end()), these.end());
    if (first) {
      found = std::move(these);
      first = false;
    } else {
      std::vector<std::uint32_t> both;
      std::set_intersection(found.begin(), found.end(), these.begin(), these.end(), std::back_inserter(both));
      found = std::move(both);
    }
  }
  return found;
}

std::size_t GraphView::lower_bound(std::span<const NameRecord> list, std::string_view key) const {
  std::size_t lo = 0, hi = list.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (text(at(list, mid).key) < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void GraphView::replay(Diagnostics* diags) const {
  for (std::size_t i = 0; i < diags_.size(); ++i) {
    const DiagRecord& d = at(diags_, i);
    const Location where = locate(d.where);
    if (d.severity == 1)
      diags->error(where, std::string(text(d.message)));
    else
      diags->warning(where, std::string(text(d.message)));
  }
}

bool ManifestFiles::next(Entry* entry) {
  if (left_ == 0) return false;
  std::size_t pos = pos_;
  entry->stamp.ok = true;
  if (!view_text(bytes_, &pos, &entry->path) || !get(bytes_, &pos, &entry->stamp.size) ||
      !get(bytes_, &pos, &entry->stamp.mtime_ns) || !get(bytes_, &pos, &entry->stamp.ctime_ns) ||
      !get(bytes_, &pos, &entry->hash) || !get(bytes_, &pos, &entry->parsed))
    return false;
  pos_ = pos;
  --left_;
  return true;
}

const Manifest& GraphView::manifest() const {
  std::call_once(manifest_once_, [this] {
    manifest_.program = head_.program;
    manifest_.schema = head_.schema;
    manifest_.data_path = head_.data_path;
    manifest_.restamps = head_.restamps;
    manifest_.files.reserve(file_count_);
    ManifestFiles files = data_files();
    ManifestFiles::Entry f;
    while (files.next(&f)) manifest_.files.push_back({std::string(f.path), f.stamp, f.hash, f.parsed});
  });
  return manifest_;
}

bool built_for(const GraphView& view, const std::string& schema_path, const std::string& data_path) {
  return view.built_by() == program_identity() && view.data_path() == data_path &&
         view.schema_input().path == schema_path;
}

bool inputs_unchanged(const GraphView& view, const std::string& schema_path, const std::string& data_path,
                      bool* restamp, std::vector<std::string>* files, std::vector<FileStamp>* stamps) {
  bool changed = false, unchanged = true;
  const InputFile& schema = view.schema_input();
  if (!built_for(view, schema_path, data_path)) return false;
  const FileStamp schema_now = stamp_of(schema_path);
  if (!schema_now.ok || (schema_now != schema.stamp && (schema_now.size != schema.stamp.size ||
                                                        input_file(schema_path).hash != schema.hash)))
    return false;
  changed = schema_now != schema.stamp;
  const bool listing = files != nullptr && stamps != nullptr;
  ManifestFiles recorded = view.data_files();
  ManifestFiles::Entry was;
  std::size_t seen = 0;  // files found so far, as recorded
  // The files before the first that changed are listed only then, from the
  // manifest, where they are as found: nothing is copied while none changed.
  auto list_up_to_now = [&] {
    if (!listing || !files->empty() || seen == 0) return;
    files->reserve(recorded.left() + seen);
    stamps->reserve(recorded.left() + seen);
    ManifestFiles before = view.data_files();
    ManifestFiles::Entry entry;
    for (std::size_t i = 0; i + 1 < seen && before.next(&entry); ++i) {
      files->emplace_back(entry.path);
      stamps->push_back(entry.stamp);
    }
  };
  std::string path;  // only for a file whose stamp changed
  const bool scanned = scan_fact_files(data_path, [&](const ScannedFile& now) {
    if (!recorded.next(&was) || was.path.size() != now.folder.size() + now.name.size() ||
        !was.path.starts_with(now.folder) || !was.path.ends_with(now.name))
      return false;
    ++seen;
    if (now.stamp != was.stamp) list_up_to_now();
    if (listing && (!files->empty() || now.stamp != was.stamp)) {
      files->emplace_back(was.path);
      stamps->push_back(now.stamp);
    }
    if (now.stamp == was.stamp) return true;
    changed = true;
    if (now.stamp.size == was.stamp.size) {
      path.assign(now.folder).append(now.name);
      if (input_file(path).hash == was.hash) return true;
    }
    unchanged = false;
    return listing;  // on, to list the rest
  });
  if (restamp != nullptr) *restamp = changed;
  const bool same_files = scanned && recorded.left() == 0;
  if (listing && !same_files) {
    files->clear();
    stamps->clear();
  }
  return same_files && unchanged;
}

bool inputs_match(const Manifest& manifest, const std::string& schema_path,
                  const std::vector<std::string>& files, const std::vector<FileStamp>& stamps,
                  bool* restamp) {
  bool changed = false;
  auto same = [&changed](const InputFile& recorded, const std::string& path, const FileStamp& now) {
    if (recorded.path != path || !now.ok) return false;
    if (now == recorded.stamp) return true;
    changed = true;
    return now.size == recorded.stamp.size && input_file(path).hash == recorded.hash;
  };
  if (manifest.program != program_identity() || !same(manifest.schema, schema_path, stamp_of(schema_path)) ||
      manifest.files.size() != files.size())
    return false;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (!same(manifest.files[i], files[i], stamps[i])) return false;
  if (restamp != nullptr) *restamp = changed;
  return true;
}

}  // namespace relmap
