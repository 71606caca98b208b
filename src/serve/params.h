// What a page's URL asks for: the query parameters of a request read into
// the request layer's FilterRequest, the path variant and the depth of a
// focus map — as the command line's options are — and written back into
// URLs, so that every link of a page keeps the filters in force.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "project/request.h"
#include "query/query.h"

namespace relmap::serve {

/// A URL's query parameters, decoded, in order of name (a name may repeat).
using Params = std::multimap<std::string, std::string>;

/// What a page's parameters ask for, besides the names it takes itself.
struct PageRequest {
  FilterRequest filters;
  PathOptions path;  ///< `directed` as in `filters`.
  int depth = 1;     ///< A focus map's hops, 1 to kMaxDepth.
};

/// The deepest focus map a page draws.
inline constexpr int kMaxDepth = 4;

/// The most paths a page asks for (k, or limit with all).
inline constexpr int kMaxPaths = 100;

/// The parameters read into `out`: lists as `relations=a,b` or repeated, flags
/// as `stated_only=1` (or on, true, yes), numbers checked. What is malformed
/// is reported in `diags`; false then.
bool read_page_request(const Params& params, PageRequest* out, Diagnostics* diags);

/// A filter's name in a URL: its command-line name with underscores
/// ("min-reliability": min_reliability).
std::string url_name(const FilterField& field);

/// The value of `name`, or "" when absent (the first one when repeated).
std::string param(const Params& params, std::string_view name);

/// A query component percent-encoded: everything but A-Z a-z 0-9 - _ . ~.
std::string url_encode(std::string_view text);

/// The filters of `request` as URL parameters, "&"-joined and encoded, in a
/// fixed order: "relations=member_of&stated_only=1"; "" with no filter.
std::string filter_query(const FilterRequest& request);

/// The path variant as URL parameters, as filter_query writes filters.
std::string path_query(const PathOptions& path);

/// A query string ("a=1&b=x%20y", no "?") decoded into parameters:
/// %XX and '+' undone, pairs without '=' given an empty value.
Params parse_query(std::string_view query);

/// `params` without those of an empty value, as a query string, "?a=1&b=x%20y"
/// (or "" when none is left): what a form sent with its empty fields left out.
std::string query_without_empty(const Params& params);

/// Whether any of `params` has an empty value.
bool has_empty(const Params& params);

/// "?a&b" from the non-empty parts, or "".
std::string join_query(std::initializer_list<std::string> parts);

}  // namespace relmap::serve
