#include "project/watch.h"

#include <dirent.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace relmap {

namespace {

/// Every change that may make the inputs different.
constexpr std::uint32_t kChanges = IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE |
                                   IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;

}  // namespace

InputWatch::InputWatch(std::string schema_path, std::string data_path)
    : schema_path_(std::move(schema_path)), data_path_(std::move(data_path)) {}

InputWatch::~InputWatch() {
  if (fd_ >= 0) ::close(fd_);
}

bool InputWatch::changed() {
  if (fd_ >= 0 && !drain()) return false;
  if (!arm() && fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  return true;
}

bool InputWatch::arm() {
  if (fd_ >= 0) ::close(fd_);
  named_.clear();
  tree_.clear();
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) return false;
  if (!watch_file(schema_path_)) return false;
  struct stat st {};
  if (::stat(data_path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
    return watch_tree(data_path_, &seen);
  }
  return watch_file(data_path_);
}

bool InputWatch::watch_tree(const std::string& folder,
                            std::vector<std::pair<std::uint64_t, std::uint64_t>>* seen) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) return false;
  const std::pair<std::uint64_t, std::uint64_t> id{st.st_dev, st.st_ino};
  for (const auto& s : *seen)
    if (s == id) return true;  // a link back to a folder watched already
  seen->push_back(id);
  const int wd = ::inotify_add_watch(fd_, folder.c_str(), kChanges);
  if (wd < 0) return false;
  tree_.push_back(wd);
  DIR* d = ::opendir(folder.c_str());
  if (d == nullptr) return false;
  std::vector<std::string> folders;
  while (const dirent* entry = ::readdir(d)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (entry->d_type == DT_DIR || entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
      const std::string path = folder + "/" + std::string(name);
      struct stat sub {};
      if (::stat(path.c_str(), &sub) == 0 && S_ISDIR(sub.st_mode)) folders.push_back(path);
    }
  }
  ::closedir(d);
  for (const std::string& f : folders)
    if (!watch_tree(f, seen)) return false;
  return true;
}

bool InputWatch::watch_file(const std::string& file) {
  const std::filesystem::path path(file);
  const std::string folder = path.has_parent_path() ? path.parent_path().string() : ".";
  const int wd = ::inotify_add_watch(fd_, folder.c_str(), kChanges);
  if (wd < 0) return false;
  named_.emplace_back(wd, path.filename().string());
  return true;
}

bool InputWatch::concerns(int wd, std::string_view name) const {
  // A data folder's event, an overflow (no watch), a watch gone (no name).
  if (name.empty() || std::find(tree_.begin(), tree_.end(), wd) != tree_.end()) return true;
  for (const auto& [folder, file] : named_)
    if (folder == wd && name == file) return true;
  return std::none_of(named_.begin(), named_.end(), [&](const auto& n) { return n.first == wd; });
}

bool InputWatch::drain() {
  bool any = false;
  alignas(inotify_event) char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) return any || (n < 0 && errno != EAGAIN && errno != EINTR);
    for (ssize_t at = 0; at < n;) {
      inotify_event event;
      std::memcpy(&event, buffer + at, sizeof event);
      const std::string_view name(buffer + at + sizeof event,
                                  event.len > 0 ? std::strlen(buffer + at + sizeof event) : 0);
      at += static_cast<ssize_t>(sizeof event + event.len);
      any = any || concerns(event.wd, name);
    }
  }
}

}  // namespace relmap
