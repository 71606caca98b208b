#include "facts/validate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/files.h"
#include "base/spellcheck.h"
#include "test_util.h"

namespace relmap {
namespace {

using testing::kBaseEntities;
using testing::load;

TEST(ValidateTest, CleanFactsHaveNoDiagnostics) {
  auto l =
      load(std::string(kBaseEntities) +
           R"(  - {id: mic, type: organisation, name: Ministry, kind: ministry, seat: japan, acronyms: [MIC]}
relations:
  - {from: japan, type: member_of, to: mic, source: src, evidence: Japan is in it}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: they cooperate}
)");
  EXPECT_EQ(l->errors(), "");
  ASSERT_NE(l->graph, nullptr);
}

TEST(ValidateTest, UnknownTypeAndRelation) {
  auto l = load(std::string(kBaseEntities) + R"(  - {id: x, type: countri, name: X}
relations:
  - {from: japan, type: cooperate_with, to: laos, source: src, evidence: e}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:5:19: error: unknown node type 'countri' (did you mean 'country'?)\n"
            "facts.yaml:7:25: error: unknown relation 'cooperate_with' (did you mean 'cooperates_with'?)\n");
}

TEST(ValidateTest, EndpointTypeNotAllowed) {
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: src, type: member_of, to: japan, source: src, evidence: e}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:6:23: error: relation 'member_of' cannot link source 'src' to country 'japan' "
            "(allowed: country -> organisation, organisation -> organisation)\n");
}

TEST(ValidateTest, DanglingIdsGetSuggestions) {
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: japn, type: cooperates_with, to: lao, source: srcc, evidence: e}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:6:12: error: unknown id 'japn' in 'from' (did you mean 'japan'?)\n"
            "facts.yaml:6:45: error: unknown id 'lao' in 'to' (did you mean 'laos'?)\n"
            "facts.yaml:6:58: error: unknown id 'srcc' in 'source' (did you mean 'src'?)\n");
}

TEST(ValidateTest, ManyDanglingIdsAreAllReportedButOnlyTheFirstGetSuggestions) {
  std::string facts = std::string(kBaseEntities) + "relations:\n";
  const std::size_t dangling = Spellchecker::kMaxLookups + 20;
  for (std::size_t i = 0; i < dangling; ++i)
    facts += "  - {from: japan, type: cooperates_with, to: laso, source: src, evidence: e}\n";
  auto l = load(facts);
  const std::string errors = l->errors();
  std::size_t reported = 0, suggested = 0;
  for (std::size_t at = errors.find("unknown id 'laso'"); at != std::string::npos;
       at = errors.find("unknown id 'laso'", at + 1))
    ++reported;
  for (std::size_t at = errors.find("did you mean 'laos'"); at != std::string::npos;
       at = errors.find("did you mean 'laos'", at + 1))
    ++suggested;
  EXPECT_EQ(reported, dangling);
  EXPECT_EQ(suggested, Spellchecker::kMaxLookups);
  // The first in the file are the ones with a suggestion.
  EXPECT_NE(errors.find("facts.yaml:6:46: error: unknown id 'laso' in 'to' (did you mean 'laos'?)\n"),
            std::string::npos);
}

TEST(ValidateTest, BasisIsStatedOrImplied) {
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: e, basis: implied}
  - {from: laos, type: cooperates_with, to: japan, source: src, evidence: e}
  - {from: laos, type: cooperates_with, to: japan, source: src, evidence: e, basis: probable}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:8:85: error: 'basis' must be 'stated' (the article says it) or 'implied' (it follows "
            "from the quoted words)\n");
  ASSERT_EQ(l->facts.relations.size(), 2u);
  EXPECT_EQ(l->facts.relations[0].basis, Basis::kImplied);
  EXPECT_EQ(l->facts.relations[1].basis, Basis::kStated);
}

TEST(ValidateTest, DuplicateId) {
  auto l = load(std::string(kBaseEntities) + "  - {id: japan, type: country, name: Japan again}\n");
  EXPECT_EQ(l->errors(), "facts.yaml:5:10: error: duplicate id 'japan' (first defined at facts.yaml:3:10)\n");
}

TEST(ValidateTest, MissingRequiredProperty) {
  auto l = load(R"(entities:
  - {id: src, type: source, name: Article}
  - id: meeting
    type: event
    name: Meeting
relations:
  - {from: src, type: holds_position, to: src, source: src, evidence: e}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:2:5: error: missing required property 'file' for node type 'source'\n"
            "facts.yaml:3:5: error: missing required property 'date' for node type 'event'\n"
            "facts.yaml:7:5: error: missing required property 'role' for relation 'holds_position'\n"
            "facts.yaml:7:23: error: relation 'holds_position' cannot link source 'src' to source 'src' "
            "(allowed: person -> organisation)\n"
            "facts.yaml:7:43: error: relation links 'src' to itself\n");
}

TEST(ValidateTest, WrongPropertyTypes) {
  auto l = load(std::string(kBaseEntities) + R"(  - id: mic
    type: organisation
    name: Ministry
    kind: ministri
    staff: many
    public: yes
    seat: src
    website: javascript:alert(1)
    start: 2016-13
    acronyms: MIC
  - {id: meet, type: event, name: Meeting, date: 31 October 2016}
relations:
  - {from: japan, type: member_of, to: mic, source: src, evidence: e}
  - {from: laos, type: attended, to: meet, source: src, evidence: e}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:8:11: error: bad value 'ministri' for property 'kind' (did you mean 'ministry'?); "
            "allowed: ministry, agency, cert\n"
            "facts.yaml:9:12: error: bad integer 'many' for property 'staff'\n"
            "facts.yaml:10:13: error: bad boolean 'yes' for property 'public': expected true or false\n"
            "facts.yaml:11:11: error: property 'seat' must refer to a country, but 'src' is a source\n"
            "facts.yaml:12:14: error: bad URL 'javascript:alert(1)' for property 'website': "
            "expected an http:// or https:// URL\n"
            "facts.yaml:13:12: error: bad date '2016-13' for property 'start': expected YYYY, YYYY-MM or "
            "YYYY-MM-DD\n"
            "facts.yaml:14:5: error: property 'acronyms' must be a list\n"
            "facts.yaml:15:50: error: bad date '31 October 2016' for property 'date': expected YYYY, "
            "YYYY-MM or YYYY-MM-DD\n");
}

TEST(ValidateTest, YearsBeforeOneThousandAreTypos) {
  auto l = load(std::string(kBaseEntities) + R"(  - {id: a, type: event, name: A, date: 0000}
  - {id: b, type: event, name: B, date: 0216-10-01}
  - {id: c, type: event, name: C, date: 1000-01}
relations:
  - {from: laos, type: attended, to: a, source: src, evidence: e}
  - {from: laos, type: attended, to: b, source: src, evidence: e}
  - {from: laos, type: attended, to: c, source: src, evidence: e}
)");
  EXPECT_EQ(
      l->errors(),
      "facts.yaml:5:41: error: bad date '0000' for property 'date': the year must be 1000 or later\n"
      "facts.yaml:6:41: error: bad date '0216-10-01' for property 'date': the year must be 1000 or later\n");
}

TEST(ValidateTest, UnknownPropertyGetsSuggestion) {
  auto l = load(std::string(kBaseEntities) + R"(  - {id: x, type: country, name: X, iso_cod: XX}
relations:
  - {from: x, type: cooperates_with, to: laos, source: src, evidence: e, feild: cyber}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:5:37: error: unknown property 'iso_cod' for node type 'country' "
            "(did you mean 'iso_code'?)\n"
            "facts.yaml:7:74: error: unknown property 'feild' for relation 'cooperates_with'\n");
}

TEST(ValidateTest, RelationWithoutProvenance) {
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos}
  - {from: japan, type: cooperates_with, to: laos, source: src}
  - {from: japan, type: cooperates_with, to: laos, evidence: they cooperate}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:6:5: error: relation has no provenance: add 'source' (the id of the source) and "
            "'evidence' (a quote from it)\n"
            "facts.yaml:7:5: error: relation has no 'evidence': quote the words of the source that state it\n"
            "facts.yaml:8:5: error: relation has no 'source': cite the source its evidence comes from\n");
}

TEST(ValidateTest, SourceMustBeASource) {
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: laos, evidence: e}
)");
  EXPECT_EQ(l->errors(), "facts.yaml:6:60: error: source 'laos' is a country, not a source\n");
}

TEST(ValidateTest, AbstractTypeAndStructuralErrors) {
  auto l = load(R"(entities:
  - {id: a, type: actor, name: A}
  - {id: b, type: country}
  - just a string
relations:
  - {from: a, to: b}
)");
  EXPECT_EQ(
      l->errors(),
      "facts.yaml:2:19: error: node type 'actor' is abstract; use one of: country, organisation, person\n"
      "facts.yaml:3:5: error: entity has no 'name'\n"
      "facts.yaml:4:5: error: an entity must be a mapping with id, type and name\n"
      "facts.yaml:6:5: error: relation has no 'type'\n");
}

TEST(ValidateTest, UnlinkedEntityIsAWarning) {
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: japan, type: cooperates_with, to: japan, source: src, evidence: e}
)");
  EXPECT_NE(l->messages().find("facts.yaml:4:10: warning: 'laos' is not linked to anything\n"),
            std::string::npos)
      << l->messages();
}

TEST(ValidateTest, LongEvidenceIsAWarning) {
  auto l = load(std::string(kBaseEntities) +
                "relations:\n  - {from: japan, type: cooperates_with, to: laos, "
                "source: src, evidence: " +
                std::string(301, 'x') + "}\n");
  EXPECT_EQ(l->errors(), "");
  EXPECT_EQ(l->messages(),
            "facts.yaml:6:75: warning: evidence is 301 characters long: quote the phrase or sentence that "
            "states the relation (at most 300)\n");
}

TEST(ValidateTest, RoleAndFieldAreWordsOfTheQuote) {
  std::string schema = testing::kTestSchema;
  schema.replace(schema.find("    pairs: [[country, country], [organisation, organisation]]"), 0,
                 "    properties: {field: string}\n");
  auto l = load(std::string(kBaseEntities) + R"y(  - {id: p, type: person, name: Sok Dara}
  - {id: o, type: organisation, name: O}
relations:
  - {from: p, type: holds_position, to: o, role: head of office, source: src, evidence: "Sok Dara, head of the O office"}
  - {from: p, type: holds_position, to: o, role: "Head, Office", source: src, evidence: "Sok Dara (head office)"}
  - {from: japan, type: cooperates_with, to: laos, field: cyber-crime, source: src, evidence: "Japan: cyber crime"}
  - {from: japan, type: cooperates_with, to: laos, field: cybercrime, source: src, evidence: "Japan: cyber crime"}
  - {from: japan, type: cooperates_with, to: laos, field: crime, source: src, evidence: "Japan: cybercrime"}
)y",
                schema);
  // Words in their order, without case or punctuation; not parts of words.
  EXPECT_EQ(
      l->errors(),
      "facts.yaml:8:50: error: 'role' 'head of office' is not words of the relation's evidence: use the "
      "article's own words, as the quote gives them\n"
      "facts.yaml:11:59: error: 'field' 'cybercrime' is not words of the relation's evidence: use the "
      "article's own words, as the quote gives them\n"
      "facts.yaml:12:59: error: 'field' 'crime' is not words of the relation's evidence: use the "
      "article's own words, as the quote gives them\n");
}

TEST(ValidateTest, ImpliedRelationWhoseQuoteNamesNeitherActorIsAWarning) {
  std::string schema = testing::kTestSchema;
  schema.replace(schema.find("properties: {iso_code: string}"),
                 std::string("properties: {iso_code: string}").size(),
                 "properties: {iso_code: string, demonyms: {type: string, list: true}}");
  std::string facts = kBaseEntities;
  facts.replace(facts.find("aliases: [Lao PDR]"), 0, "demonyms: [Lao, Laotian], ");
  auto l = load(facts + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, basis: implied, evidence: the two agreed}
  - {from: japan, type: cooperates_with, to: laos, source: src, basis: implied, evidence: NIPPON and others}
  - {from: japan, type: cooperates_with, to: laos, source: src, basis: implied, evidence: Laotian officials}
  - {from: japan, type: cooperates_with, to: laos, source: src, basis: implied, evidence: the Laotianist}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "a Lao official"}
)",
                schema);
  // By name or alias, or by a demonym as a whole word.
  EXPECT_EQ(
      l->messages(),
      "facts.yaml:6:91: warning: the evidence names neither 'japan' nor 'laos': quote the words that name "
      "one of them or give it the alias the article uses\n"
      "facts.yaml:9:91: warning: the evidence names neither 'japan' nor 'laos': quote the words that name "
      "one of them or give it the alias the article uses\n");
}

TEST(ValidateTest, StartAfterEnd) {
  auto l = load(std::string(kBaseEntities) + R"(  - {id: p, type: person, name: P}
  - {id: o, type: organisation, name: O}
relations:
  - {from: p, type: holds_position, to: o, role: chief, start: 2020, end: 2019-05, source: src, evidence: chief}
  - {from: japan, type: member_of, to: o, source: src, evidence: e}
  - {from: laos, type: member_of, to: o, source: src, evidence: e}
)");
  EXPECT_EQ(l->errors(), "facts.yaml:8:75: error: end '2019-05' is before start '2020'\n");
}

TEST(ValidateTest, PartialDates) {
  PartialDate d;
  EXPECT_TRUE(parse_date("2016", &d));
  EXPECT_EQ(d.month, 0);
  EXPECT_TRUE(parse_date("2016-10", &d));
  EXPECT_TRUE(parse_date("2024-02-29", &d));
  EXPECT_FALSE(parse_date("2023-02-29", &d));
  EXPECT_FALSE(parse_date("2016-1", &d));
  EXPECT_FALSE(parse_date("16-10-31", &d));
  EXPECT_TRUE(parse_date("2016-10", &d));
  EXPECT_EQ(date_floor(d), 20161001);
  EXPECT_EQ(date_ceiling(d), 20161031);
}

TEST(ValidateTest, EvidenceMustOccurInTheSource) {
  testing::TempDir dir;
  std::ofstream(dir.path("a.txt")) << "Japan and Laos \u201Cagreed to cooperate\u201D on\n  cyber security.";
  auto l = load(std::string(kBaseEntities) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "Laos \"agreed to cooperate\" on cyber security"}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "Laos agreed to fight"}
)");
  ASSERT_EQ(l->messages(), "");
  Diagnostics diags;
  EXPECT_FALSE(check_evidence(l->facts, dir.path(), &diags));
  EXPECT_EQ(diags.format(),
            "facts.yaml:7:75: error: evidence not found in the text of source 'src'; closest passage: "
            "\u201cLaos \"agreed to cooperate\"\u201d\n");
}

/// Facts citing one source whose file is `file`, with two relations.
std::unique_ptr<testing::Loaded> cites_file(const std::string& file) {
  return load("entities:\n  - {id: src, type: source, name: Article, file: '" + file + R"('}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: "Laos agreed"}
  - {from: laos, type: cooperates_with, to: japan, source: src, evidence: "Laos agreed"}
)");
}

/// The error check_evidence reports for a source whose file is `file`.
std::string evidence_error(const std::string& sources, const std::string& file) {
  auto l = cites_file(file);
  EXPECT_EQ(l->messages(), "");
  Diagnostics diags;
  EXPECT_FALSE(check_evidence(l->facts, sources, &diags));
  return diags.format();
}

TEST(ValidateTest, SourcesAreRegularFilesInsideTheFolder) {
  testing::TempDir tmp;
  namespace fs = std::filesystem;
  fs::create_directories(tmp.path("sources/sub"));
  std::ofstream(tmp.path("secret.txt")) << "Laos agreed";
  std::ofstream(tmp.path("sources/sub/ok.txt")) << "Laos agreed";
  fs::create_symlink(tmp.path("secret.txt"), tmp.path("sources/escape.txt"));
  fs::create_symlink("sub/ok.txt", tmp.path("sources/inside.txt"));
  fs::create_symlink("/dev/zero", tmp.path("sources/zero"));
  { std::ofstream(tmp.path("sources/big.txt")); }
  fs::resize_file(tmp.path("sources/big.txt"), kMaxSourceFileBytes + 1);
  const std::string sources = tmp.path("sources");
  const std::string real = fs::canonical(sources).string();
  const std::string at = "facts.yaml:2:50: error: cannot read the text of source 'src' from ";
  // Inside the folder, directly or through a link: read.
  for (const std::string file : {"sub/ok.txt", "inside.txt", "sub/../sub/ok.txt"}) {
    auto l = cites_file(file);
    Diagnostics diags;
    EXPECT_TRUE(check_evidence(l->facts, sources, &diags)) << file << ": " << diags.format();
  }
  EXPECT_EQ(evidence_error(sources, "../secret.txt"), at + "'../secret.txt': outside " + real + "\n");
  EXPECT_EQ(evidence_error(sources, tmp.path("secret.txt")),
            at + "'" + tmp.path("secret.txt") + "': outside " + real + "\n");
  EXPECT_EQ(evidence_error(sources, "escape.txt"), at + "'escape.txt': outside " + real + "\n");
  EXPECT_EQ(evidence_error(sources, "zero"), at + "'zero': outside " + real + "\n");
  EXPECT_EQ(evidence_error(sources, "sub"), at + "'sub': not a regular file (a folder)\n");
  EXPECT_EQ(evidence_error(sources, "big.txt"), at + "'big.txt': larger than 16 MiB\n");
  EXPECT_EQ(evidence_error(sources, "none.txt"), at + "'none.txt': No such file or directory\n");
}

TEST(ValidateTest, MissingSourcesFolderIsOneError) {
  testing::TempDir tmp;
  std::ofstream(tmp.path("file")) << "x";
  EXPECT_EQ(evidence_error(tmp.path("nowhere"), "a.txt"),
            tmp.path("nowhere") + ": error: cannot read the sources folder: No such file or directory\n");
  EXPECT_EQ(evidence_error(tmp.path("file"), "a.txt"),
            tmp.path("file") + ": error: cannot read the sources folder: Not a directory\n");
}

}  // namespace
}  // namespace relmap
