// Any bytes as graph-schema.yaml: never a crash or an exception, every
// diagnostic at a line of the file. A schema that loads gets facts with an
// actor of each type and a link of each relation, and its map (DOT and SVG,
// styled by the schema's values) must read back and run no script.
#include "facts/facts.h"
#include "facts/validate.h"
#include "fuzz_util.h"
#include "graph/graph.h"
#include "maps/views.h"
#include "render/render.h"

namespace {

using relmap::PropertyDef;
using relmap::Schema;
using relmap::ValueKind;

/// Index of the first concrete type that is `type` or derives from it, or -1.
int concrete(const Schema& schema, const std::string& type) {
  const int wanted = schema.node_type_index(type);
  if (wanted < 0) return -1;
  for (std::size_t i = 0; i < schema.node_types().size(); ++i)
    if (!schema.node_types()[i].abstract && schema.is_a(static_cast<int>(i), wanted))
      return static_cast<int>(i);
  return -1;
}

std::string value_of(const Schema& schema, const PropertyDef& def) {
  std::string v;
  switch (def.kind) {
    case ValueKind::kString:
    case ValueKind::kText:
      v = "'x &amp; <y>'";
      break;
    case ValueKind::kDate:
      v = "2020-01-31";
      break;
    case ValueKind::kUrl:
      v = "'https://example.org/a?b=1&c=%3Cd%3E'";
      break;
    case ValueKind::kEnum:
      v = def.values.empty() ? "x" : "'" + def.values.front() + "'";
      break;
    case ValueKind::kInteger:
      v = "1";
      break;
    case ValueKind::kBoolean:
      v = "true";
      break;
    case ValueKind::kRef:
      v = "n" + std::to_string(concrete(schema, def.ref_type)) + "a";
      break;
    case ValueKind::kRelation:
      v = "r0";
      break;
  }
  return def.list ? "[" + v + "]" : v;
}

/// Two actors (`a`, `b`) of each concrete type with their required
/// properties, and a link of each relation between actors of its first
/// pair's types.
std::string facts_for(const Schema& schema) {
  const auto& types = schema.node_types();
  std::string yaml = "entities:\n";
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i].abstract) continue;
    for (const char* copy : {"a", "b"}) {
      yaml += "  - id: n" + std::to_string(i) + copy + "\n    type: '" + types[i].name + "'\n    name: 'N" +
              std::to_string(i) + copy + " <b>&amp;</b>'\n";
      for (const PropertyDef* def : schema.node_properties(types[i].name))
        if (def->required) yaml += "    '" + def->name + "': " + value_of(schema, *def) + "\n";
    }
  }
  const int source = concrete(schema, std::string(relmap::kSourceType));
  yaml += "relations:\n";
  for (const auto& relation : schema.relation_types()) {
    if (relation.pairs.empty()) continue;
    const int from = concrete(schema, relation.pairs.front().first);
    const int to = concrete(schema, relation.pairs.front().second);
    if (from < 0 || to < 0) continue;
    yaml += "  - from: n" + std::to_string(from) + "a\n    type: '" + relation.name + "'\n    to: n" +
            std::to_string(to) + "b\n    evidence: 'N <i> x &amp; <y>'\n";  // holds a string property's words
    if (source >= 0) yaml += "    source: n" + std::to_string(source) + "a\n";
    for (const auto& def : relation.properties)
      if (def.required) yaml += "    '" + def.name + "': " + value_of(schema, def) + "\n";
  }
  return yaml;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relmap;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Schema schema;
  Diagnostics diags;
  const bool loaded = schema.load("schema.yaml", text, &diags);
  fuzz::check_positions(diags, "schema.yaml");
  fuzz::check_plain_text(diags.format(), "diagnostics");
  if (!loaded || diags.has_errors()) return 0;

  const std::string yaml = facts_for(schema);
  Facts facts;
  Diagnostics fact_diags;
  if (!load_facts_text("facts.yaml", yaml, &facts, &fact_diags) || !validate(schema, facts, &fact_diags))
    return 0;
  const KnowledgeGraph graph(schema, facts);
  const MapSpec map = full_map(graph);
  RenderOptions options;
  options.clusters = size % 2 == 1;
  options.theme = size % 3 == 0 ? ColourTheme::kDark : ColourTheme::kLight;
  options.timeout_seconds = 20;
  if (options.clusters) options.engine = Engine::kDot;
  std::string svg;
  Diagnostics render_diags;
  FUZZ_CHECK(render_map(graph, map, options, &svg, &render_diags), render_diags.format() + "\n" + yaml);
  options.format = MapFormat::kDot;
  fuzz::check_outputs({{"map.svg", svg}, {"map.dot", map_to_dot(graph, map, options)}});
  ++fuzz::reached;
  return 0;
}
