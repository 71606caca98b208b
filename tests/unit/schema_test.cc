#include "facts/schema.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace relmap {
namespace {

std::string schema_errors(const std::string& text) {
  Schema schema;
  Diagnostics diags;
  schema.load("s.yaml", text, &diags);
  return diags.format();
}

TEST(SchemaTest, LoadsInheritanceAndStyles) {
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(schema.load("s.yaml", testing::kTestSchema, &diags)) << diags.format();
  EXPECT_TRUE(schema.is_a("country", "actor"));
  EXPECT_TRUE(schema.is_a("country", "entity"));
  EXPECT_FALSE(schema.is_a("event", "actor"));
  EXPECT_TRUE(schema.node_type("actor")->abstract);
  ASSERT_NE(schema.node_property("country", "start"), nullptr);  // inherited
  EXPECT_EQ(schema.node_property("country", "start")->kind, ValueKind::kDate);
  EXPECT_EQ(schema.node_property("organisation", "kind")->values.size(), 3u);
  EXPECT_EQ(schema.node_property("organisation", "seat")->ref_type, "country");
  EXPECT_TRUE(schema.node_property("organisation", "acronyms")->list);
  EXPECT_EQ(schema.node_style("country").at("shape"), "box");
  const RelationType* coop = schema.relation_type("cooperates_with");
  ASSERT_NE(coop, nullptr);
  EXPECT_TRUE(coop->symmetric);
  EXPECT_EQ(schema.relation_type("attended")->weight, 2.0);
  EXPECT_TRUE(schema.allows(*schema.relation_type("attended"), "person", "event"));
  EXPECT_FALSE(schema.allows(*schema.relation_type("attended"), "event", "person"));
  EXPECT_TRUE(schema.allows(*schema.relation_type("member_of"), "country", "organisation"));
}

TEST(SchemaTest, StyleValuesAreCheckedWithPositionsAndSuggestions) {
  const std::string text = R"yaml(node_types:
  thing:
    style: {fontname: "x\"/><script>alert(1)</script>", color: redd, shape: boxx, style: "filled, dahsed"}
  other:
    style: {penwidth: "-1", fontsize: 1e9, peripheries: "1.5", margin: "0.1,0.2,0.3", width: "0", fillcolor: "#ff00"}
relation_types:
  rel:
    pairs: [[thing, thing]]
    style: {arrowhead: norml, style: "dashed,rounded", arrowsize: "2", fontcolor: "rgb(1,2,3)"}
)yaml";
  EXPECT_EQ(
      schema_errors(text),
      "s.yaml:3:23: error: style 'fontname': font name 'x\"/><script>alert(1)</script>' may hold only "
      "letters, "
      "digits, spaces and '-', '_', '.', ',' (at most 100)\n"
      "s.yaml:3:64: error: style 'color': unknown colour 'redd' (did you mean 'red'?): use #rrggbb, "
      "#rrggbbaa, "
      "#rgb or a Graphviz (X11) or SVG colour name\n"
      "s.yaml:3:77: error: style 'shape': unknown shape 'boxx' (did you mean 'box'?)\n"
      "s.yaml:3:90: error: style 'style': unknown style 'dahsed' (did you mean 'dashed'?): a node's style is "
      "a "
      "comma-separated list of filled, invis, invisible, diagonals, rounded, dashed, dotted, solid, bold, "
      "striped, wedged, radial\n"
      "s.yaml:5:23: error: style 'penwidth': '-1' is not a number from 0 to 20\n"
      "s.yaml:5:39: error: style 'fontsize': '1e9' is not a number from 1 to 144\n"
      "s.yaml:5:57: error: style 'peripheries': '1.5' is not a whole number from 0 to 10\n"
      "s.yaml:5:72: error: style 'margin': '0.1,0.2,0.3' is not one or two numbers (x or x,y) from 0 to 5\n"
      "s.yaml:5:94: error: style 'width': '0' is not a number from 0.01 to 20\n"
      "s.yaml:5:110: error: style 'fillcolor': '#ff00' is not a colour: use #rrggbb, #rrggbbaa, #rgb or a "
      "colour name\n"
      "s.yaml:9:24: error: style 'arrowhead': unknown arrowhead 'norml' (did you mean 'normal'?): use up to "
      "four of [o][l|r]normal, inv, dot, tee, diamond, crow, box, vee, curve, icurve, none\n"
      "s.yaml:9:38: error: style 'style': unknown style 'rounded': a relation's style is a comma-separated "
      "list of solid, dashed, dotted, bold, invis, tapered\n"
      "s.yaml:9:83: error: style 'fontcolor': unknown colour 'rgb(1,2,3)': use #rrggbb, #rrggbbaa, #rgb or a "
      "Graphviz (X11) or SVG colour name\n");
}

TEST(SchemaTest, StyleValuesAreKeptNormalised) {
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(schema.load("s.yaml", R"(node_types:
  thing:
    style: {color: "#F00", fillcolor: Teal, fontcolor: Gray50, style: "filled, dashed", shape: Mdiamond,
            fontname: "DejaVu Sans,Arial", margin: "0.1,0.05", peripheries: "2"}
relation_types:
  rel:
    pairs: [[thing, thing]]
    style: {color: "#1D4ED8cc", arrowhead: oboxlteeinvdot, arrowsize: ".5"}
  old:
    pairs: [[thing, thing]]
    style: {arrowhead: ediamond}
)",
                          &diags))
      << diags.format();
  const Style style = schema.node_style("thing");
  EXPECT_EQ(style.at("color"), "#ff0000");      // Graphviz 2.42 would draw #rgb black
  EXPECT_EQ(style.at("fillcolor"), "#008080");  // an SVG name every format draws
  EXPECT_EQ(style.at("fontcolor"), "gray50");
  EXPECT_EQ(style.at("style"), "filled,dashed");
  EXPECT_EQ(style.at("shape"), "Mdiamond");
  EXPECT_EQ(style.at("fontname"), "DejaVu Sans,Arial");
  EXPECT_EQ(schema.relation_type("rel")->style.at("color"), "#1d4ed8cc");
  EXPECT_EQ(schema.relation_type("rel")->style.at("arrowhead"), "oboxlteeinvdot");
  EXPECT_EQ(schema.relation_type("old")->style.at("arrowhead"), "ediamond");
  // Record shapes would give '|' and braces in names a meaning.
  EXPECT_NE(
      schema_errors("node_types:\n  t: {style: {shape: record}}\nrelation_types:\n  r: {pairs: [[t, t]]}\n")
          .find("unknown shape 'record'"),
      std::string::npos);
}

TEST(SchemaTest, ProjectSchemaCoversTheArticles) {
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(load_schema_file(std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml", &schema, &diags))
      << diags.format();
  EXPECT_EQ(diags.format(), "");
  for (const char* type :
       {"country", "place", "government_body", "international_organisation", "country_group", "foundation",
        "academic_institution", "company", "person", "agreement", "programme", "event", "policy", "source"}) {
    const NodeType* t = schema.node_type(type);
    ASSERT_NE(t, nullptr) << type;
    EXPECT_FALSE(t->abstract) << type;
  }
  for (const char* rel : {"member_of", "part_of", "located_in", "holds_position", "represents", "hosted",
                          "organised", "chaired", "supports", "implemented", "attended", "party_to",
                          "cooperates_with", "consists_of", "reported_by"})
    EXPECT_NE(schema.relation_type(rel), nullptr) << rel;
  EXPECT_TRUE(schema.relation_type("cooperates_with")->symmetric);
  EXPECT_NE(schema.relation_property(*schema.relation_type("holds_position"), "role"), nullptr);
}

TEST(SchemaTest, AnEmptySchemaIsAnErrorAtItsStart) {
  for (const char* text : {"", "# only a comment\n"}) {
    Schema schema;
    Diagnostics diags;
    EXPECT_FALSE(schema.load("s.yaml", text, &diags));
    EXPECT_EQ(diags.format(),
              "s.yaml:1:1: error: a schema must be a mapping with node_types and relation_types\n")
        << "for '" << text << "'";
  }
}

TEST(SchemaTest, UnknownParentType) {
  EXPECT_EQ(schema_errors("node_types:\n  a: {extends: entiy}\n  entity: {}\n"
                          "relation_types:\n  r: {pairs: [[a, a]]}\n"),
            "s.yaml:2:3: error: node type 'a' extends unknown type 'entiy' (did you mean 'entity'?)\n");
}

TEST(SchemaTest, PairNamingUnknownType) {
  EXPECT_EQ(schema_errors("node_types:\n  person: {}\n  event: {}\n"
                          "relation_types:\n  attended: {pairs: [[person, evnt]]}\n"),
            "s.yaml:5:31: error: unknown node type 'evnt' (did you mean 'event'?)\n");
}

TEST(SchemaTest, BadStyleKey) {
  EXPECT_EQ(schema_errors("node_types:\n  a:\n    style: {shape: box, fillcolour: red}\n"
                          "relation_types:\n  r: {pairs: [[a, a]]}\n"),
            "s.yaml:3:25: error: unknown style key 'fillcolour' (did you mean 'fillcolor'?)\n");
}

TEST(SchemaTest, PropertyDefinitionErrors) {
  EXPECT_EQ(schema_errors("node_types:\n  a:\n    properties:\n"
                          "      when: dat\n"
                          "      kind: {type: enum}\n"
                          "      seat: {type: ref, to: plce}\n"
                          "      name: string\n"
                          "relation_types:\n  r: {pairs: [[a, a]]}\n"),
            "s.yaml:4:13: error: unknown property type 'dat' (did you mean 'date'?)\n"
            "s.yaml:5:13: error: enum property 'kind' needs a list of values\n"
            "s.yaml:6:29: error: unknown node type 'plce'\n"
            "s.yaml:7:7: error: 'name' is reserved and cannot be declared as a property\n");
}

TEST(SchemaTest, ARefToThatIsNotANameIsOneErrorAtItsPlace) {
  EXPECT_EQ(schema_errors("node_types:\n  a:\n    properties:\n"
                          "      seat: {type: ref, to: [a]}\n"
                          "      home: {type: ref, to: }\n"
                          "relation_types:\n  r: {pairs: [[a, a]]}\n"),
            "s.yaml:4:29: error: 'to' must be a non-empty string, not a sequence\n"
            "s.yaml:5:29: error: 'to' must be a non-empty string, not null\n");
}

TEST(SchemaTest, InheritanceCycle) {
  EXPECT_EQ(schema_errors("node_types:\n  a: {extends: b}\n  b: {extends: a}\n"
                          "relation_types:\n  r: {pairs: [[a, a]]}\n"),
            "s.yaml:2:3: error: node type 'a' inherits from itself\n");
}

TEST(SchemaTest, RelationErrors) {
  EXPECT_EQ(schema_errors("node_types:\n  a: {}\n"
                          "relation_types:\n"
                          "  r: {pairs: [[a]], weight: -1, directed: maybe}\n"
                          "  s: {label: s, pair: [[a, a]]}\n"),
            "s.yaml:4:15: error: a pair must be [from type, to type]\n"
            "s.yaml:4:29: error: weight must be a positive number\n"
            "s.yaml:4:43: error: expected true or false\n"
            "s.yaml:5:3: error: relation type 's' needs 'pairs': a list of [from type, to type]\n"
            "s.yaml:5:17: error: unknown relation type key 'pair' (did you mean 'pairs'?)\n");
}

TEST(SchemaTest, MissingSections) {
  EXPECT_EQ(schema_errors("node_type: {}\n"),
            "s.yaml:1:1: error: node_types must be a non-empty mapping\n"
            "s.yaml:1:1: error: relation_types must be a non-empty mapping\n"
            "s.yaml:1:1: error: unknown schema key 'node_type' (did you mean 'node_types'?)\n");
}

}  // namespace
}  // namespace relmap
