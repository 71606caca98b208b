#include "facts/yaml_reader.h"

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

TEST(YamlReaderTest, AnchorsAndAliasesAreRejected) {
  EXPECT_EQ(errors_of("a: &x [1, 2]\nb: *x\n"),
            "f.yaml:1:4: error: anchors ('&name') are not supported: write each value out\n"
            "f.yaml:2:4: error: aliases are not supported: write the value out\n");
}

TEST(YamlReaderTest, AQuoteLeftOpenIsAnErrorWhereItOpens) {
  // yaml-cpp reads the rest of the file into the value; nothing may vanish.
  Diagnostics diags;
  YamlNode root;
  EXPECT_FALSE(
      parse_yaml("f.yaml", "entities:\n  - id: a\n    name: 'Beta\n  - id: b\n    name: x\n", &root, &diags));
  EXPECT_EQ(diags.format(),
            "f.yaml:3:11: error: this quoted text is never closed: add the closing ' (it runs to the end of "
            "the file)\n");
}

TEST(YamlReaderTest, AQuoteThatSwallowsEntriesIsAnError) {
  // Closed by the apostrophe of a later value: the entries between vanish.
  EXPECT_EQ(errors_of("entities:\n  - id: a\n    name: 'Beta\n  - id: b\n    name: Japan's\n"),
            "f.yaml:3:11: error: this quoted text runs on to line 4 and swallows the entries there: is a "
            "closing ' missing?\n");
  EXPECT_EQ(errors_of("a: \"x\nb: \"\n"),
            "f.yaml:1:4: error: this quoted text runs on to line 2 and swallows the entries there: is a "
            "closing \" missing?\n");
  // A long quote wrapped onto indented lines is fine.
  EXPECT_EQ(errors_of("entities:\n  - id: a\n    evidence: 'a long\n      quote'\n"), "");
}

TEST(YamlReaderTest, ValuesKnowWhetherTheySpanLines) {
  Diagnostics diags;
  YamlNode root;
  ASSERT_TRUE(parse_yaml("f.yaml", "a: one line\nb: two\n  lines\nc: 'quoted\n  on two'\nd: {e: f}\n", &root,
                         &diags));
  EXPECT_FALSE(root.find("a")->multiline);
  EXPECT_TRUE(root.find("b")->multiline);
  EXPECT_EQ(root.find("b")->value, "two lines");
  EXPECT_TRUE(root.find("c")->multiline);
  EXPECT_FALSE(root.find("d")->find("e")->multiline);
  EXPECT_FALSE(require_line("f.yaml", *root.find("b"), "'b'", &diags));
  EXPECT_EQ(diags.format(), "f.yaml:2:4: error: 'b' must be written on one line\n");
}

TEST(YamlReaderTest, TagsAndComplexKeysAreErrors) {
  EXPECT_EQ(errors_of("a: !!binary aGVsbG8=\nb: !!python/name:os.system x\n? [a, b]\n: c\nd: !x {e: 1}\n"),
            "f.yaml:1:4: error: tags such as '!!binary' are not supported: write the value as plain text\n"
            "f.yaml:2:4: error: tags such as '!!python/name:os.system' are not supported: write the value as "
            "plain text\n"
            "f.yaml:3:3: error: a key must be a plain string, not a sequence ('? ...' complex keys are not "
            "supported)\n"
            "f.yaml:5:4: error: tags such as '!x' are not supported: write the value as plain text\n");
}

TEST(YamlReaderTest, EscapedControlCharactersAndNoncharactersAreErrors) {
  EXPECT_EQ(errors_of("a: \"x\\e[31m\"\n"),
            "f.yaml:1:4: error: U+001B (written as an escape sequence) is not allowed: relmap accepts no "
            "control characters or noncharacters\n");
  EXPECT_EQ(errors_of("a: \"\\0\"\nb: \"\\x01\"\nc: \"\\uFFFE\"\nd: ok\n"),
            "f.yaml:1:4: error: U+0000 (written as an escape sequence) is not allowed: relmap accepts no "
            "control characters or noncharacters\n"
            "f.yaml:2:4: error: U+0001 (written as an escape sequence) is not allowed: relmap accepts no "
            "control characters or noncharacters\n"
            "f.yaml:3:4: error: U+FFFE (written as an escape sequence) is not allowed: relmap accepts no "
            "control characters or noncharacters\n");
  EXPECT_EQ(errors_of("a: \"x\\ry\"\n"),
            "f.yaml:1:4: error: U+000D (written as an escape sequence) is not allowed: write line breaks as "
            "plain new lines\n");
  EXPECT_EQ(errors_of("a: x\xEF\xBF\xBF\n"), "f.yaml:1:5: error: noncharacter U+FFFF is not allowed\n");
  EXPECT_EQ(errors_of("a: x\ry\n"), "f.yaml:1:5: error: control character U+000D is not allowed\n");
  EXPECT_EQ(errors_of("a: x\r\nb: y\r\n"), "");  // CRLF line ends are fine
}

TEST(YamlReaderTest, ColumnsCountCharacters) {
  EXPECT_EQ(errors_of("{a: 'T\xC3\xB4 L\xC3\xA2m', a: x}\n"),
            "f.yaml:1:15: error: duplicate key 'a' in this mapping\n");
}

TEST(YamlReaderTest, ItemsOfTopLevelListsStreamToTheSink) {
  Diagnostics diags;
  YamlNode root;
  std::vector<std::string> seen;
  ASSERT_TRUE(parse_yaml("f.yaml", "source: s\nentities:\n  - {id: a}\n  - {id: b}\nrelations:\n  - x\n",
                         &root, &diags, [&](const std::string& key, YamlNode&& item) {
                           seen.push_back(key + ":" + std::to_string(item.line) + ":" +
                                          (item.is_map() ? item.find("id")->value : item.value));
                         }));
  EXPECT_EQ(seen, (std::vector<std::string>{"entities:3:a", "entities:4:b", "relations:6:x"}));
  EXPECT_EQ(root.find("source")->value, "s");
  EXPECT_TRUE(root.find("entities")->items.empty());
}

TEST(YamlReaderTest, InvalidUtf8AndControlCharacters) {
  EXPECT_EQ(errors_of("a: ok\nb: caf\xe9\n"), "f.yaml:2:7: error: invalid UTF-8 byte sequence\n");
  EXPECT_EQ(errors_of("a: bell\x07\n"), "f.yaml:1:8: error: control character U+0007 is not allowed\n");
}

TEST(YamlReaderTest, SeveralDocumentsAreRejected) {
  EXPECT_EQ(errors_of("a: 1\n---\nb: 2\n"),
            "f.yaml:2:1: error: expected one YAML document, found a second one here\n");
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
