#include "project/vouch.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

namespace relmap {

namespace {

/// The first field of a question; a watcher answers no other.
constexpr std::string_view kGreeting = "relmap-vouch 2";
constexpr std::string_view kFresh = "fresh\n", kStale = "stale\n";
/// The most a question may hold: two paths and a number.
constexpr std::size_t kMaxQuestion = 3 * 4096 + 64;
/// How long either side waits for the other. A server busy laying out a
/// map for a page answers late; the asker then examines the files itself.
constexpr timeval kAskerPatience{2, 0};
constexpr timeval kListenerPatience{1, 0};

/// The address of the socket at `path`. A path too long for a socket
/// address (108 bytes) is reached through its folder, held open meanwhile:
/// /proc/self/fd/N/NAME.
class SocketAddress {
 public:
  explicit SocketAddress(const std::string& path) {
    std::string name = path;
    const std::size_t slash = path.rfind('/');
    if (path.size() >= sizeof address_.sun_path && slash != std::string::npos && slash > 0) {
      folder_ = ::open(path.substr(0, slash).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (folder_ >= 0) name = "/proc/self/fd/" + std::to_string(folder_) + path.substr(slash);
    }
    address_.sun_family = AF_UNIX;
    if (!name.empty() && name.size() < sizeof address_.sun_path) {
      std::memcpy(address_.sun_path, name.c_str(), name.size() + 1);
      usable_ = true;
    }
  }
  ~SocketAddress() {
    if (folder_ >= 0) ::close(folder_);
  }
  SocketAddress(const SocketAddress&) = delete;
  SocketAddress& operator=(const SocketAddress&) = delete;

  bool usable() const { return usable_; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&address_); }
  socklen_t size() const { return sizeof address_; }

 private:
  sockaddr_un address_{};
  int folder_ = -1;
  bool usable_ = false;
};

/// The process at the other end of `fd`, if it runs as this user.
std::optional<long> same_user_peer(int fd) {
  ucred peer{};
  socklen_t size = sizeof peer;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 || peer.uid != ::geteuid())
    return std::nullopt;
  return peer.pid;
}

void set_patience(int fd, const timeval& patience) {
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &patience, sizeof patience);
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Everything the other end sends until it stops sending, up to `limit`
/// bytes; false on a timeout, an error or more.
bool receive_all(int fd, std::size_t limit, std::string* bytes) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    if (bytes->size() + static_cast<std::size_t>(n) > limit) return false;
    bytes->append(buffer, static_cast<std::size_t>(n));
  }
}

std::string hex_of(std::uint64_t n) {
  char hex[16];
  return std::string(hex, std::to_chars(hex, hex + sizeof hex, n, 16).ptr);
}

/// `hex` read into `*n`; false if it is not a number in hexadecimal.
bool read_hex(std::string_view hex, std::uint64_t* n) {
  const auto [stop, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), *n, 16);
  return !hex.empty() && ec == std::errc() && stop == hex.data() + hex.size();
}

std::string encode(const VouchQuestion& q) {
  std::string bytes(kGreeting);
  for (const std::string& field : {q.schema, q.data, hex_of(q.snapshot), hex_of(q.program)})
    (bytes += '\0') += field;
  return bytes += '\0';
}

/// The question in `bytes`, as encode() writes it; nullopt if it is not one.
std::optional<VouchQuestion> decode(std::string_view bytes) {
  std::vector<std::string_view> fields;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find('\0');
    if (end == std::string_view::npos) return std::nullopt;
    fields.push_back(bytes.substr(0, end));
    bytes.remove_prefix(end + 1);
  }
  if (fields.size() != 5 || fields[0] != kGreeting || fields[1].empty() || fields[2].empty())
    return std::nullopt;
  VouchQuestion q{std::string(fields[1]), std::string(fields[2])};
  if (!read_hex(fields[3], &q.snapshot) || !read_hex(fields[4], &q.program)) return std::nullopt;
  return q;
}

/// A stream socket connected to `path`, or -1.
int connect_to(const std::string& path, const timeval& patience) {
  const SocketAddress address(path);
  if (!address.usable()) return -1;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  set_patience(fd, patience);
  if (::connect(fd, address.get(), address.size()) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::string watcher_socket(const std::string& cache_dir) {
  return cache_dir.empty() ? std::string() : cache_dir + "/serve.sock";
}

VouchListener::VouchListener(std::string socket_path, Answer answer)
    : path_(std::move(socket_path)), answer_(std::move(answer)) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  const SocketAddress address(path_);
  if (!address.usable()) {
    why_not_ = "its folder cannot be reached";
    return;
  }
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      why_not_ = "something other than a socket is there";
      return;
    }
    if (const int other = connect_to(path_, kListenerPatience); other >= 0) {
      ::close(other);
      why_not_ = "another relmap serve answers there";
      return;
    }
    ::unlink(path_.c_str());  // left by a server that ended
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::pipe2(wake_, O_CLOEXEC) != 0) {
    why_not_ = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return;
  }
  // Made for the owner alone: the mode a socket file is made with comes
  // from the umask, and is then narrowed again in case the umask did not.
  const mode_t umask_before = ::umask(077);
  const bool bound = ::bind(fd, address.get(), address.size()) == 0;
  const int bind_error = errno;
  ::umask(umask_before);
  if (!bound || ::chmod(path_.c_str(), 0600) != 0 || ::lstat(path_.c_str(), &st) != 0 ||
      ::listen(fd, 16) != 0) {
    why_not_ = std::strerror(bound ? errno : bind_error);
    if (bound) ::unlink(path_.c_str());
    ::close(fd);
    return;
  }
  device_ = st.st_dev;
  inode_ = st.st_ino;
  fd_ = fd;
  thread_ = std::thread([this] { run(); });
}

VouchListener::~VouchListener() {
  if (fd_ >= 0) {
    const char stop = 0;
    [[maybe_unused]] const ssize_t written = ::write(wake_[1], &stop, 1);
    thread_.join();
    struct stat st {};
    // Removed only while it is still the one made here.
    if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == device_ && st.st_ino == inode_)
      ::unlink(path_.c_str());
    ::close(fd_);
  }
  for (int end : wake_)
    if (end >= 0) ::close(end);
}

void VouchListener::run() {
  for (;;) {
    pollfd watched[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (watched[1].revents != 0) return;
    const int connection = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    answer_one(connection);
    ::close(connection);
  }
}

void VouchListener::answer_one(int connection) const {
  if (!same_user_peer(connection)) return;
  set_patience(connection, kListenerPatience);
  std::string bytes;
  if (!receive_all(connection, kMaxQuestion, &bytes)) return;
  const std::optional<VouchQuestion> question = decode(bytes);
  bool fresh = false;
  try {
    fresh = question && answer_(*question);
  } catch (...) {
    // Whatever went wrong (memory, a file system error) is the asker's to
    // find when it looks itself; this thread must not end the server.
  }
  send_all(connection, fresh ? kFresh : kStale);
}

std::optional<Vouched> ask_watcher(const std::string& socket_path, const VouchQuestion& question) {
  const int fd = connect_to(socket_path, kAskerPatience);
  if (fd < 0) return std::nullopt;
  std::optional<Vouched> said;
  std::string reply;
  const std::optional<long> server = same_user_peer(fd);
  if (server && send_all(fd, encode(question)) && ::shutdown(fd, SHUT_WR) == 0 &&
      receive_all(fd, kFresh.size(), &reply) && (reply == kFresh || reply == kStale))
    said = Vouched{reply == kFresh, *server};
  ::close(fd);
  return said;
}

}  // namespace relmap
