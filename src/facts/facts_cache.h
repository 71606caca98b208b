// Parse results of data files kept between runs, so that only the files
// whose content changed are parsed again.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "base/mapped_file.h"
#include "base/stamps.h"
#include "facts/facts.h"

namespace relmap {

/// The cache of parse results: one file in relmap's cache folder, and a
/// smaller one beside it (a delta) holding what changed since, merged into
/// the first when it grows. An entry is used when its file's stamp is
/// unchanged, or when the content of the file (read then) hashes the same.
/// take() and put() may be called from several threads at once.
class FactsCache {
 public:
  /// Read the cache at `path` (and its delta). A missing, truncated,
  /// corrupt or other version's file gives an empty cache, a delta that is
  /// not of the file beside it is ignored: neither is ever trusted.
  explicit FactsCache(std::string path);
  ~FactsCache();
  FactsCache(const FactsCache&) = delete;
  FactsCache& operator=(const FactsCache&) = delete;

  /// The cached facts and parse diagnostics of `file` into `facts` and
  /// `diags`, if still valid. When the stamp changed the file is read into
  /// `*text` to compare hashes, so the caller need not read it again.
  /// `*hash` receives the content hash whenever it is known, `*parsed` the
  /// hash of the parse result (see parse_hash) when it is taken.
  bool take(const std::string& file, const FileStamp& stamp, std::string* text, std::uint64_t* hash,
            Facts* facts, Diagnostics* diags, std::uint64_t* parsed = nullptr);

  /// Remember what parsing `text` (the content of `file`) gave; returns
  /// its parse_hash.
  std::uint64_t put(const std::string& file, const FileStamp& stamp, std::uint64_t hash, const Facts& facts,
                    const Diagnostics& diags);

  /// Keep the entries of `files` not taken or put in this run as they are,
  /// when saved: for a run that reads only the files that changed.
  void keep(const std::vector<std::string>& files);

  /// Write the entries of this run's files if anything changed, through a
  /// temporary file and a rename: as a delta beside the cache file when
  /// that stays small, else as a new cache file (the delta then dropped).
  /// A cache that cannot be written is a warning, never an error.
  void save(Diagnostics* diags);

  /// Entries taken from the cache and files parsed in this run.
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }

 private:
  /// Which file holds an entry's payload.
  enum class Where : std::uint8_t { kBase, kDelta, kNew };
  struct Entry {
    FileStamp stamp;
    std::uint64_t hash = 0;
    std::uint64_t offset = 0;  ///< Of the payload, in the file `where` says.
    std::uint64_t size = 0;
    std::uint64_t payload_hash = 0;
    Where where = Where::kBase;
  };
  using Entries = std::unordered_map<std::string, Entry>;

  /// The entries of a cache file (`delta`: of a delta on the base whose
  /// index hashes to base_id_); false if it is not one.
  bool read_index(std::string_view bytes, bool delta, Entries* entries, std::uint64_t* index_hash,
                  std::uint64_t* payload_end) const;
  bool decode(const Entry& entry, const std::string& file, Facts* facts, Diagnostics* diags) const;
  /// Whether this run's entries are best written as a delta.
  bool small_change() const;
  /// Write this run's entries after the payloads in the new file, as a
  /// delta or whole, and rename it into place; false with errno set.
  bool write_out(bool as_delta);

  std::string path_;
  std::shared_ptr<MappedFile> old_, delta_;                 ///< The cache file and its delta.
  std::uint64_t base_id_ = 0;                               ///< The cache file's index hash, if it is one.
  std::uint64_t base_end_ = 0;                              ///< Where its payloads end (0: no cache file).
  Entries entries_;                                         ///< As read, by path.
  std::unordered_map<std::uint64_t, std::string> by_hash_;  ///< Content hash → a path in entries_.
  std::mutex mutex_;
  Entries used_;  ///< This run's files.
  /// Start the new cache file beside the old one; false with errno set.
  bool create_new();
  /// The new cache file, started with room for its header if it was not
  /// yet; false with errno set (and no file if it could not be created).
  bool open_new();

  std::string new_path_;
  int new_fd_ = -1;
  std::uint64_t new_size_ = 0;
  bool dirty_ = false;
  std::size_t hits_ = 0, misses_ = 0;
};

/// A hash of a file's parse result (its facts and parse diagnostics,
/// positions included, as the cache keeps them): equal hashes, the same
/// parse result.
std::uint64_t parse_hash(const Facts& facts, const Diagnostics& diags);

}  // namespace relmap
