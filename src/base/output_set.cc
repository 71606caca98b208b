#include "base/output_set.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>

#include "base/files.h"

namespace relmap {

namespace {

namespace fs = std::filesystem;

/// What the marker file says to whoever opens it.
constexpr const char* kMarkerText =
    "This folder was written by relmap. Each `relmap build` or `relmap report`\n"
    "replaces it as a whole: files put here by hand are removed.\n";

std::string cause(int err) { return std::strerror(err); }

/// Report "cannot write the output folder: <message>" at `dir`; false.
bool folder_error(const std::string& dir, Diagnostics* diags, const std::string& message) {
  diags->error({dir, 0, 0}, "cannot write the output folder: " + message);
  return false;
}

/// Take the lock file at `path`, waiting up to `wait_seconds` while another
/// process holds it. On failure, an empty UniqueFd and the reason in `error`.
UniqueFd take_lock(const std::string& path, int wait_seconds, std::string* error) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  for (;;) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666));
    if (fd.get() < 0) {
      *error = "cannot create lock file " + path + ": " + cause(errno);
      return UniqueFd();
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
      // Each holder removes the file as it finishes: the lock counts only if
      // it is on the file now at `path`.
      struct stat held {};
      struct stat current {};
      if (::fstat(fd.get(), &held) == 0 && ::stat(path.c_str(), &current) == 0 &&
          held.st_dev == current.st_dev && held.st_ino == current.st_ino)
        return fd;
      continue;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      *error = "cannot lock " + path + ": " + cause(errno);
      return UniqueFd();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      *error = "another relmap has been writing it for " + std::to_string(wait_seconds) + " s (it holds " +
               path + "); try again when it has finished";
      return UniqueFd();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

/// Remove the folders beside the output whose names start with `prefix`:
/// left by writers that were killed (a live writer holds the lock).
void remove_stale(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(parent, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code ignored;
    if (it->path().filename().string().rfind(prefix, 0) == 0 && !it->is_symlink(ignored) &&
        it->is_directory(ignored))
      fs::remove_all(it->path(), ignored);
  }
}

/// Write `files` and the marker into the new folder `staging` and flush them
/// to disk, all at once: a set of thousands of maps flushed file by file
/// spent seconds waiting on the disk. `dir` is the output folder as the
/// caller named it.
bool fill(const std::string& staging, const std::string& dir, const std::vector<OutputFile>& files,
          Diagnostics* diags) {
  const fs::path base = fs::path(dir).lexically_normal();
  std::set<fs::path> folders = {staging};
  for (const OutputFile& f : files) {
    const fs::path rel = fs::path(f.path).lexically_normal().lexically_relative(base);
    if (rel.empty() || rel == "." || *rel.begin() == "..") {
      diags->error({f.path, 0, 0}, "cannot write file: not inside the output folder " + dir);
      return false;
    }
    const fs::path path = staging / rel;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      diags->error({f.path, 0, 0}, "cannot write file: " + ec.message());
      return false;
    }
    for (fs::path p = path.parent_path(); p != staging; p = p.parent_path()) folders.insert(p);
    if (const int err = create_file(path.string(), f.content, Flush::kLater)) {
      diags->error({f.path, 0, 0}, "cannot write file: " + cause(err));
      return false;
    }
  }
  if (const int err = create_file(staging + "/" + kOutputMarker, kMarkerText, Flush::kLater)) {
    diags->error({(base / kOutputMarker).string(), 0, 0}, "cannot write file: " + cause(err));
    return false;
  }
  if (const int err = sync_filesystem(staging)) return folder_error(dir, diags, cause(err));
  for (const fs::path& folder : folders) {
    if (const int err = sync_folder(folder.string())) return folder_error(dir, diags, cause(err));
  }
  return true;
}

/// Put `staging` in the place of `target`, which exists, without a moment
/// where a mix of the two is visible. Returns 0 or errno; on success the old
/// set is at `*old`.
int swap_in(const std::string& staging, const std::string& target, const std::string& aside,
            std::string* old) {
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    *old = staging;
    return 0;
  }
  if (errno != EINVAL && errno != ENOSYS) return errno;
  // A file system without exchange: move the old set aside, then the new one
  // in; for a moment there is no folder at all, but never a mix.
  if (::rename(target.c_str(), aside.c_str()) != 0) return errno;
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::rename(aside.c_str(), target.c_str());
    return err;
  }
  *old = aside;
  return 0;
}

/// The absolute path of the output folder `dir`, where a link leads if it
/// is one; false after reporting a path that cannot be a folder.
bool output_path(const std::string& dir, fs::path* target, Diagnostics* diags) {
  std::error_code ec;
  *target = fs::absolute(dir, ec).lexically_normal();
  if (!target->has_filename()) *target = target->parent_path();  // "out/"
  if (ec || !target->has_filename()) return folder_error(dir, diags, "it must be a folder with a name");
  struct stat link {};
  if (::lstat(target->c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    *target = fs::canonical(*target, ec);  // the folder it leads to
    if (ec) return folder_error(dir, diags, ec.message());
  }
  return true;
}

/// Whether `target` may be replaced: absent, or a writable folder that is
/// empty or marked. `*old` is its state, `*exists` whether it exists.
bool check_target(const fs::path& target, const std::string& dir, struct stat* old, bool* exists,
                  Diagnostics* diags) {
  *exists = ::lstat(target.c_str(), old) == 0;
  if (!*exists) return errno == ENOENT || folder_error(dir, diags, cause(errno));
  if (!S_ISDIR(old->st_mode)) return folder_error(dir, diags, cause(ENOTDIR));
  std::error_code ec;
  const bool empty = fs::is_empty(target, ec);
  if (ec) return folder_error(dir, diags, ec.message());
  if (!empty && !fs::exists(target / kOutputMarker, ec))
    return folder_error(dir, diags,
                        std::string("it holds files relmap did not write (it has no ") + kOutputMarker +
                            "); empty it, remove it or choose another folder");
  if (::access(target.c_str(), W_OK) != 0) return folder_error(dir, diags, cause(errno));
  return true;
}

/// Replace `target` (beside which the lock is held) with the new set.
bool replace_locked(const fs::path& target, const std::string& prefix, const std::string& dir,
                    const std::vector<OutputFile>& files, Diagnostics* diags) {
  struct stat old {};
  bool had_old = false;
  if (!check_target(target, dir, &old, &had_old, diags)) return false;
  const fs::path parent = target.parent_path();
  std::string staging;
  int err = EEXIST;
  for (int attempt = 0; attempt < 8 && err == EEXIST; ++attempt) {
    staging = (parent / unique_name(prefix)).string();
    err = ::mkdir(staging.c_str(), 0777) == 0 ? 0 : errno;
  }
  if (err != 0) return folder_error(dir, diags, "cannot create " + staging + ": " + cause(err));
  std::error_code ignored;
  if (!fill(staging, dir, files, diags)) {
    fs::remove_all(staging, ignored);
    return false;
  }
  if (had_old && ::chmod(staging.c_str(), old.st_mode & 07777) != 0) {
    err = errno;
    fs::remove_all(staging, ignored);
    return folder_error(dir, diags, cause(err));
  }
  std::string old_set;
  err = had_old ? swap_in(staging, target.string(), (parent / unique_name(prefix)).string(), &old_set)
                : (::rename(staging.c_str(), target.c_str()) == 0 ? 0 : errno);
  if (err != 0) {
    fs::remove_all(staging, ignored);
    return folder_error(dir, diags, "cannot put the new files in place: " + cause(err));
  }
  sync_folder(parent.string());
  std::error_code ec;
  if (!old_set.empty()) fs::remove_all(old_set, ec);
  if (ec)
    diags->warning({dir, 0, 0}, "the previous files were left in " + old_set + " (" + ec.message() +
                                    "); the next build removes them");
  return true;
}

}  // namespace

bool check_output_folder(const std::string& dir, Diagnostics* diags) {
  fs::path target;
  struct stat old {};
  bool exists = false;
  if (!output_path(dir, &target, diags) || !check_target(target, dir, &old, &exists, diags)) return false;
  // The new set is made beside the folder: in its parent, or the first
  // ancestor that exists if the parent is still to be made.
  fs::path beside = target.parent_path();
  while (::access(beside.c_str(), F_OK) != 0 && errno == ENOENT && beside.has_relative_path())
    beside = beside.parent_path();
  if (::access(beside.c_str(), W_OK) != 0) return folder_error(dir, diags, cause(errno));
  return true;
}

bool replace_output_set(const std::string& dir, const std::vector<OutputFile>& files, Diagnostics* diags,
                        int lock_wait_seconds) {
  // The folder's real place: its new set and the lock go beside it.
  fs::path target;
  if (!output_path(dir, &target, diags)) return false;
  std::error_code ec;
  fs::path parent = target.parent_path();
  fs::create_directories(parent, ec);
  if (!ec) parent = fs::canonical(parent, ec);
  if (ec)
    return folder_error(dir, diags, "cannot create " + target.parent_path().string() + ": " + ec.message());
  const std::string name = target.filename().string().substr(0, 100);
  const std::string lock_path = (parent / ("." + name + ".relmap-lock")).string();
  std::string error;
  const UniqueFd lock = take_lock(lock_path, lock_wait_seconds, &error);
  if (lock.get() < 0) return folder_error(dir, diags, error);
  const std::string prefix = "." + name + ".relmap-staging-";
  remove_stale(parent, prefix);
  const bool ok = replace_locked(parent / target.filename(), prefix, dir, files, diags);
  ::unlink(lock_path.c_str());  // before the lock is released: see take_lock
  return ok;
}

}  // namespace relmap
