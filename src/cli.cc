#include "cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <cstdio>
#include <limits>
#include <functional>
#include <optional>
#include <iostream>
#include <string>
#include <vector>

#include "build.h"
#include "child.h"
#include "completion.h"
#include "diff.h"
#include "mentions.h"
#include "export.h"
#include "files.h"
#include "output_set.h"
#include "project.h"
#include "revision.h"
#include "query.h"
#include "query_output.h"
#include "render.h"
#include "report.h"
#include "spellcheck.h"
#include "text.h"
#include "views.h"
#include "validate.h"
#include "version.h"

namespace relmap {

namespace {

constexpr int kOk = 0;
constexpr int kDataError = 1;
constexpr int kUsageError = 2;

/// Options shared by the subcommands; each subcommand binds the ones it uses.
struct Options {
  LoadOptions load;
  std::string out_dir = "out";
  std::string output;  // -o FILE; "" or "-" for standard output
  std::string format;
  std::string engine = "auto";
  int timeout = 120;
  // Queries.
  std::vector<std::string> actors;  // positional A [B]
  PathOptions path;
  int depth = 1;
  std::size_t top = 10;
  std::vector<std::string> relations, exclude_relations, node_types, exclude_node_types, avoid, sources;
  std::size_t max_degree = 0;
  std::string as_of, reported_by;
  std::string missing_sources;  // the project's sources folder, when it is not there
  std::string article;  // mentions ARTICLE.txt
  bool stated_only = false;
  // Maps.
  RenderOptions render;
  std::vector<std::string> path_ends;  // render --path A B
  std::string focus;                    // render --focus A
  std::string title;
  bool no_legend = false;
  bool full_map = false;
  std::vector<std::string> editions;  // diff OLD NEW
  double width_points = 0;  // --width, in points
  double dpi = 0;           // --dpi; 0 when not given
  bool answers_only = false;  // a query that reads only what it needs from the snapshot
};

/// How much relmap says besides its answers: -q only errors, -v every file.
struct Verbosity {
  bool quiet = false;
  bool verbose = false;
};
Verbosity verbosity;  // set once, from the command line

/// Whether what goes to `fd` may be coloured: only on a terminal, and never
/// when NO_COLOR is set (https://no-color.org) or the terminal is dumb.
bool colour_on(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(fd) != 0 && (no_colour == nullptr || *no_colour == '\0') &&
         (term == nullptr || std::string_view(term) != "dumb");
}

/// "error: " to begin a message on stderr, coloured as diagnostics are.
std::string error_tag() { return colour_on(STDERR_FILENO) ? "\033[1;31merror:\033[0m " : "error: "; }

/// Print the diagnostics to stderr with their source lines; with -q, the errors only.
void print_diagnostics(const Diagnostics& diags) {
  Diagnostics errors;
  if (verbosity.quiet)
    for (const Diagnostic& d : diags.items())
      if (d.severity == Severity::kError) errors.error(d.where, d.message);
  std::cerr << (verbosity.quiet ? errors : diags).format(isatty(STDERR_FILENO) != 0, colour_on(STDERR_FILENO));
}

void add_load_options(CLI::App* cmd, Options* o) {
  cmd->add_option("--schema", o->load.schema_path, "Schema file")
      ->capture_default_str()
      ->type_name("FILE");
  cmd->add_option("--data", o->load.data_path, "Facts folder (read recursively) or file")
      ->capture_default_str()
      ->type_name("PATH");
}

/// A number as a message shows it: 1200, 0.5.
template <typename T>
std::string number_text(T value) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

/// A numeric option checked as a person would say it: "--depth: 'two' is
/// not a whole number", "--top must be at least 1", "--dpi must be between
/// 30 and 1200". `max` at the type's largest means no upper bound.
template <typename T>
CLI::Option* add_number(CLI::App* cmd, const std::string& name, T* target, T min, T max, const std::string& help) {
  auto check = [=](const std::string& text) {
    const bool minus = !text.empty() && text[0] == '-';
    const bool skip = (minus && std::is_unsigned_v<T>) || (!text.empty() && text[0] == '+');
    T value{};
    const auto [stop, ec] = std::from_chars(text.data() + skip, text.data() + text.size(), value);
    if (text.size() == std::size_t{skip} || stop != text.data() + text.size() || ec == std::errc::invalid_argument)
      throw CLI::ValidationError(name, "'" + visible_text(text) + "' is not a " +
                                           (std::is_integral_v<T> ? "whole number" : "number"));
    // Out of the type's range, `value` is untouched: the sign says which way.
    const bool out_of_range = ec == std::errc::result_out_of_range || (minus && std::is_unsigned_v<T>);
    const bool below = out_of_range ? minus : !(value >= min);
    const bool above = out_of_range ? !minus : !(value <= max);
    if (!below && !above) {
      *target = value;
      return;
    }
    if (max != std::numeric_limits<T>::max())
      throw CLI::ValidationError(name + " must be between " + number_text(min) + " and " + number_text(max));
    if (below) throw CLI::ValidationError(name + " must be at least " + number_text(min));
    throw CLI::ValidationError(name, "'" + visible_text(text) + "' is too large");
  };
  return cmd->add_option_function<std::string>(name, check, help)->type_name("N");
}

/// Options of how maps look: theme, clusters, legend, size.
void add_style_options(CLI::App* cmd, Options* o) {
  cmd->add_option("--theme", o->render.theme, "Colour theme")->check(CLI::IsMember(themes()))->capture_default_str();
  cmd->add_flag("--clusters", o->render.clusters, "Gather institutions in clusters by the country they belong to");
  cmd->add_flag("--no-legend", o->no_legend, "Leave out the legend");
  cmd->add_flag("--fixed-size", o->render.fixed_size, "Keep a fixed width and height in the SVG (default: scale to the container)");
}

void add_render_options(CLI::App* cmd, Options* o) {
  std::vector<std::string> engines = layout_engines();
  engines.insert(engines.begin(), "auto");
  cmd->add_option("--engine", o->engine,
                  "Layout engine; auto picks dot for small maps, neato for medium, sfdp for large "
                  "(fdp with --clusters)")
      ->check(CLI::IsMember(engines))
      ->capture_default_str();
  add_number(cmd, "--timeout", &o->timeout, 1, 86400, "Stop a layout after this many seconds")
      ->default_str(std::to_string(o->timeout));
}

/// A length with its unit (cm, mm, in, pt) in points, or -1.
double length_points(const std::string& text) {
  static const std::pair<const char*, double> kUnits[] = {{"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"in", 72}, {"pt", 1}};
  for (const auto& [unit, points] : kUnits) {
    const std::size_t n = std::char_traits<char>::length(unit);
    if (text.size() <= n || text.compare(text.size() - n, n, unit) != 0) continue;
    try {
      std::size_t used = 0;
      const double value = std::stod(text.substr(0, text.size() - n), &used);
      return used == text.size() - n && value > 0 && value < 1e5 ? value * points : -1;
    } catch (const std::exception&) {
      return -1;
    }
  }
  return -1;
}

/// --width and --dpi: the size of PNG and PDF maps on the page.
void add_picture_options(CLI::App* cmd, Options* o) {
  cmd->add_option_function<std::string>(
         "--width",
         [o](const std::string& text) {
           o->width_points = length_points(text);
           if (o->width_points <= 0) throw CLI::ValidationError("--width", "'" + text + "' is not a length such as 16cm, 160mm, 6.5in or 460pt");
         },
         "png, pdf: width on the page, e.g. 16cm, 160mm, 6.5in (default: the map's own size)")
      ->type_name("LENGTH");
  add_number(cmd, "--dpi", &o->dpi, 30.0, 1200.0, "png: pixels per inch, also written into the file (default 150)");
}

/// Shows which map is being drawn and how long its layout has run, on a
/// terminal only (stderr); never when stderr is piped or redirected.
class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), on_(isatty(STDERR_FILENO) != 0 && !verbosity.quiet) {}
  ~Progress() {
    if (on_ && shown_) std::fprintf(stderr, "\r\033[K");
  }
  /// Begin the next item; `show` false waits until it has run a second.
  void step(const std::string& what, bool show = true) {
    label_ = what;
    ++done_;
    if (show) print("");
  }
  void waiting(int seconds) { print(" (" + std::to_string(seconds) + " s)"); }

 private:
  void print(const std::string& suffix) {
    if (!on_) return;
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %s%s", done_, total_, label_.c_str(), suffix.c_str());
    std::fflush(stderr);
    shown_ = true;
  }

  std::size_t total_, done_ = 0;
  bool on_, shown_ = false;
  std::string label_;
};

/// The render options the command line asked for, in `format`.
RenderOptions render_options(const Options& o, const std::string& format) {
  RenderOptions r = o.render;
  r.format = format;
  r.engine = o.engine;
  r.timeout_seconds = o.timeout;
  r.legend = !o.no_legend;
  r.width_points = o.width_points;
  if (o.dpi > 0) r.dpi = o.dpi;
  return r;
}

/// Load the project the options name, with its cache; print the diagnostics
/// into `diags`' place (stderr). False on errors.
/// Load the project `o` names, with its diagnostics in `diags` (not printed).
bool load_silently(const Options& o, Project* project, Diagnostics* diags) {
  LoadOptions load = o.load;
  load.cache_dir = cache_dir_for(load.schema_path, load.data_path);
  if (o.answers_only) load.check = GraphView::Check::kOnRead;
  return load_project(load, project, diags);
}

bool load(const Options& o, Project* project, Diagnostics* diags) {
  const bool ok = load_silently(o, project, diags);
  print_diagnostics(*diags);
  return ok;
}

bool load(const Options& o, Project* project) {
  Diagnostics diags;
  return load(o, project, &diags);
}

/// Write `content` to -o FILE (atomically) or standard output.
int emit(const Options& o, const std::string& content) {
  if (o.output.empty() || o.output == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return std::fflush(stdout) == 0 ? kOk : kDataError;
  }
  Diagnostics diags;
  const bool ok = write_file(o.output, content, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

int cmd_validate(Options& o) {
  Diagnostics diags;
  Project project;
  const bool ok = load(o, &project, &diags);
  if (!verbosity.quiet) {
    std::printf("%zu entities, %zu relations in %zu files: %zu errors, %zu warnings\n", project.entities,
                project.relations, project.files, diags.error_count(), diags.warning_count());
    // Said once: a sources folder named but missing was warned about already.
    if (ok && o.load.sources_dir.empty() && o.missing_sources.empty())
      std::printf("evidence quotes not checked against the articles: give --sources DIR or set sources in %s\n",
                  kProjectFile);
  }
  return ok ? kOk : kDataError;
}

int cmd_export(Options& o) {
  const Exporter& format = *find_exporter(o.format);
  if (!format.single_file && (o.output.empty() || o.output == "-")) {
    std::cerr << "error: --format " << format.name << " writes several files: name a folder with -o DIR\n";
    return kUsageError;
  }
  Project project;
  if (!load(o, &project)) return kDataError;
  std::vector<OutputFile> files = format.write(project.graph());
  if (format.single_file) return emit(o, files.front().content);
  for (OutputFile& f : files) f.path = o.output + "/" + f.path;
  Diagnostics diags;
  const bool ok = check_output_folder(o.output, &diags) && replace_output_set(o.output, files, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

void add_filter_options(CLI::App* cmd, Options* o) {
  cmd->add_option("--relations", o->relations, "Use only these relation types")
      ->delimiter(',')->type_name("TYPE,...");
  cmd->add_option("--exclude-relations", o->exclude_relations, "Never use these relation types")
      ->delimiter(',')->type_name("TYPE,...");
  cmd->add_option("--node-types", o->node_types, "Pass only through actors of these types (and subtypes)")
      ->delimiter(',')->type_name("TYPE,...");
  cmd->add_option("--exclude-node-types", o->exclude_node_types, "Never pass through actors of these types")
      ->delimiter(',')->type_name("TYPE,...");
  cmd->add_option("--avoid", o->avoid, "Never pass through these actors (id, name or alias)")
      ->delimiter(',')->type_name("ACTOR,...");
  add_number(cmd, "--max-degree", &o->max_degree, std::size_t{1}, std::numeric_limits<std::size_t>::max(),
             "Pass only through actors with at most N relations");
  cmd->add_option("--as-of", o->as_of,
                  "Only what was valid at this date (YYYY[-MM[-DD]]): by a relation's own start and end, else by "
                  "its dated actors (an event), else from its source's date on; with no date at all, always")
      ->type_name("DATE");
  cmd->add_option("--reported-by", o->reported_by,
                  "Only relations whose source was dated by this date (YYYY[-MM[-DD]]); undated sources left out")
      ->type_name("DATE");
  cmd->add_flag("--stated-only", o->stated_only, "Only relations the articles state, none they only imply");
  cmd->add_option("--source", o->sources, "Only facts cited from these sources")
      ->delimiter(',')->type_name("ID,...");
}

/// --format, whose default is the first of `formats`; and -o FILE.
void add_format_option(CLI::App* cmd, Options* o, std::vector<std::string> formats) {
  cmd->add_option("--format,-f", o->format, "Output format")
      ->check(CLI::IsMember(formats))
      ->default_str(formats.front());
  cmd->callback([o, first = formats.front()] {
    if (o->format.empty()) o->format = first;
  });
  cmd->add_option("-o,--output", o->output, "Output file (default: standard output)")->type_name("FILE");
}

/// The actor a user named — by id, name or alias, ignoring case and
/// accents, or by words of its name ("Sakamoto") when that picks one — or
/// nullopt after printing why not: unknown (with a suggestion) or
/// ambiguous (with the candidates).
std::optional<NodeId> resolve_actor(const GraphView& g, const Schema& schema, const std::string& text) {
  if (auto exact = g.find_id(text)) return *exact;
  std::vector<NodeId> found = g.find_name(text);
  const bool by_words = found.empty();
  if (by_words) found = g.find_words(text);
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    std::vector<std::string> names;
    for (NodeId v = 0; v < g.node_count(); ++v) {
      names.emplace_back(g.id(v));
      names.emplace_back(g.name(v));
      for (Str a : g.aliases(v)) names.emplace_back(g.text(a));
    }
    std::cerr << "error: unknown actor '" << visible_text(text) << "'" << Spellchecker(names).did_you_mean(text) << "\n";
    return std::nullopt;
  }
  std::cerr << "error: '" << visible_text(text) << "' is ambiguous: " << found.size()
            << (by_words ? " actors have these words in their names" : " actors have this name")
            << "; use an id:";
  for (std::size_t i = 0; i < found.size() && i < 20; ++i) {
    const NodeId v = found[i];
    std::cerr << "\n  " << visible_text(g.id(v)) << "  (" << visible_text(g.name(v)) << ", "
              << visible_text(schema.node_types()[g.node(v).type].label) << ")";
  }
  if (found.size() > 20) std::cerr << "\n  ... and " << found.size() - 20 << " more";
  std::cerr << "\n";
  return std::nullopt;
}

/// Exit code of a query that could not run; 0 while all is well.
struct QueryError {
  int code = kOk;
};

/// Turn the filter options into a QueryFilter; reports bad names.
QueryFilter make_filter(const GraphView& g, const Schema& schema, const Options& o, QueryError* err) {
  QueryFilter f;
  auto types = [&](const std::vector<std::string>& names, bool relation, std::vector<int>* out) {
    for (const std::string& name : names) {
      const int index = relation ? schema.relation_type_index(name) : schema.node_type_index(name);
      if (index < 0) {
        const auto known = relation ? schema.relation_type_names() : schema.node_type_names();
        std::cerr << "error: unknown " << (relation ? "relation type" : "node type") << " '" << visible_text(name)
                  << "'" << did_you_mean(name, known) << "\n";
        err->code = kUsageError;
      } else {
        out->push_back(index);
      }
    }
  };
  types(o.relations, true, &f.relations);
  types(o.exclude_relations, true, &f.exclude_relations);
  types(o.node_types, false, &f.node_types);
  types(o.exclude_node_types, false, &f.exclude_node_types);
  for (const std::string& a : o.avoid) {
    if (auto v = resolve_actor(g, schema, a)) f.avoid.push_back(*v);
    else if (err->code == kOk) err->code = kDataError;
  }
  if (o.max_degree > 0) f.max_degree = o.max_degree;
  auto date = [&](const char* flag, const std::string& text) -> std::optional<std::pair<int, int>> {
    if (text.empty()) return std::nullopt;
    auto span = parse_as_of(text);
    if (!span) {
      std::cerr << "error: bad " << flag << " date '" << visible_text(text)
                << "': expected YYYY, YYYY-MM or YYYY-MM-DD\n";
      err->code = kUsageError;
    }
    return span;
  };
  f.as_of = date("--as-of", o.as_of);
  if (auto span = date("--reported-by", o.reported_by)) f.reported_by = span->second;
  f.stated_only = o.stated_only;
  const int source_type = schema.node_type_index(kSourceType);
  for (const std::string& s : o.sources) {
    auto v = g.find_id(s);
    if (!v || source_type < 0 || !schema.is_a(static_cast<int>(g.node(*v).type), source_type)) {
      std::vector<std::string> ids;
      for (NodeId u = 0; u < g.node_count(); ++u)
        if (source_type >= 0 && schema.is_a(static_cast<int>(g.node(u).type), source_type)) ids.emplace_back(g.id(u));
      std::cerr << "error: unknown source '" << visible_text(s) << "'" << did_you_mean(s, ids) << "\n";
      if (err->code == kOk) err->code = kDataError;
    } else {
      f.sources.push_back(s);
    }
  }
  return f;
}

/// The filters and variants in force, for messages: "--directed, --avoid asean".
std::string describe_filters(const Options& o) {
  std::vector<std::string> parts;
  auto list = [&](const char* flag, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string joined;
    for (const std::string& v : values) joined += (joined.empty() ? "" : ",") + v;
    parts.push_back(std::string(flag) + " " + joined);
  };
  if (o.path.directed) parts.push_back("--directed");
  list("--relations", o.relations);
  list("--exclude-relations", o.exclude_relations);
  list("--node-types", o.node_types);
  list("--exclude-node-types", o.exclude_node_types);
  list("--avoid", o.avoid);
  if (o.max_degree > 0) parts.push_back("--max-degree " + std::to_string(o.max_degree));
  if (!o.as_of.empty()) parts.push_back("--as-of " + o.as_of);
  if (!o.reported_by.empty()) parts.push_back("--reported-by " + o.reported_by);
  if (o.stated_only) parts.push_back("--stated-only");
  list("--source", o.sources);
  if (parts.empty()) return "no filters";
  std::string out = "filters: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

/// What a query command works on: the loaded project, the actors named on
/// the command line and the engine with the filters compiled. Only maps
/// need the Boost graph; answers read the snapshot.
struct Query {
  Project project;
  std::vector<NodeId> actors;
  std::unique_ptr<QueryEngine> engine;
  QueryFilter filter;

  const GraphView& view() const { return *project.view; }
  Answers answers() const { return {*project.view, project.schema}; }
  const KnowledgeGraph& graph() { return project.graph(); }
};

/// Load the project, resolve `names` and compile the filters; kOk, or the
/// exit code after printing why not.
int prepare(Options o, const std::vector<std::string>& names, Query* q) {
  o.answers_only = o.format == "text" || o.format == "json";
  if (!load(o, &q->project)) return kDataError;
  for (const std::string& name : names)
    if (auto v = resolve_actor(q->view(), q->project.schema, name)) q->actors.push_back(*v);
  if (q->actors.size() != names.size()) return kDataError;
  QueryError err;
  q->filter = make_filter(q->view(), q->project.schema, o, &err);
  if (err.code != kOk) return err.code;
  q->engine = std::make_unique<QueryEngine>(q->view(), q->project.schema, q->filter);
  return kOk;
}

/// Print that no path links `from` and `to` under the filters in force.
int no_path(const Options& o, const GraphView& g, NodeId from, NodeId to) {
  std::cerr << "error: no path from " << visible_text(g.name(from)) << " [" << visible_text(g.id(from)) << "] to "
            << visible_text(g.name(to)) << " [" << visible_text(g.id(to)) << "] (" << describe_filters(o) << ")\n";
  return kDataError;
}

/// Draw a query result through the map renderer.
int emit_map(const Options& o, const KnowledgeGraph& kg, MapSpec spec) {
  if ((o.width_points > 0 || o.dpi > 0) && o.format != "png" && o.format != "pdf") {
    std::cerr << "error: --width and --dpi apply to -f png and pdf\n";
    return kUsageError;
  }
  std::string out;
  Diagnostics diags;
  if (spec.description.empty()) spec.description = describe_map(kg, spec);
  Progress progress(1);
  progress.step("drawing " + spec.name, false);
  RenderOptions options = render_options(o, o.format);
  options.on_wait = [&progress](int seconds) { progress.waiting(seconds); };
  const bool ok = render_map(kg, spec, options, &out, &diags);
  print_diagnostics(diags);
  return ok ? emit(o, out) : kDataError;
}

int cmd_path(Options& o) {
  Query q;
  if (const int code = prepare(o, o.actors, &q); code != kOk) return code;
  const NodeId from = q.actors[0], to = q.actors[1];
  const std::vector<Path> paths = q.engine->paths(from, to, o.path);
  if (paths.empty()) return no_path(o, q.view(), from, to);
  if (o.format == "json") return emit(o, paths_to_json(q.answers(), from, to, paths));
  if (o.format == "text") return emit(o, paths_to_text(q.answers(), from, to, paths));
  return emit_map(o, q.graph(), path_answer_map(q.graph(), paths));
}

int cmd_neighbors(Options& o) {
  Query q;
  if (const int code = prepare(o, o.actors, &q); code != kOk) return code;
  if (o.format != "json" && o.format != "text")
    return emit_map(o, q.graph(), ego_map(q.graph(), *q.engine, q.actors[0], o.depth));
  const auto n = q.engine->neighbours(q.actors[0], o.depth, o.path.directed);
  return emit(o, o.format == "json" ? neighbours_to_json(q.answers(), n, o.depth)
                                    : neighbours_to_text(q.answers(), n, o.depth));
}

int cmd_common(Options& o) {
  Query q;
  if (const int code = prepare(o, o.actors, &q); code != kOk) return code;
  const NodeId a = q.actors[0], b = q.actors[1];
  const auto common = q.engine->common(a, b);
  return emit(o, o.format == "json" ? common_to_json(q.answers(), a, b, common)
                                    : common_to_text(q.answers(), a, b, common));
}

int cmd_mentions(Options& o) {
  std::string text, error;
  if (!read_bounded(o.article, kMaxSourceFileBytes, &text, &error)) {
    std::cerr << "error: cannot read " << visible_text(o.article) << ": " << error << "\n";
    return kDataError;
  }
  Project project;
  if (!load(o, &project)) return kDataError;
  const Mentions m = find_mentions(*project.view, project.schema, text);
  const std::string name = std::filesystem::path(o.article).filename().string();
  return emit(o, o.format == "json" ? mentions_to_json(*project.view, project.schema, m, name)
                                    : mentions_to_text(*project.view, project.schema, m, name));
}

int cmd_stats(Options& o) {
  Query q;
  if (const int code = prepare(o, {}, &q); code != kOk) return code;
  const Filter filter(q.view(), q.project.schema, q.filter);
  const GraphStats stats = compute_stats(q.view(), q.project.schema, o.top, &filter);
  return emit(o, o.format == "json" ? stats_to_json(q.answers(), stats) : stats_to_text(q.answers(), stats));
}

int cmd_render(Options& o) {
  Query q;
  std::vector<std::string> names = o.path_ends;
  if (!o.focus.empty()) names.push_back(o.focus);
  if (const int code = prepare(o, names, &q); code != kOk) return code;
  const KnowledgeGraph& kg = q.graph();
  QueryEngine& engine = *q.engine;
  MapSpec spec;
  std::vector<Vertex> keep;
  if (!o.path_ends.empty()) {
    const std::vector<Path> paths = engine.paths(q.actors[0], q.actors[1], o.path);
    if (paths.empty()) return no_path(o, q.view(), q.actors[0], q.actors[1]);
    spec = path_map(kg, engine, paths);
  } else if (!o.focus.empty()) {
    spec = ego_map(kg, engine, q.actors[0], o.depth);
    keep.push_back(q.actors[0]);
    apply_filter(kg, engine, keep, &spec);
  } else if (!q.filter.sources.empty()) {
    // The facts of the named sources, without the sources themselves.
    std::vector<Vertex> sources;
    for (const std::string& id : q.filter.sources) sources.push_back(*kg.find_id(id));
    spec = source_map(kg, sources, index_sources(kg));
    apply_filter(kg, engine, keep, &spec);
  } else {
    spec = full_map(kg);
    if (!o.relations.empty() || !o.exclude_relations.empty() || !o.node_types.empty() ||
        !o.exclude_node_types.empty() || !o.avoid.empty() || o.max_degree > 0 || !o.as_of.empty() ||
        !o.reported_by.empty() || o.stated_only)
      apply_filter(kg, engine, keep, &spec);
  }
  if (!o.title.empty()) spec.title = o.title;
  return emit_map(o, kg, std::move(spec));
}

/// "1.2 MB", "340 kB", "912 bytes".
std::string size_text(std::size_t bytes) {
  char text[32];
  if (bytes < 1000) std::snprintf(text, sizeof text, "%zu bytes", bytes);
  else if (bytes < 1000 * 1000) std::snprintf(text, sizeof text, "%.0f kB", static_cast<double>(bytes) / 1e3);
  else std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

/// Replace the output folder with `files`, then say what it holds: "wrote
/// out/: 9 maps, report, 5 exports (1.2 MB)", each file with -v, nothing with -q.
int write_and_list(const std::string& dir, const std::vector<OutputFile>& files, std::size_t exports,
                   Diagnostics* diags) {
  const bool ok = replace_output_set(dir, files, diags);
  print_diagnostics(*diags);
  if (!ok) return kDataError;
  if (verbosity.quiet) return kOk;
  std::size_t maps = 0, bytes = 0;
  bool report = false;
  for (const OutputFile& f : files) {
    if (verbosity.verbose) std::printf("wrote %s\n", f.path.c_str());
    maps += f.path.ends_with(".svg");
    report = report || f.path.ends_with("/report.html");
    bytes += f.content.size();
  }
  std::string summary = std::to_string(maps) + (maps == 1 ? " map" : " maps");
  if (report) summary += ", report";
  if (exports > 0) summary += ", " + std::to_string(exports) + (exports == 1 ? " export" : " exports");
  std::printf("wrote %s%s: %s (%s)\n", dir.c_str(), dir.ends_with('/') ? "" : "/", summary.c_str(),
              size_text(bytes).c_str());
  return kOk;
}

/// build and report: every map and the report, with DOT files and exports
/// for build; the output folder replaced as one set.
int write_edition(const Options& o, bool full) {
  Project project;
  if (!load(o, &project)) return kDataError;
  Diagnostics diags;
  if (!check_output_folder(o.out_dir, &diags)) {
    print_diagnostics(diags);
    return kDataError;
  }
  BuildOptions options;
  options.dir = o.out_dir;
  options.render = render_options(o, "svg");
  options.dot_files = full;
  options.exports = full;
  options.full_map = o.full_map;
  std::vector<OutputFile> cache_files;  // kept for the next edition once this one is written
  options.cache_dir = cache_dir_for(o.load.schema_path, o.load.data_path);
  options.cache_files = &cache_files;
  std::optional<Progress> progress;
  options.on_map = [&](std::size_t, std::size_t total, const std::string& what) {
    if (!progress) progress.emplace(total);
    progress->step("drawing " + what);
  };
  options.render.on_wait = [&](int seconds) {
    if (progress) progress->waiting(seconds);
  };
  std::vector<OutputFile> files;
  const bool ok = build_outputs(project.graph(), options, &files, &diags);
  progress.reset();
  if (!ok) {
    print_diagnostics(diags);
    return kDataError;
  }
  const int rc = write_and_list(o.out_dir, files, full ? exporters().size() : 0, &diags);
  Diagnostics cache_notes;  // the cache only keeps maps steady: a failure to write it is no error
  for (const OutputFile& f : cache_files)
    if (rc == kOk) write_file(f.path, f.content, &cache_notes);
  return rc;
}

/// diff OLD NEW: what changed from one data folder to another.
int cmd_diff(Options& o) {
  EditionFacts facts[2];
  RevisionCheckout revisions[2];
  for (std::size_t i = 0; i < 2; ++i) {
    Options side = o;
    side.load.data_path = o.editions[i];
    std::error_code ec;
    if (!std::filesystem::exists(o.editions[i], ec)) {
      // Not a folder: a git revision of the project's schema and data.
      const std::string root = find_project_root(std::filesystem::current_path(ec).string());
      Diagnostics diags;
      const ProjectPaths paths = project_paths(root, &diags);
      std::string error;
      if (root.empty() || diags.has_errors()) {
        error = "'" + o.editions[i] + "' is not a folder, and outside a relmap project it cannot be a git revision";
      } else {
        revisions[i].open(o.editions[i], o.load.schema_path, paths.data, &error);
      }
      if (!error.empty()) {
        std::cerr << "error: " << visible_text(error) << "\n";
        return kDataError;
      }
      side.load.schema_path = revisions[i].schema_path();
      side.load.data_path = revisions[i].data_path();
    }
    Project project;
    Diagnostics diags;
    const bool ok = load_silently(side, &project, &diags);
    // Files of a revision are named as git names them: HEAD~1:data/a.yaml.
    Diagnostics shown;
    for (Diagnostic d : diags.items()) {
      d.where.file = revisions[i].name_in_git(d.where.file);
      if (d.severity == Severity::kError) shown.error(d.where, d.message);
      else shown.warning(d.where, d.message);
    }
    print_diagnostics(shown);
    if (!ok) return kDataError;
    facts[i] = edition_facts(project.graph());
  }
  const EditionDiff diff = diff_editions(facts[0], facts[1]);
  return emit(o, o.format == "json" ? diff_json(diff) : diff_text(diff));
}

int cmd_build(Options& o) { return write_edition(o, true); }

int cmd_report(Options& o) { return write_edition(o, false); }

/// Fill in the paths the command line left out from the project the current
/// folder is in — found as git finds its root, by walking up to the folder
/// holding relmap.yaml or graph-schema.yaml — and from its relmap.yaml.
/// Paths stay relative to the current folder. kOk, or the exit code after
/// saying why not.
int locate_project(const CLI::App& command, Options* o) {
  namespace fs = std::filesystem;
  const bool schema = command.count("--schema") > 0;
  const bool data = command.get_option_no_throw("--data") == nullptr || command.count("--data") > 0;  // or not asked
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const std::string root = ec ? std::string() : find_project_root(cwd.string());
  if (root.empty()) {
    if (schema && data) return kOk;
    std::cerr << "error: not inside a relmap project: no " << kProjectFile << " or " << kSchemaFile
              << " in " << (ec ? "the current folder" : visible_text(cwd.string())) << " or any folder above it"
              << " (give --schema and --data, or run relmap inside a project)\n";
    return kUsageError;
  }
  Diagnostics diags;
  const ProjectPaths paths = project_paths(root, &diags);
  if (diags.has_errors()) {
    print_diagnostics(diags);
    return kDataError;
  }
  auto shown = [&](const std::string& path) {
    const std::string relative = fs::path(path).lexically_relative(cwd).string();
    return relative.empty() ? path : relative;
  };
  if (!schema) o->load.schema_path = shown(paths.schema);
  if (!data) o->load.data_path = shown(paths.data);
  // validate --data NEW.yaml: one new file, checked among the project's facts.
  if (data && command.get_name() == "validate" && o->load.data_path != kDataFromStdin &&
      fs::is_regular_file(o->load.data_path, ec) && fs::is_directory(paths.data, ec))
    o->load.context_data = shown(paths.data);
  // The project's articles go with the project's facts (and a new file
  // checked among them), not with a --data folder given from elsewhere.
  if (command.get_option_no_throw("--sources") != nullptr && command.count("--sources") == 0 &&
      (!data || !o->load.context_data.empty()) &&
      !paths.sources.empty()) {
    // The project's articles may live outside the checkout (a clone without
    // them): then quotes go unchecked, said plainly, rather than failing.
    if (fs::is_directory(paths.sources, ec)) {
      o->load.sources_dir = shown(paths.sources);
    } else {
      o->missing_sources = shown(paths.sources);
      if (!verbosity.quiet)
        std::cerr << "warning: " << visible_text(shown(root + "/" + kProjectFile)) << ": sources folder "
                  << visible_text(o->missing_sources) << " not found; evidence quotes are not checked\n";
    }
  }
  if (command.get_option_no_throw("--out") != nullptr && command.count("--out") == 0) o->out_dir = shown(paths.out);
  return kOk;
}

/// One row per subcommand: its name, one line of help, how to set up its
/// options and what it runs.
struct Command {
  const char* name;
  const char* help;
  std::function<void(CLI::App*, Options*)> setup;
  std::function<int(Options&)> run;
};

std::vector<Command> commands() {
  return {
      {"validate", "Check the schema and the facts; print every problem as file:line:col",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--sources", o->load.sources_dir,
                       "Folder of source texts: check that every evidence quote occurs in its source")
             ->type_name("DIR");
       },
       cmd_validate},
      {"build", "Validate, then write the maps and exports into the output folder",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--out", o->out_dir, "Output folder, replaced as a whole: files put there by hand are removed")
             ->capture_default_str()->type_name("DIR");
         c->add_option("--sources", o->load.sources_dir, "Also check evidence against these source texts")
             ->type_name("DIR");
         add_render_options(c, o);
         add_style_options(c, o);
         c->add_flag("--full-map", o->full_map, "Draw every actor in the overview, also past 300 (else a summary map)");
       },
       cmd_build},
      {"diff", "What changed from one edition to another (data folders or git revisions): actors and relations added, removed, changed",
       [](CLI::App* c, Options* o) {
         c->add_option("--schema", o->load.schema_path, "Schema file")->capture_default_str()->type_name("FILE");
         c->add_option("old_new", o->editions,
                       "The older and the newer edition: each a data folder, or a git revision (HEAD~1, a tag) "
                       "of the project's schema and data")
             ->required()->expected(2)->type_name("OLD NEW");
         c->add_flag_callback("--json", [o] { o->format = "json"; }, "Write JSON (same as -f json)");
         add_format_option(c, o, {"text", "json"});
       },
       cmd_diff},
      {"report", "Write report.html (self-contained) and report.md with the maps they show",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--out", o->out_dir, "Output folder, replaced as a whole: files put there by hand are removed")
             ->capture_default_str()->type_name("DIR");
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_report},
      {"render", "Draw a map: the full map, a source's facts, around an actor, or a path",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--focus", o->focus, "Draw the actors around this one (with --depth)")->type_name("ACTOR");
         add_number(c, "--depth", &o->depth, 1, 100, "Hops around --focus")->default_str(std::to_string(o->depth));
         CLI::Option* path = c->add_option("--path", o->path_ends, "Draw the shortest path from A to B in its surroundings")
                                 ->expected(2)->type_name("A B");
         add_number(c, "--k", &o->path.k, 1, 100, "With --path: the N shortest paths")->needs(path);
         c->add_flag("--weighted", o->path.weighted, "With --path: use relation weights")->needs(path);
         c->add_option("--title", o->title, "Title shown above the map");
         add_filter_options(c, o);
         std::vector<std::string> formats = render_formats();
         std::rotate(formats.begin(), std::find(formats.begin(), formats.end(), "svg"), formats.end());
         add_format_option(c, o, formats);
         add_picture_options(c, o);
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_render},
      {"export", "Export the graph for other tools: GraphML, GEXF, Neo4j, STIX, JSON",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         std::vector<std::string> names;
         std::string list = "Formats:";
         for (const Exporter& x : exporters()) {
           names.push_back(x.name);
           list += "\n  " + x.name + std::string(x.name.size() < 9 ? 9 - x.name.size() : 1, ' ') + x.description +
                   (x.single_file ? "" : " (several files: -o DIR)");
         }
         c->add_option("--format,-f", o->format, "Export format (listed below)")
             ->check(CLI::IsMember(names))
             ->required();
         c->add_option("-o,--output", o->output, "Output file, or folder for formats of several files (default: standard output)")
             ->type_name("PATH");
         c->footer(list);
       },
       cmd_export},
      {"path", "How is A linked to B? Shortest links, each hop cited",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("A B", o->actors, "Two actors: id, name or alias (case-insensitive)")
             ->required()->expected(2);
         c->add_flag("--directed", o->path.directed, "Follow relations only in their stored direction");
         CLI::Option* all = c->add_flag("--all", o->path.all, "Every shortest path");
         add_number(c, "--k", &o->path.k, 1, 10000, "The N shortest loop-free paths (Yen's algorithm)")->excludes(all);
         c->add_flag("--parallel", o->path.parallel, "Count parallel relations between two actors as separate paths");
         c->add_flag("--weighted", o->path.weighted, "Use the schema's relation weights as hop costs (Dijkstra)");
         add_number(c, "--limit", &o->path.limit, std::size_t{1}, std::numeric_limits<std::size_t>::max(),
                    "At most this many paths with --all")
             ->default_str(std::to_string(o->path.limit));
         add_filter_options(c, o);
         add_format_option(c, o, {"text", "json", "dot", "svg", "png", "pdf"});
         add_picture_options(c, o);
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_path},
      {"neighbors", "Actors around A (its ego network) and the relations among them",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("A", o->actors, "The actor: id, name or alias")->required()->expected(1);
         add_number(c, "--depth", &o->depth, 1, 100, "How many hops out")->default_str(std::to_string(o->depth));
         c->add_flag("--directed", o->path.directed, "Follow relations only in their stored direction");
         add_filter_options(c, o);
         add_format_option(c, o, {"text", "json", "dot", "svg", "png", "pdf"});
         add_picture_options(c, o);
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_neighbors},
      {"common", "Actors linked directly to both A and B",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("A B", o->actors, "Two actors: id, name or alias")->required()->expected(2);
         add_filter_options(c, o);
         add_format_option(c, o, {"text", "json"});
       },
       cmd_common},
      {"mentions", "What a new article names: known actors, unknown names, a facts file to fill",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("article", o->article, "The article's text")->required()->type_name("ARTICLE.txt");
         add_format_option(c, o, {"text", "json"});
       },
       cmd_mentions},
      {"stats", "Counts by type and relation, components, and the most central actors",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         add_number(c, "--top", &o->top, std::size_t{1}, std::numeric_limits<std::size_t>::max(),
                    "How many top actors to list")
             ->default_str(std::to_string(o->top));
         add_filter_options(c, o);
         add_format_option(c, o, {"text", "json"});
       },
       cmd_stats},
  };
}

/// The commands and options of `app` (the program itself first), for
/// completion scripts.
std::vector<CompletionCommand> completion_commands(const CLI::App& app) {
  std::vector<CompletionCommand> commands;
  auto add = [&](const CLI::App& a, std::string name) {
    CompletionCommand& c = commands.emplace_back(CompletionCommand{std::move(name), a.get_description(), {}});
    for (const CLI::Option* opt : a.get_options()) {
      if (!opt->nonpositional() || opt->get_group().empty()) continue;
      CompletionOption& o = c.options.emplace_back(CompletionOption{{}, opt->get_description(), opt->get_expected_max() > 0});
      for (const std::string& s : opt->get_snames()) o.names.push_back("-" + s);
      for (const std::string& l : opt->get_lnames()) o.names.push_back("--" + l);
    }
  };
  add(app, "");
  for (const CLI::App* sub : app.get_subcommands({})) add(*sub, sub->get_name());
  return commands;
}

/// Say which options the command line does not know, each with the closest
/// option of its command. False if no unexpected word was an option.
bool report_unknown_options(const CLI::App& app) {
  const CLI::App* command = &app;
  for (const CLI::App* sub : app.get_subcommands({}))
    if (sub->parsed()) command = sub;
  std::vector<std::string> names;
  for (const CompletionCommand& c : completion_commands(app))
    if (c.name.empty() || c.name == command->get_name())
      for (const CompletionOption& o : c.options) names.insert(names.end(), o.names.begin(), o.names.end());
  bool reported = false;
  for (const std::string& word : app.remaining(true)) {
    const std::string option = word.substr(0, word.find('='));
    if (option.size() < 2 || option[0] != '-' || std::find(names.begin(), names.end(), option) != names.end())
      continue;
    const std::string best = spellcheck(option, names);
    const std::string help = command == &app ? "relmap help" : "relmap help " + command->get_name();
    std::cerr << error_tag() << "unknown option '" << visible_text(option) << "'"
              << (command == &app ? "" : " for relmap " + command->get_name())
              << (best.empty() ? "; '" + help + "' lists the options" : "; did you mean " + best + "?") << "\n";
    reported = true;
  }
  return reported;
}

/// Look at the command word before parsing: an unknown command gets a
/// suggestion, and `help [COMMAND]` becomes `[COMMAND] --help`, so that it
/// prints the same text. kOk, or the exit code after saying why not.
int read_command_word(const CLI::App& app, std::vector<std::string>* args) {
  auto word_after = [&](std::vector<std::string>::iterator from) {
    return std::find_if(from, args->end(), [](const std::string& a) { return a.empty() || a[0] != '-'; });
  };
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  auto known = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    const std::string best = spellcheck(name, names);
    std::cerr << error_tag() << "unknown command '" << visible_text(name) << "'";
    if (!best.empty()) std::cerr << "; did you mean " << best << "?\n";
    else std::cerr << "; 'relmap help' lists the commands\n";
    return false;
  };
  const auto word = word_after(args->begin() + 1);
  if (word == args->end()) return kOk;
  if (!known(*word)) return kUsageError;
  if (*word != "help") return kOk;
  const auto topic = word_after(word + 1);
  if (topic != args->end() && !known(*topic)) return kUsageError;
  const bool about_command = topic != args->end() && *topic != "help";
  std::vector<std::string> rewritten(args->begin(), word);
  if (about_command) rewritten.push_back(*topic);
  rewritten.push_back("--help");
  *args = std::move(rewritten);
  return kOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"relmap: relationship maps of cybersecurity cooperation, from cited YAML facts", "relmap"};
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return error_tag() + e.what() + "\n"; });
  app.fallthrough();  // -q and -v also after the command
  app.add_flag("-q,--quiet", verbosity.quiet, "Print nothing but errors and the answers asked for");
  app.add_flag("-v,--verbose", verbosity.verbose, "Say more: every file written");
  app.set_version_flag("--version", std::string("relmap ") + kVersion);
  Options options;
  std::vector<Command> table = commands();
  std::vector<std::pair<CLI::App*, const Command*>> subcommands;
  for (const Command& c : table) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    c.setup(sub, &options);
    subcommands.emplace_back(sub, &c);
  }
  app.add_subcommand("help", "Show this help, or a command's: relmap help COMMAND");
  CLI::App* completion = app.add_subcommand("completion", "Print the completion script for bash or zsh");
  std::string shell;
  completion->add_option("SHELL", shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  std::vector<std::string> args(argv, argv + argc);
  if (args.empty()) args.emplace_back("relmap");
  if (const int code = read_command_word(app, &args); code != kOk) return code;
  try {
    app.parse(std::vector<std::string>(args.rbegin(), args.rend() - 1));
  } catch (const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && report_unknown_options(app)) return kUsageError;
    const int code = app.exit(e);
    return code == 0 ? kOk : kUsageError;
  }
  if (completion->parsed()) {
    const std::vector<CompletionCommand> commands = completion_commands(app);
    std::cout << (shell == "bash" ? bash_completion("relmap", commands) : zsh_completion("relmap", commands));
    return kOk;
  }
  if ((options.format == "png" || options.format == "pdf") && (options.output.empty() || options.output == "-") &&
      isatty(STDOUT_FILENO) != 0) {
    std::cerr << error_tag() << "-f " << options.format
              << " is binary and would garble the terminal: name a file with -o FILE, or redirect the output\n";
    return kUsageError;
  }
  if (options.render.clusters && !engine_draws_clusters(options.engine)) {
    std::cerr << "error: --clusters needs --engine dot or fdp (or auto): " << options.engine
              << " ignores clusters and would draw frames that overlap and hold the wrong actors\n";
    return kUsageError;
  }
  // Layouts run in children forked from a process started now, while relmap
  // is small: forked from relmap holding a large corpus, they cost more
  // than the layouts themselves.
  start_child_spawner();
  for (const auto& [sub, command] : subcommands) {
    if (!sub->parsed()) continue;
    if (const int code = locate_project(*sub, &options); code != kOk) return code;
    try {
      return command->run(options);
    } catch (const SnapshotDamaged& damage) {
      // Found while reading: the snapshot goes, the facts are read again.
      const std::string snapshot = snapshot_path(cache_dir_for(options.load.schema_path, options.load.data_path));
      std::cerr << "relmap: " << damage.what() << " (" << visible_text(snapshot)
                << "); it is removed and the facts are read again\n";
      std::remove(snapshot.c_str());
      try {
        return command->run(options);
      } catch (const SnapshotDamaged& again) {
        std::cerr << "error: " << again.what() << "\n";
        return kDataError;
      }
    }
  }
  return kUsageError;
}

}  // namespace relmap
