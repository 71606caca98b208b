#include "cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/child.h"
#include "base/files.h"
#include "base/output_set.h"
#include "base/program.h"
#include "base/spellcheck.h"
#include "base/text.h"
#include "facts/validate.h"
#include "maps/summary.h"
#include "maps/views.h"
#include "output/answer.h"
#include "output/build.h"
#include "output/diff.h"
#include "output/export.h"
#include "output/report.h"
#include "project/project.h"
#include "project/revision.h"
#include "query/mentions.h"
#include "query/query.h"
#include "query/query_output.h"
#include "render/figure.h"
#include "render/raster.h"
#include "render/render.h"
#include "render/timeline.h"
#include "serve/server.h"
#include "serve/site.h"

namespace relmap::cli {

Verbosity verbosity;

std::optional<MapFormat> map_format(Format format) {
  switch (format) {
    case Format::kDot:
      return MapFormat::kDot;
    case Format::kSvg:
      return MapFormat::kSvg;
    case Format::kPng:
      return MapFormat::kPng;
    case Format::kPdf:
      return MapFormat::kPdf;
    default:
      return std::nullopt;
  }
}

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
void print_diagnostics(const Diagnostics& diags, bool with_source) {
  Diagnostics errors;
  if (verbosity.quiet)
    for (const Diagnostic& d : diags.items())
      if (d.severity == Severity::kError) errors.error(d.where, d.message);
  std::cerr << (verbosity.quiet ? errors : diags)
                   .format(with_source && isatty(STDERR_FILENO) != 0, colour_on(STDERR_FILENO));
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
  /// Begin item `number` (from 1), whichever began before it.
  void begin(std::size_t number, const std::string& what) {
    done_ = number - 1;
    step(what);
  }

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
RenderOptions render_options(const Options& o, MapFormat format) {
  RenderOptions r = o.render;
  r.format = format;
  r.engine = o.engine;
  r.timeout_seconds = o.timeout;
  r.legend = !o.no_legend;
  r.width_points = o.width_points;
  if (o.dpi > 0) r.dpi = o.dpi;
  return r;
}

/// Where the project `o` names is and how to open it.
ProjectRequest project_request(const Options& o) { return {o.load, o.answers_only, true}; }

/// With -v, say when a watching server spared the examination of the files.
void tell_vouched(const Project& project) {
  if (verbosity.verbose && project.vouched_by != 0)
    std::fprintf(stderr, "relmap: the snapshot is fresh: relmap serve (process %ld) watches the files\n",
                 project.vouched_by);
}

/// Load the project `o` names, with its cache and its diagnostics in
/// `diags` (not printed). False on errors.
bool load_silently(const Options& o, Project* project, Diagnostics* diags) {
  const bool ok = open_project(project_request(o), project, diags) == Outcome::kOk;
  tell_vouched(*project);
  return ok;
}

/// The same, printing the diagnostics to stderr.
bool load(const Options& o, Project* project, Diagnostics* diags) {
  const bool ok = load_silently(o, project, diags);
  print_diagnostics(*diags);
  return ok;
}

bool load(const Options& o, Project* project) {
  Diagnostics diags;
  return load(o, project, &diags);
}

/// The exit code for how a request ended.
int exit_code(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return kOk;
    case Outcome::kBadRequest:
      return kUsageError;
    case Outcome::kNotFound:
    case Outcome::kDataError:
      return kDataError;
  }
  return kDataError;
}

/// Write `content` to -o PATH (see write_output) or standard output.
int emit(const Options& o, const std::string& content) {
  if (o.output.empty() || o.output == "-") {
    const bool written = std::fwrite(content.data(), 1, content.size(), stdout) == content.size();
    if (std::fflush(stdout) == 0 && written) return kOk;
    const std::string cause = std::strerror(errno);  // before anything else sets errno
    std::cerr << error_tag() << "cannot write standard output: " << cause << "\n";
    return kDataError;
  }
  Diagnostics diags;
  const bool ok = write_output(o.output, content, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

int cmd_validate(Options& o) {
  // What validate reads of a snapshot (its counts, warnings and quotes) is
  // checked as it is read, like a query's answer.
  o.answers_only = true;
  Diagnostics diags;
  Project project;
  const bool ok = load(o, &project, &diags);
  if (!verbosity.quiet) {
    std::printf("%zu entities, %zu relations in %zu files: %zu errors, %zu warnings\n", project.entities,
                project.relations, project.files, diags.error_count(), diags.warning_count());
    // Said once: a sources folder named but missing was warned about already.
    if (ok && o.load.sources_dir.empty() && o.missing_sources.empty())
      std::printf(
          "evidence quotes not checked against the articles: give --sources DIR or set sources in %s\n",
          kProjectFile);
  }
  return ok ? kOk : kDataError;
}

int cmd_export(Options& o) {
  const Exporter& format = *find_exporter(o.exporter);
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
  // As with a file, the folder is made only inside one that exists.
  const bool ok = folder_exists(o.output, o.output, &diags) && check_output_folder(o.output, &diags) &&
                  replace_output_set(o.output, files, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

/// Open the project, resolve `names` and the filters into `q`; kOk, or the
/// exit code after printing why not.
int prepare(Options o, const std::vector<std::string>& names, Question* q) {
  o.answers_only = o.format == Format::kText || o.format == Format::kJson;
  Diagnostics diags;
  const Outcome outcome = ask(project_request(o), names, o.filters, q, &diags);
  tell_vouched(q->project);
  print_diagnostics(diags);
  return exit_code(outcome);
}

/// The path variant asked for; --directed is bound with the filters.
PathOptions path_options(const Options& o) {
  PathOptions p = o.path;
  p.directed = o.filters.directed;
  return p;
}

/// Print that no path links `from` and `to` under the filters in force.
int no_path(const Options& o, const GraphView& g, NodeId from, NodeId to) {
  std::cerr << error_tag() << visible_text(no_path_message(g, from, to, o.filters)) << "\n";
  return kDataError;
}

/// Draw a query result through the map renderer.
int emit_map(const Options& o, const KnowledgeGraph& kg, MapSpec spec) {
  const MapFormat format = map_format(o.format).value_or(MapFormat::kSvg);
  if ((o.width_points > 0 || o.dpi > 0) && !is_raster(format)) {
    std::cerr << "error: --width and --dpi apply to -f png and pdf\n";
    return kUsageError;
  }
  std::string out;
  Diagnostics diags;
  if (spec.description.empty()) spec.description = describe_map(kg, spec);
  Progress progress(1);
  progress.step("drawing " + spec.name, false);
  RenderOptions options = render_options(o, format);
  options.on_wait = [&progress](int seconds) { progress.waiting(seconds); };
  Figure figure;
  const bool ok = (format == MapFormat::kDot || draw_figure(kg, spec, options, nullptr, &figure, &diags)) &&
                  figure_output(kg, spec, figure, options, &out, &diags);
  print_diagnostics(diags);
  return ok ? emit(o, out) : kDataError;
}

/// A path answer ready to paste (Markdown or HTML); with -o FILE, the path
/// figure as an SVG beside it (FILE's name with .svg).
int emit_pasted(const Options& o, Question& q, NodeId from, NodeId to, const std::vector<Path>& paths) {
  namespace fs = std::filesystem;
  PastedAnswer answer{from, to, &paths, path_options(o), {}};
  if (!o.output.empty() && o.output != "-") {
    const fs::path figure = fs::path(o.output).replace_extension(".svg");
    if (figure == fs::path(o.output)) {
      std::cerr << "error: -o " << visible_text(o.output)
                << ": the answer's figure goes beside it as an .svg; "
                << "give the answer another extension\n";
      return kUsageError;
    }
    const KnowledgeGraph& kg = q.graph();
    MapSpec spec = path_answer_map(kg, paths);
    if (spec.description.empty()) spec.description = describe_map(kg, spec);
    const RenderOptions options = render_options(o, MapFormat::kSvg);
    Diagnostics diags;
    Figure drawn;
    std::string svg;
    const bool ok = draw_figure(kg, spec, options, nullptr, &drawn, &diags) &&
                    figure_output(kg, spec, drawn, options, &svg, &diags) &&
                    write_output(figure.string(), svg, &diags);
    print_diagnostics(diags);
    if (!ok) return kDataError;
    answer.figure = figure.filename().string();
  }
  return emit(o, o.format == Format::kMd ? answer_to_markdown(q.answers(), answer)
                                         : answer_to_html(q.answers(), answer));
}

int cmd_path(Options& o) {
  if (o.path.weighted && o.path.rank == Rank::kInformative) {
    std::cerr << "error: --weighted and --rank informative each give hops their cost: use one\n";
    return kUsageError;
  }
  Question q;
  if (const int code = prepare(o, o.actors, &q); code != kOk) return code;
  const NodeId from = q.actors[0], to = q.actors[1];
  const std::vector<Path> paths = q.engine->paths(from, to, path_options(o));
  if (paths.empty()) return no_path(o, q.view(), from, to);
  if (o.format == Format::kJson) return emit(o, paths_to_json(q.answers(), from, to, paths, path_options(o)));
  if (o.format == Format::kText) return emit(o, paths_to_text(q.answers(), from, to, paths, path_options(o)));
  if (o.format == Format::kMd || o.format == Format::kHtml) return emit_pasted(o, q, from, to, paths);
  return emit_map(o, q.graph(), path_answer_map(q.graph(), paths));
}

int cmd_neighbors(Options& o) {
  Question q;
  if (const int code = prepare(o, o.actors, &q); code != kOk) return code;
  if (map_format(o.format))
    return emit_map(o, q.graph(), ego_map(q.graph(), *q.engine, q.actors[0], o.depth));
  const auto n = q.engine->neighbors(q.actors[0], o.depth, o.filters.directed);
  return emit(o, o.format == Format::kJson ? neighbors_to_json(q.answers(), n, o.depth)
                                           : neighbors_to_text(q.answers(), n, o.depth));
}

int cmd_common(Options& o) {
  Question q;
  if (const int code = prepare(o, o.actors, &q); code != kOk) return code;
  const NodeId a = q.actors[0], b = q.actors[1];
  const auto common = q.engine->common(a, b);
  return emit(o, o.format == Format::kJson ? common_to_json(q.answers(), a, b, common)
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
  return emit(o, o.format == Format::kJson ? mentions_to_json(*project.view, project.schema, m, o.article)
                                           : mentions_to_text(*project.view, project.schema, m, o.article));
}

int cmd_stats(Options& o) {
  Question q;
  if (const int code = prepare(o, {}, &q); code != kOk) return code;
  const Filter filter(q.view(), q.project.schema, q.filter);
  const GraphStats stats = compute_stats(q.view(), q.project.schema, o.top, &filter);
  return emit(
      o, o.format == Format::kJson ? stats_to_json(q.answers(), stats) : stats_to_text(q.answers(), stats));
}

/// render --view timeline: the dated facts the filters allow, as SVG, or a
/// PNG or PDF of it.
int emit_timeline(const Options& o, Question& q) {
  if (o.format == Format::kDot) {
    std::cerr << error_tag() << "the timeline is drawn without a layout: -f svg, png or pdf\n";
    return kUsageError;
  }
  const KnowledgeGraph& kg = q.graph();
  TimelineStyle style;
  style.link = [&kg](const std::string& source) {
    const auto s = kg.find_id(source);
    const std::string url = s ? first_value(kg.node(*s).properties, "url") : std::string();
    return is_http_url(url) ? percent_encode_url(url) : std::string();
  };
  const Timeline timeline = timeline_of(kg, q.engine.get());
  const std::string svg = timeline_svg(kg, timeline, style);
  if (o.format == Format::kSvg) return emit(o, svg);
  // A PDF has a page for each column-high part; a PNG is the whole.
  const std::vector<std::string> pages = o.format == Format::kPdf
                                             ? timeline_pages(kg, timeline, style, kColumnPage.height)
                                             : std::vector<std::string>{svg};
  RasterOptions raster{map_format(o.format).value_or(MapFormat::kPng), o.width_points,
                       o.dpi > 0 ? o.dpi : 150, 0};
  std::string out, error;
  if (!rasterise_pages({pages.begin(), pages.end()}, raster, &out, &error)) {
    std::cerr << error_tag() << error << "\n";
    return kDataError;
  }
  return emit(o, out);
}

int cmd_render(Options& o) {
  Question q;
  std::vector<std::string> names = o.path_ends;
  if (names.empty() && !o.focus.empty()) names.push_back(o.focus);
  if (o.view == "timeline" && !names.empty()) {
    std::cerr << error_tag() << "--view timeline draws every dated fact: not with --path or --focus\n";
    return kUsageError;
  }
  if (const int code = prepare(o, names, &q); code != kOk) return code;
  if (o.view == "timeline") return emit_timeline(o, q);
  const KnowledgeGraph& kg = q.graph();
  ViewRequest request{q.engine.get(), {}, {}, path_options(o), o.depth, o.filters.narrows()};
  request.actors.assign(q.actors.begin(), q.actors.end());
  for (const std::string& id : q.filter.sources) request.sources.push_back(*kg.find_id(id));
  MapSpec spec;
  if (!view_for(request).make(kg, request, &spec)) return no_path(o, q.view(), q.actors[0], q.actors[1]);
  if (!o.title.empty()) spec.title = o.title;
  return emit_map(o, kg, std::move(spec));
}

/// "1.2 MB", "340 kB", "912 bytes".
std::string size_text(std::size_t bytes) {
  char text[32];
  if (bytes < 1000)
    std::snprintf(text, sizeof text, "%zu bytes", bytes);
  else if (bytes < 1000 * 1000)
    std::snprintf(text, sizeof text, "%.0f kB", static_cast<double>(bytes) / 1e3);
  else
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
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
  options.render = render_options(o, MapFormat::kSvg);
  options.dot_files = full;
  options.exports = full;
  options.full_map = o.full_map;
  options.sources_per_page = o.sources_per_page;
  options.jobs = map_jobs(o);
  std::vector<OutputFile> cache_files;  // kept for the next edition once this one is written
  options.cache_dir = cache_dir_for(o.load.schema_path, o.load.data_path);
  options.cache_files = &cache_files;
  std::optional<Progress> progress;
  options.on_map = [&](std::size_t number, std::size_t total, const std::string& what) {
    if (!progress) progress.emplace(total);
    progress->begin(number, "drawing " + what);
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
    if (rc == kOk && !file_holds(f.path, f.content)) write_file(f.path, f.content, &cache_notes);
  return rc;
}

/// One edition for diff: the data folder `edition`, or else the project's
/// schema and data as the git revision `edition` holds them (read through
/// git, named as git names them: HEAD~1:data/a.yaml).
bool load_edition(const Options& o, const std::string& edition, Project* project) {
  Options side = o;
  side.load.data_path = edition;
  Diagnostics diags;
  std::error_code ec;
  if (std::filesystem::exists(edition, ec)) {
    const bool ok = load_silently(side, project, &diags);
    print_diagnostics(diags);
    return ok;
  }
  if (o.project_data.empty()) {
    std::cerr << "error: '" << visible_text(edition)
              << "' is not a folder, and outside a relmap project it cannot be a git revision\n";
    return false;
  }
  RevisionFiles files;
  const bool ok = read_revision(edition, o.load.schema_path, o.project_data, &files, &diags) &&
                  load_project_texts(files.schema, files.facts, project, &diags);
  print_diagnostics(diags, /*with_source=*/false);  // the files are not on the disk
  return ok;
}

/// diff OLD NEW: what changed from one data folder or revision to another.
int cmd_diff(Options& o) {
  EditionFacts facts[2];
  for (std::size_t i = 0; i < 2; ++i) {
    Project project;
    if (!load_edition(o, o.editions[i], &project)) return kDataError;
    facts[i] = edition_facts(project.graph());
  }
  const EditionDiff diff = diff_editions(facts[0], facts[1]);
  return emit(o, o.format == Format::kJson ? diff_json(diff) : diff_text(diff));
}

int cmd_build(Options& o) { return write_edition(o, true); }

std::size_t map_jobs(const Options& o) { return o.jobs > 0 ? o.jobs : online_cores(); }

int cmd_report(Options& o) { return write_edition(o, false); }

int cmd_actor_ids(Options& o) {
  o.answers_only = true;
  Project project;
  Diagnostics diags;
  if (!load_silently(o, &project, &diags)) return kDataError;
  const GraphView& g = *project.view;
  std::vector<std::string> ids;
  ids.reserve(g.node_count());
  for (std::uint32_t v = 0; v < g.node_count(); ++v) ids.emplace_back(g.id(v));
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const std::string& id : ids) out += visible_text(id) + "\n";
  return emit(o, out);
}

int cmd_serve(Options& o) {
  // Quotes are checked by validate; a source page shows which are not found.
  const std::string sources = o.load.sources_dir;
  o.load.sources_dir.clear();
  serve::Site site(project_request(o), sources);
  std::error_code ec;
  const std::string project = std::filesystem::absolute(o.load.schema_path, ec).parent_path().string();
  auto ready = [&](const std::string& url) {
    std::printf("relmap: serving %s at %s\n", visible_text(project).c_str(), url.c_str());
    if (o.serve_host != "127.0.0.1" && o.serve_host != "localhost" && o.serve_host != "::1")
      std::printf("relmap: listening on %s: anyone who can reach this address can read the project\n",
                  visible_text(o.serve_host).c_str());
    std::fflush(stdout);
    if (o.open_browser) std::thread([url] { run_program({"xdg-open", url}); }).detach();
  };
  Diagnostics diags;
  const bool ok = serve::serve(site, {o.serve_host, o.serve_port}, ready, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

}  // namespace relmap::cli
