// Two editions compared: actors and relations added, removed and changed.
#include "output/diff.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace relmap {
namespace {

const char* const kBefore = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: thailand, type: country, name: Thailand}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: they cooperate}
  - {from: japan, type: cooperates_with, to: thailand, source: src, evidence: old words}
)";

const char* const kAfter = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, aliases: [Nippon]}
  - {id: laos, type: country, name: Laos}
  - {id: vietnam, type: country, name: Viet Nam}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: they cooperate closely}
  - {from: japan, type: cooperates_with, to: vietnam, source: src, evidence: new partner}
)";

EditionFacts facts_of(const char* text) {
  auto l = testing::load(text);
  EXPECT_NE(l->graph, nullptr) << l->messages();
  return l->graph ? edition_facts(*l->graph) : EditionFacts();
}

template <typename Record>
const Change<Record>* find_change(const std::vector<Change<Record>>& changes, const std::string& id) {
  for (const auto& c : changes) {
    const Record& r = c.kind == ChangeKind::kRemoved ? c.before : c.after;
    if constexpr (std::is_same_v<Record, ActorRecord>) {
      if (r.id == id) return &c;
    } else {
      if (r.to == id) return &c;
    }
  }
  return nullptr;
}

TEST(DiffTest, FindsActorsAddedRemovedAndChanged) {
  const EditionDiff diff = diff_editions(facts_of(kBefore), facts_of(kAfter));
  const auto* vietnam = find_change(diff.actors, "vietnam");
  ASSERT_NE(vietnam, nullptr);
  EXPECT_EQ(vietnam->kind, ChangeKind::kAdded);
  const auto* thailand = find_change(diff.actors, "thailand");
  ASSERT_NE(thailand, nullptr);
  EXPECT_EQ(thailand->kind, ChangeKind::kRemoved);
  const auto* japan = find_change(diff.actors, "japan");
  ASSERT_NE(japan, nullptr);
  EXPECT_EQ(japan->kind, ChangeKind::kChanged);
  EXPECT_NE(japan->after.details.find("Nippon"), std::string::npos) << japan->after.details;
  EXPECT_EQ(find_change(diff.actors, "laos"), nullptr);  // unchanged
}

TEST(DiffTest, FindsRelationsByTheirIdentity) {
  const EditionDiff diff = diff_editions(facts_of(kBefore), facts_of(kAfter));
  const auto* laos = find_change(diff.relations, "laos");
  ASSERT_NE(laos, nullptr);
  EXPECT_EQ(laos->kind, ChangeKind::kChanged);  // same ends, type and source: its evidence changed
  EXPECT_EQ(laos->before.evidence, "they cooperate");
  EXPECT_EQ(laos->after.evidence, "they cooperate closely");
  ASSERT_NE(find_change(diff.relations, "vietnam"), nullptr);
  EXPECT_EQ(find_change(diff.relations, "vietnam")->kind, ChangeKind::kAdded);
  ASSERT_NE(find_change(diff.relations, "thailand"), nullptr);
  EXPECT_EQ(find_change(diff.relations, "thailand")->kind, ChangeKind::kRemoved);
}

TEST(DiffTest, AnEditionAgainstItselfHasNoChangesAndSurvivesItsCacheForm) {
  const EditionFacts after = facts_of(kAfter);
  EXPECT_TRUE(diff_editions(after, after).empty());
  EditionFacts back;
  ASSERT_TRUE(parse_edition_facts(edition_facts_json(after), &back));
  EXPECT_TRUE(diff_editions(after, back).empty());
  EXPECT_FALSE(parse_edition_facts("{\"actors\": 3}", &back));
  const std::string text = diff_text(diff_editions(facts_of(kBefore), after));
  EXPECT_NE(text.find("vietnam"), std::string::npos) << text;
}

}  // namespace
}  // namespace relmap
