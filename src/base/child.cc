#include "base/child.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>

#include "base/files.h"
#include "base/temporaries.h"

namespace relmap {

namespace {

/// Pass all `size` bytes through `io` (::read or ::write), resuming after an
/// interruption or a part; false at an error or the end of the file.
template <class Io, class Byte>
bool transfer_all(Io io, int fd, Byte* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = io(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool write_all(int fd, const void* data, std::size_t size) {
  return transfer_all(::write, fd, static_cast<const char*>(data), size);
}

/// Frames as bytes: each one's length (8 bytes), then its text.
std::string encode_frames(const std::vector<std::string>& frames) {
  std::string bytes;
  for (const std::string& frame : frames) {
    const std::uint64_t size = frame.size();
    bytes.append(reinterpret_cast<const char*>(&size), sizeof size);
    bytes += frame;
  }
  return bytes;
}

/// The frames of `bytes`; false unless they are whole frames.
bool decode_frames(const std::string& bytes, std::vector<std::string>* frames) {
  std::size_t pos = 0;
  while (bytes.size() - pos >= sizeof(std::uint64_t)) {
    std::uint64_t size = 0;
    std::memcpy(&size, bytes.data() + pos, sizeof size);
    pos += sizeof size;
    if (bytes.size() - pos < size) return false;
    frames->emplace_back(bytes, pos, size);
    pos += size;
  }
  return pos == bytes.size();
}

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

/// The stop signal noted while children run, and a pipe the handler writes
/// a byte to, so that every thread waiting on a child wakes at once.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set in a signal handler");
int g_stop_pipe[2] = {-1, -1};

extern "C" void note_stop_signal(int signal) {
  g_stop_signal = signal;
  const int saved = errno;
  const char byte = 0;
  if (g_stop_pipe[1] >= 0 && ::write(g_stop_pipe[1], &byte, 1) < 0) {
  }
  errno = saved;
}

/// What the threads running children share: the spawners, and how many
/// children run with the stop signals noted (see StopSignals).
struct Spawner {
  pid_t pid = -1;
  int socket = -1;
  bool busy = false;  ///< A thread's child is being forked from it or waited for.
};
std::mutex g_mutex;               ///< Guards what follows.
std::vector<Spawner> g_spawners;  ///< Made before any thread runs a child; never resized after.
int g_running = 0;                ///< run_in_child calls under way.
struct sigaction g_old_handlers[std::size(kStopSignals)];
struct sigaction g_old_pipe_handler;

sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kStopSignals) sigaddset(&set, s);
  return set;
}

/// Note the stop signals (those relmap does not ignore) and ignore SIGPIPE:
/// a child that dies before reading its input is an error of its own, not
/// relmap's end. Under g_mutex, as the first child starts.
void install_handlers() {
  if (g_stop_pipe[0] < 0 && pipe2(g_stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    g_stop_pipe[0] = g_stop_pipe[1] = -1;
  char drained[64];
  while (g_stop_pipe[0] >= 0 && ::read(g_stop_pipe[0], drained, sizeof drained) > 0) {
  }
  g_stop_signal = 0;
  struct sigaction note {};
  note.sa_handler = note_stop_signal;
  sigemptyset(&note.sa_mask);
  for (std::size_t i = 0; i < std::size(kStopSignals); ++i) {
    sigaction(kStopSignals[i], nullptr, &g_old_handlers[i]);
    if (g_old_handlers[i].sa_handler != SIG_IGN) sigaction(kStopSignals[i], &note, nullptr);
  }
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &g_old_pipe_handler);
}

/// The handlers as relmap had them; under g_mutex as the last child ends
/// (or in a child forked from relmap, which has one thread).
void restore_handlers() {
  for (std::size_t i = 0; i < std::size(kStopSignals); ++i)
    sigaction(kStopSignals[i], &g_old_handlers[i], nullptr);
  sigaction(SIGPIPE, &g_old_pipe_handler, nullptr);
}

/// While a thread runs a child, the stop signals are noted rather than
/// ending relmap at once, so that the child is killed first. The thread
/// blocks them but while waiting in ppoll, so none is missed; any thread
/// that notes one writes to the stop pipe, which wakes every thread waiting
/// on a child. Each kills its child and leaves; the last to leave ends
/// relmap by the signal.
class StopSignals {
 public:
  StopSignals() {
    const sigset_t block = stop_set();
    pthread_sigmask(SIG_BLOCK, &block, &old_mask_);
    const std::lock_guard<std::mutex> lock(g_mutex);
    if (g_running++ == 0) install_handlers();
  }
  ~StopSignals() {
    std::unique_lock<std::mutex> lock(g_mutex);
    if (g_stop_signal != 0) {  // noted after this thread's last look
      lock.unlock();
      stop();
    }
    if (--g_running == 0) {
      restore_handlers();
      if (g_stop_signal != 0) die(g_stop_signal);  // noted as the handlers went
    }
    lock.unlock();
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// Whether a stop signal has been noted.
  static bool stopping() { return g_stop_signal != 0; }

  /// Leave after a stop signal, with this thread's child (if any) killed
  /// and reaped: the last thread to leave ends relmap by the signal, as if
  /// it had not been caught; the others wait for it.
  [[noreturn]] void stop() {
    std::unique_lock<std::mutex> lock(g_mutex);
    if (--g_running == 0) die(g_stop_signal);  // holding the lock: no child starts meanwhile
    lock.unlock();
    for (;;) ::pause();
  }

  /// Handlers and mask as relmap had them, in a child forked from relmap.
  void restore_in_child() {
    restore_handlers();
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  /// The mask to wait with: the stop signals can arrive.
  const sigset_t* wait_mask() const { return &old_mask_; }

 private:
  [[noreturn]] void die(int signal) {
    restore_handlers();
    remove_temporaries();
    std::signal(signal, SIG_DFL);
    std::fflush(nullptr);
    sigset_t mask = old_mask_;
    sigdelset(&mask, signal);
    pthread_sigmask(SIG_SETMASK, &mask, nullptr);
    raise(signal);
    _exit(128 + signal);
  }

  sigset_t old_mask_;
};

/// The spawners (start_child_spawner) are the processes children are forked
/// from, each with a socket relmap talks to it over: relmap sends a
/// ChildWork with the child's input and output pipes; the spawner answers
/// with the child's pid (or -errno), then its wait status once it has
/// ended. A spawner serves one child at a time, the thread that took it.

/// A free spawner, now busy, or -1 if none is.
int take_spawner() {
  const std::lock_guard<std::mutex> lock(g_mutex);
  for (std::size_t i = 0; i < g_spawners.size(); ++i) {
    if (g_spawners[i].pid > 0 && !g_spawners[i].busy) {
      g_spawners[i].busy = true;
      return static_cast<int>(i);
    }
  }
  return -1;
}

void release_spawner(int index) {
  const std::lock_guard<std::mutex> lock(g_mutex);
  g_spawners[static_cast<std::size_t>(index)].busy = false;
}

/// The spawner stopped answering: it is not used again.
void drop_spawner(int index) {
  Spawner& spawner = g_spawners[static_cast<std::size_t>(index)];
  ::close(spawner.socket);
  kill(spawner.pid, SIGKILL);
  while (waitpid(spawner.pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  const std::lock_guard<std::mutex> lock(g_mutex);
  spawner = {};
}

bool send_value(int socket, std::int64_t value) { return write_all(socket, &value, sizeof value); }

bool receive_value(int socket, std::int64_t* value) {
  return transfer_all(::read, socket, reinterpret_cast<char*>(value), sizeof *value);
}

/// A request to the spawner: the work, and the child's input and output
/// pipes passed along as file descriptors (SCM_RIGHTS).
struct Request {
  ChildWork work = nullptr;
  iovec data{&work, sizeof work};
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  msghdr message{};

  Request() {
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
  }
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
};

bool send_request(int socket, ChildWork work, int input, int output) {
  Request request;
  request.work = work;
  cmsghdr* fds = CMSG_FIRSTHDR(&request.message);
  fds->cmsg_level = SOL_SOCKET;
  fds->cmsg_type = SCM_RIGHTS;
  fds->cmsg_len = CMSG_LEN(2 * sizeof(int));
  const int pair[2] = {input, output};
  std::memcpy(CMSG_DATA(fds), pair, sizeof pair);
  ssize_t n = 0;
  do {
    n = ::sendmsg(socket, &request.message, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof work);
}

bool receive_request(int socket, ChildWork* work, int* input, int* output) {
  Request request;
  ssize_t n = 0;
  do {
    n = ::recvmsg(socket, &request.message, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  const cmsghdr* fds = CMSG_FIRSTHDR(&request.message);
  if (n != static_cast<ssize_t>(sizeof *work) || fds == nullptr || fds->cmsg_type != SCM_RIGHTS ||
      fds->cmsg_len != CMSG_LEN(2 * sizeof(int)))
    return false;
  int pair[2];
  std::memcpy(pair, CMSG_DATA(fds), sizeof pair);
  *work = request.work;
  *input = pair[0];
  *output = pair[1];
  return true;
}

/// A child's life once forked from `parent`: die with it, lead a process
/// group of its own, do the work and write what it returns to `output`.
[[noreturn]] void child_main(pid_t parent, ChildWork work, const std::vector<std::string>& input,
                             int output) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);  // it is gone already
  setpgid(0, 0);
  std::string bytes;
  try {
    bytes = encode_frames(work(input));
  } catch (...) {
    _exit(1);
  }
  write_all(output, bytes.data(), bytes.size());
  ::close(output);
  _exit(0);
}

/// The spawner's loop: for each request, fork a child that reads its input
/// from the request's pipe and works; answer with its pid, then its status.
/// It allocates nothing between children, so each starts from the same heap.
[[noreturn]] void spawner_main(int socket) {
  for (;;) {
    ChildWork work = nullptr;
    int input = -1, output = -1;
    if (!receive_request(socket, &work, &input, &output)) _exit(0);  // relmap has gone
    const pid_t spawner = getpid();
    const pid_t pid = fork();
    const int fork_error = errno;
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::close(socket);
      std::string bytes, error;
      std::vector<std::string> frames;
      if (!read_to_end(input, std::numeric_limits<std::size_t>::max(), &bytes, &error) ||
          !decode_frames(bytes, &frames))
        _exit(1);
      ::close(input);
      child_main(spawner, work, frames, output);
    }
    ::close(input);
    ::close(output);
    if (pid > 0) setpgid(pid, pid);  // also here: whichever of the two runs first
    send_value(socket, pid > 0 ? pid : -fork_error);
    if (pid < 0) continue;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    send_value(socket, status);
  }
}

/// A running child: its pid, the pipe its input still goes into (-1 once
/// written), the spawner that reaps it (-1: relmap does).
struct Started {
  pid_t pid = -1;
  int input = -1;
  int spawner = -1;
  std::string error;  ///< Why it did not start, when pid is -1.
};

/// Start the child from spawner `index`; false if the spawner stopped
/// answering (it is dropped) or could not fork (`started` says why).
bool start_spawned(int index, ChildWork work, int output, Started* started) {
  const Spawner& spawner = g_spawners[static_cast<std::size_t>(index)];
  int in[2];
  if (pipe2(in, O_CLOEXEC) != 0) {
    release_spawner(index);
    *started = {-1, -1, -1, std::strerror(errno)};
    return true;
  }
  std::int64_t pid = 0;
  const bool sent = send_request(spawner.socket, work, in[0], output);
  ::close(in[0]);
  if (sent && receive_value(spawner.socket, &pid) && pid > 0) {
    setpgid(static_cast<pid_t>(pid), static_cast<pid_t>(pid));
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    *started = {static_cast<pid_t>(pid), in[1], index, {}};
    return true;
  }
  ::close(in[1]);
  if (pid < 0) {
    release_spawner(index);
    *started = {-1, -1, -1, std::strerror(static_cast<int>(-pid))};
    return true;
  }
  drop_spawner(index);
  return false;
}

Started start_child(ChildWork work, const std::vector<std::string>& input, int output, StopSignals& signals) {
  for (int index = take_spawner(); index >= 0; index = take_spawner()) {
    Started started;
    if (start_spawned(index, work, output, &started)) return started;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return {-1, -1, -1, std::strerror(errno)};
  if (pid == 0) {
    signals.restore_in_child();
    child_main(parent, work, input, output);
  }
  setpgid(pid, pid);  // also here: whichever of the two runs first
  return {pid, -1, -1, {}};
}

/// Wait for the child to end and return its wait status.
int reap(const Started& child) {
  int status = 0;
  if (child.spawner < 0) {
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
  }
  std::int64_t value = 0;
  if (receive_value(g_spawners[static_cast<std::size_t>(child.spawner)].socket, &value)) {
    release_spawner(child.spawner);
    return static_cast<int>(value);
  }
  drop_spawner(child.spawner);
  return SIGKILL;  // as if killed: the spawner died with it
}

/// Kill the child and its process group, then reap it.
int kill_and_reap(const Started& child) {
  kill(-child.pid, SIGKILL);
  kill(child.pid, SIGKILL);
  return reap(child);
}

/// Start one more spawner.
void start_one_spawner(void (*prepare)()) {
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return;
  std::fflush(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    ::close(pair[0]);
    ::close(pair[1]);
    return;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
    ::close(pair[0]);
    for (const Spawner& other : g_spawners) ::close(other.socket);  // the others' ends are relmap's
    // Hold no reader of relmap's standard input or output waiting.
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      dup2(null, STDIN_FILENO);
      dup2(null, STDOUT_FILENO);
      ::close(null);
    }
    if (prepare != nullptr) prepare();
    spawner_main(pair[1]);
  }
  ::close(pair[1]);
  g_spawners.push_back({pid, pair[0], false});
}

}  // namespace

std::size_t online_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<std::size_t>(CPU_COUNT(&set));
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores > 0 ? static_cast<std::size_t>(cores) : 1;
}

void start_child_spawner(std::size_t count, void (*prepare)()) {
  const std::lock_guard<std::mutex> lock(g_mutex);
  if (g_running > 0) return;  // threads hold spawners by their place
  std::erase_if(g_spawners, [](const Spawner& spawner) { return spawner.pid <= 0; });
  for (std::size_t alive = g_spawners.size(); alive < count; ++alive) start_one_spawner(prepare);
}

bool children_from_spawners() {
  const std::lock_guard<std::mutex> lock(g_mutex);
  return std::any_of(g_spawners.begin(), g_spawners.end(),
                     [](const Spawner& spawner) { return spawner.pid > 0; });
}

ChildResult run_in_child(ChildWork work, const std::vector<std::string>& input, int timeout_seconds,
                         const std::function<void(int)>& on_wait) {
  ChildResult result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.end = ChildResult::End::kNotStarted;
    result.error = std::strerror(errno);
    return result;
  }
  StopSignals signals;
  if (StopSignals::stopping()) {
    ::close(fds[0]);
    ::close(fds[1]);
    signals.stop();
  }
  std::fflush(nullptr);
  const Started child = start_child(work, input, fds[1], signals);
  ::close(fds[1]);
  if (child.pid < 0) {
    result.end = ChildResult::End::kNotStarted;
    result.error = child.error;
    ::close(fds[0]);
    return result;
  }
  // The input goes to a spawned child through its pipe, a piece whenever
  // the pipe has room, while its output is read.
  int input_fd = child.input;
  const std::string pending = input_fd >= 0 ? encode_frames(input) : std::string();
  std::size_t written = 0;
  auto close_input = [&] {
    if (input_fd >= 0) ::close(input_fd);
    input_fd = -1;
  };
  if (input_fd >= 0 && pending.empty()) close_input();
  std::string buffer;
  bool timed_out = false;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(timeout_seconds);
  int reported = 0;
  char chunk[65536];
  for (;;) {
    if (StopSignals::stopping()) {
      close_input();
      ::close(fds[0]);
      kill_and_reap(child);
      signals.stop();
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
    pollfd pfds[3] = {{fds[0], POLLIN, 0}, {g_stop_pipe[0], POLLIN, 0}, {input_fd, POLLOUT, 0}};
    const int ready = ppoll(pfds, input_fd >= 0 ? 3 : 2, &wait, signals.wait_mask());
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0 || pfds[1].revents != 0) continue;
    if (input_fd >= 0 && pfds[2].revents != 0) {
      const ssize_t n = ::write(input_fd, pending.data() + written, pending.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EINTR && errno != EAGAIN) || written == pending.size()) close_input();
    }
    if (pfds[0].revents == 0) continue;
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  close_input();
  ::close(fds[0]);
  if (timed_out) {
    kill_and_reap(child);
    result.end = ChildResult::End::kTimedOut;
    return result;
  }
  const int status = reap(child);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !decode_frames(buffer, &result.frames)) {
    result.end = ChildResult::End::kDied;
    result.error = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                       : "exited with status " + std::to_string(WEXITSTATUS(status));
    result.frames.clear();
  }
  return result;
}

}  // namespace relmap
