#include "output/build.h"

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

}  // namespace

bool build_outputs(const KnowledgeGraph& kg, const BuildOptions& options, std::vector<OutputFile>* files,
                   Diagnostics* diags) {
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
  const std::size_t total = sources.size() + 1 + (changes_drawn ? 1 : 0);
  std::size_t done = 0;
  input.theme = options.render.theme;
  // Maps drawn another way (engine, clusters) keep layouts of their own.
  const std::string kept_as =
      (options.render.engine == Engine::kAuto ? "" : "." + name_of(options.render.engine)) +
      (options.render.clusters ? ".clusters" : "");
  Layout overview_before, overview_now;
  if (!previous_overview(options, kept_as, new_edition, &overview_before)) overview_before = Layout();
  auto draw = [&](const KnowledgeGraph& graph, const MapSpec& spec, const std::string& path, ReportMap* map,
                  bool* readable = nullptr, Layout* laid_out = nullptr) {
    if (options.on_map) options.on_map(++done, total, path);
    RenderOptions svg = options.render;
    svg.format = MapFormat::kSvg;
    // The changes map is drawn on the overview's places, without clusters.
    if (spec.placed) svg.clusters = false;
    const LayoutMemory memory{options.cache_dir, kept_as, options.cache_files};
    Figure figure;
    if (!draw_figure(graph, spec, svg, &memory, &figure, diags) ||
        !figure_output(graph, spec, figure, svg, &map->svg, diags))
      return false;
    if (laid_out != nullptr) *laid_out = figure.layout;
    // A summary drawn instead of the whole says how it was chosen.
    if (path == "relmap" && !figure.parts.front().edge_tooltips.empty())
      input.overview_caption = figure.parts.front().description;
    if (readable != nullptr) {
      *readable = true;
      for (std::size_t k = 0; k < figure.drawings.size(); ++k)
        *readable = *readable && fit_factor(figure.drawings[k], figure.parts[k].page) >= kReadableFit;
    }
    if (figure.drawings.size() > 1) map->parts = std::move(figure.drawings);
    map->path = path + ".svg";
    files->push_back({options.dir + "/" + map->path, map->svg});
    for (std::size_t k = 1; k <= map->parts.size(); ++k)
      files->push_back({options.dir + "/" + map_part_path(map->path, k), map->parts[k - 1]});
    if (options.dot_files) {
      RenderOptions dot = options.render;
      dot.format = MapFormat::kDot;
      files->push_back({options.dir + "/" + path + ".dot", map_to_dot(graph, spec, dot)});
    }
    return true;
  };
  ViewRequest whole;
  whole.edition = true;
  whole.full = options.full_map;
  MapSpec overview;
  if (!find_view("overview").make(kg, whole, &overview) ||
      !draw(kg, overview, "relmap", &input.overview, nullptr, &overview_now))
    return false;
  SourceIndex index = index_sources(kg);
  for (Vertex s : sources) {
    ReportSource source{s, {}, std::move(index[kg.node(s).id])};
    const MapSpec spec =
        source_map(kg, {s}, {{kg.node(s).id, source.facts}});  // the source view, indexed once
    if (!draw(kg, spec, "maps/" + spec.name, &source.map)) return false;
    input.sources.push_back(std::move(source));
  }
  if (changes_drawn) {
    const ChangesMap changes = changes_map(kg, *input.changes, overview_now, overview_before);
    bool readable = true;
    if (changes.graph != nullptr &&
        !draw(*changes.graph, changes.spec, "maps/changes", &input.changes_map, &readable))
      return false;
    // Too much changed to draw on a page: the report lists the changes and
    // points to the map's file rather than print it too small to read.
    if (!readable) input.changes_map = {input.changes_map.path, "", {}};
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
  if (options.exports) {
    for (OutputFile& f : build_exports(kg, options.dir)) files->push_back(std::move(f));
  }
  return true;
}

}  // namespace relmap
