#include "base/child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

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
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void note_stop_signal(int signal) { g_stop_signal = signal; }

/// While a child runs, the stop signals (those relmap does not ignore) are
/// noted rather than ending relmap at once, so that the child is killed
/// first. They are blocked but while waiting in ppoll, so none is missed.
/// SIGPIPE is ignored: a child that dies before reading its input is an
/// error of its own, not relmap's end.
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
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old_pipe_);
    g_stop_signal = 0;
  }
  ~StopSignals() { restore(); }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// Handlers and mask as relmap had them (also what the child starts with).
  void restore() {
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i) sigaction(kStopSignals[i], &old_[i], nullptr);
    sigaction(SIGPIPE, &old_pipe_, nullptr);
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  /// The mask to wait with: the stop signals can arrive.
  const sigset_t* wait_mask() const { return &old_mask_; }

  /// End relmap by `signal` as if it had not been caught.
  [[noreturn]] void die(int signal) {
    restore();
    remove_temporaries();
    std::signal(signal, SIG_DFL);
    std::fflush(nullptr);
    raise(signal);
    _exit(128 + signal);  // if the signal was blocked before relmap asked
  }

 private:
  sigset_t old_mask_;
  struct sigaction old_[std::size(kStopSignals)];
  struct sigaction old_pipe_;
};

/// The process children are forked from (start_child_spawner), and the
/// socket relmap talks to it over: relmap sends a ChildWork with the child's
/// input and output pipes; the spawner answers with the child's pid (or
/// -errno), then its wait status once it has ended.
struct Spawner {
  pid_t pid = -1;
  int socket = -1;
};
Spawner g_spawner;

/// The spawner stopped answering: children are forked from relmap from now on.
void drop_spawner() {
  ::close(g_spawner.socket);
  kill(g_spawner.pid, SIGKILL);
  while (waitpid(g_spawner.pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  g_spawner = {};
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
/// written), whether the spawner reaps it.
struct Started {
  pid_t pid = -1;
  int input = -1;
  bool spawned = false;
  std::string error;  ///< Why it did not start, when pid is -1.
};

Started start_child(ChildWork work, const std::vector<std::string>& input, int output, StopSignals& signals) {
  if (g_spawner.pid > 0) {
    int in[2];
    if (pipe2(in, O_CLOEXEC) != 0) return {-1, -1, false, std::strerror(errno)};
    std::int64_t pid = 0;
    const bool sent = send_request(g_spawner.socket, work, in[0], output);
    ::close(in[0]);
    if (sent && receive_value(g_spawner.socket, &pid) && pid > 0) {
      setpgid(static_cast<pid_t>(pid), static_cast<pid_t>(pid));
      fcntl(in[1], F_SETFL, O_NONBLOCK);
      return {static_cast<pid_t>(pid), in[1], true, {}};
    }
    ::close(in[1]);
    if (pid < 0) return {-1, -1, false, std::strerror(static_cast<int>(-pid))};
    drop_spawner();
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return {-1, -1, false, std::strerror(errno)};
  if (pid == 0) {
    signals.restore();
    child_main(parent, work, input, output);
  }
  setpgid(pid, pid);  // also here: whichever of the two runs first
  return {pid, -1, false, {}};
}

/// Wait for the child to end and return its wait status.
int reap(const Started& child) {
  int status = 0;
  if (!child.spawned) {
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
  }
  std::int64_t value = 0;
  if (receive_value(g_spawner.socket, &value)) return static_cast<int>(value);
  drop_spawner();
  return SIGKILL;  // as if killed: the spawner died with it
}

/// Kill the child and its process group, then reap it.
int kill_and_reap(const Started& child) {
  kill(-child.pid, SIGKILL);
  kill(child.pid, SIGKILL);
  return reap(child);
}

}  // namespace

void start_child_spawner() {
  if (g_spawner.pid > 0) return;
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
    // Hold no reader of relmap's standard input or output waiting.
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      dup2(null, STDIN_FILENO);
      dup2(null, STDOUT_FILENO);
      ::close(null);
    }
    spawner_main(pair[1]);
  }
  ::close(pair[1]);
  g_spawner = {pid, pair[0]};
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
    if (g_stop_signal != 0) {
      close_input();
      ::close(fds[0]);
      kill_and_reap(child);
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
    pollfd pfds[2] = {{fds[0], POLLIN, 0}, {input_fd, POLLOUT, 0}};
    const int ready = ppoll(pfds, input_fd >= 0 ? 2 : 1, &wait, signals.wait_mask());
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (input_fd >= 0 && pfds[1].revents != 0) {
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
