// A watch on a project's inputs (Linux inotify): the schema and every folder
// of the data, so that a server holding a project opened before can tell,
// without examining each file, whether anything it was built from may have
// changed since it last looked. It only says "look again": the snapshot's
// freshness check still decides what changed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relmap {

/// Watches the schema file and the data (a folder, with every folder in
/// it, or a file) for any change: a file written, created, deleted, moved,
/// its times or mode changed, a folder made or removed.
class InputWatch {
 public:
  InputWatch(std::string schema_path, std::string data_path);
  InputWatch(const InputWatch&) = delete;
  InputWatch& operator=(const InputWatch&) = delete;
  ~InputWatch();

  /// Whether the inputs may have changed since the last call that said
  /// so: true on the first call, after any event (and after the kernel's
  /// queue overflowed), and always when the inputs cannot be watched. When
  /// it says true, the watch is set again on the folders as they are now
  /// before it returns, so a change made while the caller looks again is
  /// told by the next call.
  bool changed();

 private:
  /// Watch the inputs afresh, on a new inotify instance; false (and no
  /// instance) if they cannot be watched.
  bool arm();
  /// Watch `folder` and the folders under it (following links, each once).
  bool watch_tree(const std::string& folder, std::vector<std::pair<std::uint64_t, std::uint64_t>>* seen);
  /// Watch the folder holding `file` for changes to that name only.
  bool watch_file(const std::string& file);
  /// Read every event queued; true if any concerns the inputs.
  bool drain();
  /// Whether an event of watch `wd` about `name` ("" for the folder
  /// itself) concerns the inputs.
  bool concerns(int wd, std::string_view name) const;

  std::string schema_path_, data_path_;
  int fd_ = -1;
  /// Watches of a file's folder, with the one name in it that matters.
  std::vector<std::pair<int, std::string>> named_;
  std::vector<int> tree_;  ///< Watches of the data's folders.
};

}  // namespace relmap
