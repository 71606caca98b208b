// The pages and API answers of the site (site.h), one function each, on a
// project that loaded: search, actor, path, source, overview, changes, and
// the JSON documents — the CLI's own where it has one.
#pragma once

#include "serve/html.h"
#include "serve/site.h"

namespace relmap::serve {

/// The start page: search, a path question, the overview and changes.
Reply home_page(PageContext& c);
/// `/search?q=`: the one actor a name picks (a redirect to its page), the
/// actors it matches as a list of links, or none (404) with the name spelt
/// closest as a link.
Reply search_page(PageContext& c);
/// `/actor?id=`: what it is, every relation cited, its focus map.
Reply actor_page(PageContext& c);
/// `/path?from=&to=`: the cited chains as `relmap path` finds them, and the map.
Reply path_page(PageContext& c);
/// `/source?id=`: the article with its quoted passages marked, and its facts.
Reply source_page(PageContext& c);
/// `/overview`: the overview map, every actor linked.
Reply overview_page(PageContext& c);
/// `/changes`: what changed since the previous edition.
Reply changes_page(PageContext& c);

/// `/api/suggest?q=` and `/api/search?q=`: [{"id", "label", "type"}].
Reply api_search(PageContext& c);
/// `/api/path?from=&to=`: what `relmap path A B --format json` prints.
Reply api_path(PageContext& c);
/// `/api/neighbors?id=&depth=`: what `relmap neighbors A --format json` prints.
Reply api_neighbors(PageContext& c);
/// `/api/actor?id=`: {"id", "name", "type", "aliases", "properties", "relations"}.
Reply api_actor(PageContext& c);

/// A JSON error reply: {"error": status, "diagnostics": [text, …]}.
Reply json_error(int status, const Diagnostics& diags);
/// An HTML error page with the diagnostics.
Reply error_page(int status, std::string_view title, const std::string& filters, const Diagnostics& diags);

}  // namespace relmap::serve
