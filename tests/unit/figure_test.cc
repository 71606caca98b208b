// A map fitted to its page (figure.h): drawn whole where it fits, whole and
// compact where only that fits, and split only where neither does.
#include "render/figure.h"

#include <gtest/gtest.h>

#include "maps/views.h"
#include "project/project.h"
#include "render/svg.h"

namespace relmap {
namespace {

/// The maps of the curated data's sources, as build draws them for a report
/// column, each split only where drawn compact it does not fit whole.
TEST(FigureTest, AMapIsSplitOnlyWhereDrawnCompactItDoesNotFitWhole) {
  Project project;
  LoadOptions load;
  load.schema_path = std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml";
  load.data_path = std::string(RELMAP_SOURCE_DIR) + "/data";
  Diagnostics diags;
  ASSERT_TRUE(load_project(load, &project, &diags)) << diags.format();
  const KnowledgeGraph& graph = project.graph();
  const RenderOptions options{MapFormat::kSvg, Engine::kAuto, 60};
  std::size_t split = 0;
  for (Vertex source : sources_of(graph)) {
    ViewRequest request;
    request.sources = {source};
    MapSpec spec;
    ASSERT_TRUE(find_view("source").make(graph, request, &spec));
    Figure figure;
    ASSERT_TRUE(draw_figure(graph, spec, options, nullptr, &figure, &diags)) << diags.format();
    if (figure.parts.size() == 1) continue;
    ++split;
    MapSpec compact = spec;
    compact.compact = true;
    std::string svg;
    ASSERT_TRUE(render_map(graph, compact, options, &svg, &diags)) << diags.format();
    EXPECT_LT(fit_factor(svg, spec.page), 1) << spec.name << " is split, though it fits whole drawn compact";
  }
  EXPECT_GT(split, 0u) << "no map of data/ is split: the check saw nothing";
}

}  // namespace
}  // namespace relmap
