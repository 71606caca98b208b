// Mutated inputs: whatever the bytes, loading and validating reports errors
// with a position and never crashes or throws.
#include <gtest/gtest.h>

#include <random>

#include "facts/facts.h"
#include "facts/schema.h"
#include "facts/validate.h"
#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(source: src
entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - id: japan
    type: country
    name: Japan
    aliases: [Nippon]
  - {id: mic, type: organisation, name: "Ministry", kind: ministry, acronyms: [MIC]}
relations:
  - {from: japan, type: member_of, to: mic, evidence: "Japan \"joined\" it", start: 2016-10}
  - from: japan
    type: cooperates_with
    to: japan
    evidence: >-
      a folded
      quote
)";

std::string mutate(std::string text, std::mt19937& rng) {
  static const char kBytes[] = ":-[]{}&*!%|>'\"#,?\t\n \\\x01\xff\xc3";
  std::uniform_int_distribution<int> count(1, 4), kind(0, 3), byte(0, sizeof kBytes - 2);
  for (int n = count(rng); n > 0 && !text.empty(); --n) {
    std::uniform_int_distribution<std::size_t> pos(0, text.size() - 1);
    const std::size_t at = pos(rng);
    switch (kind(rng)) {
      case 0:
        text[at] = kBytes[byte(rng)];
        break;
      case 1:
        text.erase(at, 1 + at % 7);
        break;
      case 2:
        text.insert(at, 1, kBytes[byte(rng)]);
        break;
      case 3:
        text.resize(at);
        break;
    }
  }
  return text;
}

TEST(RobustnessTest, MutatedFactsNeverCrash) {
  Schema schema;
  Diagnostics schema_diags;
  ASSERT_TRUE(schema.load("schema.yaml", testing::kTestSchema, &schema_diags));
  std::mt19937 rng(7);
  int with_errors = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = mutate(kFacts, rng);
    Facts facts;
    Diagnostics diags;
    EXPECT_NO_THROW({
      load_facts_text("f.yaml", text, &facts, &diags);
      if (facts.complete) validate(schema, facts, &diags);
    }) << text;
    for (const Diagnostic& d : diags.items()) {
      EXPECT_EQ(d.where.file, "f.yaml") << d.message;
      EXPECT_GT(d.where.line, 0) << d.message << "\n" << text;
    }
    with_errors += diags.has_errors();
  }
  EXPECT_GT(with_errors, 1000);  // the mutations do break things
}

TEST(RobustnessTest, MutatedSchemasNeverCrash) {
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    const std::string text = mutate(testing::kTestSchema, rng);
    Schema schema;
    Diagnostics diags;
    EXPECT_NO_THROW(schema.load("s.yaml", text, &diags)) << text;
    for (const Diagnostic& d : diags.items()) EXPECT_EQ(d.where.file, "s.yaml") << d.message;
  }
}

}  // namespace
}  // namespace relmap
