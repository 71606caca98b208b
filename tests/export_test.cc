#include "export.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan <&>, iso_code: JP}
  - {id: o, type: organisation, name: Org, acronyms: [A, B]}
relations:
  - {from: japan, type: member_of, to: o, source: src, evidence: "He said \"yes\" & <left>"}
)";

TEST(ExportTest, GraphmlKeepsIdsTypesAndEscapes) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const std::string xml = to_graphml(*l->graph);
  EXPECT_NE(xml.find("<node id=\"japan\">"), std::string::npos);
  EXPECT_NE(xml.find("<key id=\"n0\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>"), std::string::npos);
  EXPECT_NE(xml.find(">Japan &lt;&amp;&gt;</data>"), std::string::npos);
  EXPECT_NE(xml.find("<edge id=\"r0\" source=\"japan\" target=\"o\">"), std::string::npos);
  EXPECT_NE(xml.find(">He said &quot;yes&quot; &amp; &lt;left&gt;</data>"), std::string::npos);
  EXPECT_NE(xml.find(">[&quot;A&quot;,&quot;B&quot;]</data>"), std::string::npos);  // list as JSON
}

TEST(ExportTest, JsonIsNodeLink) {
  auto l = testing::load(kFacts);
  ASSERT_NE(l->graph, nullptr) << l->messages();
  const auto doc = nlohmann::json::parse(to_json(*l->graph));
  ASSERT_EQ(doc["nodes"].size(), 3u);
  EXPECT_EQ(doc["nodes"][1]["id"], "japan");
  EXPECT_EQ(doc["nodes"][1]["type"], "country");
  EXPECT_EQ(doc["nodes"][1]["label"], "Japan <&>");
  EXPECT_EQ(doc["nodes"][1]["iso_code"], "JP");
  EXPECT_EQ(doc["nodes"][2]["acronyms"], nlohmann::json({"A", "B"}));
  ASSERT_EQ(doc["links"].size(), 1u);
  const auto& link = doc["links"][0];
  EXPECT_EQ(link["source"], "japan");
  EXPECT_EQ(link["target"], "o");
  EXPECT_EQ(link["relation"], "member_of");
  EXPECT_EQ(link["cites"], "src");
  EXPECT_EQ(link["evidence"], "He said \"yes\" & <left>");
}

}  // namespace
}  // namespace relmap
