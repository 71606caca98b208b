#include "serve/site.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>

#include "serve/pages.h"
#include "serve/wording.h"

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

namespace {

/// Whether two snapshots were compiled from the same inputs, byte for byte.
bool same_inputs(const Manifest& a, const Manifest& b) {
  auto same = [](const InputFile& x, const InputFile& y) { return x.path == y.path && x.hash == y.hash; };
  return a.program == b.program && same(a.schema, b.schema) && a.data_path == b.data_path &&
         std::equal(a.files.begin(), a.files.end(), b.files.begin(), b.files.end(), same);
}

}  // namespace

Project* Site::open(Diagnostics* diags) {
  // Asked first, so that a change made while the project is opened is told
  // by the next request.
  if (!watch_.changed() && current_is_fresh_ && current_ != nullptr) return current_.get();
  current_is_fresh_ = false;
  ++openings_;
  auto fresh = std::make_unique<Project>();
  if (open_project(project_, fresh.get(), diags) != Outcome::kOk) return nullptr;
  current_is_fresh_ = true;
  found_fresh_ = fresh->view->identity();
  // The same facts as the project kept: keep it, with the graph its maps built.
  if (current_ == nullptr || !same_inputs(current_->view->manifest(), fresh->view->manifest())) {
    current_ = std::move(fresh);
    drawn_.clear();
  }
  return current_.get();
}

std::string Site::cache_dir() const {
  return cache_dir_for(project_.load.schema_path, project_.load.data_path);
}

bool Site::vouches(const VouchQuestion& question) {
  // Another build keeps snapshots of its own: opening the project again
  // for its question would compile this one's over them.
  if (question.program != program_identity() ||
      question.schema != absolute_input(project_.load.schema_path) ||
      question.data != absolute_input(project_.load.data_path))
    return false;
  const std::unique_lock<std::timed_mutex> lock(mutex_, vouch_patience);
  if (!lock.owns_lock()) return false;
  try {
    for (int attempt = 0; attempt < 2; ++attempt) {
      const std::uint64_t openings = openings_;
      Diagnostics diags;
      if (open(&diags) == nullptr) return false;
      if (found_fresh_ == question.snapshot) return true;
      // Opened just now: the asker's snapshot is not the one found fresh.
      if (openings_ != openings) return false;
      current_is_fresh_ = false;  // kept: another may have replaced its snapshot since
    }
  } catch (const SnapshotDamaged&) {
    current_is_fresh_ = false;  // the asker finds it damaged too, and reads the facts
  }
  return false;
}

int http_status(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return 200;
    case Outcome::kBadRequest:
      return 400;
    case Outcome::kNotFound:
      return 404;
    case Outcome::kDataError:
      return 422;
  }
  return 500;
}

Reply Site::respond(std::string_view path, const Params& params) {
  if (path == "/static/relmap.css")
    return {200, "text/css; charset=utf-8", std::string(site_stylesheet()), {}};
  if (path == "/static/relmap.svg") return {200, "image/svg+xml", std::string(site_icon()), {}};
  if (path == "/static/relmap.js")
    return {200, "text/javascript; charset=utf-8", std::string(site_script()), {}};
  const Route* route = find_route(path);
  Diagnostics diags;
  if (route == nullptr) {
    diags.error({}, "no page " + std::string(path) + " here");
    return error_page(404, "Not found", "", diags);
  }
  // A form sends the fields left empty too: the page is asked again without
  // them, so that its address says only what was chosen.
  if (!route->json && has_empty(params))
    return {303, "text/plain; charset=utf-8", "", std::string(path) + query_without_empty(params)};
  PageRequest request;
  if (!read_page_request(params, &request, &diags)) return failed(*route, 400, "Bad request", "", diags);
  const std::string filters = filter_query(request.filters);
  const std::lock_guard<std::timed_mutex> lock(mutex_);
  for (int attempt = 0;; ++attempt) {
    try {
      Project* opened = open(&diags);
      if (opened == nullptr) return failed(*route, 422, "The project's data has errors", filters, diags);
      Project& project = *opened;
      QueryFilter filter;
      // The JSON API reports as the command line does; a page in the words of its form.
      const Outcome outcome = resolve_filters(*project.view, project.schema, request.filters, &filter, &diags,
                                              route->json ? option_naming() : form_naming());
      if (outcome != Outcome::kOk)
        return failed(*route, http_status(outcome), "Filters not understood", filters, diags);
      QueryEngine engine(*project.view, project.schema, filter);
      engine.set_deadline(std::chrono::steady_clock::now() + query_time);
      PageContext c{project, params, request, filters, &engine, sources_dir_, cache_dir(), &drawn_};
      return route->make(c);
    } catch (const SnapshotDamaged& damage) {
      // Found while reading: the snapshot goes and the facts are read again, once.
      std::remove(snapshot_path(cache_dir()).c_str());
      current_.reset();
      current_is_fresh_ = false;
      drawn_.clear();
      if (attempt > 0) {
        diags.error({}, damage.what());
        return failed(*route, 500, "Damaged snapshot", filters, diags);
      }
    }
  }
}

}  // namespace relmap::serve
