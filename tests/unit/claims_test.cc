#include "query/claims.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "output/diff.h"
#include "query/query.h"
#include "query/query_output.h"
#include "test_util.h"

namespace relmap {
namespace {

using testing::load;

/// Three sources (two of one publisher, one ungraded) and three countries.
const char* const kSources = R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt, publisher: Daily, reliability: B, reliability_reason: A named daily}
  - {id: s2, type: source, name: Two, file: 2.txt, publisher: Daily, reliability: F, reliability_reason: Cannot tell}
  - {id: s3, type: source, name: Three, file: 3.txt, url: "https://www.example.org/a"}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: asean, type: organisation, name: ASEAN}
)";

TEST(ClaimsTest, GradesRankFAndSixBelowEAndFive) {
  EXPECT_EQ(reliability_rank("A"), 1);
  EXPECT_EQ(reliability_rank("E"), 5);
  EXPECT_EQ(reliability_rank("F"), 6);
  EXPECT_EQ(reliability_rank(""), kUngradedReliability);
  EXPECT_EQ(reliability_rank("G"), 0);
  EXPECT_EQ(credibility_rank("1"), 1);
  EXPECT_EQ(credibility_rank("6"), 6);
  EXPECT_EQ(credibility_rank("7"), 0);
  EXPECT_EQ(reliability_grade(2), "B");
  EXPECT_EQ(reliability_grade(kUngradedReliability), "");
}

TEST(ClaimsTest, GradesAreCheckedWhereTheyAreWritten) {
  auto l = load(R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt, reliability: G, reliability_reason: why}
  - {id: s2, type: source, name: Two, file: 2.txt, reliability: B}
  - {id: s3, type: source, name: Three, file: 3.txt, reliability_reason: why}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: e, credibility: 7}
  - {from: japan, type: cooperates_with, to: laos, source: s2, evidence: e, credibility: 2}
  - {from: japan, type: cooperates_with, to: laos, source: s3, evidence: e, credibility: 6}
)",
                testing::graded_schema());
  EXPECT_EQ(l->errors(),
            "facts.yaml:2:65: error: bad value 'G' for property 'reliability' (did you mean 'A'?); allowed: "
            "A, B, C, D, E, F\n"
            "facts.yaml:3:52: error: reliability 'B' has no 'reliability_reason': say why the source has its "
            "grade\n"
            "facts.yaml:4:54: error: 'reliability_reason' without a 'reliability' grade\n"
            "facts.yaml:8:90: error: bad value '7' for property 'credibility' (did you mean '1'?); allowed: "
            "1, 2, 3, 4, 5, "
            "6\n");
}

TEST(ClaimsTest, RelationIdsAreUniqueAndDisputesNameOne) {
  auto l = load(std::string(kSources) + R"(relations:
  - {from: japan, type: member_of, to: asean, source: s1, evidence: e, id: jp-in-asean}
  - {from: laos, type: member_of, to: asean, source: s1, evidence: e, id: jp-in-asean}
  - {from: laos, type: member_of, to: asean, source: s2, evidence: e, disputes: jp-in-aseen}
  - {from: laos, type: member_of, to: asean, source: s3, evidence: e, id: self, disputes: self}
  - {from: laos, type: member_of, to: asean, source: s3, evidence: e, id: "bad id"}
)",
                testing::graded_schema());
  EXPECT_EQ(
      l->errors(),
      "facts.yaml:10:75: error: duplicate relation id 'jp-in-asean' (first given at facts.yaml:9:76)\n"
      "facts.yaml:11:81: error: unknown relation id 'jp-in-aseen' in property 'disputes' (did you mean "
      "'jp-in-asean'?)\n"
      "facts.yaml:12:91: error: relation 'self' disputes itself: name the relation whose claim it "
      "contradicts\n"
      "facts.yaml:13:75: error: relation id 'bad id' may hold only letters, digits, '-', '_' and '.'\n");
}

TEST(ClaimsTest, ARelationTypeMayNotDeclareACommonPropertyAgain) {
  std::string schema = testing::graded_schema();
  const std::string role = "properties: {role: {type: string, required: true}, start: date, end: date}";
  schema.replace(schema.find(role), role.size(), "properties: {role: string, credibility: integer}");
  Schema s;
  Diagnostics diags;
  EXPECT_FALSE(s.load("schema.yaml", schema, &diags));
  EXPECT_NE(
      diags.format().find("error: property 'credibility' of relation type 'holds_position' is one every "
                          "relation has (declared in relation_properties)"),
      std::string::npos)
      << diags.format();
}

TEST(ClaimsTest, TheSameClaimFromSeveralSourcesIsOneClaimWithItsCitations) {
  auto l = load(std::string(kSources) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: e1}
  - {from: laos, type: cooperates_with, to: japan, source: s3, evidence: e3, basis: implied}
  - {from: japan, type: member_of, to: asean, source: s1, evidence: m1, start: "2016"}
  - {from: japan, type: member_of, to: asean, source: s2, evidence: m2, start: "2016", credibility: "1"}
  - {from: japan, type: member_of, to: asean, source: s3, evidence: m3, start: "2017"}
)",
                testing::graded_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  Claims claims(view, l->schema);
  ASSERT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims.citations(0), (std::vector<std::uint32_t>{0, 1}));  // symmetric: either way round
  EXPECT_EQ(claims.citations(1), (std::vector<std::uint32_t>{2, 3}));  // same dates
  EXPECT_EQ(claims.citations(2), (std::vector<std::uint32_t>{4}));     // another start
  EXPECT_EQ(claims.claim_of(3), 1u);
  EXPECT_EQ(citations_of(view, l->schema, 1), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(citations_of(view, l->schema, 4), (std::vector<std::uint32_t>{4}));
  // Found from either end, whichever has fewer relations (Japan has the most).
  EXPECT_EQ(citations_of(view, l->schema, 0), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(citations_of(view, l->schema, 2), (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(citations_of(view, l->schema, 3), (std::vector<std::uint32_t>{2, 3}));

  const Support cooperation = claims.support(0);  // s1 (Daily, B) and s3 (example.org, ungraded)
  EXPECT_EQ(cooperation.sources, 2u);
  EXPECT_EQ(cooperation.independent, 2u);
  EXPECT_EQ(cooperation.credibility, 2);  // stated counts as 2, implied as 3
  EXPECT_EQ(cooperation.reliability, 2);
  EXPECT_EQ(sources_text(cooperation), "2 independent sources");
  const Support membership = claims.support(1);  // s1 and s2: one publisher
  EXPECT_EQ(membership.sources, 2u);
  EXPECT_EQ(membership.independent, 1u);
  EXPECT_EQ(membership.credibility, 1);
  EXPECT_EQ(sources_text(membership), "2 sources, 1 publisher");
  EXPECT_EQ(sources_text(claims.support(2)), "1 source");
  EXPECT_EQ(claims.support(2).reliability, kUngradedReliability);

  EXPECT_EQ(citation_credibility(view, 1), 3);
  EXPECT_EQ(citation_grades(view, 1), "reliability ungraded, credibility 3 (by its basis)");
  EXPECT_EQ(citation_grades(view, 3), "reliability F, credibility 1");
  EXPECT_EQ(publisher_of(view, view.edge(4).source), "host example.org");
}

TEST(ClaimsTest, ADisputedClaimKnowsWhatDisputesIt) {
  auto l = load(std::string(kSources) + R"(relations:
  - {from: japan, type: member_of, to: asean, source: s1, evidence: e1, id: jp-member}
  - {from: japan, type: member_of, to: asean, source: s2, evidence: e2}
  - {from: laos, type: member_of, to: asean, source: s3, evidence: e3, disputes: jp-member}
)",
                testing::graded_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  Claims claims(view, l->schema);
  ASSERT_EQ(claims.size(), 2u);  // the id is the citation's own, not the claim's
  EXPECT_EQ(claims.disputed_by(0), (std::vector<std::uint32_t>{2}));
  EXPECT_TRUE(claims.support(0).disputed);
  EXPECT_TRUE(support_of(view, l->schema, 1).disputed);
  EXPECT_FALSE(claims.support(1).disputed);
}

TEST(ClaimsTest, APathHopCitesEverySourceOfItsClaimAndWhatDisputesIt) {
  auto l = load(std::string(kSources) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: e1}
  - {from: laos, type: cooperates_with, to: japan, source: s3, evidence: e3, credibility: "4"}
  - {from: laos, type: member_of, to: asean, source: s1, evidence: m1, id: laos-in}
  - {from: laos, type: member_of, to: asean, source: s3, evidence: m3, start: "2020", disputes: laos-in}
)",
                testing::graded_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  QueryEngine engine(view, l->schema, {});
  const NodeId japan = *view.find_id("japan"), asean = *view.find_id("asean");
  const std::vector<Path> paths = engine.paths(japan, asean, {});
  const Answers answers{view, l->schema, &engine};
  EXPECT_EQ(paths_to_text(answers, japan, asean, paths),
            "Path 1 of 1: Japan \u2192 ASEAN (2 hops, cost 2)\n"
            "  1. Japan \u2014[cooperates with]\u2014 Laos\n"
            "         source: s1: One, Daily (reliability B)\n"
            "         evidence: \u201Ce1\u201D\n"
            "         source: s3: Three\n"
            "         evidence: \u201Ce3\u201D (credibility 4)\n"
            "         support: 2 independent sources\n"
            "  2. Laos \u2014[member of]\u2192 ASEAN [disputed]\n"
            "         source: s1: One, Daily (reliability B)\n"
            "         evidence: \u201Cm1\u201D\n"
            "         disputed by: Laos \u2014[member of]\u2192 ASEAN (s3: \u201Cm3\u201D)\n");
  const auto json = nlohmann::json::parse(paths_to_json(answers, japan, asean, paths));
  const auto& hops = json["paths"][0]["hops"];
  EXPECT_EQ(hops[0]["citations"], nlohmann::json::parse(R"([
      {"cites": "s1", "evidence": "e1", "basis": "stated", "credibility": 2, "reliability": "B"},
      {"cites": "s3", "evidence": "e3", "basis": "stated", "credibility": 4, "reliability": ""}])"));
  EXPECT_EQ(hops[0]["sources"], 2);
  EXPECT_EQ(hops[0]["independent_sources"], 2);
  EXPECT_EQ(hops[0]["disputed_by"], nlohmann::json::array());
  EXPECT_EQ(hops[1]["disputed_by"], nlohmann::json::parse(R"([{"cites": "s3", "evidence": "m3"}])"));

  // A filter that leaves out a source leaves out its citations.
  QueryFilter only_s1;
  only_s1.sources = {"s1"};
  QueryEngine filtered(view, l->schema, only_s1);
  const std::string text =
      paths_to_text({view, l->schema, &filtered}, japan, asean, filtered.paths(japan, asean, {}));
  EXPECT_EQ(text.find("e3"), std::string::npos) << text;
  EXPECT_EQ(text.find("support:"), std::string::npos) << text;
}

TEST(ClaimsTest, FiltersKeepRelationsByGradeAndClaimsByTheirIndependentSources) {
  auto l = load(std::string(kSources) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: e1}
  - {from: laos, type: cooperates_with, to: japan, source: s3, evidence: e3, credibility: "4"}
  - {from: laos, type: member_of, to: asean, source: s1, evidence: m1}
  - {from: laos, type: member_of, to: asean, source: s2, evidence: m2, basis: implied}
)",
                testing::graded_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const GraphView& view = l->graph->view();
  auto allowed = [&](QueryFilter f) {
    QueryEngine engine(view, l->schema, std::move(f));
    std::string out;
    for (std::uint32_t e = 0; e < view.edge_count(); ++e) out += engine.edge_allowed(e) ? '1' : '0';
    return out;
  };
  QueryFilter b;
  b.min_reliability = reliability_rank("B");  // s1 is B; s2 is F, s3 ungraded
  EXPECT_EQ(allowed(b), "1010");
  QueryFilter f;
  f.min_reliability = reliability_rank("F");  // F passes, ungraded does not
  EXPECT_EQ(allowed(f), "1011");
  QueryFilter three;
  three.min_credibility = 3;  // e3 is graded 4; m2 is implied: 3
  EXPECT_EQ(allowed(three), "1011");
  QueryFilter two;
  two.min_credibility = 2;
  EXPECT_EQ(allowed(two), "1010");
  QueryFilter corroborated;
  corroborated.corroborated = 2;  // cooperation: Daily and example.org; membership: Daily twice
  EXPECT_EQ(allowed(corroborated), "1100");

  const NodeId japan = *view.find_id("japan"), asean = *view.find_id("asean");
  QueryEngine engine(view, l->schema, corroborated);
  EXPECT_TRUE(engine.paths(japan, asean, {}).empty());
  QueryEngine reliable(view, l->schema, b);
  const std::vector<Path> paths = reliable.paths(japan, asean, {});
  ASSERT_EQ(paths.size(), 1u);
  const std::string text = paths_to_text({view, l->schema, &reliable}, japan, asean, paths);
  EXPECT_EQ(text.find("s3"), std::string::npos) << "only the citations the filter keeps: " << text;
}

TEST(ClaimsTest, DiffSaysWhenAGradeChanges) {
  const std::string before = R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt, reliability: C, reliability_reason: A named daily}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: Japan and Laos agreed}
)";
  std::string after = before;
  after.replace(after.find("reliability: C"), 14, "reliability: B");
  after.replace(after.find("agreed}"), 7, "agreed, credibility: \"1\"}");
  auto old_edition = load(before, testing::graded_schema());
  auto new_edition = load(after, testing::graded_schema());
  ASSERT_NE(old_edition->graph, nullptr) << old_edition->messages();
  ASSERT_NE(new_edition->graph, nullptr) << new_edition->messages();
  const std::string text =
      diff_text(diff_editions(edition_facts(*old_edition->graph), edition_facts(*new_edition->graph)));
  EXPECT_NE(text.find("~ relation Japan cooperates with Laos [s1] (stated): credibility: \u201C\u201D \u2192 "
                      "\u201C1\u201D; source reliability: \u201CC\u201D \u2192 \u201CB\u201D\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace relmap
