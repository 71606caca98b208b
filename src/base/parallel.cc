#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace relmap {

unsigned file_workers() { return std::max(1u, std::min(std::thread::hardware_concurrency(), 8u)); }

std::size_t run_in_order(std::size_t count, std::size_t jobs, const std::function<bool(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failed{count};  // the first task that returned false
  std::mutex mutex;
  std::exception_ptr error;
  auto work = [&] {
    for (std::size_t i = next++; i < count && i < failed; i = next++) {
      bool ok = false;
      try {
        ok = task(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
      }
      if (ok) continue;
      for (std::size_t seen = failed; i < seen && !failed.compare_exchange_weak(seen, i);) {
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < std::min(jobs, count); ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
  return failed;
}

}  // namespace relmap
