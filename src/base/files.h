// Reading and writing files: reads take regular files only, up to a size
// cap; writes go through a unique temporary name, so a reader sees the old
// file or the new one, never part of one. Errors give the system's cause.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace relmap {

/// Largest schema or facts file relmap reads.
inline constexpr std::size_t kMaxDataFileBytes = std::size_t{64} << 20;
/// Largest source text (an article) relmap reads.
inline constexpr std::size_t kMaxSourceFileBytes = std::size_t{16} << 20;

/// Append what `fd` holds from here to its end to `out`; false with the
/// cause in `error` on failure or past `max_bytes` in all.
bool read_to_end(int fd, std::size_t max_bytes, std::string* out, std::string* error);

/// Read the regular file at `path`, at most `max_bytes` long. Returns false
/// on failure, with `out` empty and the cause in `error` ("No such file or
/// directory", "not a regular file (a folder)", "larger than 16 MiB").
bool read_bounded(const std::string& path, std::size_t max_bytes, std::string* out, std::string* error);

/// Read a schema or facts file; false with "cannot read file: <cause>" at
/// `path` in `diags` on failure.
bool read_file(const std::string& path, std::string* out, Diagnostics* diags);

/// Read all of standard input, at most kMaxDataFileBytes; false with the
/// cause at kStandardInput in `diags` on failure.
bool read_standard_input(std::string* out, Diagnostics* diags);

/// The real path of `relative` inside the folder whose real path is `root`,
/// with symbolic links and `..` resolved. False with the cause in `error` if
/// it does not exist or lies outside `root` ("outside /srv/articles").
bool resolve_inside(const std::string& root, const std::string& relative, std::string* resolved,
                    std::string* error);

/// Owns a file descriptor and closes it.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  /// Close the descriptor held, then take `other`'s.
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  ~UniqueFd();
  int get() const { return fd_; }
  /// Give up ownership without closing.
  int release();

 private:
  int fd_;
};

/// A name for a new file or folder that no other process picks: `prefix`
/// followed by `length` random letters and digits.
std::string unique_name(std::string_view prefix, std::size_t length = 12);

/// Whether a file written is flushed to disk before its writer returns, or
/// left for one flush of many files (see sync_filesystem).
enum class Flush { kNow, kLater };

/// Create the new file `path` (which must not exist) holding `content`,
/// flushed to disk unless `flush` leaves it for later. Returns 0, or the
/// errno of the step that failed, after removing what it created.
int create_file(const std::string& path, std::string_view content, Flush flush = Flush::kNow);
/// The same with the content in pieces, written one after the other.
int create_file(const std::string& path, std::span<const std::string_view> pieces, Flush flush = Flush::kNow);

/// Flush to disk everything written to the file system that holds `path`
/// (syncfs): one flush for a whole set of files instead of one per file.
/// Returns 0 or errno, also that of a write-back that failed.
int sync_filesystem(const std::string& path);

/// Flush the entries of folder `path` to disk. Returns 0 or errno.
int sync_folder(const std::string& path);

/// Whether the regular file at `path` holds exactly `content`: a file
/// rewritten as it is need not be written again.
bool file_holds(const std::string& path, std::string_view content);

/// Write `content` to `path` (creating missing folders): into a new file
/// with a unique name in the same folder, flushed to disk, then renamed over
/// `path`. On failure, false with the cause at `path` in `diags`; `path` is
/// untouched and no temporary file is left.
bool write_file(const std::string& path, std::string_view content, Diagnostics* diags);
/// The same with the content in pieces, written one after the other.
bool write_file(const std::string& path, std::span<const std::string_view> pieces, Diagnostics* diags);

/// Whether the folder that a new file or folder at `path` goes into
/// exists; false after reporting at `shown` why not ("the folder /x does
/// not exist", "/x/file is not a folder").
bool folder_exists(const std::string& path, const std::string& shown, Diagnostics* diags);

/// Write `content` where the user pointed with `-o PATH`, and nowhere else:
/// a regular file (or a new one) is replaced as write_file does, but only in
/// a folder that exists; a link keeps being a link and its target is
/// written; a device, a pipe, a socket or a descriptor (/dev/stdout,
/// /dev/fd/N) is opened and written as it is. On failure (a missing
/// folder, a full device), false with the cause at `path` in `diags`.
bool write_output(const std::string& path, std::string_view content, Diagnostics* diags);

}  // namespace relmap
