#include "cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <iostream>
#include <string>
#include <vector>

#include "export.h"
#include "project.h"
#include "query.h"
#include "query_output.h"
#include "render.h"
#include "report.h"
#include "spellcheck.h"
#include "views.h"
#include "validate.h"

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
  std::string as_of;
  // Maps.
  RenderOptions render;
  std::vector<std::string> path_ends;  // render --path A B
  std::string focus;                    // render --focus A
  std::string title;
  bool no_legend = false;
};

/// Print the diagnostics to stderr with their source lines.
void print_diagnostics(const Diagnostics& diags) {
  std::cerr << diags.format(isatty(STDERR_FILENO) != 0);
}

void add_load_options(CLI::App* cmd, Options* o) {
  cmd->add_option("--schema", o->load.schema_path, "Schema file")
      ->capture_default_str()
      ->type_name("FILE");
  cmd->add_option("--data", o->load.data_path, "Facts folder (read recursively) or file")
      ->capture_default_str()
      ->type_name("PATH");
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
  cmd->add_option("--engine", o->engine, "Layout engine; auto picks dot for small maps, neato for medium, sfdp for large")
      ->check(CLI::IsMember(engines))
      ->capture_default_str();
  cmd->add_option("--timeout", o->timeout, "Stop a layout after this many seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
}

/// Shows which map is being drawn and how long its layout has run, on a
/// terminal only (stderr); never when stderr is piped or redirected.
class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), on_(isatty(STDERR_FILENO) != 0) {}
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
  return r;
}

/// Load and validate; prints diagnostics. Returns false on errors.
bool load(const Options& o, Project* project) {
  Diagnostics diags;
  const bool ok = load_project(o.load, project, &diags);
  print_diagnostics(diags);
  return ok;
}

/// Write `content` to -o FILE (atomically) or standard output.
int emit(const Options& o, const std::string& content) {
  if (o.output.empty() || o.output == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return std::fflush(stdout) == 0 ? kOk : kDataError;
  }
  Diagnostics diags;
  const bool ok = write_outputs({{o.output, content}}, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

int cmd_validate(Options& o) {
  Diagnostics diags;
  Project project;
  const bool ok = load_project(o.load, &project, &diags);
  print_diagnostics(diags);
  std::printf("%zu entities, %zu relations in %zu files: %zu errors, %zu warnings\n",
              project.facts.entities.size(), project.facts.relations.size(),
              project.facts.files.size(), diags.error_count(), diags.warning_count());
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
  std::vector<OutputFile> files = format.write(*project.graph);
  if (format.single_file) return emit(o, files.front().content);
  for (OutputFile& f : files) f.path = o.output + "/" + f.path;
  Diagnostics diags;
  const bool ok = write_outputs(files, &diags);
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
  cmd->add_option("--max-degree", o->max_degree, "Pass only through actors with at most N relations")
      ->check(CLI::PositiveNumber)->type_name("N");
  cmd->add_option("--as-of", o->as_of, "Only actors and relations valid at this date (YYYY[-MM[-DD]])")
      ->type_name("DATE");
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

/// The vertex a user named, or nullopt after printing why not.
std::optional<Vertex> resolve_actor(const KnowledgeGraph& kg, const std::string& text) {
  const std::vector<Vertex> found = kg.find(text);
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    std::cerr << "error: unknown actor '" << text << "'" << did_you_mean(text, kg.all_names()) << "\n";
  } else {
    std::cerr << "error: '" << text << "' is ambiguous; use an id:";
    for (Vertex v : found) std::cerr << "\n  " << kg.node(v).id << "  (" << kg.node(v).name << ")";
    std::cerr << "\n";
  }
  return std::nullopt;
}

/// Exit code of a query that could not run; 0 while all is well.
struct QueryError {
  int code = kOk;
};

/// Turn the filter options into a QueryFilter; reports bad names.
QueryFilter make_filter(const KnowledgeGraph& kg, const Options& o, QueryError* err) {
  const Schema& schema = kg.schema();
  QueryFilter f;
  auto types = [&](const std::vector<std::string>& names, bool relation, std::vector<int>* out) {
    for (const std::string& name : names) {
      const int index = relation ? schema.relation_type_index(name) : schema.node_type_index(name);
      if (index < 0) {
        const auto known = relation ? schema.relation_type_names() : schema.node_type_names();
        std::cerr << "error: unknown " << (relation ? "relation type" : "node type") << " '" << name << "'"
                  << did_you_mean(name, known) << "\n";
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
    if (auto v = resolve_actor(kg, a)) f.avoid.push_back(*v);
    else if (err->code == kOk) err->code = kDataError;
  }
  if (o.max_degree > 0) f.max_degree = o.max_degree;
  if (!o.as_of.empty()) {
    f.as_of = parse_as_of(o.as_of);
    if (!f.as_of) {
      std::cerr << "error: bad --as-of date '" << o.as_of << "': expected YYYY, YYYY-MM or YYYY-MM-DD\n";
      err->code = kUsageError;
    }
  }
  for (const std::string& s : o.sources) {
    auto v = kg.find_id(s);
    if (!v || !is_source(kg, *v)) {
      std::vector<std::string> ids;
      for (Vertex u : sources_of(kg)) ids.push_back(kg.node(u).id);
      std::cerr << "error: unknown source '" << s << "'" << did_you_mean(s, ids) << "\n";
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
  list("--source", o.sources);
  if (parts.empty()) return "no filters";
  std::string out = "filters: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

/// Draw a query result through the map renderer.
int emit_map(const Options& o, const KnowledgeGraph& kg, MapSpec spec) {
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
  Project project;
  if (!load(o, &project)) return kDataError;
  const KnowledgeGraph& kg = *project.graph;
  auto from = resolve_actor(kg, o.actors[0]);
  auto to = resolve_actor(kg, o.actors[1]);
  if (!from || !to) return kDataError;
  QueryError err;
  QueryFilter filter = make_filter(kg, o, &err);
  if (err.code != kOk) return err.code;
  QueryEngine engine(kg, std::move(filter));
  const std::vector<Path> paths = engine.paths(*from, *to, o.path);
  if (paths.empty()) {
    std::cerr << "error: no path from " << kg.node(*from).name << " [" << kg.node(*from).id << "] to "
              << kg.node(*to).name << " [" << kg.node(*to).id << "] (" << describe_filters(o) << ")\n";
    return kDataError;
  }
  if (o.format == "json") return emit(o, paths_to_json(kg, *from, *to, paths));
  if (o.format == "text") return emit(o, paths_to_text(kg, *from, *to, paths));
  MapSpec spec;
  spec.name = "path";
  spec.title = kg.node(*from).name + " \u2192 " + kg.node(*to).name;
  for (const Path& p : paths) {
    for (Vertex v : p.vertices)
      if (std::find(spec.nodes.begin(), spec.nodes.end(), v) == spec.nodes.end()) spec.nodes.push_back(v);
    for (std::size_t i = 0; i < p.hops.size(); ++i) {
      if (std::find(spec.edges.begin(), spec.edges.end(), p.hops[i].edge) != spec.edges.end()) continue;
      spec.edges.push_back(p.hops[i].edge);
      const std::string label = kg.relation_type(p.hops[i].edge).label;
      spec.edge_labels.push_back(paths.size() == 1 ? std::to_string(i + 1) + ". " + label : label);
    }
  }
  return emit_map(o, kg, std::move(spec));
}

int cmd_neighbors(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  const KnowledgeGraph& kg = *project.graph;
  auto center = resolve_actor(kg, o.actors[0]);
  if (!center) return kDataError;
  QueryError err;
  QueryFilter filter = make_filter(kg, o, &err);
  if (err.code != kOk) return err.code;
  QueryEngine engine(kg, std::move(filter));
  const auto n = engine.neighbours(*center, o.depth, o.path.directed);
  if (o.format == "json") return emit(o, neighbours_to_json(kg, n, o.depth));
  if (o.format == "text") return emit(o, neighbours_to_text(kg, n, o.depth));
  return emit_map(o, kg, ego_map(kg, engine, *center, o.depth));
}

int cmd_common(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  const KnowledgeGraph& kg = *project.graph;
  auto a = resolve_actor(kg, o.actors[0]);
  auto b = resolve_actor(kg, o.actors[1]);
  if (!a || !b) return kDataError;
  QueryError err;
  QueryFilter filter = make_filter(kg, o, &err);
  if (err.code != kOk) return err.code;
  QueryEngine engine(kg, std::move(filter));
  const auto common = engine.common(*a, *b);
  return emit(o, o.format == "json" ? common_to_json(kg, *a, *b, common) : common_to_text(kg, *a, *b, common));
}

int cmd_stats(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  const GraphStats stats = compute_stats(*project.graph, o.top);
  return emit(o, o.format == "json" ? stats_to_json(*project.graph, stats) : stats_to_text(*project.graph, stats));
}


int cmd_render(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  const KnowledgeGraph& kg = *project.graph;
  QueryError err;
  QueryFilter filter = make_filter(kg, o, &err);
  if (err.code != kOk) return err.code;
  QueryEngine engine(kg, filter);
  MapSpec spec;
  std::vector<Vertex> keep;
  if (!o.path_ends.empty()) {
    auto from = resolve_actor(kg, o.path_ends[0]);
    auto to = resolve_actor(kg, o.path_ends[1]);
    if (!from || !to) return kDataError;
    const std::vector<Path> paths = engine.paths(*from, *to, o.path);
    if (paths.empty()) {
      std::cerr << "error: no path from " << kg.node(*from).name << " to " << kg.node(*to).name << " ("
                << describe_filters(o) << ")\n";
      return kDataError;
    }
    spec = path_map(kg, engine, paths);
  } else if (!o.focus.empty()) {
    auto center = resolve_actor(kg, o.focus);
    if (!center) return kDataError;
    spec = ego_map(kg, engine, *center, o.depth);
    keep.push_back(*center);
    apply_filter(kg, engine, keep, &spec);
  } else if (!filter.sources.empty()) {
    // The facts of the named sources, without the sources themselves.
    std::vector<Vertex> sources;
    for (const std::string& id : filter.sources) sources.push_back(*kg.find_id(id));
    spec = source_map(kg, sources, index_sources(kg));
    apply_filter(kg, engine, keep, &spec);
  } else {
    spec = full_map(kg);
    if (!o.relations.empty() || !o.exclude_relations.empty() || !o.node_types.empty() ||
        !o.exclude_node_types.empty() || !o.avoid.empty() || o.max_degree > 0 || !o.as_of.empty())
      apply_filter(kg, engine, keep, &spec);
  }
  if (!o.title.empty()) spec.title = o.title;
  return emit_map(o, kg, std::move(spec));
}

/// Draw the overview and one map per source, and the report around them.
/// Appends every file to `files` (paths under `dir`). False on error.
bool report_outputs(const Options& o, const KnowledgeGraph& kg, const std::string& dir, bool with_dot,
                    std::vector<OutputFile>* files, Diagnostics* diags) {
  const std::vector<Vertex> sources = sources_of(kg);
  Progress progress(sources.size() + 1);
  ReportInput input;
  input.theme = o.render.theme;
  auto draw = [&](const MapSpec& spec, const std::string& path, ReportMap* map) {
    progress.step("drawing " + path);
    RenderOptions options = render_options(o, "svg");
    options.on_wait = [&progress](int seconds) { progress.waiting(seconds); };
    if (!render_map(kg, spec, options, &map->svg, diags)) return false;
    map->path = path + ".svg";
    files->push_back({dir + "/" + map->path, map->svg});
    if (with_dot) files->push_back({dir + "/" + path + ".dot", map_to_dot(kg, spec, render_options(o, "dot"))});
    return true;
  };
  if (!draw(full_map(kg), "relmap", &input.overview)) return false;
  SourceIndex index = index_sources(kg);
  for (Vertex s : sources) {
    ReportSource source{s, {}, std::move(index[kg.node(s).id])};
    const MapSpec spec = source_map(kg, {s}, {{kg.node(s).id, source.facts}});
    if (!draw(spec, "maps/" + spec.name, &source.map)) return false;
    input.sources.push_back(std::move(source));
  }
  input.stats = compute_stats(kg, 10);
  files->push_back({dir + "/report.html", report_html(kg, input)});
  files->push_back({dir + "/report.md", report_markdown(kg, input)});
  return true;
}

int write_and_list(const std::vector<OutputFile>& files, Diagnostics* diags) {
  const bool ok = write_outputs(files, diags);
  print_diagnostics(*diags);
  if (!ok) return kDataError;
  for (const OutputFile& f : files) std::printf("wrote %s\n", f.path.c_str());
  return kOk;
}

int cmd_build(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  const KnowledgeGraph& kg = *project.graph;
  Diagnostics diags;
  std::vector<OutputFile> files;
  if (!report_outputs(o, kg, o.out_dir, true, &files, &diags)) {
    print_diagnostics(diags);
    return kDataError;
  }
  for (OutputFile& f : build_exports(kg, o.out_dir)) files.push_back(std::move(f));
  return write_and_list(files, &diags);
}

int cmd_report(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  Diagnostics diags;
  std::vector<OutputFile> files;
  if (!report_outputs(o, *project.graph, o.out_dir, false, &files, &diags)) {
    print_diagnostics(diags);
    return kDataError;
  }
  return write_and_list(files, &diags);
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
         c->add_option("--out", o->out_dir, "Output folder")->capture_default_str()->type_name("DIR");
         c->add_option("--sources", o->load.sources_dir, "Also check evidence against these source texts")
             ->type_name("DIR");
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_build},
      {"report", "Write report.html (self-contained) and report.md with the maps they show",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--out", o->out_dir, "Output folder")->capture_default_str()->type_name("DIR");
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_report},
      {"render", "Draw a map: the full map, a source's facts, around an actor, or a path",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--focus", o->focus, "Draw the actors around this one (with --depth)")->type_name("ACTOR");
         c->add_option("--depth", o->depth, "Hops around --focus")->check(CLI::Range(1, 100))->capture_default_str();
         CLI::Option* path = c->add_option("--path", o->path_ends, "Draw the shortest path from A to B in its surroundings")
                                 ->expected(2)->type_name("A B");
         c->add_option("--k", o->path.k, "With --path: the N shortest paths")->check(CLI::Range(1, 100))->needs(path);
         c->add_flag("--weighted", o->path.weighted, "With --path: use relation weights")->needs(path);
         c->add_option("--title", o->title, "Title shown above the map");
         add_filter_options(c, o);
         std::vector<std::string> formats = render_formats();
         std::rotate(formats.begin(), std::find(formats.begin(), formats.end(), "svg"), formats.end());
         add_format_option(c, o, formats);
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
         c->add_option("--k", o->path.k, "The N shortest loop-free paths (Yen's algorithm)")
             ->check(CLI::Range(1, 10000))->excludes(all)->type_name("N");
         c->add_flag("--parallel", o->path.parallel, "Count parallel relations between two actors as separate paths");
         c->add_flag("--weighted", o->path.weighted, "Use the schema's relation weights as hop costs (Dijkstra)");
         c->add_option("--limit", o->path.limit, "At most this many paths with --all")
             ->check(CLI::PositiveNumber)->capture_default_str();
         add_filter_options(c, o);
         add_format_option(c, o, {"text", "json", "dot", "svg", "png", "pdf"});
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_path},
      {"neighbors", "Actors around A (its ego network) and the relations among them",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("A", o->actors, "The actor: id, name or alias")->required()->expected(1);
         c->add_option("--depth", o->depth, "How many hops out")->check(CLI::Range(1, 100))->capture_default_str();
         c->add_flag("--directed", o->path.directed, "Follow relations only in their stored direction");
         add_filter_options(c, o);
         add_format_option(c, o, {"text", "json", "dot", "svg", "png", "pdf"});
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
      {"stats", "Counts by type and relation, components, and the most central actors",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--top", o->top, "How many top actors to list")->check(CLI::PositiveNumber)->capture_default_str();
         add_format_option(c, o, {"text", "json"});
       },
       cmd_stats},
  };
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"relmap: relationship maps of cybersecurity cooperation, from cited YAML facts"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "relmap 0.1.0");
  Options options;
  std::vector<Command> table = commands();
  std::vector<std::pair<CLI::App*, const Command*>> subcommands;
  for (const Command& c : table) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    c.setup(sub, &options);
    subcommands.emplace_back(sub, &c);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kUsageError;
  }
  for (const auto& [sub, command] : subcommands)
    if (sub->parsed()) return command->run(options);
  return kUsageError;
}

}  // namespace relmap
