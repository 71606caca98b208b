// Where each map's actors were in the previous edition, kept beside the
// snapshot, so that the next edition lays new actors out around the old
// ones instead of moving every actor.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "maps/map_kinds.h"

namespace relmap {

/// One map's layout as kept for the next edition.
struct Layout {
  std::uint64_t key = 0;  ///< What was laid out: actors, labels, relations, engine (render.cc).
  bool pinned = false;    ///< Drawn from earlier positions (neato's pins, dot's kept ranks), not afresh.
  Engine engine = Engine::kAuto;  ///< The Graphviz layout engine that placed the nodes.
  /// Each node's centre in whole points, by its name in the DOT graph.
  std::map<std::string, std::pair<long, long>> positions;
  /// For ranks kept by dot (kept_ranks.h): the positions they were kept
  /// from, so that the same map is drawn the same way again.
  std::map<std::string, std::pair<long, long>> basis;
};

/// The file keeping the layout of map `map` in the cache folder.
std::string layout_path(const std::string& cache_dir, const std::string& map);

/// The layout file's text: a header, the key, mode and engine, then "name x y"
/// lines in name order, and after a line "from" those of the basis.
std::string layout_text(const Layout& layout);

/// Parse a layout file's text. False, with `layout` empty, if it is not one
/// (a corrupt cache just means a fresh layout).
bool parse_layout(std::string_view text, Layout* layout);

/// Read and parse the layout file of map `map`; false if missing or corrupt.
bool read_layout(const std::string& cache_dir, const std::string& map, Layout* layout);

/// Parse "name x y" lines (whole points) into `positions`; false on a malformed line.
bool parse_positions(std::string_view text, std::map<std::string, std::pair<long, long>>* positions);

}  // namespace relmap
