#include "base/files.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "test_util.h"

namespace relmap {
namespace {

using testing::TempDir;

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(FilesTest, ReadsARegularFileWhole) {
  TempDir tmp;
  write(tmp.path("a.txt"), "hello\nworld");
  std::string text, error;
  ASSERT_TRUE(read_bounded(tmp.path("a.txt"), 100, &text, &error)) << error;
  EXPECT_EQ(text, "hello\nworld");
}

TEST(FilesTest, GivesTheRealCause) {
  TempDir tmp;
  std::string text = "stale", error;
  EXPECT_FALSE(read_bounded(tmp.path("missing.yaml"), 100, &text, &error));
  EXPECT_EQ(error, "No such file or directory");
  EXPECT_EQ(text, "");
  write(tmp.path("file"), "x");
  EXPECT_FALSE(read_bounded(tmp.path("file/below"), 100, &text, &error));
  EXPECT_EQ(error, "Not a directory");
}

TEST(FilesTest, ReadsOnlyRegularFiles) {
  TempDir tmp;
  std::string text, error;
  EXPECT_FALSE(read_bounded(tmp.path(), 100, &text, &error));
  EXPECT_EQ(error, "not a regular file (a folder)");
  // /dev/zero never ends: it must be refused, not read until memory runs out.
  EXPECT_FALSE(read_bounded("/dev/zero", kMaxSourceFileBytes, &text, &error));
  EXPECT_EQ(error, "not a regular file (a character device)");
  // A pipe without a writer must not block.
  ASSERT_EQ(::mkfifo(tmp.path("pipe").c_str(), 0600), 0);
  EXPECT_FALSE(read_bounded(tmp.path("pipe"), 100, &text, &error));
  EXPECT_EQ(error, "not a regular file (a pipe)");
  // A symbolic link to a regular file is read.
  write(tmp.path("target"), "via link");
  ASSERT_EQ(::symlink(tmp.path("target").c_str(), tmp.path("link").c_str()), 0);
  EXPECT_TRUE(read_bounded(tmp.path("link"), 100, &text, &error)) << error;
  EXPECT_EQ(text, "via link");
}

TEST(FilesTest, RefusesFilesPastTheCap) {
  TempDir tmp;
  write(tmp.path("ten"), "0123456789");
  std::string text, error;
  EXPECT_TRUE(read_bounded(tmp.path("ten"), 10, &text, &error)) << error;
  EXPECT_FALSE(read_bounded(tmp.path("ten"), 9, &text, &error));
  EXPECT_EQ(error, "larger than 9 bytes");
  EXPECT_EQ(text, "");
  // A sparse file one byte past the cap is refused before being read.
  { std::ofstream(tmp.path("big")); }
  ASSERT_EQ(::truncate(tmp.path("big").c_str(), static_cast<off_t>(kMaxSourceFileBytes + 1)), 0);
  EXPECT_FALSE(read_bounded(tmp.path("big"), kMaxSourceFileBytes, &text, &error));
  EXPECT_EQ(error, "larger than 16 MiB");
}

TEST(FilesTest, ReadFileReportsAtThePath) {
  TempDir tmp;
  std::string text;
  Diagnostics diags;
  EXPECT_FALSE(read_file(tmp.path(), &text, &diags));
  EXPECT_EQ(diags.format(), tmp.path() + ": error: cannot read file: not a regular file (a folder)\n");
}

/// The names in folder `dir`, hidden ones included.
std::set<std::string> names_in(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  return names;
}

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FilesTest, WriteFileReplacesAndKeepsPermissions) {
  TempDir tmp;
  Diagnostics diags;
  ASSERT_TRUE(write_file(tmp.path("sub/map.svg"), "first", &diags)) << diags.format();
  EXPECT_EQ(contents(tmp.path("sub/map.svg")), "first");
  ASSERT_EQ(::chmod(tmp.path("sub/map.svg").c_str(), 0640), 0);
  ASSERT_TRUE(write_file(tmp.path("sub/map.svg"), "second", &diags)) << diags.format();
  EXPECT_EQ(contents(tmp.path("sub/map.svg")), "second");
  struct stat st {};
  ASSERT_EQ(::stat(tmp.path("sub/map.svg").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(names_in(tmp.path("sub")), std::set<std::string>{"map.svg"});  // no temporary file left
}

TEST(FilesTest, FileHoldsExactlyItsContent) {
  TempDir tmp;
  Diagnostics diags;
  ASSERT_TRUE(write_file(tmp.path("layout.txt"), "a 1 2\n", &diags)) << diags.format();
  EXPECT_TRUE(file_holds(tmp.path("layout.txt"), "a 1 2\n"));
  EXPECT_FALSE(file_holds(tmp.path("layout.txt"), "a 1 2"));       // shorter
  EXPECT_FALSE(file_holds(tmp.path("layout.txt"), "a 1 2\nb\n"));  // longer
  EXPECT_FALSE(file_holds(tmp.path("layout.txt"), "a 1 3\n"));
  EXPECT_FALSE(file_holds(tmp.path("missing.txt"), ""));
  EXPECT_FALSE(file_holds(tmp.path(""), ""));  // a folder
}

TEST(FilesTest, WriteFileFailsWithTheCauseAndLeavesNothing) {
  TempDir tmp;
  write(tmp.path("file"), "x");
  Diagnostics diags;
  EXPECT_FALSE(write_file(tmp.path("file/map.svg"), "data", &diags));
  EXPECT_EQ(diags.format(), tmp.path("file/map.svg") + ": error: cannot create folder " + tmp.path("file") +
                                ": Not a directory\n");
  // A folder in the way: the rename fails, and the temporary file goes.
  std::filesystem::create_directory(tmp.path("dir"));
  Diagnostics in_the_way;
  EXPECT_FALSE(write_file(tmp.path("dir"), "data", &in_the_way));
  EXPECT_EQ(in_the_way.format(), tmp.path("dir") + ": error: cannot write file: Is a directory\n");
  EXPECT_EQ(names_in(tmp.path()), (std::set<std::string>{"dir", "file"}));
}

TEST(FilesTest, WriteFileThatCannotBeWrittenWholeLeavesTheOldOne) {
  TempDir tmp;
  Diagnostics diags;
  ASSERT_TRUE(write_file(tmp.path("report.html"), "old", &diags));
  // A file size limit makes the write fail part-way, as a full disk would.
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 1000;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const bool ok = write_file(tmp.path("report.html"), std::string(5000, 'x'), &diags);
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_FALSE(ok);
  EXPECT_EQ(diags.format(), tmp.path("report.html") + ": error: cannot write file: File too large\n");
  EXPECT_EQ(contents(tmp.path("report.html")), "old");
  EXPECT_EQ(names_in(tmp.path()), std::set<std::string>{"report.html"});
}

TEST(FilesTest, UniqueNamesDiffer) {
  std::set<std::string> names;
  for (int i = 0; i < 1000; ++i) names.insert(unique_name(".out.relmap-staging-"));
  EXPECT_EQ(names.size(), 1000u);
  EXPECT_EQ(names.begin()->rfind(".out.relmap-staging-", 0), 0u);
}

}  // namespace
}  // namespace relmap
