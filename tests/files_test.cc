#include "files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>

#include "test_util.h"

namespace relmap {
namespace {

using testing::TempDir;

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

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

}  // namespace
}  // namespace relmap
