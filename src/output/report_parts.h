// The parts report.html is made of, shared by the one-page report
// (report.h) and the report split into pages (report_pages.h): each part
// links to actors and sources through ReportLinks, so that the same part
// points within its page or to another page.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "output/report.h"

namespace relmap {

/// Where a link to an actor's entry in the index of actors, or to a
/// source's section, goes: "#anchor" on one page, "page.html#anchor" when
/// the report is split.
struct ReportLinks {
  std::function<std::string(KnowledgeGraph::Vertex)> actor;
  std::function<std::string(KnowledgeGraph::Vertex)> source;
};

/// The anchor of an actor's entry and of a source's section: bounded, and
/// distinct for distinct ids (see slug).
std::string actor_anchor(const NodeProps& n);
std::string source_anchor(const NodeProps& n);

/// Actors (not sources), by name.
std::vector<KnowledgeGraph::Vertex> actors_by_name(const KnowledgeGraph& graph);

/// The timeline's section: each page of it drawn a column wide, kept whole
/// on its printed page.
std::string timeline_section(const std::vector<std::string>& pages);

/// A page's start, from the doctype to the opening of <main>, titled `title`.
std::string report_head(std::string_view title, ColourTheme theme);
/// A page's end, from the closing of <main>.
std::string report_foot();
/// The line under the report's title: how many actors, relations and sources.
std::string report_summary(const KnowledgeGraph& graph, std::size_t sources);
/// The overview's section, and the changes since the previous edition when known.
std::string overview_sections(const KnowledgeGraph& graph, const ReportInput& input);
/// A source's section: its map and the table of the claims it makes.
std::string source_section(const KnowledgeGraph& graph, const ReportSource& source, const ReportLinks& links);
/// The index of actors' entries (<dt> and <dd>) of `actors`.
std::string actor_entries(const KnowledgeGraph& graph, const std::vector<KnowledgeGraph::Vertex>& actors,
                          const ReportLinks& links);
/// The key statistics' section.
std::string statistics_section(const KnowledgeGraph& graph, const GraphStats& stats,
                               const ReportLinks& links);

}  // namespace relmap
