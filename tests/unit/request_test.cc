// What a user names, resolved by the request layer without the command line.
#include "project/request.h"

#include <gtest/gtest.h>

#include <set>

#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, aliases: [Nippon]}
  - {id: laos, type: country, name: Laos, aliases: [Lao PDR]}
  - {id: mpt-la, type: organisation, name: Ministry of Posts and Telecommunications}
  - {id: mpt-kh, type: organisation, name: Ministry of Posts and Telecommunications}
  - {id: sakamoto, type: person, name: Taro Sakamoto}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: first}
  - {from: laos, type: member_of, to: mpt-la, source: src, evidence: second}
)";

class RequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = testing::load(kFacts);
    ASSERT_NE(loaded_->graph, nullptr) << loaded_->messages();
  }
  const GraphView& view() const { return loaded_->graph->view(); }
  const Schema& schema() const { return loaded_->schema; }
  std::string id(NodeId v) const { return std::string(view().id(v)); }

  std::unique_ptr<testing::Loaded> loaded_;
};

TEST_F(RequestTest, MatchesByIdNameAliasOrWordsIgnoringCase) {
  ASSERT_EQ(match_actor(view(), "nippon").actors.size(), 1u);
  EXPECT_EQ(id(match_actor(view(), "nippon").actors[0]), "japan");
  EXPECT_EQ(id(match_actor(view(), "LAO PDR").actors[0]), "laos");
  EXPECT_EQ(match_actor(view(), "ministry of posts and telecommunications").actors.size(), 2u);
  EXPECT_EQ(match_actor(view(), "mpt-kh").actors.size(), 1u);
  const ActorMatch surname = match_actor(view(), "Sakamoto");
  ASSERT_EQ(surname.actors.size(), 1u);
  EXPECT_EQ(id(surname.actors[0]), "sakamoto");
  const ActorMatch words = match_actor(view(), "telecommunications posts");
  EXPECT_TRUE(words.by_words);
  EXPECT_EQ(words.actors.size(), 2u);
  EXPECT_TRUE(match_actor(view(), "nowhere").actors.empty());
}

TEST_F(RequestTest, SuggestsTheNameSpeltClosest) {
  EXPECT_EQ(actor_suggestion(view(), "Japon"), "japan");
  EXPECT_EQ(actor_suggestion(view(), "Qqqzzx"), "");
  Diagnostics diags;
  EXPECT_FALSE(resolve_actor(view(), schema(), "Japon", &diags).has_value());
  EXPECT_EQ(diags.items().at(0).message, "unknown actor 'Japon' (did you mean 'japan'?)");
}

/// A front end's own naming of filters, to see that messages use it.
const FilterNaming kTestNaming{
    [](std::string_view filter) { return "<" + std::string(filter) + ">"; },
    [](std::string_view filter, std::string_view what, std::string_view value, std::string_view expected) {
      return std::string(filter) + "|" + std::string(what) + "|" + std::string(value) + "|" +
             std::string(expected);
    }};

TEST_F(RequestTest, FiltersAreNamedInMessagesAsTheFrontEndNamesThem) {
  FilterRequest bad;
  bad.as_of = "May";
  bad.min_reliability = "Z";
  QueryFilter filter;
  Diagnostics option_diags, own_diags;
  EXPECT_EQ(resolve_filters(view(), schema(), bad, &filter, &option_diags), Outcome::kBadRequest);
  EXPECT_EQ(option_diags.format(),
            "error: bad --as-of date 'May': expected YYYY, YYYY-MM or YYYY-MM-DD\n"
            "error: bad --min-reliability grade 'Z'\n");
  EXPECT_EQ(resolve_filters(view(), schema(), bad, &filter, &own_diags, kTestNaming), Outcome::kBadRequest);
  EXPECT_EQ(own_diags.format(),
            "error: as-of|date|May|YYYY, YYYY-MM or YYYY-MM-DD\nerror: min-reliability|grade|Z|\n");
  FilterRequest some;
  some.directed = true;
  some.as_of = "2016";
  EXPECT_EQ(some.describe(kTestNaming), "filters: <directed>, <as-of> 2016");
  EXPECT_EQ(some.describe(), "filters: --directed, --as-of 2016");
  EXPECT_EQ(no_path_message(view(), 0, 1, some, kTestNaming).substr(0, 13), "no path from ");
  EXPECT_NE(no_path_message(view(), 0, 1, some, kTestNaming).find("(filters: <directed>, <as-of> 2016)"),
            std::string::npos);
}

TEST_F(RequestTest, ResolvesOneActorOrSaysWhyNot) {
  Diagnostics diags;
  const auto japan = resolve_actor(view(), schema(), "Japan", &diags);
  ASSERT_TRUE(japan.has_value());
  EXPECT_EQ(id(*japan), "japan");
  EXPECT_TRUE(diags.empty());

  EXPECT_FALSE(resolve_actor(view(), schema(), "Japon", &diags).has_value());
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].message, "unknown actor 'Japon' (did you mean 'japan'?)");

  Diagnostics ambiguous;
  EXPECT_FALSE(
      resolve_actor(view(), schema(), "ministry of posts and telecommunications", &ambiguous).has_value());
  ASSERT_EQ(ambiguous.items().size(), 1u);
  const Diagnostic& d = ambiguous.items()[0];
  EXPECT_NE(d.message.find("is ambiguous: 2 actors have this name; use an id:"), std::string::npos)
      << d.message;
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0], "mpt-la  (Ministry of Posts and Telecommunications, Organisation)");
  EXPECT_NE(ambiguous.format().find("\n  mpt-kh  (Ministry"), std::string::npos) << ambiguous.format();
}

TEST_F(RequestTest, ResolvesFiltersIntoOneValue) {
  FilterRequest request;
  request.relations = {"member_of"};
  request.avoid = {"Nippon"};
  request.as_of = "2024-03";
  request.reported_by = "2024";
  request.sources = {"src"};
  request.stated_only = true;
  QueryFilter filter;
  Diagnostics diags;
  ASSERT_EQ(resolve_filters(view(), schema(), request, &filter, &diags), Outcome::kOk) << diags.format();
  ASSERT_EQ(filter.relations.size(), 1u);
  EXPECT_EQ(schema().relation_types()[static_cast<std::size_t>(filter.relations[0])].name, "member_of");
  ASSERT_EQ(filter.avoid.size(), 1u);
  EXPECT_EQ(id(filter.avoid[0]), "japan");
  ASSERT_TRUE(filter.as_of.has_value());
  EXPECT_EQ(*filter.as_of, std::make_pair(20240301, 20240331));
  EXPECT_EQ(filter.reported_by, 20241231);
  EXPECT_EQ(filter.sources, std::vector<std::string>{"src"});
  EXPECT_TRUE(filter.stated_only);
  EXPECT_EQ(
      request.describe(),
      "filters: --relations member_of, --avoid Nippon, --as-of 2024-03, --reported-by 2024, --stated-only, "
      "--source src");
  EXPECT_TRUE(request.narrows());
  EXPECT_EQ(FilterRequest().describe(), "no filters");
  EXPECT_FALSE(FilterRequest().narrows());
}

TEST_F(RequestTest, BadNamesAndDatesAreBadRequestsUnknownActorsAreNotFound) {
  QueryFilter filter;
  FilterRequest bad_type;
  bad_type.relations = {"member"};
  Diagnostics diags;
  EXPECT_EQ(resolve_filters(view(), schema(), bad_type, &filter, &diags), Outcome::kBadRequest);
  EXPECT_EQ(diags.items().at(0).message.rfind("unknown relation type 'member'", 0), 0u) << diags.format();

  FilterRequest bad_date;
  bad_date.as_of = "2024-13";
  Diagnostics date_diags;
  EXPECT_EQ(resolve_filters(view(), schema(), bad_date, &filter, &date_diags), Outcome::kBadRequest);
  EXPECT_EQ(date_diags.items().at(0).message,
            "bad --as-of date '2024-13': expected YYYY, YYYY-MM or YYYY-MM-DD");

  FilterRequest unknown;
  unknown.avoid = {"nowhere"};
  unknown.sources = {"japan"};  // an actor, not a source
  Diagnostics unknown_diags;
  EXPECT_EQ(resolve_filters(view(), schema(), unknown, &filter, &unknown_diags), Outcome::kNotFound);
  EXPECT_EQ(unknown_diags.error_count(), 2u) << unknown_diags.format();

  // A bad request outranks what was not found, whatever the order.
  unknown.node_types = {"countr"};
  Diagnostics both;
  EXPECT_EQ(resolve_filters(view(), schema(), unknown, &filter, &both), Outcome::kBadRequest);
  EXPECT_EQ(worse(Outcome::kNotFound, Outcome::kBadRequest), Outcome::kBadRequest);
  EXPECT_EQ(worse(Outcome::kOk, Outcome::kNotFound), Outcome::kNotFound);
}

TEST_F(RequestTest, NoPathMessageNamesTheFiltersInForce) {
  FilterRequest request;
  request.directed = true;
  request.exclude_node_types = {"person"};
  const NodeId japan = *view().find_id("japan"), laos = *view().find_id("laos");
  EXPECT_EQ(no_path_message(view(), japan, laos, request),
            "no path from Japan [japan] to Laos [laos] (filters: --directed, --exclude-node-types person)");
}

TEST(FilterTableTest, EachRowIsAFieldThatDescribesAndNarrowsAsItSays) {
  std::set<std::string> names;
  for (const FilterField& field : filter_fields()) {
    EXPECT_TRUE(names.insert(field.name).second) << field.name;
    FilterRequest request;
    EXPECT_FALSE(field.set_in(request)) << field.name;
    switch (field.kind) {
      case FilterField::Kind::kList:
        (request.*field.list) = {"a", "b"};
        break;
      case FilterField::Kind::kText:
        (request.*field.text) = field.choices.empty() ? "2016" : field.choices.front();
        break;
      case FilterField::Kind::kFlag:
        (request.*field.flag) = true;
        break;
      case FilterField::Kind::kCount:
        (request.*field.count) = 3;
        break;
    }
    EXPECT_TRUE(field.set_in(request)) << field.name;
    const std::string value = field.value_in(request);
    EXPECT_EQ(request.describe(),
              "filters: --" + std::string(field.name) + (value.empty() ? "" : " " + value));
    EXPECT_EQ(request.narrows(), field.narrows) << field.name;
  }
  EXPECT_EQ(FilterRequest{}.describe(), "no filters");
  EXPECT_TRUE(names.count("stated-only") && names.count("min-reliability") && names.count("source"));
}

}  // namespace
}  // namespace relmap
