#include "query/article_names.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace relmap {
namespace {

/// Two countries with demonyms, an agency, a person, and the names they go by.
class ArticleNamesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string schema = testing::kTestSchema;
    schema.replace(schema.find("properties: {iso_code: string}"),
                   std::string("properties: {iso_code: string}").size(),
                   "properties: {iso_code: string, demonyms: {type: string, list: true}}");
    loaded_ = testing::load(R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, demonyms: [Japanese]}
  - {id: ph, type: country, name: Philippines, demonyms: [Philippine, Filipinos]}
  - {id: jica, type: organisation, name: Japan International Cooperation Agency, aliases: [JICA]}
  - {id: sok, type: person, name: Sok Dara}
  - {id: ncu, type: organisation, name: National Cyber Unit network}
  - {id: i4p, type: organisation, name: ICT for Peace Foundation, aliases: ["information and communications technology (ICT) for Peace Foundation"]}
relations:
  - {from: i4p, type: based_in, to: ph, source: src, evidence: ICT for Peace Foundation}
  - {from: ncu, type: based_in, to: ph, source: src, evidence: National Cyber Unit network}
  - {from: japan, type: cooperates_with, to: ph, source: src, evidence: Japan and the Philippines}
  - {from: jica, type: based_in, to: japan, source: src, evidence: Japan International Cooperation Agency}
  - {from: sok, type: holds_position, to: jica, role: head, source: src, evidence: "Sok Dara, head"}
)",
                            schema);
    ASSERT_NE(loaded_->graph, nullptr) << loaded_->messages();
    index_.emplace(loaded_->graph->view(), loaded_->schema);
  }

  std::string id(std::uint32_t v) const { return std::string(loaded_->graph->view().id(v)); }

  /// Each sentence's actors as "id id | id", and the new names as "a; b".
  std::pair<std::string, std::string> read(std::string_view line) const {
    const LineNames names = index_->read_line(line);
    std::string actors, found;
    for (const SentenceNames& s : names.sentences) {
      actors += actors.empty() ? "" : " | ";
      for (std::size_t i = 0; i < s.actors.size(); ++i) actors += (i ? " " : "") + id(s.actors[i]);
    }
    for (const NewName& n : names.new_names) found += (found.empty() ? "" : "; ") + n.text;
    return {actors, found};
  }

  std::unique_ptr<testing::Loaded> loaded_;
  std::optional<NameIndex> index_;
};

TEST_F(ArticleNamesTest, NamesSideBySideAreToldApart) {
  EXPECT_EQ(read("Philippines Takema Sakamoto met President Ferdinand Marcos Jr on Monday."),
            (std::pair<std::string, std::string>{"ph", "Takema Sakamoto; Ferdinand Marcos Jr"}));
  EXPECT_EQ(read("The Deputy Minister Sok Dara thanked the Tokyo Office."),
            (std::pair<std::string, std::string>{"sok", "Tokyo Office"}));
}

TEST_F(ArticleNamesTest, DemonymsNameTheirCountry) {
  EXPECT_EQ(read("Filipinos met Japanese experts. The Philippine delegation left."),
            (std::pair<std::string, std::string>{"ph japan | ph", ""}));
}

TEST_F(ArticleNamesTest, ACountryInsideAnOrganisationsNameIsNoMention) {
  // Known as a whole, the agency's name holds Japan's; unknown, it is one new name.
  EXPECT_EQ(read("The Japan International Cooperation Agency and the Japan Cyber Agency met."),
            (std::pair<std::string, std::string>{"jica", "Japan Cyber Agency"}));
  EXPECT_EQ(read("Japan met the Royal Academy of Philippines."),
            (std::pair<std::string, std::string>{"japan", "Royal Academy of Philippines"}));
  // An organisation word of a known name that starts before the capitals
  // does not make the rest one name: the foundation, then a country.
  EXPECT_EQ(read("support from the information and communications technology (ICT) for Peace Foundation of "
                 "Philippines."),
            (std::pair<std::string, std::string>{"i4p ph", ""}));
}

TEST_F(ArticleNamesTest, NamesMatchAcrossInvisibleCharacters) {
  EXPECT_EQ(read("Ja\u200Bpan and Philip\u2066pines\u2069 met \u202ESok Dara\u202C."),
            (std::pair<std::string, std::string>{"japan ph sok", ""}));
  EXPECT_EQ(invisible_escaped("Ja\u200Bpan \u202Eevil\u202C"), "Ja\\u{200B}pan \\u{202E}evil\\u{202C}");
  EXPECT_TRUE(is_invisible_format(0xFEFF));
  EXPECT_FALSE(is_invisible_format(0x00E9));
}

TEST_F(ArticleNamesTest, PartOfAKnownNameIsNotANewName) {
  // "National Cyber Unit" is an organisation's name, but of one known with the next word.
  EXPECT_EQ(read("The National Cyber Unit network opened."),
            (std::pair<std::string, std::string>{"ncu", ""}));
  EXPECT_EQ(read("The National Cyber Unit opened."),
            (std::pair<std::string, std::string>{"", "National Cyber Unit"}));
}

}  // namespace
}  // namespace relmap
