#include "base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>

#include "base/temporaries.h"

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

/// Write all of `data` to `fd`. Returns 0 or errno.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

/// "16 MiB" or "1000 bytes".
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

bool read_to_end(int fd, std::size_t max_bytes, std::string* out, std::string* error) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    if (out->size() + static_cast<std::size_t>(n) > max_bytes) {
      *error = "larger than " + size_text(max_bytes);
      return false;
    }
    out->append(buffer, static_cast<std::size_t>(n));
  }
}

bool read_bounded(const std::string& path, std::size_t max_bytes, std::string* out, std::string* error) {
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
  ok = ok && read_to_end(fd, max_bytes, out, error);  // the size is checked again: it may grow meanwhile
  ::close(fd);
  if (!ok) out->clear();
  return ok;
}

bool file_holds(const std::string& path, std::string_view content) {
  std::string held, error;
  return read_bounded(path, content.size(), &held, &error) && held == content;
}

bool read_standard_input(std::string* out, Diagnostics* diags) {
  std::string error;
  out->clear();
  if (read_to_end(STDIN_FILENO, kMaxDataFileBytes, out, &error)) return true;
  out->clear();
  diags->error({kStandardInput, 0, 0}, "cannot read standard input: " + error);
  return false;
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
  const bool inside =
      r == root || (r.compare(0, root.size(), root) == 0 && (root.back() == '/' || r[root.size()] == '/'));
  if (!inside) {
    *error = "outside " + root;
    return false;
  }
  *resolved = r;
  return true;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

int UniqueFd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

std::string unique_name(std::string_view prefix, std::size_t length) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device random;  // fresh in every process, forked or not
  std::uint64_t bits = std::uint64_t{random()} << 32 | random();
  std::string name(prefix);
  for (std::size_t i = 0; i < length; ++i, bits /= 36) name += kChars[bits % 36];
  return name;
}

int create_file(const std::string& path, std::string_view content, Flush flush) {
  return create_file(path, std::span<const std::string_view>(&content, 1), flush);
}

int create_file(const std::string& path, std::span<const std::string_view> pieces, Flush flush) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666));
  if (fd.get() < 0) return errno;
  int err = 0;
  for (std::size_t i = 0; i < pieces.size() && err == 0; ++i) err = write_all(fd.get(), pieces[i]);
  if (err == 0 && flush == Flush::kNow && ::fsync(fd.get()) != 0) err = errno;
  if (err == 0 && ::close(fd.release()) != 0) err = errno;
  if (err != 0) ::unlink(path.c_str());
  return err;
}

int sync_filesystem(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  return ::syncfs(fd.get()) == 0 ? 0 : errno;
}

int sync_folder(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  return ::fsync(fd.get()) == 0 ? 0 : errno;
}

bool write_file(const std::string& path, std::string_view content, Diagnostics* diags) {
  return write_file(path, std::span<const std::string_view>(&content, 1), diags);
}

namespace {

namespace fs = std::filesystem;

/// The folder a file at `path` goes into.
fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

/// Write `pieces` into a new file beside `path`, then rename it over
/// `path`; the cause at `shown` in `diags` on failure.
bool replace_file(const std::string& path, std::span<const std::string_view> pieces, const std::string& shown,
                  Diagnostics* diags) {
  const fs::path target(path);
  const fs::path folder = folder_of(target);
  // A temporary name of this write's own, beside the file.
  const std::string prefix = (folder / ("." + target.filename().string().substr(0, 100) + ".tmp-")).string();
  std::string temp;
  UniqueFd fd;
  int err = EEXIST;
  for (int attempt = 0; attempt < 8 && err == EEXIST; ++attempt) {
    temp = unique_name(prefix);
    // Remembered before it exists, so that a signal that comes once it does
    // removes it (see temporaries.h).
    remember_temporary(temp);
    fd = UniqueFd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666));
    err = fd.get() < 0 ? errno : 0;
    if (err != 0) forget_temporary(temp);
  }
  if (err == 0) {
    hold_temporary(fd.get());  // held until it is renamed
    for (std::size_t i = 0; i < pieces.size() && err == 0; ++i) err = write_all(fd.get(), pieces[i]);
    if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
    struct stat old {};  // a file replaced keeps its permissions
    if (err == 0 && ::stat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode) &&
        ::fchmod(fd.get(), old.st_mode & 07777) != 0)
      err = errno;
    if (err == 0 && ::rename(temp.c_str(), path.c_str()) != 0) err = errno;
    if (err != 0) ::unlink(temp.c_str());
    forget_temporary(temp);
    ::close(fd.release());  // flushed already: the lock goes with it
  }
  if (err != 0) {
    diags->error({shown, 0, 0}, std::string("cannot write file: ") + std::strerror(err));
    return false;
  }
  sync_folder(folder.string());  // makes the rename durable; the file is in place either way
  return true;
}

/// Whether `path` names an open descriptor of a process rather than a file
/// (/dev/stdout leads to /proc/self/fd/1, whose "target" may be a pipe).
bool is_descriptor_path(const std::string& path) {
  return path.rfind("/proc/", 0) == 0 || path.rfind("/dev/fd/", 0) == 0;
}

/// Open what `path` is (a device, a pipe, a descriptor) and write
/// `content` into it; a regular file behind a descriptor is appended to, as
/// the shell's redirection asked.
bool write_into(const std::string& path, std::string_view content, const std::string& shown,
                Diagnostics* diags) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY));
  int err = fd.get() < 0 ? errno : write_all(fd.get(), content);
  if (err == 0 && ::close(fd.release()) != 0) err = errno;
  if (err == 0) return true;
  diags->error({shown, 0, 0}, std::string("cannot write file: ") + std::strerror(err));
  return false;
}

}  // namespace

bool folder_exists(const std::string& path, const std::string& shown, Diagnostics* diags) {
  fs::path name = fs::path(path).lexically_normal();
  if (!name.has_filename() && name.has_parent_path()) name = name.parent_path();  // "out/"
  const fs::path folder = folder_of(name);
  struct stat st {};
  const int err = ::stat(folder.c_str(), &st) == 0 ? 0 : errno;
  if (err == 0 && S_ISDIR(st.st_mode)) return true;
  const std::string why = err == 0        ? folder.string() + " is not a folder"
                          : err == ENOENT ? "the folder " + folder.string() + " does not exist"
                                          : folder.string() + ": " + std::strerror(err);
  diags->error({shown, 0, 0}, "cannot write file: " + why);
  return false;
}

bool write_file(const std::string& path, std::span<const std::string_view> pieces, Diagnostics* diags) {
  const fs::path folder = folder_of(fs::path(path));
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    diags->error({path, 0, 0}, "cannot create folder " + folder.string() + ": " + ec.message());
    return false;
  }
  return replace_file(path, pieces, path, diags);
}

bool write_output(const std::string& path, std::string_view content, Diagnostics* diags) {
  // Follow links one step at a time, so that the file replaced is the one
  // the last link leads to, in its own folder.
  std::string target = path;
  for (int hops = 0; hops < 40; ++hops) {
    if (is_descriptor_path(target)) return write_into(target, content, path, diags);
    struct stat st {};
    if (::lstat(target.c_str(), &st) != 0) {
      if (errno != ENOENT && errno != ENOTDIR) break;
      return folder_exists(target, path, diags) && replace_file(target, std::span(&content, 1), path, diags);
    }
    if (S_ISREG(st.st_mode)) return replace_file(target, std::span(&content, 1), path, diags);
    if (S_ISDIR(st.st_mode)) {
      errno = EISDIR;
      break;
    }
    if (!S_ISLNK(st.st_mode)) return write_into(target, content, path, diags);
    std::error_code ec;
    const fs::path next = fs::read_symlink(target, ec);
    if (ec) {
      errno = ec.value();
      break;
    }
    target = (next.is_absolute() ? next : folder_of(fs::path(target)) / next).string();
    errno = ELOOP;
  }
  diags->error({path, 0, 0}, std::string("cannot write file: ") + std::strerror(errno));
  return false;
}

}  // namespace relmap
