// The pieces every page of `relmap serve` is made of: text from the data
// escaped, links to actors and sources that keep the filters in force, the
// form of the filters, diagnostics as the command line words them, maps
// inline with their actors linked to their pages, and the page around them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "maps/map_spec.h"
#include "project/project.h"
#include "serve/params.h"

namespace relmap::serve {

/// Text from the data for HTML: invalid and control characters replaced,
/// then escaped for text and attribute values.
std::string esc(std::string_view text);

/// What a page of the site is drawn with: the project, what its URL asks
/// for, and the URL parameters that keep its filters.
struct PageContext {
  Project& project;
  const Params& params;
  PageRequest request;
  std::string filters;            ///< filter_query(request.filters).
  QueryEngine* engine = nullptr;  ///< Answers under the filters in force.
  std::string sources_dir;        ///< The project's article texts; "" when none.
  std::string cache_dir;          ///< The project's cache, where editions are kept.
  /// Maps drawn for this snapshot, by what they show; null to draw each afresh.
  std::map<std::string, std::string>* drawn = nullptr;

  const GraphView& view() const { return *project.view; }
};

/// `<a href="/actor?id=…">Name</a>`, the filters kept.
std::string actor_link(const PageContext& c, NodeId v);

/// `<a href="/source?id=…">id</a>`, the filters kept.
std::string source_link(const PageContext& c, NodeId v);

/// A link to a page of the site with the filters kept; `query` its own
/// parameters, already encoded.
std::string site_url(const PageContext& c, std::string_view path, const std::string& query);

/// An http(s) URL as a link, anything else as text.
std::string url_or_text(std::string_view value);

/// The diagnostics as the command line prints them (file:line:col:
/// severity: message, with notes), in a block of their own.
std::string diagnostics_html(const Diagnostics& diags);

/// The form of the filters for the page at `path`, with `hidden` parameters
/// (name, value) it keeps: stated only, as of and reported by over the
/// dates the data holds, relation and node types.
std::string filter_form(const PageContext& c, std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& hidden);

/// The map as inline SVG at its own size, every actor drawn linked to its
/// page; on failure the diagnostics instead. `whole`: in one piece, however
/// large (the page scrolls), rather than split into parts.
std::string map_html(const PageContext& c, const MapSpec& spec, bool whole = false);
/// map_html for a map of a graph of its own (the changes map), drawn each time.
std::string graph_map_html(const PageContext& c, const KnowledgeGraph& graph, const MapSpec& spec);

/// A whole page: head, navigation (links keeping `filters`, the search box
/// holding what was `searched`), `body`.
std::string page_html(std::string_view title, const std::string& filters, const std::string& body,
                      std::string_view searched = "");

}  // namespace relmap::serve
