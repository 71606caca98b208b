#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace relmap {

namespace {

/// "a folder", "a character device"…: what a path is when not a regular file.
const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

/// "16 MiB" or "1000 bytes".
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

bool read_bounded(const std::string& path, std::size_t max_bytes, std::string* out,
                  std::string* error) {
  out->clear();
  // Non-blocking, so that opening a pipe does not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) {
    *error = std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    *error = std::string("not a regular file (") + file_kind(st.st_mode) + ")";
    ok = false;
  } else if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    *error = "larger than " + size_text(max_bytes);
    ok = false;
  }
  if (ok) out->reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  while (ok) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      ok = false;
    } else if (n == 0) {
      break;
    } else if (out->size() + static_cast<std::size_t>(n) > max_bytes) {  // it grew meanwhile
      *error = "larger than " + size_text(max_bytes);
      ok = false;
    } else {
      out->append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  if (!ok) out->clear();
  return ok;
}

bool read_file(const std::string& path, std::string* out, Diagnostics* diags) {
  std::string error;
  if (read_bounded(path, kMaxDataFileBytes, out, &error)) return true;
  diags->error({path, 0, 0}, "cannot read file: " + error);
  return false;
}

bool resolve_inside(const std::string& root, const std::string& relative, std::string* resolved,
                    std::string* error) {
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(std::filesystem::path(root) / relative, ec);
  if (ec) {
    *error = ec.message();
    return false;
  }
  const std::string& r = real.native();
  const bool inside = r == root || (r.compare(0, root.size(), root) == 0 &&
                                    (root.back() == '/' || r[root.size()] == '/'));
  if (!inside) {
    *error = "outside " + root;
    return false;
  }
  *resolved = r;
  return true;
}

}  // namespace relmap
