#include "child.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace relmap {

namespace {

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void write_frame(int fd, const std::string& s) {
  const std::uint64_t size = s.size();
  write_all(fd, &size, sizeof size);
  write_all(fd, s.data(), s.size());
}

/// Read one length-prefixed frame from `buffer` at `*pos`.
bool read_frame(const std::string& buffer, std::size_t* pos, std::string* out) {
  std::uint64_t size = 0;
  if (buffer.size() - *pos < sizeof size) return false;
  std::memcpy(&size, buffer.data() + *pos, sizeof size);
  *pos += sizeof size;
  if (buffer.size() - *pos < size) return false;
  out->assign(buffer, *pos, size);
  *pos += size;
  return true;
}

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void note_stop_signal(int signal) { g_stop_signal = signal; }

/// While a child runs, the stop signals (those relmap does not ignore) are
/// noted rather than ending relmap at once, so that the child is killed
/// first. They are blocked but while waiting in ppoll, so none is missed.
class StopSignals {
 public:
  StopSignals() {
    sigset_t block;
    sigemptyset(&block);
    for (int s : kStopSignals) sigaddset(&block, s);
    sigprocmask(SIG_BLOCK, &block, &old_mask_);
    struct sigaction note {};
    note.sa_handler = note_stop_signal;
    sigemptyset(&note.sa_mask);
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i) {
      sigaction(kStopSignals[i], nullptr, &old_[i]);
      if (old_[i].sa_handler != SIG_IGN) sigaction(kStopSignals[i], &note, nullptr);
    }
    g_stop_signal = 0;
  }
  ~StopSignals() { restore(); }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// Handlers and mask as relmap had them (also what the child starts with).
  void restore() {
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i) sigaction(kStopSignals[i], &old_[i], nullptr);
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  /// The mask to wait with: the stop signals can arrive.
  const sigset_t* wait_mask() const { return &old_mask_; }

  /// End relmap by `signal` as if it had not been caught.
  [[noreturn]] void die(int signal) {
    restore();
    std::signal(signal, SIG_DFL);
    std::fflush(nullptr);
    raise(signal);
    _exit(128 + signal);  // if the signal was blocked before relmap asked
  }

 private:
  sigset_t old_mask_;
  struct sigaction old_[std::size(kStopSignals)];
};

/// Kill the child and its process group, then reap it.
int kill_and_reap(pid_t pid) {
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

ChildResult run_in_child(const std::function<std::vector<std::string>()>& work, int timeout_seconds,
                         const std::function<void(int)>& on_wait) {
  ChildResult result;
  int fds[2];
  if (pipe(fds) != 0) {
    result.end = ChildResult::End::kNotStarted;
    result.error = std::strerror(errno);
    return result;
  }
  StopSignals signals;
  std::fflush(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    result.end = ChildResult::End::kNotStarted;
    result.error = std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return result;
  }
  if (pid == 0) {
    // Die with relmap, whatever ends it; and if it is gone already, now.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    setpgid(0, 0);
    signals.restore();
    ::close(fds[0]);
    std::vector<std::string> frames;
    try {
      frames = work();
    } catch (...) {
      _exit(1);
    }
    for (const std::string& frame : frames) write_frame(fds[1], frame);
    ::close(fds[1]);
    _exit(0);
  }
  setpgid(pid, pid);  // also here: whichever of the two runs first
  ::close(fds[1]);
  std::string buffer;
  bool timed_out = false;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(timeout_seconds);
  int reported = 0;
  char chunk[65536];
  for (;;) {
    if (g_stop_signal != 0) {
      ::close(fds[0]);
      kill_and_reap(pid);
      signals.die(g_stop_signal);
    }
    const auto now = std::chrono::steady_clock::now();
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - start);
    if (on_wait && elapsed.count() > reported) on_wait(reported = static_cast<int>(elapsed.count()));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    const long long wait_ms = std::min<long long>(left.count(), 1000);
    const timespec wait{static_cast<time_t>(wait_ms / 1000), static_cast<long>(wait_ms % 1000) * 1000000L};
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = ppoll(&pfd, 1, &wait, signals.wait_mask());
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  if (timed_out) {
    kill_and_reap(pid);
    result.end = ChildResult::End::kTimedOut;
    return result;
  }
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::size_t pos = 0;
  for (std::string frame; pos < buffer.size() && read_frame(buffer, &pos, &frame);)
    result.frames.push_back(frame);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || pos != buffer.size()) {
    result.end = ChildResult::End::kDied;
    result.error = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                       : "exited with status " + std::to_string(WEXITSTATUS(status));
    result.frames.clear();
  }
  return result;
}

}  // namespace relmap
