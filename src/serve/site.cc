#include "serve/site.h"

#include <cstdio>
#include <exception>

#include "serve/pages.h"

namespace relmap::serve {

namespace {

/// A page or answer of the site: its path and what makes it.
struct Route {
  std::string_view path;
  bool json;  ///< Answers JSON, errors too.
  Reply (*make)(PageContext&);
};

constexpr Route kRoutes[] = {
    {"/", false, home_page},
    {"/search", false, search_page},
    {"/actor", false, actor_page},
    {"/path", false, path_page},
    {"/source", false, source_page},
    {"/overview", false, overview_page},
    {"/changes", false, changes_page},
    {"/api/suggest", true, api_search},
    {"/api/search", true, api_search},
    {"/api/path", true, api_path},
    {"/api/neighbors", true, api_neighbors},
    {"/api/actor", true, api_actor},
};

const Route* find_route(std::string_view path) {
  for (const Route& r : kRoutes)
    if (r.path == path) return &r;
  return nullptr;
}

Reply failed(const Route& route, int status, std::string_view title, const std::string& filters,
             const Diagnostics& diags) {
  return route.json ? json_error(status, diags) : error_page(status, title, filters, diags);
}

}  // namespace

int http_status(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk: return 200;
    case Outcome::kBadRequest: return 400;
    case Outcome::kNotFound: return 404;
    case Outcome::kDataError: return 422;
  }
  return 500;
}

Reply Site::respond(std::string_view path, const Params& params) {
  if (path == "/static/relmap.css") return {200, "text/css; charset=utf-8", std::string(site_stylesheet()), {}};
  if (path == "/static/relmap.svg") return {200, "image/svg+xml", std::string(site_icon()), {}};
  if (path == "/static/relmap.js") return {200, "text/javascript; charset=utf-8", std::string(site_script()), {}};
  const Route* route = find_route(path);
  Diagnostics diags;
  if (route == nullptr) {
    diags.error({}, "no page " + std::string(path) + " here");
    return error_page(404, "Not found", "", diags);
  }
  PageRequest request;
  if (!read_page_request(params, &request, &diags)) return failed(*route, 400, "Bad request", "", diags);
  const std::string filters = filter_query(request.filters);
  const std::lock_guard<std::mutex> lock(mutex_);
  for (int attempt = 0;; ++attempt) {
    try {
      Project project;
      if (open_project(project_, &project, &diags) != Outcome::kOk)
        return failed(*route, 422, "The project's data has errors", filters, diags);
      QueryFilter filter;
      const Outcome outcome = resolve_filters(*project.view, project.schema, request.filters, &filter, &diags);
      if (outcome != Outcome::kOk) return failed(*route, http_status(outcome), "Filters not understood", filters, diags);
      QueryEngine engine(*project.view, project.schema, filter);
      PageContext c{project, params, request, filters, &engine, sources_dir_,
                    cache_dir_for(project_.load.schema_path, project_.load.data_path)};
      return route->make(c);
    } catch (const SnapshotDamaged& damage) {
      // Found while reading: the snapshot goes and the facts are read again, once.
      std::remove(snapshot_path(cache_dir_for(project_.load.schema_path, project_.load.data_path)).c_str());
      if (attempt > 0) {
        diags.error({}, damage.what());
        return failed(*route, 500, "Damaged snapshot", filters, diags);
      }
    }
  }
}

}  // namespace relmap::serve
