// Work split over threads with its results kept in order: tasks numbered
// 0..n-1 run up to `jobs` at once, each writing only its own result, so
// that what the caller makes of the results does not depend on which ran
// first.
#pragma once

#include <cstddef>
#include <functional>

namespace relmap {

/// Run `task(0)` … `task(count - 1)` on up to `jobs` threads at once (in
/// this thread alone when `jobs` is 1), starting them in order. Once a
/// task returns false, no later one starts; those already started finish.
/// Returns the first task that returned false, or `count`. An exception
/// from a task is thrown again here once every thread has ended.
std::size_t run_in_order(std::size_t count, std::size_t jobs, const std::function<bool(std::size_t)>& task);

/// How many threads work on many files at once (stat, parse) uses: one per
/// core, at most 8.
unsigned file_workers();

}  // namespace relmap
