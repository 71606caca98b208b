// The output folder (out/) replaced as one set: the new files are written
// into a folder beside it and swapped in at once, under a lock that keeps two
// builds apart. A reader, a crash or a full disk sees the old set or the new
// one, never a mix.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace relmap {

/// A file to write: a path and its full content.
struct OutputFile {
  std::string path;
  std::string content;
};

/// How long a build waits for another one to finish writing the same folder.
inline constexpr int kOutputLockWaitSeconds = 60;

/// The file in every set that marks its folder as relmap's to replace.
inline constexpr const char* kOutputMarker = ".relmap-output";

/// Whether `dir` could be replaced now (see replace_output_set), checked
/// before the work of making the files; false after reporting why not.
bool check_output_folder(const std::string& dir, Diagnostics* diags);

/// Replace the folder `dir` with exactly `files` (whose paths lie under
/// `dir`) and kOutputMarker. They are written into a new folder beside `dir`
/// and flushed to disk, then swapped with `dir` in one step; the old set,
/// and anything else that was in `dir`, is then removed. Meanwhile the lock
/// file `.<name>.relmap-lock` beside `dir` is held: a second writer waits up
/// to `lock_wait_seconds`, and folders left beside `dir` by killed writers
/// are removed first. A `dir` that is neither empty nor marked is not
/// replaced. On failure, false with the cause in `diags`, and `dir` as it was.
bool replace_output_set(const std::string& dir, const std::vector<OutputFile>& files, Diagnostics* diags,
                        int lock_wait_seconds = kOutputLockWaitSeconds);

}  // namespace relmap
