// The site `relmap serve` answers with, free of HTTP: a request's path and
// parameters in, a reply (status, type, body) out. Each request opens the
// project as the command line does — the snapshot when fresh, else the
// facts read again where they changed — so pages follow edits to the data,
// and a project with errors answers with them. Pages and the JSON API are
// rows of one table; the actors, filters and questions they name are
// resolved by the request layer (project/request.h), as the CLI's are.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "project/request.h"
#include "project/vouch.h"
#include "project/watch.h"
#include "serve/params.h"

namespace relmap::serve {

/// What the site answers a request with.
struct Reply {
  int status = 200;
  std::string type = "text/html; charset=utf-8";
  std::string body;
  std::string location;  ///< For a redirect (status 303).
};

/// The HTTP status for how a request ended: 400, 404, 422.
int http_status(Outcome outcome);

/// The pages and the API of one project. Its snapshot is checked as it is
/// read (ProjectRequest::answers_only), and the knowledge graph its maps
/// need is built once per snapshot.
class Site {
 public:
  /// `sources_dir` is where the project's article texts are ("" when none).
  Site(ProjectRequest project, std::string sources_dir)
      : project_(std::move(project)),
        sources_dir_(std::move(sources_dir)),
        watch_(project_.load.schema_path, project_.load.data_path) {
    project_.answers_only = true;
    project_.ask_watcher = false;  // it is the watcher
  }

  /// The reply to a GET of `path` with `params`. Requests are answered one
  /// at a time: maps are laid out one at a time, and a reload of the data
  /// is seen by the next request whole.
  Reply respond(std::string_view path, const Params& params);

  /// Whether the inputs `question` names are this site's and, as far as
  /// the watch can tell, still those of the snapshot it names: the project
  /// is opened again where the watch saw a change, or where the snapshot
  /// is not the one last found fresh (another may have replaced it). No
  /// while a request holds the project longer than a command would take to
  /// examine the files itself (vouch_patience).
  bool vouches(const VouchQuestion& question);

  /// The cache folder of the project's inputs ("" when it has none).
  std::string cache_dir() const;

  /// How long the searches of one request may run: a question that needs
  /// longer (a thousand paths of a large corpus) is answered with an error.
  std::chrono::milliseconds query_time{10000};
  /// How long a question of vouches() waits for a request to end.
  std::chrono::milliseconds vouch_patience{200};

 private:
  /// The project as it is now: the one kept from the last request while
  /// the watch saw nothing of its inputs change; else opened afresh (the
  /// snapshot's freshness checked, the changed facts read again) and kept
  /// if its inputs are the same; nullptr on errors, in `diags`.
  Project* open(Diagnostics* diags);

  std::timed_mutex mutex_;
  ProjectRequest project_;
  std::unique_ptr<Project> current_;
  std::map<std::string, std::string> drawn_;  ///< Maps drawn for current_ (html.h).
  std::string sources_dir_;
  InputWatch watch_;
  bool current_is_fresh_ = false;  ///< current_ was the last opening's, without errors.
  std::uint64_t found_fresh_ = 0;  ///< The identity of the snapshot the last opening found fresh.
  std::uint64_t openings_ = 0;     ///< How often the project was opened afresh.
};

/// The stylesheet, script and icon of every page, served from the program.
std::string_view site_stylesheet();
std::string_view site_script();
std::string_view site_icon();

}  // namespace relmap::serve
