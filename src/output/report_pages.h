// The report of a large corpus as pages a browser opens quickly: past
// kSourcesPerPage sources, report.html is an index (the overview, the
// changes, the key statistics and a table of contents) linking to pages of
// at most that many sources each (report-sources-1.html, …) and to the
// index of actors in pages of kActorsPerPage actors (report-actors-1.html,
// …). Every page is self-contained like the one-page report: its maps and
// CSS inline, no script, no request.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "output/report.h"

namespace relmap {

/// Sources a page of the report holds, and past which the report is split.
constexpr std::size_t kSourcesPerPage = 25;
/// Actors a page of the index of actors holds, once the report is split.
constexpr std::size_t kActorsPerPage = 400;

/// A page of the report: its file name, next to report.html, and its HTML.
struct ReportPage {
  std::string file;
  std::string html;
};

/// The report as report.html alone when it has at most `sources_per_page`
/// sources (or that is 0), else as an index and its pages, the index first.
std::vector<ReportPage> report_pages(const KnowledgeGraph& graph, const ReportInput& input,
                                     std::size_t sources_per_page = kSourcesPerPage);

}  // namespace relmap
