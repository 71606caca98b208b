#include "project/request.h"

#include <algorithm>
#include <filesystem>

#include "base/dates.h"
#include "base/spellcheck.h"
#include "base/text.h"
#include "facts/grades.h"
#include "project/vouch.h"

namespace relmap {

Outcome worse(Outcome a, Outcome b) {
  auto rank = [](Outcome o) {
    switch (o) {
      case Outcome::kOk:
        return 0;
      case Outcome::kNotFound:
        return 1;
      case Outcome::kDataError:
        return 2;
      case Outcome::kBadRequest:
        return 3;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

ActorMatch match_actor(const GraphView& view, std::string_view text) {
  if (auto exact = view.find_id(text)) return {{*exact}, false};
  ActorMatch match{view.find_name(text), false};
  if (match.actors.empty()) match = {view.find_words(text), true};
  return match;
}

namespace {

/// Every id, name and alias, for suggestions.
std::vector<std::string> actor_names(const GraphView& view) {
  std::vector<std::string> names;
  for (NodeId v = 0; v < view.node_count(); ++v) {
    names.emplace_back(view.id(v));
    names.emplace_back(view.name(v));
    for (Str a : view.aliases(v)) names.emplace_back(view.text(a));
  }
  return names;
}

constexpr std::size_t kCandidatesShown = 20;

}  // namespace

std::string actor_suggestion(const GraphView& view, std::string_view text) {
  return Spellchecker(actor_names(view)).suggest(text);
}

std::optional<NodeId> resolve_actor(const GraphView& view, const Schema& schema, std::string_view text,
                                    Diagnostics* diags) {
  const ActorMatch match = match_actor(view, text);
  if (match.actors.size() == 1) return match.actors.front();
  if (match.actors.empty()) {
    const std::string best = actor_suggestion(view, text);
    diags->error({}, "unknown actor '" + visible_text(text) + "'" +
                         (best.empty() ? std::string() : " (did you mean '" + best + "'?)"));
    return std::nullopt;
  }
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < match.actors.size() && i < kCandidatesShown; ++i) {
    const NodeId v = match.actors[i];
    notes.push_back(visible_text(view.id(v)) + "  (" + visible_text(view.name(v)) + ", " +
                    visible_text(schema.node_types()[view.node(v).type].label) + ")");
  }
  if (match.actors.size() > kCandidatesShown)
    notes.push_back("... and " + std::to_string(match.actors.size() - kCandidatesShown) + " more");
  diags->error({},
               "'" + visible_text(text) + "' is ambiguous: " + std::to_string(match.actors.size()) +
                   (match.by_words ? " actors have these words in their names" : " actors have this name") +
                   "; use an id:",
               std::move(notes));
  return std::nullopt;
}

const std::vector<FilterField>& filter_fields() {
  using K = FilterField::Kind;
  using R = FilterRequest;
  static const std::vector<FilterField> fields = {
      {"relations",
       K::kList,
       "TYPE,...",
       "Use only these relation types",
       {},
       nullptr,
       false,
       true,
       &R::relations},
      {"exclude-relations",
       K::kList,
       "TYPE,...",
       "Never use these relation types",
       {},
       nullptr,
       false,
       true,
       &R::exclude_relations},
      {"node-types",
       K::kList,
       "TYPE,...",
       "Pass only through actors of these types (and subtypes)",
       {},
       nullptr,
       false,
       true,
       &R::node_types},
      {"exclude-node-types",
       K::kList,
       "TYPE,...",
       "Never pass through actors of these types",
       {},
       nullptr,
       false,
       true,
       &R::exclude_node_types},
      {"avoid",
       K::kList,
       "ACTOR,...",
       "Never pass through these actors (id, name or alias)",
       {},
       nullptr,
       true,
       true,
       &R::avoid},
      {"max-degree",
       K::kCount,
       "N",
       "Pass only through actors with at most N relations",
       {},
       nullptr,
       false,
       true,
       nullptr,
       nullptr,
       nullptr,
       &R::max_degree},
      {"as-of",
       K::kText,
       "DATE",
       "Only what was valid at this date (YYYY[-MM[-DD]]): by a relation's own start and end, else by its "
       "dated "
       "actors (an event), else from its source's date on; with no date at all, always",
       {},
       nullptr,
       false,
       true,
       nullptr,
       &R::as_of},
      {"reported-by",
       K::kText,
       "DATE",
       "Only relations whose source was dated by this date (YYYY[-MM[-DD]]); undated sources left out",
       {},
       nullptr,
       false,
       true,
       nullptr,
       &R::reported_by},
      {"stated-only",
       K::kFlag,
       "",
       "Only relations the articles state, none they only imply",
       {},
       nullptr,
       false,
       true,
       nullptr,
       nullptr,
       &R::stated_only},
      {"min-reliability",
       K::kText,
       "GRADE",
       "Only relations whose source is graded this reliable or better (A best; F, cannot be judged, lowest; "
       "ungraded sources left out)",
       {"A", "B", "C", "D", "E", "F"},
       "a reliability grade",
       false,
       true,
       nullptr,
       &R::min_reliability},
      {"min-credibility",
       K::kText,
       "GRADE",
       "Only relations this credible or better (1 best; 6, cannot be judged, lowest; without a grade a "
       "stated "
       "relation counts as 2, an implied one as 3)",
       {"1", "2", "3", "4", "5", "6"},
       "a credibility grade",
       false,
       true,
       nullptr,
       &R::min_credibility},
      {"corroborated",
       K::kCount,
       "N",
       "Only claims that at least N independent sources (distinct publishers) say",
       {},
       nullptr,
       false,
       true,
       nullptr,
       nullptr,
       nullptr,
       &R::corroborated},
      {"source",
       K::kList,
       "ID,...",
       "Only facts cited from these sources",
       {},
       nullptr,
       false,
       false,
       &R::sources},
  };
  return fields;
}

bool FilterField::set_in(const FilterRequest& request) const {
  switch (kind) {
    case Kind::kList:
      return !(request.*list).empty();
    case Kind::kText:
      return !(request.*text).empty();
    case Kind::kFlag:
      return request.*flag;
    case Kind::kCount:
      return request.*count > 0;
  }
  return false;
}

std::string FilterField::value_in(const FilterRequest& request) const {
  switch (kind) {
    case Kind::kList: {
      std::string joined;
      for (const std::string& v : request.*list) joined += (joined.empty() ? "" : ",") + v;
      return joined;
    }
    case Kind::kText:
      return request.*text;
    case Kind::kFlag:
      return std::string();
    case Kind::kCount:
      return std::to_string(request.*count);
  }
  return std::string();
}

bool FilterRequest::narrows() const {
  for (const FilterField& field : filter_fields())
    if (field.narrows && field.set_in(*this)) return true;
  return false;
}

namespace {

std::string option_name(std::string_view filter) { return "--" + std::string(filter); }

std::string option_bad_value(std::string_view filter, std::string_view what, std::string_view value,
                             std::string_view expected) {
  return "bad " + option_name(filter) + " " + std::string(what) + " '" + visible_text(value) + "'" +
         (expected.empty() ? std::string() : ": expected " + std::string(expected));
}

}  // namespace

const FilterNaming& option_naming() {
  static const FilterNaming naming{option_name, option_bad_value};
  return naming;
}

std::string FilterRequest::describe(const FilterNaming& naming) const {
  std::vector<std::string> parts;
  if (directed) parts.push_back(naming.name("directed"));
  for (const FilterField& field : filter_fields()) {
    if (!field.set_in(*this)) continue;
    const std::string value = field.value_in(*this);
    parts.push_back(naming.name(field.name) + (value.empty() ? "" : " " + value));
  }
  if (parts.empty()) return "no filters";
  std::string out = "filters: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

namespace {

/// Type names resolved into indices; unknown ones reported.
Outcome resolve_types(const Schema& schema, const std::vector<std::string>& names, bool relation,
                      std::vector<int>* out, Diagnostics* diags) {
  Outcome outcome = Outcome::kOk;
  for (const std::string& name : names) {
    const int index = relation ? schema.relation_type_index(name) : schema.node_type_index(name);
    if (index >= 0) {
      out->push_back(index);
      continue;
    }
    const auto known = relation ? schema.relation_type_names() : schema.node_type_names();
    diags->error({}, std::string("unknown ") + (relation ? "relation type" : "node type") + " '" +
                         visible_text(name) + "'" + did_you_mean(name, known));
    outcome = Outcome::kBadRequest;
  }
  return outcome;
}

/// A date filter's span; nullopt and a report when malformed.
std::optional<std::pair<int, int>> resolve_date(const char* filter, const std::string& text, Outcome* outcome,
                                                Diagnostics* diags, const FilterNaming& naming) {
  if (text.empty()) return std::nullopt;
  auto span = date_span(text);
  if (!span) {
    diags->error({}, naming.bad_value(filter, "date", text, "YYYY, YYYY-MM or YYYY-MM-DD"));
    *outcome = worse(*outcome, Outcome::kBadRequest);
  }
  return span;
}

/// A grade filter's rank (0 for none); a report when `text` is no grade.
int resolve_grade(const char* filter, const std::string& text, int (*rank_of)(std::string_view),
                  Outcome* outcome, Diagnostics* diags, const FilterNaming& naming) {
  if (text.empty()) return 0;
  const int rank = rank_of(text);
  if (rank == 0) {
    diags->error({}, naming.bad_value(filter, "grade", text, ""));
    *outcome = worse(*outcome, Outcome::kBadRequest);
  }
  return rank;
}

/// Whether `v` is a source (of the schema's source type or a subtype).
bool is_source(const GraphView& view, const Schema& schema, NodeId v) {
  const int source_type = schema.node_type_index(kSourceType);
  return source_type >= 0 && schema.is_a(static_cast<int>(view.node(v).type), source_type);
}

Outcome resolve_sources(const GraphView& view, const Schema& schema, const std::vector<std::string>& ids,
                        std::vector<std::string>* out, Diagnostics* diags) {
  Outcome outcome = Outcome::kOk;
  for (const std::string& s : ids) {
    auto v = view.find_id(s);
    if (v && is_source(view, schema, *v)) {
      out->push_back(s);
      continue;
    }
    std::vector<std::string> known;
    for (NodeId u = 0; u < view.node_count(); ++u)
      if (is_source(view, schema, u)) known.emplace_back(view.id(u));
    diags->error({}, "unknown source '" + visible_text(s) + "'" + did_you_mean(s, known));
    outcome = Outcome::kNotFound;
  }
  return outcome;
}

}  // namespace

Outcome resolve_filters(const GraphView& view, const Schema& schema, const FilterRequest& request,
                        QueryFilter* out, Diagnostics* diags, const FilterNaming& naming) {
  QueryFilter f;
  Outcome outcome = resolve_types(schema, request.relations, true, &f.relations, diags);
  outcome =
      worse(outcome, resolve_types(schema, request.exclude_relations, true, &f.exclude_relations, diags));
  outcome = worse(outcome, resolve_types(schema, request.node_types, false, &f.node_types, diags));
  outcome =
      worse(outcome, resolve_types(schema, request.exclude_node_types, false, &f.exclude_node_types, diags));
  for (const std::string& a : request.avoid) {
    if (auto v = resolve_actor(view, schema, a, diags))
      f.avoid.push_back(*v);
    else
      outcome = worse(outcome, Outcome::kNotFound);
  }
  if (request.max_degree > 0) f.max_degree = request.max_degree;
  f.as_of = resolve_date("as-of", request.as_of, &outcome, diags, naming);
  if (auto span = resolve_date("reported-by", request.reported_by, &outcome, diags, naming))
    f.reported_by = span->second;
  f.stated_only = request.stated_only;
  f.min_reliability =
      resolve_grade("min-reliability", request.min_reliability, reliability_rank, &outcome, diags, naming);
  f.min_credibility =
      resolve_grade("min-credibility", request.min_credibility, credibility_rank, &outcome, diags, naming);
  f.corroborated = request.corroborated;
  outcome = worse(outcome, resolve_sources(view, schema, request.sources, &f.sources, diags));
  *out = std::move(f);
  return outcome;
}

Outcome locate_project(const ProjectLocation& where, LocatedProject* out, Diagnostics* diags) {
  namespace fs = std::filesystem;
  *out = {};
  const fs::path cwd = where.cwd;
  out->root = where.cwd.empty() ? std::string() : find_project_root(where.cwd);
  if (out->root.empty()) {
    if (where.schema_given && where.data_given) return Outcome::kOk;
    diags->error(
        {}, std::string("not inside a relmap project: no ") + kProjectFile + " or " + kSchemaFile + " in " +
                (where.cwd.empty() ? std::string("the current folder") : visible_text(where.cwd)) +
                " or any folder above it (give --schema and --data, or run relmap inside a project)");
    return Outcome::kBadRequest;
  }
  const std::size_t errors = diags->error_count();
  const ProjectPaths paths = project_paths(out->root, diags);
  if (diags->error_count() > errors) return Outcome::kDataError;
  auto shown = [&](const std::string& path) {
    const std::string relative = fs::path(path).lexically_relative(cwd).string();
    return relative.empty() ? path : relative;
  };
  std::error_code ec;
  out->project_data = shown(paths.data);
  if (!where.schema_given) out->schema = shown(paths.schema);
  if (!where.data_given) out->data = shown(paths.data);
  if (where.validate_one_file && fs::is_directory(paths.data, ec)) out->context_data = shown(paths.data);
  // The project's articles go with the project's facts (and a new file
  // checked among them), not with a --data folder given from elsewhere.
  if (where.sources_asked && (!where.data_given || !out->context_data.empty()) && !paths.sources.empty()) {
    // The project's articles may live outside the checkout (a clone without
    // them): then quotes go unchecked, said plainly, rather than failing.
    if (fs::is_directory(paths.sources, ec)) {
      out->sources = shown(paths.sources);
    } else {
      out->missing_sources = shown(paths.sources);
      diags->warning({}, shown(out->root + "/" + kProjectFile) + ": sources folder " + out->missing_sources +
                             " not found; evidence quotes are not checked");
    }
  }
  if (where.out_asked) out->out = shown(paths.out);
  return Outcome::kOk;
}

Outcome open_project(const ProjectRequest& request, Project* project, Diagnostics* diags) {
  LoadOptions load = request.load;
  load.cache_dir = cache_dir_for(load.schema_path, load.data_path);
  if (request.answers_only) load.check = GraphView::Check::kOnRead;
  if (request.ask_watcher && !load.cache_dir.empty()) {
    load.vouch = [socket = watcher_socket(load.cache_dir), schema = absolute_input(load.schema_path),
                  data = absolute_input(load.data_path)](std::uint64_t snapshot) {
      const std::optional<Vouched> said = ask_watcher(socket, {schema, data, snapshot, program_identity()});
      return said ? std::optional<long>(said->fresh ? said->server : 0) : std::nullopt;
    };
  }
  return load_project(load, project, diags) ? Outcome::kOk : Outcome::kDataError;
}

Outcome ask(const ProjectRequest& project, const std::vector<std::string>& names,
            const FilterRequest& filters, Question* q, Diagnostics* diags) {
  if (const Outcome o = open_project(project, &q->project, diags); o != Outcome::kOk) return o;
  Outcome outcome = Outcome::kOk;
  for (const std::string& name : names) {
    if (auto v = resolve_actor(q->view(), q->project.schema, name, diags))
      q->actors.push_back(*v);
    else
      outcome = Outcome::kNotFound;
  }
  if (outcome != Outcome::kOk) return outcome;
  outcome = resolve_filters(q->view(), q->project.schema, filters, &q->filter, diags);
  if (outcome != Outcome::kOk) return outcome;
  q->engine = std::make_unique<QueryEngine>(q->view(), q->project.schema, q->filter);
  return Outcome::kOk;
}

std::string no_path_message(const GraphView& view, NodeId from, NodeId to, const FilterRequest& filters,
                            const FilterNaming& naming) {
  return "no path from " + visible_text(view.name(from)) + " [" + visible_text(view.id(from)) + "] to " +
         visible_text(view.name(to)) + " [" + visible_text(view.id(to)) + "] (" + filters.describe(naming) +
         ")";
}

}  // namespace relmap
