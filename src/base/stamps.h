// What an input file looked like when it was read: its stamp (size and
// times) and its content hash; and which relmap program this is. Caches and
// the snapshot record these to tell whether what they hold is still true.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

namespace relmap {

/// What a file looked like: its size, modification time and status change
/// time (ns). The change time cannot be set back, so an edit that keeps
/// the size and restores the modification time still changes the stamp.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  bool ok = false;  ///< False if the file could not be examined.

  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `path` (following links).
FileStamp stamp_of(const std::string& path);
/// The stamp stat gave.
FileStamp stamp_from(const struct stat& st);

/// A file read as input: its stamp and content hash.
struct InputFile {
  std::string path;
  FileStamp stamp;
  std::uint64_t hash = 0;    ///< XXH64 of the content.
  std::uint64_t parsed = 0;  ///< A hash of what reading it gave, where that is kept; else 0.
};

/// The stamp and content hash of a file; !stamp.ok if unreadable.
InputFile input_file(const std::string& path);

/// Which build of relmap this is (its build id, else its bytes, hashed): a
/// copy keeps it, another build not; caches record it, as answers may change.
std::uint64_t program_identity();

}  // namespace relmap
