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

/// The cache of parse results: one file in relmap's cache folder. An entry
/// is used when its file's stamp is unchanged, or when the content of the
/// file (read then) hashes the same. take() and put() may be called from
/// several threads at once.
class FactsCache {
 public:
  /// Read the cache at `path`. A missing, truncated, corrupt or other
  /// version's file gives an empty cache: it is never trusted.
  explicit FactsCache(std::string path);
  ~FactsCache();
  FactsCache(const FactsCache&) = delete;
  FactsCache& operator=(const FactsCache&) = delete;

  /// The cached facts and parse diagnostics of `file` into `facts` and
  /// `diags`, if still valid. When the stamp changed the file is read into
  /// `*text` to compare hashes, so the caller need not read it again.
  /// `*hash` receives the content hash whenever it is known.
  bool take(const std::string& file, const FileStamp& stamp, std::string* text, std::uint64_t* hash,
            Facts* facts, Diagnostics* diags);

  /// Remember what parsing `text` (the content of `file`) gave.
  void put(const std::string& file, const FileStamp& stamp, std::uint64_t hash, const Facts& facts,
           const Diagnostics& diags);

  /// Write the entries of this run's files if anything changed, through a
  /// temporary file and a rename. A cache that cannot be written is a
  /// warning, never an error.
  void save(Diagnostics* diags);

  /// Entries taken from the cache and files parsed in this run.
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }

 private:
  struct Entry {
    FileStamp stamp;
    std::uint64_t hash = 0;
    std::uint64_t offset = 0;  ///< Of the payload, in the old file or the new one.
    std::uint64_t size = 0;
    std::uint64_t payload_hash = 0;
    bool fresh = false;  ///< Written in this run (else in the old file).
  };

  bool decode(const Entry& entry, const std::string& file, Facts* facts, Diagnostics* diags) const;

  std::string path_;
  std::shared_ptr<MappedFile> old_;
  std::unordered_map<std::string, Entry> entries_;          ///< The old file's index, by path.
  std::unordered_map<std::uint64_t, std::string> by_hash_;  ///< Content hash → a path in entries_.
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> used_;  ///< This run's files.
  /// Start the new cache file beside the old one; false with errno set.
  bool create_new();

  std::string new_path_;
  int new_fd_ = -1;
  std::uint64_t new_size_ = 0;
  bool dirty_ = false;
  std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace relmap
