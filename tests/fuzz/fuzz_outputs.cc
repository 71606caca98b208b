// Any bytes as one article's facts file beside data/common: when they are
// valid against graph-schema.yaml, `relmap build` makes every output from
// them (maps as DOT and SVG, the report, every export), and each must read
// back: DOT by cgraph, SVG, GraphML, GEXF and the HTML report by an XML
// parser, JSON by nlohmann, CSV with one field count per file.
#include <filesystem>

#include "facts/facts.h"
#include "facts/validate.h"
#include "fuzz_util.h"
#include "graph/graph.h"
#include "output/build.h"

namespace {

std::vector<std::pair<std::string, std::string>> common_files;  // data/common: name, text

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  relmap::fuzz::project_schema();
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(RELMAP_SOURCE_DIR) + "/data/common"))
    if (entry.path().extension() == ".yaml")
      common_files.emplace_back("data/common/" + entry.path().filename().string(),
                                relmap::fuzz::source_file("data/common/" + entry.path().filename().string()));
  std::sort(common_files.begin(), common_files.end());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relmap;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Facts facts;
  Diagnostics diags;
  for (const auto& [name, content] : common_files) {
    Facts common;
    FUZZ_CHECK(load_facts_text(name, content, &common, &diags), diags.format());
    facts.append(std::move(common));
  }
  Facts article;
  if (!load_facts_text("fuzz.yaml", text, &article, &diags)) return 0;
  facts.append(std::move(article));
  if (!validate(fuzz::project_schema(), facts, &diags) || diags.has_errors()) return 0;

  const KnowledgeGraph graph(fuzz::project_schema(), facts);
  BuildOptions options;
  options.render.timeout_seconds = 30;
  options.render.theme = size % 2 == 0 ? ColourTheme::kLight : ColourTheme::kDark;
  std::vector<OutputFile> files;
  Diagnostics build_diags;
  FUZZ_CHECK(build_outputs(graph, options, &files, &build_diags), build_diags.format());
  fuzz::check_outputs(files);
  ++fuzz::reached;
  return 0;
}
