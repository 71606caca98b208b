// The compiled snapshot read back in memory: what it holds, how names are
// found in it, and damaged bytes refused.
#include <gtest/gtest.h>

#include "base/files.h"
#include "store/snapshot.h"
#include "test_util.h"

namespace relmap {
namespace {

const char* const kFacts = R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan, aliases: [Nippon], iso_code: JP}
  - {id: laos, type: country, name: Laos}
  - {id: lao-cert, type: organisation, name: Lao Computer Emergency Response Team, kind: cert}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: they cooperate}
  - {from: lao-cert, type: based_in, to: laos, source: src, evidence: in Vientiane, basis: implied}
)";

class SnapshotUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = testing::load(kFacts);
    ASSERT_NE(loaded_->graph, nullptr) << loaded_->messages();
    image_ = std::make_shared<std::string>(
        compile_snapshot(loaded_->schema, loaded_->facts, Diagnostics(), Manifest()).bytes());
  }
  std::shared_ptr<const GraphView> open(std::string_view bytes, std::string* why,
                                        GraphView::Check check = GraphView::Check::kAll) {
    return GraphView::open(image_, bytes, why, check);
  }

  std::unique_ptr<testing::Loaded> loaded_;
  std::shared_ptr<std::string> image_;
};

TEST_F(SnapshotUnitTest, HoldsTheFactsInTheirOrder) {
  std::string why;
  auto view = open(*image_, &why);
  ASSERT_NE(view, nullptr) << why;
  ASSERT_EQ(view->node_count(), 4u);
  ASSERT_EQ(view->edge_count(), 2u);
  EXPECT_EQ(view->id(1), "japan");
  EXPECT_EQ(view->name(3), "Lao Computer Emergency Response Team");
  ASSERT_EQ(view->aliases(1).size(), 1u);
  EXPECT_EQ(view->text(view->aliases(1)[0]), "Nippon");
  EXPECT_EQ(view->value(view->node_properties(1), "iso_code"), "JP");
  const EdgeRecord& based = view->edge(1);
  EXPECT_EQ(view->id(based.from), "lao-cert");
  EXPECT_EQ(view->id(based.to), "laos");
  EXPECT_EQ(view->id(based.source), "src");
  EXPECT_EQ(view->text(based.evidence), "in Vientiane");
  EXPECT_EQ(view->basis(1), Basis::kImplied);
  EXPECT_EQ(view->basis(0), Basis::kStated);
  EXPECT_EQ(view->out_edges(*view->find_id("japan")).size(), 1u);
  EXPECT_EQ(view->in_edges(*view->find_id("laos")).size(), 2u);
  EXPECT_EQ(view->degree(*view->find_id("laos")), 2u);
}

TEST_F(SnapshotUnitTest, EachRowNamesTheActorAtTheOtherEndOfItsEdges) {
  std::string why;
  auto view = open(*image_, &why);
  ASSERT_NE(view, nullptr) << why;
  std::size_t seen = 0;
  for (std::uint32_t v = 0; v < view->node_count(); ++v) {
    const auto out = view->out_edges(v), out_to = view->out_neighbors(v);
    const auto in = view->in_edges(v), in_from = view->in_neighbors(v);
    ASSERT_EQ(out.size(), out_to.size());
    ASSERT_EQ(in.size(), in_from.size());
    for (std::size_t i = 0; i < out.size(); ++i, ++seen) EXPECT_EQ(out_to[i], view->edge(out[i]).to);
    for (std::size_t i = 0; i < in.size(); ++i, ++seen) EXPECT_EQ(in_from[i], view->edge(in[i]).from);
  }
  EXPECT_EQ(seen, 2 * view->edge_count());
  const std::uint32_t laos = *view->find_id("laos");
  ASSERT_EQ(view->in_neighbors(laos).size(), 2u);
  EXPECT_EQ(view->id(view->in_neighbors(laos)[0]), "japan");
  EXPECT_EQ(view->id(view->in_neighbors(laos)[1]), "lao-cert");
}

TEST_F(SnapshotUnitTest, FindsByIdNameAliasAndWords) {
  std::string why;
  auto view = open(*image_, &why);
  ASSERT_NE(view, nullptr) << why;
  EXPECT_EQ(view->find_id("laos"), 2u);
  EXPECT_FALSE(view->find_id("Laos").has_value());  // ids are exact
  EXPECT_EQ(view->find_name("NIPPON"), std::vector<std::uint32_t>{1});
  EXPECT_EQ(view->find_name("lao computer emergency response team"), std::vector<std::uint32_t>{3});
  EXPECT_EQ(view->find_words("Emergency Lao"), std::vector<std::uint32_t>{3});
  EXPECT_TRUE(view->find_words("Vientiane").empty());
}

TEST_F(SnapshotUnitTest, RefusesDamagedOrTruncatedBytes) {
  std::string why;
  EXPECT_EQ(open(std::string_view(*image_).substr(0, image_->size() / 2), &why), nullptr);
  EXPECT_FALSE(why.empty());
  // One byte flipped in the middle: caught by the checksums, all at once, or
  // when the block holding it is read.
  auto damaged = std::make_shared<std::string>(*image_);
  (*damaged)[damaged->size() / 2] = static_cast<char>((*damaged)[damaged->size() / 2] ^ 0x5a);
  std::string why_damaged;
  auto all = GraphView::open(damaged, *damaged, &why_damaged, GraphView::Check::kAll);
  EXPECT_EQ(all, nullptr);
  EXPECT_FALSE(why_damaged.empty());
  std::string why_lazy;
  auto lazy = GraphView::open(damaged, *damaged, &why_lazy, GraphView::Check::kOnRead);
  if (lazy != nullptr) {
    EXPECT_THROW(
        {
          for (std::uint32_t v = 0; v < lazy->node_count(); ++v) (void)lazy->id(v);
          for (std::uint32_t e = 0; e < lazy->edge_count(); ++e) (void)lazy->text(lazy->edge(e).evidence);
        },
        SnapshotDamaged);
  }
}

/// A manifest of two data files, as compiled from `stamp` for the second.
Manifest two_files(std::int64_t stamp) {
  Manifest m;
  m.data_path = "data";
  m.files = {{"data/a.yaml", {10, 1, 1, true}, 11, 12}, {"data/b.yaml", {20, stamp, stamp, true}, 21, 22}};
  return m;
}

std::string written(const std::string& path, const SnapshotImage& image) {
  Diagnostics diags;
  EXPECT_TRUE(write_file(path, image.pieces(), &diags)) << diags.format();
  return path;
}

TEST_F(SnapshotUnitTest, TakesTheManifestRecordedBesideItForItsOwn) {
  testing::TempDir dir;
  const std::string path =
      written(dir.path("graph.snapshot"),
              compile_snapshot(loaded_->schema, loaded_->facts, Diagnostics(), two_files(2)));
  std::string why;
  auto view = GraphView::open_file(path, &why);
  ASSERT_NE(view, nullptr) << why;
  ASSERT_EQ(view->manifest().files.size(), 2u);
  EXPECT_EQ(view->manifest().files[1].stamp.mtime_ns, 2);
  Manifest now = two_files(3);
  now.restamps = 1;
  Diagnostics diags;
  ASSERT_TRUE(write_restamped(path, *view, now, &diags)) << diags.format();
  auto restamped = GraphView::open_file(path, &why);
  ASSERT_NE(restamped, nullptr) << why;
  EXPECT_EQ(restamped->restamps(), 1u);
  EXPECT_EQ(restamped->manifest().files[1].stamp.mtime_ns, 3);
  ManifestFiles files = restamped->data_files();
  ManifestFiles::Entry entry;
  ASSERT_TRUE(files.next(&entry) && files.next(&entry));
  EXPECT_EQ(entry.path, "data/b.yaml");
  EXPECT_EQ(entry.stamp.ctime_ns, 3);
  EXPECT_EQ(restamped->id(1), "japan");  // the graph as it was

  // Damaged, it is ignored: the snapshot's own manifest holds.
  std::string bytes, error;
  ASSERT_TRUE(read_bounded(restamped_path(path), 1 << 20, &bytes, &error)) << error;
  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
  ASSERT_TRUE(write_file(restamped_path(path), flipped, &diags));
  EXPECT_EQ(GraphView::open_file(path, &why)->manifest().files[1].stamp.mtime_ns, 2);

  // Recorded for another snapshot, it is ignored too.
  ASSERT_TRUE(write_file(restamped_path(path), bytes, &diags));
  written(path, compile_snapshot(loaded_->schema, loaded_->facts, Diagnostics(), two_files(4)));
  auto other = GraphView::open_file(path, &why);
  ASSERT_NE(other, nullptr) << why;
  EXPECT_EQ(other->restamps(), 0u);
  EXPECT_EQ(other->manifest().files[1].stamp.mtime_ns, 4);
}

}  // namespace
}  // namespace relmap
