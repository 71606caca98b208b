#include "output/export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan <&>, iso_code: JP, aliases: [Nippon]}
  - {id: laos, type: country, name: Laos}
  - {id: o, type: organisation, name: Org, acronyms: [A, B], staff: "+007", public: true}
relations:
  - {from: japan, type: member_of, to: o, source: src, evidence: "He said \"yes\" & <left>"}
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: together, basis: implied}
)";

TEST(ExportTest, GraphmlKeepsIdsTypesAndEscapes) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string xml = to_graphml(*l->graph);
  EXPECT_NE(xml.find("<node id=\"japan\">"), std::string::npos);
  EXPECT_NE(xml.find("<key id=\"n0\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find(">Japan &lt;&amp;&gt;</data>"), std::string::npos);
  EXPECT_NE(xml.find("<edge id=\"r0\" source=\"japan\" target=\"o\">"), std::string::npos);
  EXPECT_NE(xml.find(">[&quot;He said \\&quot;yes\\&quot; &amp; &lt;left&gt;&quot;]</data>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(">[&quot;A&quot;,&quot;B&quot;]</data>"), std::string::npos);  // list as JSON
}

TEST(ExportTest, GraphmlTypesPropertiesAndKeepsRelationFacts) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string xml = to_graphml(*l->graph);
  EXPECT_NE(xml.find("attr.name=\"staff\" attr.type=\"long\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("attr.name=\"public\" attr.type=\"boolean\"/>"), std::string::npos);
  EXPECT_NE(xml.find("attr.name=\"symmetric\" attr.type=\"boolean\"/>"), std::string::npos);
  EXPECT_NE(xml.find("attr.name=\"weight\" attr.type=\"double\"/>"), std::string::npos);
  EXPECT_NE(xml.find(">7</data>"), std::string::npos);  // "+007" as a number
  EXPECT_NE(xml.find(">[&quot;Nippon&quot;]</data>"), std::string::npos);
  EXPECT_NE(xml.find(">[&quot;implied&quot;]</data>"), std::string::npos);
  EXPECT_NE(xml.find(">true</data>"), std::string::npos);
}

TEST(ExportTest, ColumnsMergeDeclarationsAndAvoidTheExportsOwnKeys) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::vector<Column> cols = node_columns(*l->graph, {"staff"});
  std::vector<std::string> names;
  for (const Column& c : cols) names.push_back(c.key);
  EXPECT_EQ(names, (std::vector<std::string>{"acronyms", "file", "iso_code", "public", "property_staff"}));
  EXPECT_TRUE(cols[0].list);
  EXPECT_EQ(cols[3].kind, ValueKind::kBoolean);
  EXPECT_EQ(cols[4].kind, ValueKind::kInteger);
  EXPECT_EQ(column_text(cols[4], std::string("-012")), "-12");
  EXPECT_EQ(column_json(cols[0], {"A", "B"}), nlohmann::ordered_json({"A", "B"}));
  EXPECT_EQ(column_json(cols[3], {"true"}), nlohmann::ordered_json(true));
  EXPECT_EQ(number_text(2.5), "2.5");
  EXPECT_EQ(number_text(1.0), "1");
}

TEST(ExportTest, EveryFormatIsInTheTableAndDeterministic) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  ASSERT_NE(find_exporter("graphml"), nullptr);
  EXPECT_EQ(find_exporter("nope"), nullptr);
  for (const Exporter& x : exporters()) {
    const std::vector<OutputFile> a = x.write(*l->graph), b = x.write(*l->graph);
    ASSERT_FALSE(a.empty()) << x.name;
    if (x.single_file) {
      EXPECT_EQ(a.size(), 1u) << x.name;
    }
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].path, b[i].path);
      EXPECT_EQ(a[i].content, b[i].content) << x.name << " " << a[i].path;
    }
  }
  const std::vector<OutputFile> built = build_exports(*l->graph, "out");
  std::vector<std::string> paths;
  for (const OutputFile& f : built) paths.push_back(f.path);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "out/relmap.graphml"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "out/relmap.json"), paths.end());
}

TEST(ExportTest, Uuid5MatchesRfc4122) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
  EXPECT_EQ(uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  EXPECT_EQ(uuid5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", ""), "1b4db7eb-4057-5ddf-91e0-36dec72071f5");
  EXPECT_EQ(uuid5("not-a-uuid", "x"), "");
  EXPECT_EQ(uuid5("6ba7b8109dad11d180b400c04fd430c8", "x"), "");  // not in its text form
  // The ids of earlier exports, which readers keep: uuid.uuid5 gives the same.
  const std::string stix = "1b74abeb-8d1e-4e52-9b07-fd56470e6c99";
  EXPECT_EQ(uuid5(stix, "japan"), "8ee51887-0ea5-547f-b3de-c24fdf2b7279");
  EXPECT_EQ(uuid5(stix, std::string(1000, 'a')),
            "592c86b9-b669-5693-aeef-2e0da0bf0400");  // many SHA-1 blocks
  EXPECT_EQ(uuid5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://example.org/T\u00f4 L\u00e2m"),
            "6d7d3a8d-fc0d-52d5-ad2b-03538ab68d82");
  EXPECT_EQ(uuid5(stix, std::string("a\0b", 3)), "b9f81501-ffbd-5d1f-a8d8-1235ebefd3c7");
}

TEST(ExportTest, StixBundleHasDeterministicIdsAndTheEvidence) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string ns = "1b74abeb-8d1e-4e52-9b07-fd56470e6c99";
  const auto doc = nlohmann::json::parse(to_stix(*l->graph));
  EXPECT_EQ(doc["type"], "bundle");
  std::map<std::string, nlohmann::json> by_type;
  std::vector<nlohmann::json> relationships;
  for (const auto& o : doc["objects"]) {
    by_type[o["type"].get<std::string>() + ":" + o.value("x_relmap_id", "")] = o;
    if (o["type"] == "relationship") relationships.push_back(o);
  }
  // A country is an identity that can act, located at its country.
  EXPECT_EQ(by_type["identity:japan"]["id"], "identity--" + uuid5(ns, "japan"));
  EXPECT_EQ(by_type["identity:japan"]["identity_class"], "organization");
  EXPECT_EQ(by_type["location:"]["id"], "location--" + uuid5(ns, "japan#location"));
  EXPECT_EQ(by_type["location:"]["country"], "JP");
  EXPECT_EQ(by_type["identity:laos"]["identity_class"], "organization");  // no ISO code: no location
  EXPECT_EQ(by_type["identity:o"]["identity_class"], "organization");
  ASSERT_EQ(relationships.size(), 3u);
  EXPECT_EQ(relationships[0]["source_ref"], by_type["identity:japan"]["id"]);
  EXPECT_EQ(relationships[0]["relationship_type"], "located-at");
  EXPECT_EQ(relationships[0]["target_ref"], by_type["location:"]["id"]);
  EXPECT_EQ(relationships[1]["relationship_type"], "part-of");  // member_of
  EXPECT_EQ(relationships[1]["x_relmap_type"], "member_of");
  EXPECT_EQ(relationships[1]["confidence"], 70);  // stated: credibility 2 by its basis
  EXPECT_EQ(relationships[1]["x_relmap_credibility"], 2);
  const auto& rel = relationships[2];
  EXPECT_EQ(rel["x_relmap_evidence"], "together");
  EXPECT_EQ(rel["x_relmap_basis"], "implied");
  EXPECT_EQ(rel["confidence"], 50);  // implied: credibility 3
  EXPECT_EQ(rel["x_relmap_credibility"], 3);
  EXPECT_EQ(rel["relationship_type"], "related-to");  // OpenCTI has cooperates-with for threat actors only
  EXPECT_EQ(rel["x_relmap_type"], "cooperates_with");
  EXPECT_EQ(rel["created"], "1970-01-01T00:00:00.000Z");  // no dated article at all
  // The article is a report of what it supports.
  const auto& report = by_type["report:src"];
  EXPECT_EQ(report["id"], "report--" + uuid5(ns, "src"));
  EXPECT_EQ(report["published"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(report["object_refs"].size(), 7u);  // 3 actors, Japan's location and 3 relationships
}

// The types of graph-schema.yaml that the STIX export reads, with dated articles.
const char* const kStixSchema = R"(
node_types:
  entity: {abstract: true, properties: {start: date, end: date}}
  actor: {extends: entity, abstract: true}
  country: {extends: actor, label: Country, properties: {iso_code: string}}
  country_group: {extends: actor, label: Group of countries}
  organisation: {extends: actor, label: Organisation}
  place: {extends: entity, label: Place}
  event: {extends: entity, label: Event, properties: {date: date, days: integer}}
  agreement: {extends: entity, label: Agreement, properties: {date: date}}
  source: {extends: entity, label: Source, properties: {date: date, file: {type: string, required: true}}}
relation_types:
  consists_of: {label: consists of, pairs: [[country_group, country]]}
  located_in: {label: located in, pairs: [[event, place], [place, country], [organisation, country]]}
  supports: {label: supports, pairs: [[actor, actor]], properties: {start: date, end: date}}
  party_to: {label: party to, pairs: [[actor, agreement]]}
)";

const char* const kStixFacts = R"(entities:
  - {id: early, type: source, name: Early, date: 2016-03-04, file: a.txt}
  - {id: late, type: source, name: Late, date: 2017, file: b.txt}
  - {id: la, type: country, name: Laos, iso_code: la}
  - {id: clmv, type: country_group, name: CLMV}
  - {id: vte, type: place, name: Vientiane}
  - {id: unodc, type: organisation, name: UNODC}
  - {id: ws, type: event, name: Workshop, date: 2016-02-28, days: 3}
  - {id: deal, type: agreement, name: Deal, date: 2016-05}
relations:
  - {from: clmv, type: consists_of, to: la, source: early, evidence: CLMV includes Laos}
  - {from: vte, type: located_in, to: la, source: early, evidence: "Vientiane, Laos"}
  - {from: ws, type: located_in, to: vte, source: late, evidence: in Vientiane}
  - {from: unodc, type: located_in, to: la, source: late, evidence: UNODC in Laos}
  - {from: unodc, type: supports, to: la, source: late, evidence: UNODC helps, start: 2016-07, end: 2016-07,
     basis: implied}
  - {from: la, type: party_to, to: deal, source: early, evidence: Laos signed}
)";

TEST(ExportTest, StixUsesOpenCtisTermsTimesAndReports) {
  auto l = testing::load(kStixFacts, kStixSchema);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const auto doc = nlohmann::json::parse(to_stix(*l->graph));
  std::map<std::string, nlohmann::json> by_id, by_fact;
  std::vector<nlohmann::json> facts;  // relationships of relations, in fact order
  for (const auto& o : doc["objects"]) {
    by_id[o["id"]] = o;
    if (o.contains("x_relmap_id"))
      by_fact[o["type"].get<std::string>() + ":" + o["x_relmap_id"].get<std::string>()] = o;
    if (o["type"] == "relationship" && o.contains("x_relmap_type")) facts.push_back(o);
  }
  const auto& laos = by_fact["identity:la"];
  EXPECT_EQ(laos["identity_class"], "organization");
  EXPECT_EQ(laos["created"], "2016-03-04T00:00:00.000Z");          // the earliest article citing it
  EXPECT_EQ(laos["modified"], "2017-01-01T00:00:00.000Z");         // the latest
  EXPECT_EQ(by_fact["identity:clmv"]["identity_class"], "group");  // `class` would be a sector
  EXPECT_EQ(by_fact["location:vte"]["city"], "Vientiane");
  EXPECT_EQ(by_fact["location:vte"]["country"], "LA");
  const auto& workshop = by_fact["event:ws"];
  EXPECT_EQ(workshop["start_time"], "2016-02-28T00:00:00.000Z");
  EXPECT_EQ(workshop["stop_time"], "2016-03-01T23:59:59.999Z");  // three days, through 29 February
  EXPECT_EQ(by_fact["event:deal"]["start_time"], "2016-05-01T00:00:00.000Z");
  EXPECT_FALSE(by_fact["event:deal"].contains("stop_time"));
  ASSERT_EQ(facts.size(), 6u);
  // CLMV consists of Laos: Laos part-of CLMV.
  EXPECT_EQ(facts[0]["relationship_type"], "part-of");
  EXPECT_EQ(facts[0]["source_ref"], laos["id"]);
  EXPECT_EQ(facts[0]["target_ref"], by_fact["identity:clmv"]["id"]);
  EXPECT_EQ(facts[0]["x_relmap_reversed"], true);
  // located_in: to Laos's location, from the city, the event and the organisation.
  for (int i : {1, 2, 3}) {
    EXPECT_EQ(facts[i]["relationship_type"], "located-at");
    EXPECT_EQ(by_id[facts[i]["target_ref"]]["type"], "location");
  }
  EXPECT_EQ(by_id[facts[1]["target_ref"]]["country"], "LA");
  EXPECT_EQ(facts[1]["created"], "2016-03-04T00:00:00.000Z");  // its own article's date
  EXPECT_EQ(facts[2]["created"], "2017-01-01T00:00:00.000Z");
  const auto& support = facts[4];
  EXPECT_EQ(support["relationship_type"], "related-to");
  EXPECT_EQ(support["x_relmap_type"], "supports");
  EXPECT_EQ(support["start_time"], "2016-07-01T00:00:00.000Z");
  EXPECT_EQ(support["stop_time"], "2016-07-31T23:59:59.999Z");
  EXPECT_EQ(support["confidence"], 50);
  EXPECT_EQ(facts[5]["relationship_type"], "related-to");  // party_to an event
  // One report per article, of what it supports.
  const auto& early = by_fact["report:early"];
  EXPECT_EQ(early["published"], "2016-03-04T00:00:00.000Z");
  std::vector<std::string> refs = early["object_refs"];
  for (const auto& f : {facts[0], facts[1], facts[5]})
    EXPECT_NE(std::find(refs.begin(), refs.end(), f["id"]), refs.end());
  for (const auto& f : {facts[2], facts[3], facts[4]})
    EXPECT_EQ(std::find(refs.begin(), refs.end(), f["id"]), refs.end());
  EXPECT_NE(std::find(refs.begin(), refs.end(), by_fact["event:deal"]["id"]), refs.end());
  EXPECT_EQ(std::find(refs.begin(), refs.end(), by_fact["identity:unodc"]["id"]), refs.end());
  EXPECT_EQ(by_fact["report:late"]["published"], "2017-01-01T00:00:00.000Z");
}

TEST(ExportTest, JsonIsNodeLink) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const auto doc = nlohmann::json::parse(to_json(*l->graph));
  ASSERT_EQ(doc["nodes"].size(), 4u);
  EXPECT_EQ(doc["nodes"][1]["id"], "japan");
  EXPECT_EQ(doc["nodes"][1]["type"], "country");
  EXPECT_EQ(doc["nodes"][1]["label"], "Japan <&>");
  EXPECT_EQ(doc["nodes"][1]["iso_code"], "JP");
  EXPECT_EQ(doc["nodes"][3]["acronyms"], nlohmann::json({"A", "B"}));
  EXPECT_EQ(doc["nodes"][3]["staff"], 7);
  EXPECT_EQ(doc["nodes"][3]["public"], true);
  ASSERT_EQ(doc["links"].size(), 2u);
  EXPECT_EQ(doc["edges"], doc["links"]);  // NetworkX 3.6 reads "edges"
  EXPECT_EQ(doc["links"][1]["symmetric"], true);
  EXPECT_EQ(doc["links"][1]["basis"], nlohmann::json({"implied"}));
  EXPECT_EQ(doc["links"][1]["weight"], 1.0);
  const auto& link = doc["links"][0];
  EXPECT_EQ(link["source"], "japan");
  EXPECT_EQ(link["target"], "o");
  EXPECT_EQ(link["relation"], "member_of");
  EXPECT_EQ(link["cites"], nlohmann::json({"src"}));
  EXPECT_EQ(link["evidence"], nlohmann::json({"He said \"yes\" & <left>"}));
  EXPECT_EQ(link["credibility"], nlohmann::json({2}));
  EXPECT_EQ(link["sources"], 1);
}

/// One claim that two sources of different publishers say, and one that
/// disputes it.
const char* const kClaimFacts = R"(entities:
  - {id: s1, type: source, name: One, file: 1.txt}
  - {id: s2, type: source, name: Two, file: 2.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: o, type: organisation, name: Org}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: s1, evidence: first, id: jl}
  - {from: laos, type: cooperates_with, to: japan, source: s2, evidence: second, credibility: "1"}
  - {from: laos, type: member_of, to: o, source: s2, evidence: no, start: "2020", disputes: jl}
)";

std::string claim_schema() {
  return testing::kTestSchema + std::string(R"(relation_properties:
  id: string
  credibility: {type: enum, values: ["1", "2", "3", "4", "5", "6"]}
  disputes: {type: relation}
)");
}

TEST(ExportTest, AClaimIsOneEdgeWithEveryCitationInLists) {
  auto l = testing::load(kClaimFacts, claim_schema());
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const auto doc = nlohmann::json::parse(to_json(*l->graph));
  ASSERT_EQ(doc["links"].size(), 2u);
  const auto& claim = doc["links"][0];
  EXPECT_EQ(claim["cites"], nlohmann::json({"s1", "s2"}));
  EXPECT_EQ(claim["evidence"], nlohmann::json({"first", "second"}));
  EXPECT_EQ(claim["credibility"], nlohmann::json({2, 1}));
  EXPECT_EQ(claim["relation_id"], nlohmann::json({"jl", ""}));
  EXPECT_EQ(claim["sources"], 2);
  EXPECT_EQ(claim["independent_sources"], 2);
  EXPECT_EQ(claim["disputed_by"], nlohmann::json({"s2: \u201Cno\u201D"}));
  EXPECT_FALSE(claim.contains("credibility_1")) << claim;
  EXPECT_EQ(doc["links"][1]["disputes"], nlohmann::json({"jl"}));
  EXPECT_EQ(doc["links"][1]["start"], "2020");

  const std::string xml = to_graphml(*l->graph);
  EXPECT_NE(xml.find("<edge id=\"r1\""), std::string::npos);
  EXPECT_EQ(xml.find("<edge id=\"r2\""), std::string::npos) << "two claims, two edges: " << xml;
  EXPECT_NE(xml.find(">[&quot;s1&quot;,&quot;s2&quot;]</data>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("attr.name=\"independent_sources\" attr.type=\"long\"/>"), std::string::npos) << xml;

  const std::string gexf = to_gexf(*l->graph);
  EXPECT_NE(gexf.find("<edges count=\"2\">"), std::string::npos) << gexf;
  EXPECT_NE(gexf.find("title=\"cites\" type=\"liststring\"/>"), std::string::npos) << gexf;
  EXPECT_NE(gexf.find("value=\"[&quot;s1&quot;, &quot;s2&quot;]\""), std::string::npos) << gexf;

  std::string csv;
  for (const OutputFile& f : to_neo4j(*l->graph))
    if (f.path == "relationships-cooperates_with.csv") csv = f.content;
  EXPECT_NE(csv.find("cites:string[]"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"s1\x1fs2\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("independent_sources:long"), std::string::npos) << csv;
}

}  // namespace
}  // namespace relmap
