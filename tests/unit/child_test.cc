// Children forked from relmap and from the spawner: the same results, the
// same maps, time limits and crashes reported, the spawner serving on, and
// several children at once from several spawners.
#include "base/child.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include "maps/views.h"
#include "render/render.h"
#include "test_util.h"

namespace relmap {
namespace {

int g_changed_after_start = 0;

std::vector<std::string> echo(const std::vector<std::string>& input) {
  std::vector<std::string> out = input;
  out.push_back(std::to_string(g_changed_after_start));
  out.push_back(std::to_string(getppid()));
  return out;
}

std::vector<std::string> sleep_long(const std::vector<std::string>&) {
  ::sleep(30);
  return {};
}

std::vector<std::string> crash(const std::vector<std::string>&) {
  std::raise(SIGSEGV);
  return {};
}

/// The spawner's pid, after a second: children that run at the same time.
std::vector<std::string> parent_after_a_second(const std::vector<std::string>&) {
  ::sleep(1);
  return {std::to_string(getppid())};
}

std::string map_of(const KnowledgeGraph& graph) {
  std::string svg;
  Diagnostics diags;
  EXPECT_TRUE(render_map(graph, full_map(graph), {}, &svg, &diags)) << diags.format();
  return svg;
}

// One test, in this order: the spawner is started once per process, and no
// other test starts it.
TEST(ChildTest, ChildrenOfTheSpawnerWorkAsChildrenOfRelmap) {
  auto loaded = testing::load(std::string(testing::kBaseEntities) + R"(relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: Japan and Laos}
)");
  ASSERT_TRUE(loaded->graph) << loaded->messages();
  const std::string large(5 << 20, 'x');  // more than a pipe holds, both ways
  const std::vector<std::string> input = {"", std::string("a\0b", 3), large};

  const ChildResult direct = run_in_child(echo, input, 10, nullptr);
  ASSERT_EQ(direct.end, ChildResult::End::kDone) << direct.error;
  ASSERT_EQ(direct.frames.size(), 5u);
  EXPECT_EQ(direct.frames[4], std::to_string(getpid()));  // forked from this process
  const std::string map_direct = map_of(*loaded->graph);

  start_child_spawner();
  g_changed_after_start = 1;
  const ChildResult spawned = run_in_child(echo, input, 10, nullptr);
  ASSERT_EQ(spawned.end, ChildResult::End::kDone) << spawned.error;
  ASSERT_EQ(spawned.frames.size(), 5u);
  EXPECT_EQ(std::vector<std::string>(spawned.frames.begin(), spawned.frames.begin() + 3), input);
  EXPECT_EQ(spawned.frames[3], "0");  // the spawner's memory, from before the change
  EXPECT_NE(spawned.frames[4], std::to_string(getpid()));
  EXPECT_EQ(map_of(*loaded->graph), map_direct);

  const ChildResult slow = run_in_child(sleep_long, {}, 1, nullptr);
  EXPECT_EQ(slow.end, ChildResult::End::kTimedOut);
  const ChildResult crashed = run_in_child(crash, {}, 10, nullptr);
  EXPECT_EQ(crashed.end, ChildResult::End::kDied);
  EXPECT_EQ(crashed.error, "was killed by signal 11");

  const ChildResult after = run_in_child(echo, {"again"}, 10, nullptr);  // the spawner serves on
  ASSERT_EQ(after.end, ChildResult::End::kDone) << after.error;
  EXPECT_EQ(after.frames[0], "again");
  EXPECT_EQ(after.frames[2], spawned.frames[4]);

  // Several threads at once, each child forked from a spawner of its own,
  // each one's end (an answer, a crash, a time limit) its own.
  start_child_spawner(3);
  ChildResult at_once[3];
  const auto start = std::chrono::steady_clock::now();
  {
    std::vector<std::thread> threads;
    for (ChildResult& result : at_once)
      threads.emplace_back([&result] { result = run_in_child(parent_after_a_second, {}, 10, nullptr); });
    for (std::thread& thread : threads) thread.join();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2900));
  std::set<std::string> parents;
  for (const ChildResult& result : at_once) {
    ASSERT_EQ(result.end, ChildResult::End::kDone) << result.error;
    parents.insert(result.frames.at(0));
  }
  EXPECT_EQ(parents.size(), 3u);
  EXPECT_EQ(parents.count(std::to_string(getpid())), 0u);
  ChildResult ends[3];
  {
    std::thread crashing([&] { ends[0] = run_in_child(crash, {}, 10, nullptr); });
    std::thread hanging([&] { ends[1] = run_in_child(sleep_long, {}, 1, nullptr); });
    std::thread answering([&] { ends[2] = run_in_child(echo, {"beside"}, 10, nullptr); });
    crashing.join();
    hanging.join();
    answering.join();
  }
  EXPECT_EQ(ends[0].end, ChildResult::End::kDied);
  EXPECT_EQ(ends[0].error, "was killed by signal 11");
  EXPECT_EQ(ends[1].end, ChildResult::End::kTimedOut);
  ASSERT_EQ(ends[2].end, ChildResult::End::kDone) << ends[2].error;
  EXPECT_EQ(ends[2].frames.at(0), "beside");
}

}  // namespace
}  // namespace relmap
