#include "base/temporaries.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "base/files.h"

namespace relmap {

namespace {

/// The temporaries remembered, as C strings a signal handler can read: a
/// slot is taken and given back with atomic swaps, never locked.
constexpr int kSlots = 256;
std::atomic<char*> g_slots[kSlots];
/// The process that remembered them: a forked child must not remove them.
std::atomic<pid_t> g_owner{0};

extern "C" void on_fatal_signal(int signal) {
  const int saved = errno;
  remove_temporaries();
  ::signal(signal, SIG_DFL);
  ::raise(signal);  // delivered once the handler returns: the signal is blocked in it
  errno = saved;
}

bool all_of_chars(std::string_view s, const char* allowed) {
  return s.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr const char* kLettersAndDigits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

}  // namespace

void remember_temporary(const std::string& path) {
  g_owner = ::getpid();
  char* copy = ::strdup(path.c_str());
  if (copy == nullptr) return;
  for (auto& slot : g_slots) {
    char* expected = nullptr;
    if (slot.compare_exchange_strong(expected, copy)) return;
  }
  std::free(copy);  // more at once than slots: that one is left to the sweep
}

void forget_temporary(const std::string& path) {
  for (auto& slot : g_slots) {
    char* held = slot.load();
    if (held != nullptr && path == held && slot.compare_exchange_strong(held, nullptr)) {
      std::free(held);
      return;
    }
  }
}

void remove_temporaries() noexcept {
  if (g_owner.load() != ::getpid()) return;
  for (auto& slot : g_slots) {
    char* held = slot.exchange(nullptr);
    if (held != nullptr) ::unlink(held);  // not freed: free() is not safe in a handler
  }
}

void remove_temporaries_on_signals() {
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
    struct sigaction old {};
    if (::sigaction(s, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
    struct sigaction catcher {};
    catcher.sa_handler = on_fatal_signal;
    sigemptyset(&catcher.sa_mask);
    ::sigaction(s, &catcher, nullptr);
  }
}

void hold_temporary(int fd) {
  while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
}

bool is_temporary_name(std::string_view name) {
  constexpr std::string_view kCache = "facts.cache.";
  if (name.size() == kCache.size() + 6 && name.starts_with(kCache))
    return all_of_chars(name.substr(kCache.size()), kLettersAndDigits);
  constexpr std::string_view kTmp = ".tmp-";
  const std::size_t at = name.rfind(kTmp);
  return name.size() > 1 && name[0] == '.' && at != std::string_view::npos && at > 1 &&
         name.size() == at + kTmp.size() + 12 &&
         all_of_chars(name.substr(at + kTmp.size()), kLettersAndDigits);
}

int sweep_temporaries(const std::string& folder, int min_age_seconds) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return 0;
  int removed = 0;
  const std::time_t now = std::time(nullptr);
  while (const dirent* entry = ::readdir(dir)) {
    if (!is_temporary_name(entry->d_name)) continue;
    const std::string path = folder + "/" + entry->d_name;
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    struct stat held {};
    struct stat current {};
    // A live writer holds its lock; a file just made may not be locked yet,
    // so a recent one is left alone too. The lock taken, the file must
    // still be the one at `path`.
    if (fd.get() < 0 || ::fstat(fd.get(), &held) != 0 || !S_ISREG(held.st_mode) ||
        now - held.st_mtime < min_age_seconds || ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0 ||
        ::lstat(path.c_str(), &current) != 0 || current.st_dev != held.st_dev ||
        current.st_ino != held.st_ino)
      continue;
    removed += ::unlink(path.c_str()) == 0;
  }
  ::closedir(dir);
  return removed;
}

}  // namespace relmap
