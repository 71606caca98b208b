#include "yaml_reader.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

std::string errors_of(const std::string& text) {
  Diagnostics diags;
  YamlNode root;
  parse_yaml("f.yaml", text, &root, &diags);
  return diags.format();
}

TEST(YamlReaderTest, KeepsPositionsAndOrder) {
  Diagnostics diags;
  YamlNode root;
  ASSERT_TRUE(parse_yaml("f.yaml", "a: 1\nlist:\n  - x\n  - 'y'\n", &root, &diags));
  ASSERT_TRUE(root.is_map());
  ASSERT_EQ(root.entries.size(), 2u);
  EXPECT_EQ(root.entries[0].first.value, "a");
  const YamlNode* list = root.find("list");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(list->items[1].value, "y");
  EXPECT_EQ(list->items[1].line, 4);
  EXPECT_EQ(list->items[1].col, 5);
  EXPECT_TRUE(list->items[0].plain);
  EXPECT_FALSE(list->items[1].plain);
}

TEST(YamlReaderTest, ReadsLeadingZerosAndYesAsText) {
  Diagnostics diags;
  YamlNode root;
  ASSERT_TRUE(parse_yaml("f.yaml", "id: 012\nflag: yes\n", &root, &diags));
  EXPECT_EQ(root.find("id")->value, "012");
  EXPECT_EQ(root.find("flag")->value, "yes");
}

TEST(YamlReaderTest, SyntaxErrorHasPosition) {
  EXPECT_EQ(errors_of("a: [1, 2\nb: 3\n"),
            "f.yaml:2:2: error: YAML syntax: end of sequence flow not found\n");
}

TEST(YamlReaderTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(errors_of("name: A\nid: x\nname: B\n"),
            "f.yaml:3:1: error: duplicate key 'name' in this mapping\n");
}

TEST(YamlReaderTest, AliasesAreRejected) {
  EXPECT_EQ(errors_of("a: &x [1, 2]\nb: *x\n"),
            "f.yaml:2:4: error: aliases are not supported: write the value out\n");
}

TEST(YamlReaderTest, InvalidUtf8AndControlCharacters) {
  EXPECT_EQ(errors_of("a: ok\nb: caf\xe9\n"), "f.yaml:2:7: error: invalid UTF-8 byte sequence\n");
  EXPECT_EQ(errors_of("a: bell\x07\n"), "f.yaml:1:8: error: control character U+0007 is not allowed\n");
}

TEST(YamlReaderTest, SeveralDocumentsAreRejected) {
  EXPECT_EQ(errors_of("a: 1\n---\nb: 2\n"), "f.yaml:2:1: error: expected one YAML document, found a second one here\n");
}

TEST(YamlReaderTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(20000, '[');
  const std::string errors = errors_of(deep);
  EXPECT_NE(errors.find("f.yaml:1:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("error: YAML syntax"), std::string::npos) << errors;
}

TEST(YamlReaderTest, UnknownKeysGetSuggestions) {
  Diagnostics diags;
  YamlNode root;
  ASSERT_TRUE(parse_yaml("f.yaml", "nmae: x\n", &root, &diags));
  EXPECT_FALSE(check_keys("f.yaml", root, {"name", "id"}, "key", &diags));
  EXPECT_EQ(diags.format(), "f.yaml:1:1: error: unknown key 'nmae' (did you mean 'name'?)\n");
}

}  // namespace
}  // namespace relmap
