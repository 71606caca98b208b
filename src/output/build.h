// What `relmap build` and `relmap report` make: the overview map, a map per
// source, the report around them, and (for build) the exports.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/output_set.h"
#include "graph/graph.h"
#include "output/report_pages.h"
#include "render/render.h"

namespace relmap {

struct BuildOptions {
  std::string dir = "out";  ///< Paths of the files made start with it.
  RenderOptions render;     ///< How the maps look (format is set per file).
  bool dot_files = true;    ///< Also write each map's DOT.
  bool exports = true;      ///< Also write the graph for other tools.
  bool full_map = false;    ///< Draw every actor in the overview, however many (summary.h).
  /// Past this many sources, report.html is an index with pages of this
  /// many sources each (report_pages.h); 0 keeps one page.
  std::size_t sources_per_page = kSourcesPerPage;
  /// The cache folder: each map starts from its layout kept there
  /// (layout_cache.h), and the report says what changed since the edition
  /// kept there (diff.h). The files that keep this edition there are added
  /// to `cache_files`, to write once the edition is written. "" for none.
  std::string cache_dir;
  std::vector<OutputFile>* cache_files = nullptr;
  /// How many maps are drawn at once, each laid out in a child of its own
  /// (child.h); the files, the cache and the diagnostics are the same
  /// whatever it is.
  std::size_t jobs = 1;
  /// Called as each map is begun: its place (from 1), how many there are,
  /// and its file. Layouts report their seconds through render.on_wait.
  /// Called one at a time, from the threads that draw the maps.
  std::function<void(std::size_t, std::size_t, const std::string&)> on_map = nullptr;
};

/// Draw every map and assemble the report (and exports) into `files`.
/// False, with the cause in `diags`, if a map could not be drawn.
bool build_outputs(const KnowledgeGraph& graph, const BuildOptions& options, std::vector<OutputFile>* files,
                   Diagnostics* diags);

}  // namespace relmap
