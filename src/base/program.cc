#include "base/program.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "base/files.h"

extern char** environ;

namespace relmap {

namespace {

/// The two ends of a pipe, closed when this goes.
struct Pipe {
  UniqueFd read, write;
  /// False with errno set if the pipe cannot be made.
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read = UniqueFd(fds[0]);
    write = UniqueFd(fds[1]);
    return true;
  }
};

/// Start `args` with the given ends as its standard streams; its pid, or -1
/// with the cause in `error`. The child starts with default signal actions
/// and no blocked signal, whatever relmap set for itself.
pid_t spawn(const std::vector<std::string>& args, int in, int out, int err, std::string* error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in >= 0)
    posix_spawn_file_actions_adddup2(&actions, in, STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned == 0) return pid;
  *error = args[0] + ": " + std::strerror(spawned);
  return -1;
}

/// Write what the pipe `fd` takes of `rest` now, without SIGPIPE if the
/// reader has gone (the signal is blocked and, if raised, taken back).
/// False when the reader has gone or on another error.
bool write_some(int fd, std::string_view* rest) {
  sigset_t pipe_signal, old;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old);
  const ssize_t n = ::write(fd, rest->data(), rest->size());
  const int err = errno;
  if (n < 0 && err == EPIPE) {
    const timespec now{0, 0};
    while (sigtimedwait(&pipe_signal, nullptr, &now) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (n >= 0) rest->remove_prefix(static_cast<std::size_t>(n));
  return n >= 0 || err == EAGAIN || err == EINTR;
}

/// Read what `fd` has now into `out`; false at its end or on an error.
bool read_some(int fd, std::string* out) {
  char buffer[1 << 16];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n > 0) out->append(buffer, static_cast<std::size_t>(n));
  return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
}

/// Feed `input` and read both outputs until the child closes them, all at
/// once. False if an output passed its cap.
bool exchange(UniqueFd* in, UniqueFd* out, UniqueFd* err, std::string_view input, ProgramResult* r,
              std::size_t max_output, std::size_t max_errors) {
  for (UniqueFd* fd : {in, out, err})
    if (fd->get() >= 0) ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
  if (input.empty()) *in = UniqueFd();
  while (out->get() >= 0 || err->get() >= 0) {
    pollfd fds[3] = {{in->get(), POLLOUT, 0}, {out->get(), POLLIN, 0}, {err->get(), POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return true;
    }
    if (fds[0].revents != 0 && (!write_some(in->get(), &input) || input.empty())) *in = UniqueFd();
    if (fds[1].revents != 0 && !read_some(out->get(), &r->output)) *out = UniqueFd();
    if (fds[2].revents != 0 && !read_some(err->get(), &r->errors)) *err = UniqueFd();
    if (r->output.size() > max_output || r->errors.size() > max_errors) return false;
  }
  return true;
}

}  // namespace

ProgramResult run_program(const std::vector<std::string>& args, const std::string* input,
                          std::size_t max_output, std::size_t max_errors) {
  ProgramResult r;
  Pipe in, out, err;
  if ((input != nullptr && !in.open()) || !out.open() || !err.open()) {
    r.errors = std::strerror(errno);
    return r;
  }
  const pid_t pid =
      spawn(args, input != nullptr ? in.read.get() : -1, out.write.get(), err.write.get(), &r.errors);
  in.read = UniqueFd();
  out.write = UniqueFd();
  err.write = UniqueFd();
  if (pid < 0) return r;
  r.started = true;
  const std::string_view text = input != nullptr ? std::string_view(*input) : std::string_view();
  if (!exchange(&in.write, &out.read, &err.read, text, &r, max_output, max_errors)) {
    r.too_large = true;
    ::kill(pid, SIGKILL);
  }
  in.write = UniqueFd();
  out.read = UniqueFd();
  err.read = UniqueFd();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace relmap
