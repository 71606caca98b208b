#include "output/build.h"

#include <algorithm>
#include <future>
#include <mutex>

#include "base/child.h"
#include "base/parallel.h"
#include "base/text.h"
#include "maps/page.h"
#include "maps/summary.h"
#include "maps/views.h"
#include "output/changes_map.h"
#include "output/diff.h"
#include "output/explore.h"
#include "output/export.h"
#include "output/report.h"
#include "query/stats.h"
#include "render/figure.h"
#include "render/timeline.h"

namespace relmap {

namespace {

/// A figure whose every part has at least this fit_factor prints its text
/// at its readable size (figure.h); the margin absorbs rounding.
constexpr double kReadableFit = 0.999;

/// What the names of a map's kept layouts add for maps drawn another way
/// (engine, clusters), which keep layouts of their own.
std::string kept_as(const RenderOptions& render) {
  return (render.engine == Engine::kAuto ? "" : "." + name_of(render.engine)) +
         (render.clusters ? ".clusters" : "");
}

/// The overview as the previous edition laid it out, where removed actors
/// were: in a new edition the overview's layout the cache has, kept beside
/// the previous edition's facts (diff.h) as "relmap.previous" so that the
/// same facts built again draw the same changes; else that kept copy.
bool previous_overview(const BuildOptions& options, const std::string& kept_as, bool new_edition,
                       Layout* layout) {
  const std::string overview = "relmap" + kept_as, kept = overview + ".previous";
  if (!new_edition) return read_layout(options.cache_dir, kept, layout);
  if (!read_layout(options.cache_dir, overview, layout)) return false;
  if (options.cache_files != nullptr)
    options.cache_files->push_back({layout_path(options.cache_dir, kept), layout_text(*layout)});
  return true;
}

/// One map to draw: what, and where (its path in the output folder, without ".svg").
struct MapTask {
  MapSpec spec;
  std::string path;
  bool check_readable = false;            ///< Whether to say if it prints its text at its readable size.
  const KnowledgeGraph* graph = nullptr;  ///< What it is drawn from, if not the edition's graph.
};

/// One map as drawn, apart from the others: what build_outputs adds, in
/// the maps' order, to the edition, the cache and the diagnostics.
struct DrawnMap {
  ReportMap map;
  std::vector<OutputFile> files;
  std::vector<OutputFile> keep;  ///< The layouts kept in the cache.
  Diagnostics diags;
  std::string caption;   ///< The overview's, when a summary is drawn instead of the whole.
  bool readable = true;  ///< Every part prints its text at its readable size (if checked).
  Layout layout;         ///< The whole map's layout.
};

/// Draw `task` as build_outputs does, into `drawn`. False if it could not be drawn.
bool draw_map(const KnowledgeGraph& kg, const BuildOptions& options, const RenderOptions& render,
              const MapTask& task, DrawnMap* drawn) {
  const KnowledgeGraph& graph = task.graph != nullptr ? *task.graph : kg;
  RenderOptions svg = render;
  svg.format = MapFormat::kSvg;
  const LayoutMemory memory{options.cache_dir, kept_as(render),
                            options.cache_files != nullptr ? &drawn->keep : nullptr};
  // The changes map is drawn on the overview's places, without clusters.
  if (task.spec.placed) svg.clusters = false;
  // And the drawings of its layouts, to take those that are the same.
  KeptDrawings drawings;
  const std::string kept = task.spec.name + memory.suffix;
  read_drawings(options.cache_dir, kept, &drawings);
  if (!options.cache_dir.empty()) svg.drawings = &drawings;
  Figure figure;
  ReportMap* map = &drawn->map;
  if (!draw_figure(graph, task.spec, svg, &memory, &figure, &drawn->diags) ||
      !figure_output(graph, task.spec, figure, svg, &map->svg, &drawn->diags))
    return false;
  drawn->layout = std::move(figure.layout);
  // A summary drawn instead of the whole says how it was chosen.
  if (!figure.parts.front().edge_tooltips.empty()) drawn->caption = figure.parts.front().description;
  for (std::size_t k = 0; task.check_readable && k < figure.drawings.size(); ++k)
    drawn->readable = drawn->readable && fit_factor(figure.drawings[k], figure.parts[k].page) >= kReadableFit;
  if (figure.drawings.size() > 1) map->parts = std::move(figure.drawings);
  map->path = task.path + ".svg";
  drawn->files.push_back({options.dir + "/" + map->path, map->svg});
  for (std::size_t k = 1; k <= map->parts.size(); ++k)
    drawn->files.push_back({options.dir + "/" + map_part_path(map->path, k), map->parts[k - 1]});
  if (options.cache_files != nullptr && !options.cache_dir.empty() && drawings.changed())
    drawn->keep.push_back({drawings_path(options.cache_dir, kept), drawings.text()});
  if (options.dot_files) {
    RenderOptions dot = render;
    dot.format = MapFormat::kDot;
    drawn->files.push_back({options.dir + "/" + task.path + ".dot", map_to_dot(graph, task.spec, dot)});
  }
  return true;
}

/// Draw every task, up to options.jobs at once, into `drawn` (in the
/// tasks' order). Progress goes to the options' callbacks one at a time,
/// the tasks counted from `first` of `total`. Returns the first task that
/// could not be drawn, or tasks.size().
std::size_t draw_maps(const KnowledgeGraph& kg, const BuildOptions& options,
                      const std::vector<MapTask>& tasks, std::size_t first, std::size_t total,
                      std::vector<DrawnMap>* drawn) {
  drawn->resize(tasks.size());
  std::mutex progress;
  RenderOptions render = options.render;
  if (options.render.on_wait)
    render.on_wait = [&](int seconds) {
      const std::lock_guard<std::mutex> lock(progress);
      options.render.on_wait(seconds);
    };
  return run_in_order(tasks.size(), std::max<std::size_t>(options.jobs, 1), [&](std::size_t i) {
    if (options.on_map) {
      const std::lock_guard<std::mutex> lock(progress);
      options.on_map(first + i + 1, total, tasks[i].path);  // its place, whichever begins first
    }
    return draw_map(kg, options, render, tasks[i], &(*drawn)[i]);
  });
}

/// Add the first `count` maps drawn to the edition's files, the cache's
/// and the diagnostics, in order.
void add_drawn(std::vector<DrawnMap>& drawn, std::size_t count, const BuildOptions& options,
               std::vector<OutputFile>* files, Diagnostics* diags) {
  for (std::size_t i = 0; i < count && i < drawn.size(); ++i) {
    diags->append(drawn[i].diags);
    for (OutputFile& f : drawn[i].files) files->push_back(std::move(f));
    if (options.cache_files != nullptr)
      for (OutputFile& f : drawn[i].keep) options.cache_files->push_back(std::move(f));
  }
}

}  // namespace

bool build_outputs(const KnowledgeGraph& kg, const BuildOptions& options, std::vector<OutputFile>* files,
                   Diagnostics* diags) {
  // The exports need the graph alone: written on a thread of their own
  // while the maps are drawn, where the layout children are not forked
  // from this process, and added last either way.
  std::future<std::vector<OutputFile>> exports;
  if (options.exports)
    exports = std::async(children_from_spawners() ? std::launch::async : std::launch::deferred,
                         [&kg, &options] { return build_exports(kg, options.dir); });
  const std::vector<Vertex> sources = sources_of(kg);
  ReportInput input;
  const EditionFacts facts = edition_facts(kg);
  EditionFacts before;
  std::vector<OutputFile> keep;  // the files that keep this edition in the cache
  if (previous_edition(options.cache_dir, facts, &before, &keep))
    input.changes = diff_editions(before, facts);
  const bool new_edition = !keep.empty();
  if (options.cache_files != nullptr)
    for (OutputFile& f : keep) options.cache_files->push_back(std::move(f));
  // An edition that only removed facts has nothing to draw: the report lists the removals.
  const bool changes_drawn = input.changes && draws_changes(*input.changes);
  Layout overview_before;
  if (!previous_overview(options, kept_as(options.render), new_edition, &overview_before))
    overview_before = Layout();
  input.theme = options.render.theme;
  std::vector<MapTask> tasks(1);
  ViewRequest whole;
  whole.edition = true;
  whole.full = options.full_map;
  if (!find_view("overview").make(kg, whole, &tasks[0].spec)) return false;
  tasks[0].path = "relmap";
  SourceIndex index = index_sources(kg);
  for (Vertex s : sources) {
    ReportSource source{s, {}, std::move(index[kg.node(s).id])};
    MapSpec spec = source_map(kg, {s}, {{kg.node(s).id, source.facts}});  // the source view, indexed once
    tasks.push_back({std::move(spec), ""});
    tasks.back().path = "maps/" + tasks.back().spec.name;
    input.sources.push_back(std::move(source));
  }
  const std::size_t total = tasks.size() + (changes_drawn ? 1 : 0);
  std::vector<DrawnMap> drawn;
  const std::size_t failed = draw_maps(kg, options, tasks, 0, total, &drawn);
  add_drawn(drawn, failed + 1, options, files, diags);
  if (failed < tasks.size()) return false;
  input.overview = std::move(drawn[0].map);
  input.overview_caption = drawn[0].caption;
  for (std::size_t k = 0; k < sources.size(); ++k) input.sources[k].map = std::move(drawn[k + 1].map);
  if (changes_drawn) {
    // Drawn on the overview's places, so once the overview is laid out.
    ChangesMap changes = changes_map(kg, *input.changes, drawn[0].layout, overview_before);
    if (changes.graph != nullptr) {
      std::vector<MapTask> last(1);
      last[0] = {std::move(changes.spec), "maps/changes", true, changes.graph.get()};
      std::vector<DrawnMap> drawn_last;
      const bool drew = draw_maps(kg, options, last, tasks.size(), total, &drawn_last) == last.size();
      add_drawn(drawn_last, 1, options, files, diags);
      if (!drew) return false;
      input.changes_map = std::move(drawn_last[0].map);
      // Too much changed to draw on a page: the report lists the changes and
      // points to the map's file rather than print it too small to read.
      if (!drawn_last[0].readable) input.changes_map = {input.changes_map.path, "", {}};
    }
  }
  input.stats = compute_stats(kg, 10);
  const Timeline timeline = timeline_of(kg);
  input.timeline = timeline_pages(kg, timeline,
                                  {"timeline",
                                   [&kg](const std::string& source) {
                                     const auto s = kg.find_id(source);
                                     return s ? "#" + source_anchor(kg.node(*s)) : std::string();
                                   }},
                                  kColumnPage.height);
  TimelineStyle in_page{"explore-timeline", [&kg](const std::string& source) {
                          const auto s = kg.find_id(source);
                          const std::string url =
                              s ? first_value(kg.node(*s).properties, "url") : std::string();
                          return is_http_url(url) ? percent_encode_url(url) : std::string();
                        }};
  files->push_back(
      {options.dir + "/explore.html",
       explore_html(kg, {input.overview.svg, timeline_svg(kg, timeline, in_page), input.overview_caption})});
  for (ReportPage& page : report_pages(kg, input, options.sources_per_page))
    files->push_back({options.dir + "/" + page.file, std::move(page.html)});
  files->push_back({options.dir + "/report.md", report_markdown(kg, input)});
  if (exports.valid())
    for (OutputFile& f : exports.get()) files->push_back(std::move(f));
  return true;
}

}  // namespace relmap
