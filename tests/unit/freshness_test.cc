// Telling that a snapshot is still fresh without listing the data first:
// the quick walk finds the same files, in the same order and with the same
// stamps, as the full listing; the in-place comparison with the manifest
// agrees with inputs_match on edits, additions, deletions and a touch; and
// the watch on the inputs says when to look again.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "project/watch.h"
#include "store/snapshot.h"
#include "test_util.h"

namespace relmap {
namespace {

using testing::TempDir;

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// The files and stamps the quick walk visits, as list_fact_files gives them.
bool scanned(const std::string& folder, std::vector<std::string>* files, std::vector<FileStamp>* stamps) {
  return scan_fact_files(folder, [&](const ScannedFile& f) {
    files->push_back(std::string(f.folder) + std::string(f.name));
    stamps->push_back(f.stamp);
    return true;
  });
}

TEST(FreshnessTest, TheQuickWalkFindsWhatTheListingFinds) {
  TempDir tmp;
  const std::string data = tmp.path("data");
  // "a" sorts before "a.yaml" and "a-b": the walk goes by names, not paths.
  // Names alike in their first 8 bytes, or shorter, or past ASCII, sort as
  // the listing sorts them.
  for (const char* name : {"a.yaml", "a/x.yaml", "a/b/y.yml", "a-b/z.yaml", "b.yaml", "notes.txt",
                           "a/README.md", "000123-b.yaml", "000123-a.yaml", "000123-ab.yaml", "000123-a.yml",
                           "Z.yml", "\xc3\xa9.yaml", "~.yaml", "0.yaml"})
    write(data + "/" + name, name);
  std::vector<std::string> listed, quick;
  std::vector<FileStamp> listed_stamps, quick_stamps;
  Diagnostics diags;
  ASSERT_TRUE(list_fact_files(data + "/", &listed, &diags, &listed_stamps));
  ASSERT_TRUE(scanned(data + "/", &quick, &quick_stamps));
  EXPECT_EQ(quick, listed);
  EXPECT_EQ(quick_stamps, listed_stamps);
  ASSERT_EQ(listed.size(), 13u);
  EXPECT_EQ(listed[0], data + "/0.yaml");
  EXPECT_EQ(listed[1], data + "/000123-a.yaml");
  EXPECT_EQ(listed[2], data + "/000123-a.yml");
  EXPECT_EQ(listed[3], data + "/000123-ab.yaml");
  EXPECT_EQ(listed.back(), data + "/\xc3\xa9.yaml");
  // What it does not handle, it leaves to the listing.
  ASSERT_EQ(::symlink((data + "/b.yaml").c_str(), (data + "/c.yaml").c_str()), 0);
  quick.clear();
  EXPECT_FALSE(scanned(data, &quick, &quick_stamps));
  EXPECT_FALSE(scanned(tmp.path("missing"), &quick, &quick_stamps));
}

class InputsUnchangedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write(schema_, testing::kTestSchema);
    write(data_ + "/one.yaml", "entities:\n  - {id: japan, type: country, name: Japan}\n");
    write(data_ + "/sub/two.yaml", "entities:\n  - {id: laos, type: country, name: Laos}\n");
    compile();
  }

  /// A snapshot of the inputs as they are now.
  void compile() {
    std::vector<std::string> files;
    std::vector<FileStamp> stamps;
    Diagnostics diags;
    ASSERT_TRUE(list_fact_files(data_, &files, &diags, &stamps));
    Manifest manifest{program_identity(), input_file(schema_), data_, {}};
    for (const std::string& f : files) manifest.files.push_back(input_file(f));
    auto loaded = testing::load("entities: []\n");
    auto bytes = std::make_shared<std::string>(
        compile_snapshot(loaded->schema, loaded->facts, Diagnostics(), manifest).bytes());
    std::string why;
    view_ = GraphView::open(bytes, *bytes, &why);
    ASSERT_NE(view_, nullptr) << why;
  }

  /// What the quick check says, which must be what the full one says.
  bool unchanged() {
    std::vector<std::string> files;
    std::vector<FileStamp> stamps;
    Diagnostics diags;
    const bool full = list_fact_files(data_, &files, &diags, &stamps) &&
                      inputs_match(view_->manifest(), schema_, files, stamps);
    const bool quick = inputs_unchanged(*view_, schema_, data_);
    EXPECT_EQ(quick, full);
    // Asked to list them, the walk gives the same answer, and where it
    // lists the files (the same files, some changed) what the listing gives.
    std::vector<std::string> walked;
    std::vector<FileStamp> walked_stamps;
    EXPECT_EQ(inputs_unchanged(*view_, schema_, data_, nullptr, &walked, &walked_stamps), quick);
    if (!walked.empty()) {
      EXPECT_EQ(walked, files);
      EXPECT_EQ(walked_stamps, stamps);
    }
    ++asked_;
    if (!walked.empty()) ++walked_;
    return quick;
  }

  int asked_ = 0, walked_ = 0;

  TempDir tmp_;
  std::string schema_ = tmp_.path("graph-schema.yaml"), data_ = tmp_.path("data");
  std::shared_ptr<const GraphView> view_;
};

TEST_F(InputsUnchangedTest, NothingChanged) {
  EXPECT_TRUE(unchanged());
  EXPECT_EQ(view_->data_files().left(), 2u);
}

TEST_F(InputsUnchangedTest, TouchedButTheSameBytes) {
  ASSERT_EQ(::utimes((data_ + "/one.yaml").c_str(), nullptr), 0);
  ASSERT_EQ(::chmod((data_ + "/sub/two.yaml").c_str(), 0600), 0);
  EXPECT_TRUE(unchanged());
}

TEST_F(InputsUnchangedTest, EditedWithTheSameSize) {
  write(data_ + "/sub/two.yaml", "entities:\n  - {id: laoz, type: country, name: Laos}\n");
  EXPECT_FALSE(unchanged());
}

TEST_F(InputsUnchangedTest, AddedInANewFolderDeletedOrSchemaChanged) {
  write(data_ + "/new/three.yaml", "entities: []\n");
  EXPECT_FALSE(unchanged());
  std::filesystem::remove_all(data_ + "/new");
  EXPECT_TRUE(unchanged());
  std::filesystem::remove(data_ + "/one.yaml");
  EXPECT_FALSE(unchanged());
  compile();
  EXPECT_TRUE(unchanged());
  write(schema_, std::string(testing::kTestSchema) + "\n# a comment\n");
  EXPECT_FALSE(unchanged());
}

TEST_F(InputsUnchangedTest, TheWalkListsTheFilesWhenOneInTheMiddleChanged) {
  for (const char* name : {"a.yaml", "m/n.yaml", "z.yaml"}) write(data_ + "/" + name, "entities: []\n");
  compile();
  EXPECT_TRUE(unchanged());
  EXPECT_EQ(walked_, 0);  // nothing listed while nothing changed
  write(data_ + "/one.yaml", "entities: []\n# a longer comment\n");
  EXPECT_FALSE(unchanged());
  write(data_ + "/z.yaml", "entities: []\n# the last one too\n");
  EXPECT_FALSE(unchanged());
  write(data_ + "/a.yaml", "entities: []\n# and the first\n");
  EXPECT_FALSE(unchanged());
  EXPECT_EQ(walked_, 3);
}

TEST(FreshnessTest, FoldersOfManyFilesAreExaminedAsTheyAreListedAndVisitedInOrder) {
  TempDir tmp;
  const std::string data = tmp.path("data");
  // More files than a thread takes at a time, in the folder and in a folder
  // within it, with other files among them.
  for (int i = 0; i < 700; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%06d-%c.yaml", (i * 7919) % 1000, 'a' + i % 26);
    write(data + "/articles/" + name, name);
    if (i % 3 == 0) write(data + "/articles/more/" + std::string(name) + ".txt", "not facts");
    if (i % 5 == 0) write(data + "/articles/more/" + name, name);
  }
  std::vector<std::string> listed, quick;
  std::vector<FileStamp> listed_stamps, quick_stamps;
  Diagnostics diags;
  ASSERT_TRUE(list_fact_files(data, &listed, &diags, &listed_stamps));
  ASSERT_TRUE(scanned(data, &quick, &quick_stamps));
  ASSERT_EQ(listed.size(), 840u);
  EXPECT_EQ(quick, listed);
  EXPECT_EQ(quick_stamps, listed_stamps);
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.begin() + 700));
  // A symbolic link late in a large folder still leaves the walk to the listing.
  ASSERT_EQ(::symlink((data + "/articles/000000-a.yaml").c_str(), (data + "/articles/zzz.yaml").c_str()), 0);
  quick.clear();
  quick_stamps.clear();
  EXPECT_FALSE(scanned(data, &quick, &quick_stamps));
}

TEST(InputWatchTest, SaysWhenToLookAgain) {
  TempDir tmp;
  const std::string schema = tmp.path("graph-schema.yaml"), data = tmp.path("data");
  write(schema, "x");
  write(data + "/one.yaml", "x");
  InputWatch watch(schema, data);
  EXPECT_TRUE(watch.changed());  // the first time: nothing was seen yet
  EXPECT_FALSE(watch.changed());
  write(data + "/one.yaml", "y");
  EXPECT_TRUE(watch.changed());
  EXPECT_FALSE(watch.changed());
  // A folder made, then a file in it: both seen, the folder watched from then on.
  std::filesystem::create_directories(data + "/new/deeper");
  EXPECT_TRUE(watch.changed());
  write(data + "/new/deeper/two.yaml", "x");
  EXPECT_TRUE(watch.changed());
  std::filesystem::remove(data + "/new/deeper/two.yaml");
  EXPECT_TRUE(watch.changed());
  // The schema, but not another file beside it.
  write(tmp.path("notes.txt"), "x");
  EXPECT_FALSE(watch.changed());
  write(schema, "y");
  EXPECT_TRUE(watch.changed());
  EXPECT_FALSE(watch.changed());
}

}  // namespace
}  // namespace relmap
