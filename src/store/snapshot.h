// The compiled snapshot: the validated graph in one binary file that
// queries map into memory and read in place — adjacency in compressed
// sparse rows, a string table, properties, provenance, indexes of ids and of
// names, and the warnings validation gave. It is versioned, checked (magic,
// version, size, a checksum per section) and keyed to its inputs (the
// schema and every data file: path, size, modification and change time,
// content hash), so a stale or damaged snapshot is rebuilt, never trusted.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "base/mapped_file.h"
#include "facts/facts.h"
#include "facts/facts_cache.h"
#include "facts/schema.h"

namespace relmap {

/// A string in the snapshot's string table.
struct Str {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

/// A place in a data file: an index into the snapshot's files, line, column.
struct Provenance {
  std::uint32_t file = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
};

/// No date: the widest bounds.
inline constexpr std::int32_t kDawn = 0;
inline constexpr std::int32_t kDoom = 99991231;

struct NodeRecord {
  Str id;
  Str name;
  std::uint32_t type = 0;  ///< Index into Schema::node_types().
  std::uint32_t aliases_first = 0, aliases_count = 0;
  std::uint32_t props_first = 0, props_count = 0;
  Provenance where;            ///< The entity's mapping.
  std::int32_t start = kDawn;  ///< First day it existed (its `date` or `start`), YYYYMMDD.
  std::int32_t end = kDoom;    ///< Last day (its `end`).
};

struct EdgeRecord {
  std::uint32_t from = 0, to = 0;  ///< Vertices, as stored (from → to).
  std::uint32_t relation = 0;      ///< Index into Schema::relation_types().
  std::uint32_t source = 0;        ///< The vertex of the source it cites.
  Str evidence;
  std::uint32_t basis = 0;  ///< Basis as a number.
  std::uint32_t props_first = 0, props_count = 0;
  Provenance where;  ///< The relation's mapping.
  std::int32_t evidence_line = 0, evidence_col = 0;
  std::int32_t start = kDawn;     ///< First day it held (its `start`), YYYYMMDD.
  std::int32_t end = kDoom;       ///< Last day it held (its `end`).
  std::int32_t reported = kDoom;  ///< First day of its source's `date`; kDoom if undated.
};

struct PropRecord {
  Str name;
  Str value;
  std::uint32_t is_list = 0;
  std::int32_t line = 0, col = 0;  ///< Of the value, in the owner's file.
};

struct NameRecord {
  Str key;  ///< Folded (see fold_for_match).
  std::uint32_t vertex = 0;
};

struct DiagRecord {
  std::uint32_t severity = 0;  ///< 1 error, 0 warning.
  Provenance where;
  Str message;
};

/// Everything a snapshot was built from.
struct Manifest {
  std::uint64_t program = program_identity();  ///< The relmap that compiled it.
  InputFile schema;
  std::string data_path;
  std::vector<InputFile> files;  ///< Sorted, as read, with their parse hashes.
  /// How often the stamps of its inputs were brought up to date since it
  /// was compiled (restamp_snapshot): 0 for a snapshot just compiled.
  std::uint32_t restamps = 0;
};

/// The data files of a snapshot's manifest, read in place from its bytes
/// one after the other, without a copy of their paths.
class ManifestFiles {
 public:
  /// One data file as recorded: its path, stamp, content hash and the
  /// hash of its parse result.
  struct Entry {
    std::string_view path;
    FileStamp stamp;
    std::uint64_t hash = 0;
    std::uint64_t parsed = 0;
  };

  ManifestFiles() = default;
  ManifestFiles(std::string_view bytes, std::size_t count) : bytes_(bytes), left_(count) {}

  /// The next file into `*entry`; false when there are no more.
  bool next(Entry* entry);
  /// How many files are left to read.
  std::size_t left() const { return left_; }
  /// Whether every byte was read.
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::size_t left_ = 0;
};

class SnapshotImage;
struct SectionPieces;
struct FilePlan;

/// Thrown when bytes of a snapshot turn out damaged as they are read (a
/// block whose checksum does not match, an index out of bounds).
class SnapshotDamaged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Read access to a snapshot held in memory or mapped from a file.
///
/// Every byte is checked before it is used: the header, section table and
/// manifest when opening; the rest either all at once (Check::kAll) or
/// block by block (64 KiB) the first time a block is read
/// (Check::kOnRead), so that a query touches only what it reads. Damage
/// found while reading throws SnapshotDamaged.
class GraphView {
 public:
  enum class Check { kAll, kOnRead };

  /// Check and open snapshot bytes kept alive by `owner`; nullptr, with the
  /// reason in `*why`, if they are not a snapshot of this version or are
  /// damaged.
  static std::shared_ptr<const GraphView> open(std::shared_ptr<const void> owner, std::string_view bytes,
                                               std::string* why, Check check = Check::kAll);
  /// Map and open the snapshot file at `path`, with the manifest recorded
  /// beside it (write_restamped) in place of its own where one is.
  static std::shared_ptr<const GraphView> open_file(const std::string& path, std::string* why,
                                                    Check check = Check::kAll);

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(nodes_.size()); }
  std::uint32_t edge_count() const { return static_cast<std::uint32_t>(edges_.size()); }

  std::string_view text(Str s) const {
    if (std::uint64_t{s.offset} + s.size > strings_.size()) damaged("a string");
    read(strings_.data() + s.offset, s.size);
    return strings_.substr(s.offset, s.size);
  }
  const NodeRecord& node(std::uint32_t v) const { return at(nodes_, v); }
  const EdgeRecord& edge(std::uint32_t e) const { return at(edges_, e); }
  std::string_view id(std::uint32_t v) const { return text(node(v).id); }
  std::string_view name(std::uint32_t v) const { return text(node(v).name); }
  Basis basis(std::uint32_t e) const { return edge(e).basis == 1 ? Basis::kImplied : Basis::kStated; }

  /// Edges stored from / to `v`, in fact order.
  std::span<const std::uint32_t> out_edges(std::uint32_t v) const { return row(out_offsets_, out_, v); }
  std::span<const std::uint32_t> in_edges(std::uint32_t v) const { return row(in_offsets_, in_, v); }
  /// The actor at the other end of each of out_edges(v) (its `to`) and of
  /// each of in_edges(v) (its `from`), in the same order: a walk reads
  /// these instead of the edges.
  std::span<const std::uint32_t> out_neighbors(std::uint32_t v) const {
    return row(out_offsets_, out_neighbors_, v);
  }
  std::span<const std::uint32_t> in_neighbors(std::uint32_t v) const {
    return row(in_offsets_, in_neighbors_, v);
  }
  std::size_t degree(std::uint32_t v) const {
    return at(out_offsets_, v + 1) - at(out_offsets_, v) + at(in_offsets_, v + 1) - at(in_offsets_, v);
  }

  std::span<const Str> aliases(std::uint32_t v) const {
    return range(aliases_, node(v).aliases_first, node(v).aliases_count);
  }
  std::span<const PropRecord> node_properties(std::uint32_t v) const {
    return range(props_, node(v).props_first, node(v).props_count);
  }
  std::span<const PropRecord> edge_properties(std::uint32_t e) const {
    return range(props_, edge(e).props_first, edge(e).props_count);
  }
  /// The first value of a property, or "".
  std::string_view value(std::span<const PropRecord> props, std::string_view name) const;
  /// The edges whose property `name` has `wanted` as its first value, in
  /// edge order. The first question about a property reads every edge's
  /// properties once; later ones are looked up.
  std::span<const std::uint32_t> edges_valued(std::string_view name, std::string_view wanted) const;

  /// The vertex with this exact id.
  std::optional<std::uint32_t> find_id(std::string_view id) const;
  /// Vertices whose folded id, name or alias equals the folded `text`.
  std::vector<std::uint32_t> find_name(std::string_view text) const;
  /// Vertices with a name or alias holding every folded word of `text`
  /// at the start of one of its words ("Sakamoto", "Ministry of Post").
  std::vector<std::uint32_t> find_words(std::string_view text) const;

  /// Data files, for provenance.
  std::string_view file(std::uint32_t i) const;
  Location locate(const Provenance& p) const {
    return p.file < files_.size() ? Location{std::string(file(p.file)), p.line, p.col} : Location{};
  }

  /// The warnings validation gave when the snapshot was built.
  void replay(Diagnostics* diags) const;

  /// Everything the snapshot was built from, decoded (and its paths
  /// copied) on first use.
  const Manifest& manifest() const;
  /// The relmap that compiled it, and its schema and data path.
  std::uint64_t built_by() const { return head_.program; }
  const InputFile& schema_input() const { return head_.schema; }
  const std::string& data_path() const { return head_.data_path; }
  /// How often its stamps were brought up to date since it was compiled.
  std::uint32_t restamps() const { return head_.restamps; }
  /// The data files it was built from, read in place.
  ManifestFiles data_files() const { return {files_bytes_, file_count_}; }
  /// Size of the snapshot in bytes.
  std::size_t size() const { return size_; }
  /// What tells this snapshot from every other: the checksum of its
  /// section table, which holds every section's checksum.
  std::uint64_t identity() const { return identity_; }

 private:
  static std::shared_ptr<GraphView> open_view(std::shared_ptr<const void> owner, std::string_view bytes,
                                              std::string* why, Check check);
  /// Take the manifest in `file` (write_restamped) for this snapshot's own,
  /// if it was recorded for this snapshot and checks out.
  void adopt_restamped(std::shared_ptr<const MappedFile> file);
  [[noreturn]] static void damaged(const char* what);

  /// Check the blocks holding bytes [p, p + n) that were not checked yet.
  void read(const void* p, std::size_t n) const {
    if (n == 0) return;
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(p) - data_);
    for (std::size_t b = offset >> kBlockBits, last = (offset + n - 1) >> kBlockBits; b <= last; ++b)
      if (!checked_[b].load(std::memory_order_relaxed)) check_block(b);
  }
  void check_block(std::size_t block) const;
  /// All of `list`, every block of it checked.
  template <class T>
  std::span<const T> whole(std::span<const T> list) const {
    read(list.data(), list.size_bytes());
    return list;
  }
  std::string_view whole(std::string_view bytes) const {
    read(bytes.data(), bytes.size());
    return bytes;
  }
  friend SnapshotImage patch_snapshot(const Schema&, std::shared_ptr<const GraphView>, const Facts&,
                                      const FilePlan&, const Diagnostics&, const Manifest&);
  /// The first entry of a sorted name index not before `key`.
  std::size_t lower_bound(std::span<const NameRecord> list, std::string_view key) const;

  template <class T>
  const T& at(std::span<const T> list, std::size_t i) const {
    if (i >= list.size()) damaged("an index");
    read(&list[i], sizeof(T));
    return list[i];
  }
  template <class T>
  std::span<const T> range(std::span<const T> list, std::uint32_t first, std::uint32_t count) const {
    if (std::uint64_t{first} + count > list.size()) damaged("a range");
    read(list.data() + first, count * sizeof(T));
    return list.subspan(first, count);
  }
  std::span<const std::uint32_t> row(std::span<const std::uint32_t> offsets,
                                     std::span<const std::uint32_t> rows, std::uint32_t v) const {
    const std::uint32_t first = at(offsets, v), last = at(offsets, v + 1);
    if (last < first) damaged("adjacency");
    return range(rows, first, last - first);
  }

  static constexpr unsigned kBlockBits = 16;

  std::shared_ptr<const void> owner_;
  std::size_t size_ = 0;
  const char* data_ = nullptr;      ///< Where the blocks start.
  const char* data_end_ = nullptr;  ///< The end of the snapshot.
  std::span<const std::uint64_t> block_sums_;
  std::unique_ptr<std::atomic<bool>[]> checked_;
  std::string_view strings_;
  std::span<const NodeRecord> nodes_;
  std::span<const EdgeRecord> edges_;
  std::span<const std::uint32_t> out_offsets_, out_, in_offsets_, in_, out_neighbors_, in_neighbors_;
  std::span<const PropRecord> props_;
  std::span<const Str> aliases_, files_;
  std::span<const std::uint32_t> ids_;  ///< Vertices sorted by id.
  std::span<const NameRecord> names_, words_;
  std::span<const DiagRecord> diags_;
  std::uint64_t identity_ = 0;
  std::shared_ptr<const MappedFile> restamped_;  ///< The manifest recorded beside the file, if one is taken.
  Manifest head_;                                ///< The manifest but for its files.
  std::string_view files_bytes_;                 ///< The manifest's files, encoded.
  std::size_t file_count_ = 0;
  mutable std::once_flag manifest_once_;
  mutable Manifest manifest_;
  /// Edges by the first value of a property, for edges_valued, by property.
  using EdgesByValue = std::unordered_map<std::string_view, std::vector<std::uint32_t>>;
  mutable std::mutex valued_lock_;
  mutable std::map<std::string, EdgesByValue, std::less<>> valued_;
};

/// A compiled snapshot: its bytes as pieces, written one after the other,
/// so that it never needs to be in memory twice.
class SnapshotImage {
 public:
  /// The snapshot's bytes, in order.
  const std::vector<std::string_view>& pieces() const { return pieces_; }
  /// All the bytes in one string.
  std::string bytes() const;
  std::size_t size() const { return size_; }

 private:
  friend SnapshotImage compile_snapshot(const Schema&, const Facts&, const Diagnostics&, const Manifest&);
  friend SnapshotImage patch_snapshot(const Schema&, std::shared_ptr<const GraphView>, const Facts&,
                                      const FilePlan&, const Diagnostics&, const Manifest&);
  /// The pieces of a snapshot made of `sections` (kBlocks left empty),
  /// its header and block checksums written into `*head`.
  static SnapshotImage lay_out(std::span<const SectionPieces> sections, std::string* head);
  std::shared_ptr<const void> parts_;  ///< Owns what the pieces point into.
  std::vector<std::string_view> pieces_;
  std::size_t size_ = 0;
};

/// Compile validated facts into a snapshot, with the warnings to keep and
/// the inputs they came from. The same inputs give the same bytes.
SnapshotImage compile_snapshot(const Schema& schema, const Facts& facts, const Diagnostics& warnings,
                               const Manifest& manifest);

/// The data files of a snapshot patched (patch_snapshot), against those of
/// the snapshot it is patched from.
struct FilePlan {
  std::vector<std::string> files;  ///< The data files now, in order.
  std::vector<std::int64_t> was;   ///< For each, its index among the base's files; -1 if new.
  std::vector<char> changed;  ///< For each, whether its facts are read again (else as the base holds them).
  /// The files are the base's, and their actors read as it holds them:
  /// only relations change.
  bool same_actors = false;
};

/// The snapshot `base` with the facts of the files `plan` says changed
/// replaced by those of `changed` (its entities and relations of those
/// files, numbered as `plan` numbers the files, in their order; it may
/// hold others, which are left out) and the files no longer there left
/// out. `warnings` are the whole project's, and `manifest` its inputs. Its
/// answers are those of compile_snapshot on the whole project; its strings,
/// properties and aliases are written as `base` holds them (kept alive by
/// the image), those no longer used included, the new ones after them.
SnapshotImage patch_snapshot(const Schema& schema, std::shared_ptr<const GraphView> base,
                             const Facts& changed, const FilePlan& plan, const Diagnostics& warnings,
                             const Manifest& manifest);

/// Where the manifest of the snapshot file at `snapshot_path` is recorded
/// when brought up to date (write_restamped): a file beside it.
std::string restamped_path(const std::string& snapshot_path);

/// Record `manifest` beside the snapshot file at `snapshot_path`, whose
/// view is `view`, to be taken for its own whenever that file is opened:
/// for inputs that changed in nothing it holds, the snapshot is kept as it
/// is, and only this small file written. It names the snapshot it belongs
/// to (identity()), so that a snapshot compiled afterwards ignores it.
/// False, with the cause in `diags`, if it cannot be written.
bool write_restamped(const std::string& snapshot_path, const GraphView& view, const Manifest& manifest,
                     Diagnostics* diags);

/// True if `manifest` still describes the inputs: the same schema and the
/// same data files, each with the same stamp or, where the stamp changed,
/// the same content hash. `files` are the data files found now, sorted,
/// with their stamps. `*restamp` (if given) is set when a stamp changed.
bool inputs_match(const Manifest& manifest, const std::string& schema_path,
                  const std::vector<std::string>& files, const std::vector<FileStamp>& stamps,
                  bool* restamp = nullptr);

/// True if the snapshot in `view` was built by this relmap for the schema at
/// `schema_path` and the data at `data_path`, as they were then.
bool built_for(const GraphView& view, const std::string& schema_path, const std::string& data_path);

/// True if the snapshot in `view` was built by this relmap from the schema
/// at `schema_path` and the data folder `data_path` as they are now, told
/// as inputs_match tells it but without listing the files first: each file
/// found is compared in place with the manifest's next one. False also
/// when the quick walk cannot tell (scan_fact_files); inputs_match then can.
/// `*restamp` (if given) is set when a stamp changed.
///
/// With `files` and `stamps` given, the walk goes on past files that
/// changed, and when it found the manifest's files, however they changed,
/// they receive what list_fact_files would give: each file and its stamp.
/// Else they are left empty.
bool inputs_unchanged(const GraphView& view, const std::string& schema_path, const std::string& data_path,
                      bool* restamp = nullptr, std::vector<std::string>* files = nullptr,
                      std::vector<FileStamp>* stamps = nullptr);

}  // namespace relmap
