// The report: one self-contained HTML file (maps and CSS inline, no script,
// no external request) and a Markdown file that references the SVG maps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "maps/map_kinds.h"
#include "output/diff.h"
#include "query/query_output.h"

namespace relmap {

/// A drawn map for the report: where its SVG file is and its content.
struct ReportMap {
  std::string path;  ///< Relative to the report, e.g. "maps/source-src-001.svg".
  std::string svg;
  std::vector<std::string> parts;  ///< The SVG of each part of a map split for its page (figure.h), else
                                   ///< none; each also in its own file (map_part_path).
};

/// One source's section: its map and the relations that cite it.
struct ReportSource {
  Vertex vertex;
  ReportMap map;
  std::vector<Edge> facts;  ///< In fact order.
};

struct ReportInput {
  ReportMap overview;
  std::string overview_caption;        ///< What the overview shows when it is not every actor.
  std::optional<EditionDiff> changes;  ///< Since the previous edition, when one is known.
  ReportMap changes_map;               ///< Drawn when there are changes.
  std::vector<ReportSource> sources;
  GraphStats stats;
  std::vector<std::string> timeline;  ///< The dated facts in pages (render/timeline.h); none: no section.
  ColourTheme theme = ColourTheme::kLight;
};

std::string report_html(const KnowledgeGraph& graph, const ReportInput& input);
std::string report_markdown(const KnowledgeGraph& graph, const ReportInput& input);

/// The file of part `k` (from 1) of a map drawn in parts whose file is
/// `path`: "maps/source-x.svg" gives "maps/source-x-part-1.svg".
std::string map_part_path(std::string_view path, std::size_t k);

/// The anchor of a source's section in the report.
std::string source_anchor(const NodeProps& source);

/// Escape text for a Markdown table cell or paragraph.
std::string markdown_escape(std::string_view text);

}  // namespace relmap
