// The URL parameters of relmap serve's pages read into the request layer's
// filters and path variants and written back into links; the addresses a
// server answers; the site's answers that need no project.
#include <gtest/gtest.h>

#include "serve/params.h"
#include "serve/server.h"
#include "serve/site.h"
#include "serve/wording.h"
#include "test_util.h"

namespace relmap::serve {
namespace {

PageRequest read_ok(const Params& params) {
  PageRequest r;
  Diagnostics diags;
  EXPECT_TRUE(read_page_request(params, &r, &diags)) << diags.format();
  EXPECT_TRUE(diags.empty());
  return r;
}

std::string read_error(const Params& params) {
  PageRequest r;
  r.depth = 3;
  Diagnostics diags;
  EXPECT_FALSE(read_page_request(params, &r, &diags));
  EXPECT_EQ(r.depth, 3) << "nothing is set when a parameter is bad";
  return diags.format();
}

TEST(ServeParams, NoParametersAskForTheCommandLineDefaults) {
  const PageRequest r = read_ok({});
  EXPECT_FALSE(r.filters.narrows());
  EXPECT_EQ(r.filters.describe(), "no filters");
  EXPECT_EQ(r.depth, 1);
  EXPECT_EQ(r.path.k, 1);
  EXPECT_FALSE(r.path.all);
  EXPECT_EQ(r.path.limit, PathOptions{}.limit);
}

TEST(ServeParams, ListsAreCommaSeparatedOrRepeated) {
  const PageRequest r = read_ok({{"relations", "member_of,part_of"},
                                 {"relations", "supports"},
                                 {"avoid", "asean"},
                                 {"node_types", ",country,,"},
                                 {"source", "src-001"}});
  EXPECT_EQ(r.filters.relations, (std::vector<std::string>{"member_of", "part_of", "supports"}));
  EXPECT_EQ(r.filters.node_types, std::vector<std::string>{"country"});
  EXPECT_EQ(r.filters.describe(),
            "filters: --relations member_of,part_of,supports, --node-types country, --avoid asean, --source "
            "src-001");
}

TEST(ServeParams, FlagsNumbersAndDates) {
  const PageRequest r = read_ok({{"stated_only", "on"},
                                 {"directed", "1"},
                                 {"weighted", "true"},
                                 {"parallel", "0"},
                                 {"k", "3"},
                                 {"depth", "2"},
                                 {"max_degree", "40"},
                                 {"as_of", "2016-05"},
                                 {"reported_by", "2017"}});
  EXPECT_TRUE(r.filters.stated_only);
  EXPECT_TRUE(r.filters.directed);
  EXPECT_TRUE(r.path.directed) << "the path follows the filters' direction";
  EXPECT_TRUE(r.path.weighted);
  EXPECT_FALSE(r.path.parallel);
  EXPECT_EQ(r.path.k, 3);
  EXPECT_EQ(r.depth, 2);
  EXPECT_EQ(r.filters.max_degree, 40u);
  EXPECT_EQ(r.filters.describe(),
            "filters: --directed, --max-degree 40, --as-of 2016-05, --reported-by 2017, --stated-only");
}

TEST(ServeParams, MalformedParametersSayWhat) {
  EXPECT_EQ(read_error({{"k", "two"}}), "error: bad k 'two': expected a whole number from 1 to 100\n");
  EXPECT_EQ(read_error({{"k", "0"}}), "error: bad k '0': expected a whole number from 1 to 100\n");
  EXPECT_EQ(read_error({{"depth", "9"}}), "error: bad depth '9': expected a whole number from 1 to 4\n");
  EXPECT_EQ(read_error({{"depth", "1x"}}), "error: bad depth '1x': expected a whole number from 1 to 4\n");
  EXPECT_EQ(read_error({{"stated_only", "maybe"}}), "error: bad stated_only 'maybe': expected 1 or 0\n");
  EXPECT_EQ(read_error({{"all", "1"}, {"k", "2"}}), "error: all and k cannot be asked for together\n");
  EXPECT_EQ(read_error({{"k", "\x1b[31m"}}),
            "error: bad k '\\x1B[31m': expected a whole number from 1 to 100\n");
}

TEST(ServeParams, UrlEncodeLeavesOnlyUnreservedCharacters) {
  EXPECT_EQ(url_encode("lao-cert"), "lao-cert");
  EXPECT_EQ(url_encode("a b&c=d/e?\"<"), "a%20b%26c%3Dd%2Fe%3F%22%3C");
  EXPECT_EQ(url_encode("Tô Lâm"), "T%C3%B4%20L%C3%A2m");
}

TEST(ServeParams, FilterQueryReadsBackToTheSameFilters) {
  FilterRequest f;
  f.relations = {"member_of", "part_of"};
  f.exclude_node_types = {"person"};
  f.avoid = {"Association of Southeast Asian Nations", "a&b"};
  f.sources = {"src-001"};
  f.max_degree = 12;
  f.as_of = "2016-10";
  f.reported_by = "2017";
  f.stated_only = true;
  f.min_reliability = "C";
  f.corroborated = 2;
  f.directed = true;
  const std::string q = filter_query(f);
  EXPECT_EQ(
      q,
      "relations=member_of%2Cpart_of&exclude_node_types=person&avoid=Association%20of%20Southeast%20Asian%20"
      "Nations%2Ca%26b&max_degree=12&as_of=2016-10&reported_by=2017&stated_only=1&min_reliability=C&"
      "corroborated=2&source=src-001&directed=1");
  // Decoded as a server decodes a query, then read as a page reads it.
  const PageRequest r = read_ok(parse_query(q));
  EXPECT_EQ(r.filters.describe(), f.describe());
  EXPECT_EQ(filter_query(r.filters), q);
  EXPECT_EQ(filter_query(FilterRequest{}), "");
}

TEST(ServeParams, ParseQueryDecodes) {
  EXPECT_EQ(parse_query("id=lao-cert&q=T%C3%B4+L%C3%A2m&flag&&x=%2&y=a%3db"),
            (Params{{"flag", ""}, {"id", "lao-cert"}, {"q", "T\u00f4 L\u00e2m"}, {"x", "%2"}, {"y", "a=b"}}));
  EXPECT_EQ(parse_query(""), Params{});
}

TEST(ServeParams, EmptyValuesAreLeftOutOfTheQuery) {
  const Params sent = parse_query("id=jica&as_of=&reported_by=&stated_only=1&q=a%20b&min_reliability=");
  EXPECT_TRUE(has_empty(sent));
  EXPECT_EQ(query_without_empty(sent), "?id=jica&q=a%20b&stated_only=1");
  EXPECT_FALSE(has_empty(parse_query(query_without_empty(sent).substr(1))));
  EXPECT_EQ(query_without_empty(parse_query("as_of=&from=")), "");
}

TEST(ServeWording, FiltersAreNamedAsTheFormLabelsThem) {
  EXPECT_EQ(form_label("as-of"), "as of");
  EXPECT_EQ(form_label("min-reliability"), "lowest reliability");
  for (const FilterField& field : filter_fields())
    EXPECT_EQ(form_label(field.name).find('-'), std::string::npos) << field.name;
  const auto loaded = testing::load(R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
relations: []
)");
  ASSERT_NE(loaded->graph, nullptr) << loaded->messages();
  FilterRequest bad;
  bad.as_of = "May";
  bad.min_credibility = "9";
  QueryFilter filter;
  Diagnostics diags;
  EXPECT_EQ(resolve_filters(loaded->graph->view(), loaded->schema, bad, &filter, &diags, form_naming()),
            Outcome::kBadRequest);
  EXPECT_EQ(diags.format(),
            "error: the date 'as of' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'May'\n"
            "error: the grade 'lowest credibility' must be 1, 2, 3, 4, 5 or 6, not '9'\n");
  FilterRequest some;
  some.relations = {"member_of"};
  some.stated_only = true;
  EXPECT_EQ(some.describe(form_naming()), "filters: relation types member_of, stated only");
}

TEST(ServeParams, PathQueryAndJoin) {
  PathOptions p;
  EXPECT_EQ(path_query(p), "");
  p.k = 3;
  p.weighted = true;
  EXPECT_EQ(path_query(p), "k=3&weighted=1");
  p = {};
  p.all = true;
  p.limit = 7;
  EXPECT_EQ(path_query(p), "all=1&limit=7");
  p = {};
  p.rank = Rank::kSupported;
  EXPECT_EQ(path_query(p), "rank=supported");
  EXPECT_EQ(read_ok(parse_query(path_query(p))).path.rank, Rank::kSupported);
  EXPECT_EQ(read_error({{"rank", "best"}}),
            "error: bad rank 'best': expected length, supported or informative\n");
  EXPECT_EQ(read_error({{"rank", "informative"}, {"weighted", "1"}}),
            "error: weighted and rank=informative cannot be asked for together\n");
  EXPECT_EQ(join_query({"", "id=jica", "", "stated_only=1"}), "?id=jica&stated_only=1");
  EXPECT_EQ(join_query({"", ""}), "");
}

TEST(ServeServer, HostsAnsweredAreTheBoundAddressAndLoopbackNames) {
  for (const char* header : {"127.0.0.1:8080", "localhost:8080", "[::1]:8080"})
    EXPECT_TRUE(host_allowed(header, "127.0.0.1", 8080)) << header;
  for (const char* header :
       {"127.0.0.1:8081", "127.0.0.1", "evil.example:8080", "localhost.evil.example:8080", "192.168.1.5:8080",
        "", ":8080", "127.0.0.1:80800"})
    EXPECT_FALSE(host_allowed(header, "127.0.0.1", 8080)) << header;
  EXPECT_TRUE(host_allowed("[::1]:9000", "::1", 9000));
  EXPECT_TRUE(host_allowed("192.168.1.5:80", "192.168.1.5", 80));
  EXPECT_FALSE(host_allowed("localhost:80", "192.168.1.5", 80));
  EXPECT_TRUE(host_allowed("[fe80::1]:8080", "fe80::1", 8080));
  // Bound to every address: any IP address, never a domain name.
  for (const char* header : {"10.0.0.7:8080", "[2001:db8::1]:8080", "localhost:8080"})
    EXPECT_TRUE(host_allowed(header, "0.0.0.0", 8080)) << header;
  for (const char* header :
       {"evil.example:8080", "10.0.0.7.evil.example:8080", "10.0.0.7:8081", "[nonsense]:8080"})
    EXPECT_FALSE(host_allowed(header, "0.0.0.0", 8080)) << header;
  EXPECT_EQ(server_url("127.0.0.1", 8080), "http://127.0.0.1:8080/");
  EXPECT_EQ(server_url("::1", 9000), "http://[::1]:9000/");
}

TEST(ServeSite, StatusesForOutcomes) {
  EXPECT_EQ(http_status(Outcome::kOk), 200);
  EXPECT_EQ(http_status(Outcome::kBadRequest), 400);
  EXPECT_EQ(http_status(Outcome::kNotFound), 404);
  EXPECT_EQ(http_status(Outcome::kDataError), 422);
}

TEST(ServeSite, AnswersWithoutAProjectWhereNoneIsNeeded) {
  ProjectRequest project;
  project.load.schema_path = "no-such-schema.yaml";
  project.load.data_path = "no-such-data";
  Site site(project, "");
  const Reply script = site.respond("/static/relmap.js", {});
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, site_script());
  EXPECT_EQ(site.respond("/static/relmap.css", {}).body, site_stylesheet());
  const Reply missing = site.respond("/etc/passwd", {});
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("no page /etc/passwd here"), std::string::npos);
  const Reply bad = site.respond("/api/path", {{"from", "a"}, {"to", "b"}, {"k", "many"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.type, "application/json; charset=utf-8");
  EXPECT_NE(bad.body.find("error: bad k 'many': expected a whole number from 1 to 100"), std::string::npos);
  // A project that cannot be read answers with why, as a data error.
  const Reply broken = site.respond("/actor", {{"id", "jica"}});
  EXPECT_EQ(broken.status, 422);
  EXPECT_NE(broken.body.find("no-such-schema.yaml"), std::string::npos);
}

TEST(ServeSite, AQuestionPastItsTimeIsAnErrorAndTheServerGoesOn) {
  ProjectRequest project;
  project.load.schema_path = std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml";
  project.load.data_path = std::string(RELMAP_SOURCE_DIR) + "/data";
  Site site(project, "");
  const Params question = {{"from", "lao-cert"}, {"to", "japan"}, {"k", "50"}};
  const Reply answered = site.respond("/api/path", question);
  ASSERT_EQ(answered.status, 200) << answered.body;
  site.query_time = std::chrono::milliseconds(-1);  // already past
  const Reply late = site.respond("/api/path", question);
  EXPECT_EQ(late.status, 503);
  EXPECT_NE(late.body.find("took longer than the server gives one"), std::string::npos) << late.body;
  EXPECT_EQ(site.respond("/path", question).status, 503);
  site.query_time = std::chrono::milliseconds(10000);
  EXPECT_EQ(site.respond("/api/path", question).body, answered.body);
}

}  // namespace
}  // namespace relmap::serve
