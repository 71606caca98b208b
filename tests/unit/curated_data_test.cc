// The curated facts under data/: key facts of each article, asserted through
// the library so that dropping or distorting one fails a test.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <regex>
#include <tuple>

#include "project/project.h"
#include "project/request.h"
#include "query/query.h"

namespace relmap {
namespace {

class CuratedDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    project_ = new Project;
    LoadOptions options;
    options.schema_path = std::string(RELMAP_SOURCE_DIR) + "/graph-schema.yaml";
    options.data_path = std::string(RELMAP_SOURCE_DIR) + "/data";
    const std::string articles = std::string(RELMAP_SOURCE_DIR) + "/../shared/articles";
    if (std::filesystem::is_directory(articles)) options.sources_dir = articles;
    diags_ = new Diagnostics;
    load_project(options, project_, diags_);
  }
  static void TearDownTestSuite() {
    delete project_;
    delete diags_;
  }

  const KnowledgeGraph& graph() const { return project_->graph(); }

  /// The first relation `type` linking `from` to `to` (either order for
  /// symmetric relations), citing `source`, with `role` if one is given.
  const EdgeProps* relation(const std::string& from, const std::string& type, const std::string& to,
                            const std::string& source, const std::string& role = "") const {
    const KnowledgeGraph& g = graph();
    for (auto e : g.edges()) {
      const auto& props = g.edge(e);
      const std::string& s = g.node(g.source(e)).id;
      const std::string& t = g.node(g.target(e)).id;
      const RelationType& rel = g.relation_type(e);
      const bool ends = (s == from && t == to) || (rel.symmetric && s == to && t == from);
      if (!ends || rel.name != type || props.source != source) continue;
      const auto* roles = find_property(props.properties, "role");
      if (role.empty() || (roles != nullptr && *roles == std::vector<std::string>{role})) return &props;
    }
    return nullptr;
  }

  bool has(const std::string& from, const std::string& type, const std::string& to, const std::string& source,
           const std::string& role = "") const {
    return relation(from, type, to, source, role) != nullptr;
  }

  /// "stated" or "implied" for that relation; "(missing)" if there is none.
  std::string basis(const std::string& from, const std::string& type, const std::string& to,
                    const std::string& source) const {
    const EdgeProps* r = relation(from, type, to, source);
    return r != nullptr ? basis_name(r->basis) : "(missing)";
  }

  /// The quote that relation cites; "(missing)" if there is none.
  std::string evidence(const std::string& from, const std::string& type, const std::string& to,
                       const std::string& source) const {
    const EdgeProps* r = relation(from, type, to, source);
    return r != nullptr ? r->evidence : "(missing)";
  }

  std::string type_of(const std::string& id) const {
    auto v = graph().find_id(id);
    return v ? graph().node_type(*v).name : "(missing)";
  }

  std::string name_of(const std::string& id) const {
    auto v = graph().find_id(id);
    return v ? graph().node(*v).name : "(missing)";
  }

  std::string property(const std::string& id, const std::string& name) const {
    auto v = graph().find_id(id);
    return v ? first_value(graph().node(*v).properties, name) : "(missing)";
  }

  static Project* project_;
  static Diagnostics* diags_;
};

Project* CuratedDataTest::project_ = nullptr;
Diagnostics* CuratedDataTest::diags_ = nullptr;

TEST_F(CuratedDataTest, ValidatesCleanlyWithEvidenceChecked) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_EQ(diags_->format(), "");
}

TEST_F(CuratedDataTest, EveryArticleIsASourceWithItsFile) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_EQ(property("src-000", "file"), "000_7feebd0d52fb0c7a.txt");
  EXPECT_EQ(property("src-001", "file"), "001_efe1b6da51e10a8a.txt");
  EXPECT_EQ(property("src-001", "date"), "2016-10-31");
  EXPECT_EQ(property("src-001", "publisher"), "Vientiane Times/ANN");
  EXPECT_EQ(property("src-002", "file"), "002_6567c0b585e659e5.txt");
  EXPECT_EQ(property("src-003", "file"), "003_0b06de52af965c0b.txt");
  EXPECT_EQ(property("src-004", "file"), "004_2af63c2be6fdcc66.txt");
}

TEST_F(CuratedDataTest, TheFiveSourcesAreGradedWithTheReasonBesideEachGrade) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  // A named newspaper with a byline and a date; the others name no outlet
  // that can be told apart, so their reliability cannot be judged.
  EXPECT_EQ(property("src-001", "reliability"), "C");
  for (const char* source : {"src-000", "src-002", "src-003", "src-004"})
    EXPECT_EQ(property(source, "reliability"), "F") << source;
  EXPECT_NE(property("src-000", "reliability_reason").find("\"The Post\""), std::string::npos);
  EXPECT_NE(property("src-001", "reliability_reason").find("Vientiane Times/ANN"), std::string::npos);
  for (const char* source : {"src-002", "src-003", "src-004"})
    EXPECT_NE(property(source, "reliability_reason").find("names no publisher"), std::string::npos) << source;
}

TEST_F(CuratedDataTest, EachArticleFollowsTheNamingOfData) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  const GraphView& view = *project_->view;
  // src-NNN, defined in data/articles/NNN-short-topic.yaml, cites NNN_hash.txt.
  const std::regex id("src-([0-9]{3})"), file("([0-9]{3})_[0-9a-f]{16}\\.txt"),
      facts(".*/data/articles/([0-9]{3})-[a-z0-9]+(-[a-z0-9]+)*\\.yaml");
  const std::string articles = std::string(RELMAP_SOURCE_DIR) + "/../shared/articles";
  int sources = 0;
  for (std::uint32_t v = 0; v < view.node_count(); ++v) {
    if (project_->schema.node_types()[view.node(v).type].name != "source") continue;
    ++sources;
    std::smatch by_id, by_file, by_facts;
    const std::string source(view.id(v));
    const std::string name(view.value(view.node_properties(v), "file"));
    const std::string defined_in(view.file(view.node(v).where.file));
    ASSERT_TRUE(std::regex_match(source, by_id, id)) << source;
    ASSERT_TRUE(std::regex_match(name, by_file, file)) << source << ": " << name;
    ASSERT_TRUE(std::regex_match(defined_in, by_facts, facts)) << source << ": " << defined_in;
    EXPECT_EQ(by_file[1], by_id[1]) << source << ": " << name;
    EXPECT_EQ(by_facts[1], by_id[1]) << source << ": " << defined_in;
    if (std::filesystem::is_directory(articles)) {
      EXPECT_TRUE(std::filesystem::is_regular_file(articles + "/" + name)) << source << ": " << name;
    }
  }
  EXPECT_GT(sources, 0);
}

TEST_F(CuratedDataTest, Article000CambodianForum) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_TRUE(has("kh-mptc", "hosted", "kh-cyber-forum", "src-000"));
  EXPECT_TRUE(has("kh-mptc", "organised", "kh-cyber-forum", "src-000"));
  EXPECT_TRUE(has("jica", "supports", "kh-cyber-forum", "src-000"));
  EXPECT_TRUE(has("khov-makara", "holds_position", "kh-mptc", "src-000", "secretary of state"));
  EXPECT_TRUE(has("kin-phea", "holds_position", "kh-iri", "src-000", "director"));
  EXPECT_TRUE(has("kh-iri", "part_of", "kh-rac", "src-000"));
  EXPECT_EQ(type_of("kh-rac"), "academic_institution");
  EXPECT_EQ(type_of("pentagonal-strategy"), "policy");
  EXPECT_EQ(basis("kh-mptc", "hosted", "kh-cyber-forum", "src-000"), "stated");
  // Implied: JICA is Japan's by its name; the ministry, the government and the
  // academy are Cambodia's; "Japanese officials" took part, not Japan as such.
  EXPECT_EQ(basis("jica", "part_of", "japan", "src-000"), "implied");
  EXPECT_EQ(evidence("jica", "part_of", "japan", "src-000"),
            "the Japan International Cooperation Agency (JICA)");
  EXPECT_EQ(basis("kh-mptc", "part_of", "cambodia", "src-000"), "implied");
  EXPECT_EQ(basis("kh-government", "part_of", "cambodia", "src-000"), "implied");
  EXPECT_EQ(basis("kh-rac", "located_in", "cambodia", "src-000"), "implied");
  EXPECT_EQ(basis("japan", "attended", "kh-cyber-forum", "src-000"), "implied");
  // The secretary of state who spoke of the meeting's aim attended it.
  EXPECT_EQ(basis("khov-makara", "attended", "kh-cyber-forum", "src-000"), "implied");
}

TEST_F(CuratedDataTest, Article001VientianeWorkshop) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_TRUE(has("thansamay-kommasith", "chaired", "clmv-workshop-2016", "src-001"));
  EXPECT_TRUE(has("daniel-stauffacher", "chaired", "clmv-workshop-2016", "src-001"));
  EXPECT_TRUE(has("ict4peace", "supports", "clmv-workshop-2016", "src-001"));
  EXPECT_TRUE(has("clmv-workshop-2016", "located_in", "vientiane", "src-001"));
  // "yesterday" in a syndicated copy dated 31 October 2016: the month, not the day.
  EXPECT_EQ(property("clmv-workshop-2016", "date"), "2016-10");
  EXPECT_NE(property("clmv-workshop-2016", "description").find("\"yesterday\""), std::string::npos);
  for (const char* country : {"cambodia", "laos", "myanmar", "vietnam"}) {
    EXPECT_TRUE(has("clmv", "consists_of", country, "src-001")) << country;
    EXPECT_TRUE(has(country, "member_of", "asean", "src-001")) << country;
  }
  // "Lao CERT engages with its counterparts ..., including Japan, Vietnam,
  // Cambodia, Thailand and the Asia Pacific CERT": a CERT's counterparts are
  // CERTs, so the one it names is the only relation, and it engages, no more.
  EXPECT_EQ(basis("lao-cert", "engages_with", "apcert", "src-001"), "stated");
  for (const char* country : {"japan", "vietnam", "cambodia"}) {
    EXPECT_FALSE(has(country, "cooperates_with", "lao-cert", "src-001")) << country;
    EXPECT_FALSE(has("lao-cert", "engages_with", country, "src-001")) << country;
  }
  EXPECT_FALSE(has("apcert", "cooperates_with", "lao-cert", "src-001"));
  EXPECT_TRUE(has("lao-cert", "develops", "la-cyber-policy", "src-001"));
  EXPECT_EQ(type_of("clmv"), "country_group");
  EXPECT_EQ(type_of("ict4peace"), "foundation");
  EXPECT_EQ(property("lao-cert", "kind"), "cert");
  // Implied: the city, the ministry, the government and its CERT are Lao;
  // the minister speaks for Laos.
  EXPECT_EQ(basis("vientiane", "located_in", "laos", "src-001"), "implied");
  EXPECT_EQ(evidence("vientiane", "located_in", "laos", "src-001"), "began a meeting yesterday in Vientiane");
  EXPECT_EQ(basis("la-mpt", "part_of", "laos", "src-001"), "implied");
  EXPECT_EQ(evidence("la-mpt", "part_of", "laos", "src-001"),
            "Thansamay said Laos was committed to fulfilling its international obligations");
  EXPECT_EQ(basis("la-government", "part_of", "laos", "src-001"), "implied");
  EXPECT_EQ(basis("lao-cert", "part_of", "la-government", "src-001"), "implied");
  EXPECT_EQ(basis("lao-cert", "part_of", "laos", "src-001"), "implied");
  EXPECT_EQ(basis("thansamay-kommasith", "represents", "laos", "src-001"), "implied");
  EXPECT_EQ(basis("cambodia", "member_of", "asean", "src-001"), "stated");  // "the four members of"
}

TEST_F(CuratedDataTest, LaoAndCambodianGovernmentsAreModelledAlike) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  for (const auto& [government, country, source] :
       {std::tuple{"kh-government", "cambodia", "src-000"}, std::tuple{"la-government", "laos", "src-001"}}) {
    EXPECT_EQ(type_of(government), "government_body") << government;
    EXPECT_EQ(property(government, "kind"), "government") << government;
    EXPECT_EQ(basis(government, "part_of", country, source), "implied") << government;
  }
}

TEST_F(CuratedDataTest, Article002PhnomPenhTraining) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_TRUE(has("unodc", "implemented", "unodc-cybercrime-training", "src-002"));
  EXPECT_TRUE(has("japan", "supports", "unodc-cybercrime-training", "src-002"));
  EXPECT_TRUE(has("unodc-cybercrime-training", "located_in", "phnom-penh", "src-002"));
  for (const char* body : {"kh-national-police", "kh-fiu", "kh-moj"})
    EXPECT_TRUE(has(body, "attended", "unodc-cybercrime-training", "src-002")) << body;
  EXPECT_TRUE(has("taninai-ichitomo", "holds_position", "jp-embassy", "src-002", "deputy chief of mission"));
  EXPECT_TRUE(has("japan", "cooperates_with", "unodc", "src-002"));
  EXPECT_EQ(property("unodc-cybercrime-training", "days"), "5");
  EXPECT_EQ(property("jp-embassy", "kind"), "embassy");
  EXPECT_EQ(property("kh-moj", "kind"), "ministry");  // the Ministry of Justice is a ministry
  // "a cybersecurity training course in Phnom Penh", as the article says.
  EXPECT_EQ(name_of("unodc-cybercrime-training"), "Cybersecurity training course in Phnom Penh");
  EXPECT_EQ(evidence("japan", "cooperates_with", "unodc", "src-002"),
            "cybercrime, which is one of the priority areas of cooperation between Japan and the UNODC");
  // Stated: "a senior Japanese embassy official" (a demonym names the country).
  EXPECT_EQ(basis("jp-embassy", "part_of", "japan", "src-002"), "stated");
  // Implied: the embassy is in Cambodia, Phnom Penh is Cambodian, the deputy
  // chief of mission speaks for Japan ("our"), "we" who hold the dialogues are
  // the UNODC and the Japanese government of the sentence before.
  EXPECT_EQ(basis("jp-embassy", "located_in", "cambodia", "src-002"), "implied");
  EXPECT_NE(evidence("taninai-ichitomo", "represents", "japan", "src-002").find("our core values"),
            std::string::npos);
  EXPECT_NE(
      evidence("japan", "organised", "japan-unodc-dialogue", "src-002").find("UNODC and Japanese government"),
      std::string::npos);
  // Aliases are names the article uses: "UN Office on Drugs and Crime".
  EXPECT_EQ(match_actor(graph().view(), "United Nations Office on Drugs and Crime").actors.size(), 0u);
  EXPECT_EQ(match_actor(graph().view(), "UN Office on Drugs and Crime").actors.size(), 1u);
  EXPECT_EQ(basis("phnom-penh", "located_in", "cambodia", "src-002"), "implied");
  EXPECT_EQ(basis("taninai-ichitomo", "represents", "japan", "src-002"), "implied");
  EXPECT_EQ(basis("japan", "organised", "japan-unodc-dialogue", "src-002"), "implied");
  EXPECT_EQ(basis("unodc", "organised", "japan-unodc-dialogue", "src-002"), "implied");
  // Stated: "Cambodian authorities, including ... the Ministry of Justice".
  EXPECT_EQ(basis("kh-moj", "part_of", "cambodia", "src-002"), "stated");
}

TEST_F(CuratedDataTest, Article003AseanJapanAgreement) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_TRUE(has("jasper", "consists_of", "practice", "src-003"));
  EXPECT_TRUE(has("jasper", "consists_of", "infection-alerting", "src-003"));
  EXPECT_TRUE(has("asean-japan-cyber-agreement", "promotes", "tsubame", "src-003"));
  EXPECT_TRUE(has("asean-japan-cyber-agreement", "promotes", "isms", "src-003"));
  EXPECT_TRUE(has("asean", "party_to", "asean-japan-cyber-agreement", "src-003"));
  EXPECT_TRUE(has("japan", "party_to", "asean-japan-cyber-agreement", "src-003"));
  EXPECT_TRUE(has("mario-montejo", "represents", "philippines", "src-003"));
  EXPECT_TRUE(has("asean-japan-ministerial-meeting", "located_in", "tokyo", "src-003"));
  EXPECT_TRUE(has("shinzo-abe", "holds_position", "japan", "src-003", "prime minister"));
  // The page's heading (2024) is not the article's date, nor the meeting's year,
  // and the description says only what the page shows.
  EXPECT_EQ(property("src-003", "date"), "");
  EXPECT_EQ(property("src-003", "description").find("office"), std::string::npos);
  EXPECT_EQ(property("asean-japan-ministerial-meeting", "date"), "");
  // Implied: the Philippines, represented at the "ministerial meeting of Asean
  // member states and Japan", is an ASEAN member and attended; DOST is its
  // department; Tokyo is in Japan.
  EXPECT_EQ(basis("philippines", "member_of", "asean", "src-003"), "implied");
  EXPECT_NE(evidence("philippines", "member_of", "asean", "src-003").find("represented the Philippines"),
            std::string::npos);
  EXPECT_NE(evidence("philippines", "member_of", "asean", "src-003").find("Asean member states"),
            std::string::npos);
  EXPECT_EQ(basis("philippines", "attended", "asean-japan-ministerial-meeting", "src-003"), "implied");
  EXPECT_EQ(basis("ph-dost", "part_of", "philippines", "src-003"), "implied");
  EXPECT_EQ(basis("tokyo", "located_in", "japan", "src-003"), "implied");
  // Stated: "represented the Philippines".
  EXPECT_EQ(basis("mario-montejo", "represents", "philippines", "src-003"), "stated");
}

TEST_F(CuratedDataTest, Article004SingaporeVietnamMeeting) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  EXPECT_TRUE(has("to-lam", "holds_position", "vn-mps", "src-004", "Minister of Public Security"));
  EXPECT_TRUE(
      has("iswaran", "holds_position", "sg-mci", "src-004", "Minister of Communications and Information"));
  EXPECT_TRUE(has("singapore", "cooperates_with", "vietnam", "src-004"));
  // "the MPS opened a training course": opened, not organised.
  EXPECT_TRUE(has("vn-mps", "opened", "vn-mps-training", "src-004"));
  EXPECT_FALSE(has("vn-mps", "organised", "vn-mps-training", "src-004"));
  EXPECT_EQ(basis("nguyen-duy-ngoc", "attended", "vn-mps-training", "src-004"), "implied");
  EXPECT_TRUE(has("nguyen-duy-ngoc", "called_on", "vn-cipher-committee", "src-004"));
  EXPECT_EQ(property("sg-vn-ministerial-meeting", "format"), "virtual");
  // "…, Singapore agreed": read two ways, so his country is implied.
  EXPECT_EQ(basis("sg-mci", "part_of", "singapore", "src-004"), "implied");
  EXPECT_EQ(basis("iswaran", "holds_position", "singapore", "src-004"), "implied");
  // "Minister of Public Security (MPS) of Vietnam" states the ministry's country.
  EXPECT_EQ(basis("vn-mps", "part_of", "vietnam", "src-004"), "stated");
  // "Deputy Minister" is his office at the MPS, not an honorific.
  EXPECT_EQ(property("nguyen-duy-ngoc", "honorific"), "");
  EXPECT_TRUE(has("nguyen-duy-ngoc", "holds_position", "vn-mps", "src-004", "Deputy Minister"));
  EXPECT_EQ(basis("nguyen-duy-ngoc", "holds_position", "vn-mps", "src-004"), "implied");
  // The Cipher Committee asked to coordinate with the MPS: a relation between the two.
  EXPECT_EQ(basis("vn-mps", "called_on", "vn-cipher-committee", "src-004"), "implied");
  EXPECT_EQ(basis("vn-cipher-committee", "part_of", "vietnam", "src-004"), "implied");
  // The ministers who met attended; Singapore is one of the "ASEAN countries".
  EXPECT_EQ(basis("to-lam", "attended", "sg-vn-ministerial-meeting", "src-004"), "implied");
  EXPECT_NE(
      evidence("to-lam", "attended", "sg-vn-ministerial-meeting", "src-004").find("especially Singapore"),
      std::string::npos);
  EXPECT_EQ(basis("iswaran", "attended", "sg-vn-ministerial-meeting", "src-004"), "implied");
  EXPECT_EQ(basis("singapore", "member_of", "asean", "src-004"), "implied");
  EXPECT_EQ(evidence("singapore", "member_of", "asean", "src-004"),
            "law enforcement agencies of ASEAN countries, especially Singapore");
  EXPECT_EQ(basis("to-lam", "represents", "vietnam", "src-004"), "implied");
  EXPECT_EQ(basis("iswaran", "represents", "singapore", "src-004"), "implied");
}

TEST_F(CuratedDataTest, DeputyMinisterNgocIsLinkedToJapan) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  QueryEngine engine(graph(), {});
  const auto paths = engine.paths(static_cast<NodeId>(*graph().find_id("nguyen-duy-ngoc")),
                                  static_cast<NodeId>(*graph().find_id("japan")), {});
  ASSERT_FALSE(paths.empty());
  for (const Hop& hop : paths.front().hops)
    EXPECT_EQ(graph().edge(graph().edges()[hop.edge]).source.rfind("src-", 0), 0u);
}

TEST_F(CuratedDataTest, FieldsAndPositionsAreTheQuotesOwnWords) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  for (auto e : graph().edges()) {
    const EdgeProps& r = graph().edge(e);
    const std::vector<std::string> words = {first_value(r.properties, "field"),
                                            first_value(r.properties, "role")};
    for (const std::string& w : words)
      EXPECT_NE(lower(r.evidence).find(lower(w)), std::string::npos)
          << "'" << w << "' is not in “" << r.evidence << "”";
  }
}

TEST_F(CuratedDataTest, NamesakesStayApart) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  // Two ministries of posts and telecommunications, in Cambodia and in Laos.
  EXPECT_TRUE(has("khov-makara", "holds_position", "kh-mptc", "src-000", "secretary of state"));
  EXPECT_TRUE(has("thansamay-kommasith", "holds_position", "la-mpt", "src-001",
                  "Minister of Posts and Telecommunications"));
  EXPECT_TRUE(has("kh-mptc", "part_of", "cambodia", "src-000"));
  EXPECT_FALSE(has("thansamay-kommasith", "holds_position", "kh-mptc", "src-001"));
  EXPECT_EQ(match_actor(graph().view(), "Ministry of Post and Telecommunications").actors.size(), 1u);
  EXPECT_EQ(match_actor(graph().view(), "Ministry of Posts and Telecommunications").actors.size(), 1u);
}

TEST_F(CuratedDataTest, SharedActorsAreDefinedOnce) {
  ASSERT_NE(project_->view, nullptr) << diags_->format();
  // Japan appears in three articles' facts: one node, cited by each.
  for (const char* source : {"src-000", "src-002", "src-003"}) {
    bool cited = false;
    for (auto e : graph().edges()) {
      cited = cited || (graph().edge(e).source == source && (graph().node(graph().source(e)).id == "japan" ||
                                                             graph().node(graph().target(e)).id == "japan"));
    }
    EXPECT_TRUE(cited) << source;
  }
  EXPECT_EQ(match_actor(graph().view(), "Japan").actors.size(), 1u);
  EXPECT_EQ(match_actor(graph().view(), "ASEAN").actors.size(), 1u);
}

}  // namespace
}  // namespace relmap
