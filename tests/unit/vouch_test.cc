// The watcher's socket (project/vouch.h): questions answered as the owner
// decides, nothing answered where no watcher listens, the socket made for
// its owner alone, one watcher per socket, left-overs replaced, what is not
// a question refused, and paths too long for a socket address.
#include "project/vouch.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_util.h"

namespace relmap {
namespace {

using testing::TempDir;

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A watcher that vouches for snapshot 42 alone, keeping every question.
struct Recorder {
  std::mutex mutex;
  std::vector<VouchQuestion> asked;

  VouchListener::Answer answer() {
    return [this](const VouchQuestion& q) {
      const std::lock_guard<std::mutex> lock(mutex);
      asked.push_back(q);
      return q.snapshot == 42;
    };
  }
};

TEST(VouchTest, AnswersAsItsOwnerDecides) {
  TempDir tmp;
  Recorder recorder;
  const std::string socket = watcher_socket(tmp.path("cache"));
  const VouchListener listener(socket, recorder.answer());
  ASSERT_TRUE(listener.listening()) << listener.why_not();
  const VouchQuestion fresh{"/a project/graph-schema.yaml", "/a project/dáta\nnew line", 42, 0xabcdef0123};
  const std::optional<Vouched> yes = ask_watcher(socket, fresh);
  ASSERT_TRUE(yes);
  EXPECT_TRUE(yes->fresh);
  EXPECT_EQ(yes->server, static_cast<long>(::getpid()));
  const std::optional<Vouched> no = ask_watcher(socket, {"/s", "/d", 0xffffffffffffffffULL});
  ASSERT_TRUE(no);
  EXPECT_FALSE(no->fresh);
  ASSERT_EQ(recorder.asked.size(), 2u);
  EXPECT_EQ(recorder.asked[0].schema, fresh.schema);
  EXPECT_EQ(recorder.asked[0].data, fresh.data);
  EXPECT_EQ(recorder.asked[0].snapshot, 42u);
  EXPECT_EQ(recorder.asked[0].program, 0xabcdef0123u);
  EXPECT_EQ(recorder.asked[1].snapshot, 0xffffffffffffffffULL);
}

TEST(VouchTest, NothingAnswersWhereNoWatcherListens) {
  TempDir tmp;
  EXPECT_FALSE(ask_watcher(tmp.path("none.sock"), {"/s", "/d", 42}));
  write_file(tmp.path("file.sock"), "not a socket");
  EXPECT_FALSE(ask_watcher(tmp.path("file.sock"), {"/s", "/d", 42}));
  Recorder recorder;
  {
    const VouchListener listener(tmp.path("gone.sock"), recorder.answer());
    ASSERT_TRUE(listener.listening());
  }
  EXPECT_FALSE(std::filesystem::exists(tmp.path("gone.sock")));  // removed when done
  EXPECT_FALSE(ask_watcher(tmp.path("gone.sock"), {"/s", "/d", 42}));
}

TEST(VouchTest, TheSocketIsItsOwnersAlone) {
  TempDir tmp;
  Recorder recorder;
  const mode_t before = ::umask(0);  // even with a umask that lets anyone in
  const VouchListener listener(tmp.path("w.sock"), recorder.answer());
  ::umask(before);
  ASSERT_TRUE(listener.listening());
  struct stat st {};
  ASSERT_EQ(::lstat(tmp.path("w.sock").c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(VouchTest, OneWatcherPerSocket) {
  TempDir tmp;
  Recorder first, second;
  const std::string socket = tmp.path("w.sock");
  const VouchListener listener(socket, first.answer());
  ASSERT_TRUE(listener.listening());
  {
    const VouchListener other(socket, second.answer());
    EXPECT_FALSE(other.listening());
    EXPECT_EQ(other.why_not(), "another relmap serve answers there");
  }
  // The first still answers, its socket left in place by the other.
  EXPECT_TRUE(ask_watcher(socket, {"/s", "/d", 42}).value().fresh);
  EXPECT_EQ(first.asked.size(), 1u);
  EXPECT_TRUE(second.asked.empty());
}

TEST(VouchTest, ASocketLeftByAWatcherThatEndedIsReplaced) {
  TempDir tmp;
  const std::string socket = tmp.path("w.sock");
  // Bound and closed without removing, as a killed server leaves it.
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, socket.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  EXPECT_FALSE(ask_watcher(socket, {"/s", "/d", 42}));
  Recorder recorder;
  const VouchListener listener(socket, recorder.answer());
  ASSERT_TRUE(listener.listening()) << listener.why_not();
  EXPECT_TRUE(ask_watcher(socket, {"/s", "/d", 42}).value().fresh);
}

TEST(VouchTest, WhatIsNotASocketIsLeftAlone) {
  TempDir tmp;
  write_file(tmp.path("w.sock"), "a file of the user's");
  Recorder recorder;
  const VouchListener listener(tmp.path("w.sock"), recorder.answer());
  EXPECT_FALSE(listener.listening());
  EXPECT_EQ(read_file(tmp.path("w.sock")), "a file of the user's");
}

TEST(VouchTest, WhatIsNotAQuestionIsAnsweredStale) {
  TempDir tmp;
  Recorder recorder;
  const std::string socket = tmp.path("w.sock");
  const VouchListener listener(socket, recorder.answer());
  ASSERT_TRUE(listener.listening());
  using namespace std::string_literals;
  for (const std::string& garbage : {"hello"s,
                                     "relmap-vouch 2\0/s\0/d\0zz\0001\0"s,       // the snapshot not a number
                                     "relmap-vouch 2\0/s\0/d\0002a\0zz\0"s,      // the program not a number
                                     "relmap-vouch 2\0/s\0/d\0002a\0"s,          // a field short
                                     "relmap-vouch 1\0/s\0/d\0002a\0001\0"s}) {  // another version
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, socket.c_str());
    ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::send(fd, garbage.data(), garbage.size(), 0), static_cast<ssize_t>(garbage.size()));
    ::shutdown(fd, SHUT_WR);
    char reply[16] = {};
    const ssize_t n = ::recv(fd, reply, sizeof reply, MSG_WAITALL);
    ::close(fd);
    EXPECT_EQ(std::string(reply, n > 0 ? static_cast<std::size_t>(n) : 0), "stale\n");
  }
  EXPECT_TRUE(recorder.asked.empty());
}

TEST(VouchTest, AnAnswerThatFailsIsStaleAndTheWatcherGoesOn) {
  TempDir tmp;
  const std::string socket = tmp.path("w.sock");
  const VouchListener listener(socket, [](const VouchQuestion& q) {
    if (q.snapshot == 1) throw std::runtime_error("the project could not be opened");
    return true;
  });
  ASSERT_TRUE(listener.listening());
  EXPECT_FALSE(ask_watcher(socket, {"/s", "/d", 1}).value().fresh);
  EXPECT_TRUE(ask_watcher(socket, {"/s", "/d", 2}).value().fresh);
}

TEST(VouchTest, APathTooLongForASocketAddressIsReachedThroughItsFolder) {
  TempDir tmp;
  std::string folder = tmp.path("a-folder-of-a-project-kept-deep-in-a-tree");
  folder += "/" + std::string(60, 'x') + "/.relmap-cache/data-0123abcd";
  const std::string socket = watcher_socket(folder);
  ASSERT_GE(socket.size(), sizeof(sockaddr_un{}.sun_path));
  Recorder recorder;
  const VouchListener listener(socket, recorder.answer());
  ASSERT_TRUE(listener.listening()) << listener.why_not();
  struct stat st {};
  EXPECT_EQ(::lstat(socket.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_TRUE(ask_watcher(socket, {"/s", "/d", 42}).value().fresh);
}

}  // namespace
}  // namespace relmap
