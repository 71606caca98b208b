#include "build.h"

#include "export.h"
#include "report.h"
#include "stats.h"
#include "views.h"

namespace relmap {

bool build_outputs(const KnowledgeGraph& kg, const BuildOptions& options, std::vector<OutputFile>* files,
                   Diagnostics* diags) {
  const std::vector<Vertex> sources = sources_of(kg);
  const std::size_t total = sources.size() + 1;
  std::size_t done = 0;
  ReportInput input;
  input.theme = options.render.theme;
  auto draw = [&](const MapSpec& spec, const std::string& path, ReportMap* map) {
    if (options.on_map) options.on_map(++done, total, path);
    RenderOptions svg = options.render;
    svg.format = "svg";
    if (!render_map(kg, spec, svg, &map->svg, diags)) return false;
    map->path = path + ".svg";
    files->push_back({options.dir + "/" + map->path, map->svg});
    if (options.dot_files) {
      RenderOptions dot = options.render;
      dot.format = "dot";
      files->push_back({options.dir + "/" + path + ".dot", map_to_dot(kg, spec, dot)});
    }
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
  files->push_back({options.dir + "/report.html", report_html(kg, input)});
  files->push_back({options.dir + "/report.md", report_markdown(kg, input)});
  if (options.exports) {
    for (OutputFile& f : build_exports(kg, options.dir)) files->push_back(std::move(f));
  }
  return true;
}

}  // namespace relmap
