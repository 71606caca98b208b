// The request layer: what a user names — actors, filters, the project and
// its question — resolved against the project, for any front end (the
// command line, a web page). Nothing here prints: what cannot be resolved
// is reported through Diagnostics, with an outcome the front end turns into
// an exit code or an HTTP status.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "project/project.h"
#include "query/query.h"
#include "query/query_output.h"

namespace relmap {

/// How a request ended.
enum class Outcome {
  kOk,          ///< Resolved.
  kBadRequest,  ///< Malformed: an unknown type name, a bad date (a usage error; HTTP 400).
  kNotFound,    ///< Well-formed, but the data has no such thing: an unknown or ambiguous actor, an unknown
                ///< source.
  kDataError,   ///< The project's schema or facts have errors.
};

/// The worse of two outcomes: a bad request before anything not found.
Outcome worse(Outcome a, Outcome b);

/// What answers to a name a user typed.
struct ActorMatch {
  /// All the actors that answer: one when the name picks an actor, none or
  /// several otherwise.
  std::vector<NodeId> actors;
  bool by_words = false;  ///< Found by words of their names, not by a whole id, name or alias.
};

/// The actors answering to `text`: the actor with this exact id; else
/// those whose id, name or alias equals it ignoring case and accents; else
/// those with all its words in their names ("Sakamoto").
ActorMatch match_actor(const GraphView& view, std::string_view text);

/// The id, name or alias spelt closest to `text`, that a user who typed it
/// may have meant; "" when none is close.
std::string actor_suggestion(const GraphView& view, std::string_view text);

/// The one actor `text` names, or nullopt after reporting why not in
/// `diags`: unknown (with the closest names), or ambiguous (with up to 20
/// candidates, as notes).
std::optional<NodeId> resolve_actor(const GraphView& view, const Schema& schema, std::string_view text,
                                    Diagnostics* diags);

/// How a front end names the filters in what it tells a user: the command
/// line by its options ("--as-of"), a page by the words of its form. The
/// request layer words its messages about filters with one, so that each
/// front end's users read the names they typed or chose.
struct FilterNaming {
  /// A filter by its name in filter_fields() ("as-of"), or "directed".
  std::string (*name)(std::string_view filter);
  /// That `value` given for `filter` is no `what` ("date", "grade"), and
  /// what the filter takes (`expected`, "" when its choices say it).
  std::string (*bad_value)(std::string_view filter, std::string_view what, std::string_view value,
                           std::string_view expected);
};

/// The command line's naming: "--as-of", and "bad --as-of date 'May':
/// expected YYYY, YYYY-MM or YYYY-MM-DD".
const FilterNaming& option_naming();

/// The filters a user asks for, by name and as typed (on a command line,
/// in a URL). Resolved against a project by resolve_filters.
struct FilterRequest {
  std::vector<std::string> relations, exclude_relations;    ///< Relation type names.
  std::vector<std::string> node_types, exclude_node_types;  ///< Node type names (with subtypes).
  std::vector<std::string> avoid;                           ///< Actors never passed through, as named.
  std::vector<std::string> sources;                         ///< Source ids.
  std::size_t max_degree = 0;                               ///< 0: no limit.
  std::string as_of, reported_by;                           ///< Dates, YYYY[-MM[-DD]].
  bool stated_only = false;
  std::string min_reliability;   ///< A reliability grade, A–F; "": any.
  std::string min_credibility;   ///< A credibility grade, 1–6; "": any.
  std::size_t corroborated = 0;  ///< Independent sources a claim needs; 0: any.
  bool directed = false;         ///< Relations followed only in their stored direction.

  /// Whether any filter narrows what may be used (sources and the
  /// direction of walks aside).
  bool narrows() const;

  /// The filters in force, as `naming` names them, for messages:
  /// "filters: --directed, --avoid asean", or "no filters".
  std::string describe(const FilterNaming& naming = option_naming()) const;
};

/// One filter a user can ask for, as the command line and a URL name it:
/// what it takes and which field of FilterRequest holds it. Front ends read
/// their options and parameters from this table, and FilterRequest
/// describes itself from it: a new filter is a row here, a field of
/// FilterRequest and its resolution in resolve_filters.
struct FilterField {
  enum class Kind {
    kList,   ///< Names, comma-separated or repeated.
    kText,   ///< One value (a date, a grade).
    kFlag,   ///< On or off.
    kCount,  ///< A number from 1 up; 0 is off.
  };
  const char* name;  ///< "min-reliability": --min-reliability, or min_reliability= in a URL.
  Kind kind;
  const char* value_name;  ///< What it takes, for help: "TYPE,...", "DATE", "GRADE", "N".
  const char* help;
  std::vector<std::string> choices = {};  ///< The values it takes, when a fixed set.
  const char* choice_name = nullptr;      ///< What one of them is, for errors: "a reliability grade".
  bool actors = false;                    ///< Takes actors (completions offer their ids).
  bool narrows = true;                    ///< Leaves out relations or actors (not --source).
  std::vector<std::string> FilterRequest::*list = nullptr;
  std::string FilterRequest::*text = nullptr;
  bool FilterRequest::*flag = nullptr;
  std::size_t FilterRequest::*count = nullptr;

  /// Whether `request` asks for it.
  bool set_in(const FilterRequest& request) const;
  /// Its value in `request` as typed: "a,b", "2016-10", "3"; "" for a flag.
  std::string value_in(const FilterRequest& request) const;
};

/// Every filter, in the order help and messages list them.
const std::vector<FilterField>& filter_fields();

/// `request` resolved into the filter a search compiles: type names,
/// actors, sources and dates looked up; what is wrong reported in `diags`,
/// the filters named by `naming`.
Outcome resolve_filters(const GraphView& view, const Schema& schema, const FilterRequest& request,
                        QueryFilter* out, Diagnostics* diags, const FilterNaming& naming = option_naming());

/// How to open a project for a request.
struct ProjectRequest {
  LoadOptions load;
  /// Only answers are wanted (text or JSON, no maps): the snapshot's
  /// checksums are checked as it is read rather than all at once.
  bool answers_only = false;
  /// A `relmap serve` watching the same inputs is asked first whether the
  /// snapshot found is fresh (vouch.h): what a command does, and the
  /// server itself must not.
  bool ask_watcher = false;
};

/// What a front end was told of where the project is: the folder it runs
/// in, and which paths the user gave (those are kept as given).
struct ProjectLocation {
  std::string cwd;  ///< The folder the project is looked for from, upwards.
  bool schema_given = false;
  bool data_given = false;         ///< Also true where the command reads no facts.
  bool sources_asked = false;      ///< The command checks quotes, and no --sources was given.
  bool out_asked = false;          ///< The command writes an edition, and no --out was given.
  bool validate_one_file = false;  ///< validate --data FILE: one file checked among the project's facts.
};

/// Where the project is and what it reads, paths relative to the folder
/// it was looked for from.
struct LocatedProject {
  std::string root;             ///< "" outside a project (when schema and data were given).
  std::string schema, data;     ///< Filled in where not given; "" where given.
  std::string project_data;     ///< The project's own data folder, "" outside a project.
  std::string context_data;     ///< validate --data FILE: the folder it is checked among.
  std::string sources;          ///< The project's articles, when asked for and present.
  std::string missing_sources;  ///< The project's articles, when named but absent.
  std::string out;              ///< Where an edition goes, when asked for.
};

/// Find the project as git finds its root — walking up from `where.cwd` to
/// the folder holding relmap.yaml or graph-schema.yaml — and read its
/// relmap.yaml for what was not given. kBadRequest when no project is found
/// and schema and data were not both given; kDataError when relmap.yaml is
/// wrong; a missing sources folder is a warning.
Outcome locate_project(const ProjectLocation& where, LocatedProject* out, Diagnostics* diags);

/// Load the project `request` names, with its cache (project.h: the
/// snapshot when fresh, else compiled, retried once if it was damaged).
Outcome open_project(const ProjectRequest& request, Project* project, Diagnostics* diags);

/// A question's ground: the project, the actors it names, the filters
/// compiled and the engine that answers on the snapshot.
struct Question {
  Project project;
  std::vector<NodeId> actors;
  QueryFilter filter;
  std::unique_ptr<QueryEngine> engine;

  const GraphView& view() const { return *project.view; }
  Answers answers() const { return {*project.view, project.schema, engine.get()}; }
  /// The knowledge graph, built on first use: only maps need it.
  const KnowledgeGraph& graph() { return project.graph(); }
};

/// Open the project, resolve `names` (each must name one actor) and the
/// filters, and start the engine.
Outcome ask(const ProjectRequest& project, const std::vector<std::string>& names,
            const FilterRequest& filters, Question* question, Diagnostics* diags);

/// The error that no path links `from` and `to` under the filters in force,
/// named by `naming`.
std::string no_path_message(const GraphView& view, NodeId from, NodeId to, const FilterRequest& filters,
                            const FilterNaming& naming = option_naming());

}  // namespace relmap
