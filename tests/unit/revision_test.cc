#include "project/revision.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

const std::string kCommit(40, 'c');
const std::string kBlob(40, 'b'), kLink(40, 'd'), kSchemaBlob(40, 'a');

std::string entry(const std::string& mode, const std::string& object, const std::string& path) {
  return mode + " blob " + object + "\t" + path + std::string(1, '\0');
}

TEST(RevisionTest, ParsesGitsListings) {
  std::vector<TreeEntry> entries;
  ASSERT_TRUE(parse_tree_listing(
      entry("100644", kBlob, "data/a b.yaml") + entry("120000", kLink, "data/l\nx"), &entries));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].path, "data/a b.yaml");
  EXPECT_EQ(entries[1].mode, "120000");
  EXPECT_EQ(entries[1].path, "data/l\nx");
  EXPECT_FALSE(parse_tree_listing("100644 blob xyz\tdata/a.yaml", &entries));
  std::vector<GitObject> objects;
  ASSERT_TRUE(parse_cat_file(kBlob + " blob 5\nsymlink 11\n/etc/passwd\n" + kCommit + ":data/n missing\n", 3,
                             false, &objects));
  EXPECT_EQ(objects[0].kind, "blob");
  EXPECT_EQ(objects[0].size, 5u);
  EXPECT_EQ(objects[1].kind, "symlink");
  EXPECT_EQ(objects[1].content, "/etc/passwd");
  EXPECT_EQ(objects[2].kind, "missing");
  EXPECT_TRUE(parse_cat_file(kBlob + " blob 3\na:b\n", 1, true, &objects));
  EXPECT_EQ(objects[0].content, "a:b");
  EXPECT_FALSE(parse_cat_file(kBlob + " blob 9\na:b\n", 1, true, &objects));  // cut short
}

TEST(RevisionTest, LinksAreFollowedOnlyWithinTheTreeAndToFiles) {
  RevisionReader reader("main", kCommit, "graph-schema.yaml", "data");
  Diagnostics diags;
  ASSERT_TRUE(reader.plan(entry("100644", kBlob, "data/a.yaml") + entry("100644", kBlob, "data/README.md") +
                              entry("120000", kLink, "data/host.yaml") + entry("120000", kLink, "data/leak") +
                              entry("120000", kLink, "data/folder") + entry("120000", kLink, "data/in.yaml") +
                              entry("100644", kBlob, "other/b.yaml"),
                          &diags));
  // Asked: the schema and every link by name, plain facts files by object.
  EXPECT_EQ(reader.check_requests(), kCommit + ":graph-schema.yaml\n" + kBlob + "\n" + kCommit +
                                         ":data/folder\n" + kCommit + ":data/host.yaml\n" + kCommit +
                                         ":data/in.yaml\n" + kCommit + ":data/leak\n");
  const std::string answers = kSchemaBlob + " blob 10\n" + kBlob + " blob 4\n" + kBlob +
                              " tree 30\nsymlink 11\n/etc/passwd\n" + kLink + " blob 4\nsymlink 4\n/srv\n";
  EXPECT_FALSE(reader.check(answers, &diags));
  EXPECT_EQ(diags.format(),
            "main:data/folder: error: a link to a folder: a revision's links are followed to files only\n"
            "main:data/host.yaml: error: a link to '/etc/passwd', outside the revision: not followed\n"
            "main:data/leak: error: a link to '/srv', outside the revision: not followed\n");
}

TEST(RevisionTest, ReadsTheFilesGitGives) {
  RevisionReader reader("v1", kCommit, "graph-schema.yaml", "data");
  Diagnostics diags;
  ASSERT_TRUE(
      reader.plan(entry("100644", kBlob, "data/a.yaml") + entry("120000", kLink, "data/in.yaml"), &diags));
  ASSERT_TRUE(reader.check(kSchemaBlob + " blob 2\n" + kBlob + " blob 4\n" + kLink + " blob 3\n", &diags));
  EXPECT_EQ(reader.content_requests(), kSchemaBlob + "\n" + kBlob + "\n" + kLink + "\n");
  RevisionFiles files;
  ASSERT_TRUE(reader.take(
      kSchemaBlob + " blob 2\n{}\n" + kBlob + " blob 4\na: 1\n" + kLink + " blob 3\nb:2\n", &files, &diags))
      << diags.format();
  EXPECT_EQ(files.schema.name, "v1:graph-schema.yaml");
  EXPECT_EQ(files.schema.content, "{}");
  ASSERT_EQ(files.facts.size(), 2u);
  EXPECT_EQ(files.facts[0].name, "v1:data/a.yaml");
  EXPECT_EQ(files.facts[1].name, "v1:data/in.yaml");  // the link, by its own name
  EXPECT_EQ(files.facts[1].content, "b:2");
}

TEST(RevisionTest, ARevisionWithoutDataIsAnError) {
  RevisionReader reader("old", kCommit, "graph-schema.yaml", "data");
  Diagnostics diags;
  EXPECT_FALSE(reader.plan(entry("100644", kBlob, "database/a.yaml"), &diags));
  EXPECT_EQ(diags.format(), "error: revision 'old' has no data\n");
}

}  // namespace
}  // namespace relmap
