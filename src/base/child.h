// Work run in a child process with a time limit, so that a crash, a hang or
// an exit() inside a library becomes an error; the child never outlives
// relmap.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace relmap {

/// How a child's run ended.
struct ChildResult {
  enum class End { kDone, kTimedOut, kDied, kNotStarted };
  End end = End::kDone;
  std::vector<std::string> frames;  ///< What the work returned, when kDone.
  std::string error;                ///< kDied: "was killed by signal 11"…; kNotStarted: why.
};

/// Work a child can do: what it returns, from what it is given alone (a
/// child forked from the spawner has none of relmap's data).
using ChildWork = std::vector<std::string> (*)(const std::vector<std::string>& input);

/// How many children can run at once to good effect: the cores relmap may
/// run on.
std::size_t online_cores();

/// From now on, fork children from small processes started here (up to
/// `count` of them, one for each child that runs at once) instead of from
/// relmap itself. Forking relmap once it holds gigabytes of facts costs
/// more than most layouts (its page tables are copied, then every page it
/// writes while the child lives), so call this while relmap is small, and
/// before threads run children. Each child still starts from the same
/// state, so its output does not depend on what ran before or beside it.
/// Without a spawner free, or if it has died, children are forked from
/// relmap. `prepare`, if given, runs once in each spawner before its first
/// child: what every child would otherwise make for itself, made once there
/// and inherited.
void start_child_spawner(std::size_t count = 1, void (*prepare)() = nullptr);

/// Whether children are forked from spawners rather than from relmap
/// itself. Only then may other threads of relmap run while children start:
/// a child forked from relmap inherits every lock another thread held at
/// that moment (an allocator's, a stream's) and can wait on it forever.
bool children_from_spawners();

/// Run `work(input)` in a child process and return what it returns. The
/// child has its own process group and is killed with it: when relmap dies
/// however it dies (even kill -9), after `timeout_seconds`, and when relmap
/// gets SIGINT, SIGTERM or SIGHUP meanwhile, after which relmap dies of that
/// signal (the conventional exit status). Several threads may run children
/// at once: a stop signal then kills and reaps every one of them before
/// relmap dies. `on_wait`, if set, gets the seconds elapsed about once a
/// second, in the calling thread.
ChildResult run_in_child(ChildWork work, const std::vector<std::string>& input, int timeout_seconds,
                         const std::function<void(int)>& on_wait);

}  // namespace relmap
