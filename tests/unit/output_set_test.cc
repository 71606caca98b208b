#include "base/output_set.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "base/files.h"
#include "test_util.h"

namespace relmap {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

/// Every file under `dir` (paths relative to it) with its content.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files[fs::relative(entry.path(), dir).string()] = text.str();
  }
  return files;
}

std::vector<OutputFile> set_of(const std::string& dir, const std::string& tag) {
  return {{dir + "/relmap.svg", "<svg>" + tag + "</svg>"},
          {dir + "/maps/source-a.svg", "a " + tag},
          {dir + "/report.html", "<p>" + tag + "</p>"}};
}

std::map<std::string, std::string> expected(const std::string& tag) {
  std::map<std::string, std::string> files;
  for (const OutputFile& f : set_of("", tag)) files[f.path.substr(1)] = f.content;
  files[kOutputMarker] = "";
  return files;
}

/// `tree(dir)` without the marker's text, which the tests do not pin down.
std::map<std::string, std::string> outputs(const std::string& dir) {
  std::map<std::string, std::string> files = tree(dir);
  if (files.count(kOutputMarker)) files[kOutputMarker] = "";
  return files;
}

TEST(OutputSetTest, WritesANewFolderAndNothingBesideIt) {
  TempDir tmp;
  const std::string out = tmp.path("deep/out");
  Diagnostics diags;
  ASSERT_TRUE(replace_output_set(out, set_of(out, "one"), &diags)) << diags.format();
  EXPECT_EQ(outputs(out), expected("one"));
  std::vector<std::string> beside;
  for (const auto& entry : fs::directory_iterator(tmp.path("deep")))
    beside.push_back(entry.path().filename());
  EXPECT_EQ(beside, std::vector<std::string>{"out"});  // no lock file, no staging folder
}

TEST(OutputSetTest, ReplacesTheWholeSetAndKeepsTheFolderMode) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  Diagnostics diags;
  ASSERT_TRUE(replace_output_set(out, set_of(out, "one"), &diags));
  std::ofstream(out + "/mine.txt") << "put here by hand";
  fs::create_directories(out + "/maps/old");
  ASSERT_EQ(::chmod(out.c_str(), 0750), 0);
  std::vector<OutputFile> two = set_of(out, "two");
  two.pop_back();  // this time without report.html
  ASSERT_TRUE(replace_output_set(out, two, &diags)) << diags.format();
  std::map<std::string, std::string> want = expected("two");
  want.erase("report.html");
  EXPECT_EQ(outputs(out), want);
  EXPECT_FALSE(fs::exists(out + "/maps/old"));
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u);
  EXPECT_EQ(diags.format(), "");
}

TEST(OutputSetTest, EmptyFolderIsTakenButAnUnmarkedOneIsNot) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  fs::create_directory(out);
  Diagnostics diags;
  ASSERT_TRUE(replace_output_set(out, set_of(out, "one"), &diags)) << diags.format();
  const std::string mine = tmp.path("mine");
  fs::create_directory(mine);
  std::ofstream(mine + "/notes.txt") << "mine";
  EXPECT_FALSE(replace_output_set(mine, set_of(mine, "one"), &diags));
  EXPECT_EQ(diags.format(), mine +
                                ": error: cannot write the output folder: it holds files relmap did not "
                                "write (it has no .relmap-output); empty it, remove it or choose another "
                                "folder\n");
  EXPECT_EQ(tree(mine), (std::map<std::string, std::string>{{"notes.txt", "mine"}}));
}

TEST(OutputSetTest, CheckedBeforeTheFilesAreMade) {
  TempDir tmp;
  Diagnostics diags;
  EXPECT_TRUE(check_output_folder(tmp.path("new/deeper/out"), &diags));
  EXPECT_FALSE(fs::exists(tmp.path("new")));             // checking makes nothing
  EXPECT_TRUE(check_output_folder(tmp.path(), &diags));  // empty
  std::ofstream(tmp.path("notes.txt")) << "mine";
  EXPECT_FALSE(check_output_folder(tmp.path(), &diags));
  EXPECT_FALSE(check_output_folder(tmp.path("notes.txt"), &diags));
  EXPECT_FALSE(check_output_folder(tmp.path("notes.txt/out"), &diags));
  EXPECT_EQ(diags.format(),
            tmp.path() +
                ": error: cannot write the output folder: it holds files relmap did not write (it has "
                "no .relmap-output); empty it, remove it or choose another folder\n" +
                tmp.path("notes.txt") + ": error: cannot write the output folder: Not a directory\n" +
                tmp.path("notes.txt/out") + ": error: cannot write the output folder: Not a directory\n");
}

TEST(OutputSetTest, FileInTheWayGivesTheRealCause) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  std::ofstream(out) << "a file";
  Diagnostics diags;
  EXPECT_FALSE(replace_output_set(out, set_of(out, "one"), &diags));
  EXPECT_EQ(diags.format(), out + ": error: cannot write the output folder: Not a directory\n");
  EXPECT_EQ(tree(tmp.path()), (std::map<std::string, std::string>{{"out", "a file"}}));
}

TEST(OutputSetTest, ALinkedFolderIsReplacedWhereItIs) {
  TempDir tmp;
  fs::create_directory(tmp.path("real"));
  fs::create_directory_symlink("real", tmp.path("out"));
  Diagnostics diags;
  ASSERT_TRUE(replace_output_set(tmp.path("out"), set_of(tmp.path("out"), "one"), &diags)) << diags.format();
  EXPECT_TRUE(fs::is_symlink(tmp.path("out")));
  EXPECT_EQ(outputs(tmp.path("real")), expected("one"));
}

TEST(OutputSetTest, RemovesWhatKilledBuildsLeftAndNothingElse) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  fs::create_directories(tmp.path(".out.relmap-staging-abc/maps"));
  std::ofstream(tmp.path(".out.relmap-staging-abc/maps/x.svg")) << "half";
  fs::create_directory(tmp.path(".other.relmap-staging-abc"));  // another folder's
  fs::create_directory(tmp.path(".out.keep"));
  Diagnostics diags;
  ASSERT_TRUE(replace_output_set(out, set_of(out, "one"), &diags)) << diags.format();
  EXPECT_FALSE(fs::exists(tmp.path(".out.relmap-staging-abc")));
  EXPECT_TRUE(fs::exists(tmp.path(".other.relmap-staging-abc")));
  EXPECT_TRUE(fs::exists(tmp.path(".out.keep")));
}

TEST(OutputSetTest, ASecondWriterWaitsForTheLockThenGivesUp) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  const std::string lock = tmp.path(".out.relmap-lock");
  UniqueFd held(::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
  ASSERT_EQ(::flock(held.get(), LOCK_EX), 0);
  Diagnostics diags;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(replace_output_set(out, set_of(out, "one"), &diags, 1));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(diags.format(), out +
                                ": error: cannot write the output folder: another relmap has been writing it "
                                "for 1 s (it holds " +
                                lock + "); try again when it has finished\n");
  EXPECT_FALSE(fs::exists(out));
  // Released while a writer waits: the writer goes ahead.
  std::thread release([&held, &lock] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::unlink(lock.c_str());  // as a finishing writer does
    UniqueFd gone(held.release());
  });
  Diagnostics later;
  EXPECT_TRUE(replace_output_set(out, set_of(out, "one"), &later, 5)) << later.format();
  release.join();
  EXPECT_EQ(outputs(out), expected("one"));
}

TEST(OutputSetTest, AFailedWriteLeavesTheOldSetWhole) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  Diagnostics diags;
  ASSERT_TRUE(replace_output_set(out, set_of(out, "one"), &diags));
  // A file size limit makes one file fail part-way, as a full disk would.
  std::vector<OutputFile> big = set_of(out, "two");
  big[1].content = std::string(100000, 'x');
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 50000;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const bool ok = replace_output_set(out, big, &diags);
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_FALSE(ok);
  EXPECT_EQ(diags.format(), out + "/maps/source-a.svg: error: cannot write file: File too large\n");
  EXPECT_EQ(outputs(out), expected("one"));
  std::vector<std::string> beside;
  for (const auto& entry : fs::directory_iterator(tmp.path())) beside.push_back(entry.path().filename());
  EXPECT_EQ(beside, std::vector<std::string>{"out"});
}

TEST(OutputSetTest, FilesMustLieInsideTheFolder) {
  TempDir tmp;
  const std::string out = tmp.path("out");
  Diagnostics diags;
  EXPECT_FALSE(replace_output_set(out, {{tmp.path("elsewhere.svg"), "x"}}, &diags));
  EXPECT_EQ(diags.format(), tmp.path("elsewhere.svg") +
                                ": error: cannot write file: not inside the output folder " + out + "\n");
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace relmap
