#include "base/temporaries.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "test_util.h"

namespace relmap {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

void touch(const std::string& path, std::time_t age_seconds = 0) {
  std::ofstream(path) << "part of a file";
  const timespec old{std::time(nullptr) - age_seconds, 0};
  const timespec times[2] = {old, old};
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

std::set<std::string> names(const std::string& folder) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(folder)) out.insert(e.path().filename().string());
  return out;
}

/// Run `body` in a forked child and return how it ended (waitpid status).
template <typename Body>
int in_child(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(TemporariesTest, SignalsRemoveWhatARunWasWriting) {
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGPIPE}) {
    TempDir tmp;
    const std::string temp = tmp.path("facts.cache.abc123"), done = tmp.path(".map.svg.tmp-abcdefghijkl");
    touch(temp);
    touch(done);
    const int status = in_child([&] {
      remove_temporaries_on_signals();
      remember_temporary(temp);
      remember_temporary(done);
      forget_temporary(done);  // renamed into place: no longer the run's to remove
      ::raise(signal);
    });
    // relmap still ends by the signal, as the shell expects.
    ASSERT_TRUE(WIFSIGNALED(status)) << signal;
    EXPECT_EQ(WTERMSIG(status), signal);
    EXPECT_EQ(names(tmp.path()), std::set<std::string>{".map.svg.tmp-abcdefghijkl"}) << signal;
  }
}

TEST(TemporariesTest, AForkedChildLeavesItsParentsFiles) {
  TempDir tmp;
  const std::string temp = tmp.path("facts.cache.abc123");
  touch(temp);
  remember_temporary(temp);
  in_child([] { remove_temporaries(); });
  EXPECT_TRUE(fs::exists(temp));
  forget_temporary(temp);
}

TEST(TemporariesTest, NamesOfTemporaries) {
  EXPECT_TRUE(is_temporary_name("facts.cache.aB3xYz"));
  EXPECT_TRUE(is_temporary_name(".graph.snap.tmp-abcdefghij12"));
  EXPECT_FALSE(is_temporary_name("facts.cache"));
  EXPECT_FALSE(is_temporary_name("facts.cache.abc"));
  EXPECT_FALSE(is_temporary_name("graph.snap"));
  EXPECT_FALSE(is_temporary_name(".graph.snap.tmp-abc"));
  EXPECT_FALSE(is_temporary_name(".tmp-abcdefghij12"));
}

TEST(TemporariesTest, SweepTakesOnlyWhatNoLiveRunHolds) {
  TempDir tmp;
  touch(tmp.path("facts.cache.stale1"), 3600);            // left by a killed run
  touch(tmp.path(".graph.snap.tmp-stale0000000"), 3600);  // the same
  touch(tmp.path("facts.cache.held11"), 3600);            // a live run writes it
  touch(tmp.path("facts.cache.young1"));                  // just made: its writer may not hold it yet
  touch(tmp.path("facts.cache"), 3600);                   // the cache itself
  touch(tmp.path("notes.txt"), 3600);
  const int held = ::open(tmp.path("facts.cache.held11").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(held, 0);
  hold_temporary(held);
  // Another process sweeps, as a later run would.
  const int status = in_child([&] { ::_exit(sweep_temporaries(tmp.path())); });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_EQ(names(tmp.path()),
            (std::set<std::string>{"facts.cache", "facts.cache.held11", "facts.cache.young1", "notes.txt"}));
  ::close(held);  // the run ends without renaming it: the next sweep takes it
  EXPECT_EQ(sweep_temporaries(tmp.path()), 1);
  EXPECT_FALSE(fs::exists(tmp.path("facts.cache.held11")));
}

}  // namespace
}  // namespace relmap
