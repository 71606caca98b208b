// Any bytes as a new article, against the curated data/: `relmap mentions`
// never crashes or throws and stays linear; what it lists is in order and
// within the article; its text and JSON are plain, valid UTF-8 that show no
// control, zero-width or bidi character as it is; the JSON parses back, and
// the facts file it suggests parses as YAML.
#include <algorithm>

#include "facts/yaml_reader.h"
#include "fuzz_util.h"
#include "project/project.h"
#include "query/mentions.h"

namespace {

relmap::Project* project = nullptr;

/// True for the zero-width and bidi characters mentions must show escaped.
bool invisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xFEFF;
}

void check_no_invisible(std::string_view text, const std::string& what) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = relmap::decode_utf8(text, i, &cp);
    FUZZ_CHECK(len == 0 || !invisible(cp),
               what + ": " + relmap::code_point_name(cp) + " at byte " + std::to_string(i));
    i += len == 0 ? 1 : len;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  relmap::LoadOptions options;
  options.schema_path = std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml";
  options.data_path = std::string(RELMAP_SOURCE_DIR) + "/data";
  project = new relmap::Project;
  relmap::Diagnostics diags;
  FUZZ_CHECK(relmap::load_project(options, project, &diags) && project->view != nullptr, diags.format());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relmap;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const GraphView& view = *project->view;
  const Mentions m = find_mentions(view, project->schema, text);
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const KnownMention& k : m.known) {
    FUZZ_CHECK(k.vertex < view.node_count(), "vertex " + std::to_string(k.vertex));
    FUZZ_CHECK(!k.lines.empty() && std::is_sorted(k.lines.begin(), k.lines.end()) &&
                   std::adjacent_find(k.lines.begin(), k.lines.end()) == k.lines.end(),
               "lines of " + std::string(view.id(k.vertex)));
    FUZZ_CHECK(k.lines.front() >= 1 && k.lines.back() <= lines, "line out of the article");
  }
  for (const CandidateName& c : m.candidates) {
    FUZZ_CHECK(c.count > 0 && c.first_line >= 1 && c.first_line <= lines, c.text);
    FUZZ_CHECK(!c.text.empty() && text.find(c.text.substr(0, c.text.find(' '))) != std::string::npos, c.text);
  }
  for (const Passage& p : m.passages) {
    FUZZ_CHECK(p.vertices.size() >= 2 && p.line >= 1 && p.line <= lines, p.text);
    FUZZ_CHECK(text.find(p.text) != std::string::npos, "passage not in the article: " + p.text);
  }
  const std::string article = "005_fuzz.txt";
  const std::string shown = mentions_to_text(view, project->schema, m, article);
  fuzz::check_plain_text(shown, "mentions text", '\n');
  check_no_invisible(shown, "mentions text");
  const std::string json = mentions_to_json(view, project->schema, m, article);
  fuzz::check_plain_text(json, "mentions JSON", '\n');
  nlohmann::json parsed;
  FUZZ_CHECK((parsed = nlohmann::json::parse(json, nullptr, false), !parsed.is_discarded()), json);
  const std::string skeleton = parsed.at("skeleton").get<std::string>();
  check_no_invisible(skeleton, "skeleton");
  YamlNode doc;
  Diagnostics diags;
  FUZZ_CHECK(parse_yaml("skeleton.yaml", skeleton, &doc, &diags), diags.format() + "\n" + skeleton);
  ++fuzz::reached;
  return 0;
}
