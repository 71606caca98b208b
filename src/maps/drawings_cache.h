// What the layout child drew for a map in the previous edition, kept beside
// its layout (layout_cache.h): its answer to each job it was given, by the
// job's digest. A map whose job is the same as then (the same DOT, start,
// format and finish, drawn by the same build of relmap) takes that answer
// instead of being laid out again: the child's answer to a job depends on
// the job alone, so the drawing is the same.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relmap {

/// One map's drawings: those kept from the previous edition, and those
/// this edition drew or took (what is kept for the next one).
class KeptDrawings {
 public:
  /// The answer to the job of digest `digest` drawn in this edition, or
  /// else kept from the previous one, or null; an answer found is kept again.
  const std::vector<std::string>* find(const std::string& digest);
  /// Keep `answer` to the job of digest `digest`.
  void keep(const std::string& digest, std::vector<std::string> answer);
  /// Whether what is kept now differs from what was read.
  bool changed() const;
  /// The file's text of the drawings kept now.
  std::string text() const;
  /// Read a file's text into the drawings kept before; false, with none
  /// kept, if it is not one (a corrupt cache just means fresh layouts).
  bool parse(std::string_view text);

 private:
  std::map<std::string, std::vector<std::string>> before_, now_;
  bool kept_new_ = false;  ///< keep() was given what before_ does not hold.
};

/// The digest of a layout job's frames, and of the build of relmap that
/// draws it (32 hex digits).
std::string job_digest(const std::vector<std::string>& frames);

/// The file keeping the drawings of map `map` in the cache folder.
std::string drawings_path(const std::string& cache_dir, const std::string& map);

/// Read the drawings file of map `map` into `drawings`; false if missing or corrupt.
bool read_drawings(const std::string& cache_dir, const std::string& map, KeptDrawings* drawings);

}  // namespace relmap
