#include "schema.h"

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

TEST(SchemaTest, ProjectSchemaCoversTheArticles) {
  Schema schema;
  Diagnostics diags;
  ASSERT_TRUE(load_schema_file(std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml", &schema, &diags))
      << diags.format();
  EXPECT_EQ(diags.format(), "");
  for (const char* type : {"country", "place", "government_body", "international_organisation",
                           "country_group", "foundation", "academic_institution", "company", "person",
                           "agreement", "programme", "event", "policy", "source"}) {
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
