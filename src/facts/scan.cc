// The quick walk of a data folder (scan_fact_files, facts.h): each folder
// opened once and listed on this thread, while the files listed so far are
// examined on every core; then the folders' entries are sorted and visited
// in list_fact_files' order.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/parallel.h"
#include "facts/facts.h"

namespace relmap {

namespace {

/// How many entries of a folder go to a thread at a time.
constexpr std::size_t kBatch = 256;

/// A run of one folder's entries as listed, their names, and the stamps
/// of the facts files among them once examined.
struct Batch {
  /// An entry: where its name lies in `names`, its type, and for a folder
  /// the folder it is among the scan's.
  struct Entry {
    std::uint32_t at, size;
    unsigned char type;
    std::uint32_t folder = 0;
  };
  std::uint32_t folder = 0;
  std::string names;  ///< Every name, each ended by a NUL.
  std::vector<Entry> entries;
  std::vector<FileStamp> stamps;  ///< Of the entries, once examined; !ok for what is not a facts file.

  std::string_view name(const Entry& e) const { return std::string_view(names).substr(e.at, e.size); }
};

class FolderScan {
 public:
  FolderScan() = default;
  FolderScan(const FolderScan&) = delete;
  FolderScan& operator=(const FolderScan&) = delete;
  ~FolderScan() {
    finish_listing();
    for (std::thread& t : threads_) t.join();
    for (const Folder& f : folders_) ::close(f.fd);
  }

  /// List the folder at `path` and those in it, examining the files listed
  /// meanwhile. False at anything the quick walk leaves to the full one.
  bool scan(const std::string& path) {
    std::string dir = path;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    for (unsigned w = 1; w < file_workers(); ++w) threads_.emplace_back([this, w] { examine(w); });
    const bool listed = read(fd, dir + "/");
    finish_listing();
    examine(0);
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    return listed && !failed_;
  }

  /// Visit every facts file found in order; false if one was not examined
  /// or `visit` says so.
  bool visit(const std::function<bool(const ScannedFile&)>& visit) { return visit_folder(0, visit); }

 private:
  struct Folder {
    int fd;
    std::string prefix;
    /// Where its entries are: a batch and an entry of it, sorted by name
    /// before the visit.
    std::vector<std::pair<const Batch*, std::uint32_t>> entries;
  };

  /// Read the folder open at `fd` (now owned here) and the folders in it,
  /// handing each batch of entries to the threads as it is full.
  bool read(int fd, std::string prefix) {
    const auto folder = static_cast<std::uint32_t>(folders_.size());
    folders_.push_back({fd, std::move(prefix), {}});
    const int own = ::dup(fd);
    DIR* d = own < 0 ? nullptr : ::fdopendir(own);
    if (d == nullptr) {
      if (own >= 0) ::close(own);
      return false;
    }
    auto batch = std::make_unique<Batch>();
    batch->folder = folder;
    bool ok = true;
    errno = 0;
    while (const dirent* entry = ::readdir(d)) {
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
        ok = false;
        break;
      }
      Batch::Entry e{static_cast<std::uint32_t>(batch->names.size()), static_cast<std::uint32_t>(name.size()),
                     entry->d_type};
      if (entry->d_type == DT_DIR) {
        const int sub = ::openat(fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        e.folder = static_cast<std::uint32_t>(folders_.size());
        if (sub < 0 || !read(sub, folders_[folder].prefix + std::string(name) + "/")) {
          ok = false;
          break;
        }
      } else if (entry->d_type != DT_REG && is_fact_file(name)) {
        ok = false;  // a facts file that is not a plain file: the full walk says so
        break;
      }
      batch->names.append(name);
      batch->names.push_back('\0');
      batch->entries.push_back(e);
      if (batch->entries.size() == kBatch) {
        hand_out(std::move(batch));
        batch = std::make_unique<Batch>();
        batch->folder = folder;
      }
    }
    ok = ok && errno == 0;
    ::closedir(d);
    if (!batch->entries.empty()) hand_out(std::move(batch));
    return ok;
  }

  /// Give a full batch to the threads, and record its entries with its folder.
  void hand_out(std::unique_ptr<Batch> batch) {
    Folder& folder = folders_[batch->folder];
    for (std::uint32_t i = 0; i < batch->entries.size(); ++i) folder.entries.emplace_back(batch.get(), i);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      batches_.push_back(std::move(batch));
      descriptors_.push_back(folder.fd);
    }
    ready_.notify_one();
  }

  void finish_listing() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      listed_ = true;
    }
    ready_.notify_all();
  }

  /// Examine the batches handed out, until the listing is over and none is
  /// left. A thread but the first does it through descriptors of its own:
  /// the kernel counts the uses of a descriptor that threads share in one
  /// place, which the cores would otherwise fight over at every file.
  void examine(unsigned worker) {
    std::vector<std::pair<int, int>> own;  // a folder's descriptor, and this thread's
    for (;;) {
      Batch* batch = nullptr;
      int fd = -1;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return taken_ < batches_.size() || listed_; });
        if (taken_ == batches_.size()) break;
        batch = batches_[taken_].get();
        fd = descriptors_[taken_];
        ++taken_;
      }
      if (worker > 0) {
        auto mine = std::find_if(own.begin(), own.end(), [&](const auto& o) { return o.first == fd; });
        if (mine == own.end()) mine = own.insert(own.end(), {fd, ::fcntl(fd, F_DUPFD_CLOEXEC, 0)});
        if (mine->second >= 0) fd = mine->second;
      }
      batch->stamps.resize(batch->entries.size());
      for (std::size_t i = 0; i < batch->entries.size(); ++i) {
        const Batch::Entry& e = batch->entries[i];
        if (e.type != DT_REG || !is_fact_file(batch->name(e))) continue;
        struct stat st {};
        if (::fstatat(fd, batch->names.c_str() + e.at, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
          batch->stamps[i] = stamp_from(st);
        else
          failed_ = true;  // not a plain file, or not examined
      }
    }
    for (const auto& [shared, mine] : own)
      if (mine >= 0) ::close(mine);
  }

  /// Visit the files of `folder` and of the folders in it, each folder's
  /// entries sorted by name.
  bool visit_folder(std::uint32_t folder, const std::function<bool(const ScannedFile&)>& visit) {
    auto& entries = folders_[folder].entries;
    auto name = [](const std::pair<const Batch*, std::uint32_t>& e) {
      return e.first->name(e.first->entries[e.second]);
    };
    // By the first 8 bytes as one number, which orders most names alone
    // (tens of thousands in a folder of a large corpus), then by the rest.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(entries.size());
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      const std::string_view n = name(entries[i]);
      std::uint64_t key = 0;
      for (std::size_t k = 0; k < 8; ++k)
        key = key << 8 | (k < n.size() ? static_cast<unsigned char>(n[k]) : 0u);
      keyed[i] = {key, i};
    }
    std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return name(entries[a.second]) < name(entries[b.second]);
    });
    for (const auto& [key, i] : keyed) {
      const auto& [batch, index] = entries[i];
      const Batch::Entry& e = batch->entries[index];
      if (e.type == DT_DIR) {
        if (!visit_folder(e.folder, visit)) return false;
      } else if (e.type == DT_REG && is_fact_file(batch->name(e))) {
        if (!batch->stamps[index].ok) return false;
        if (!visit({folders_[folder].prefix, batch->name(e), batch->stamps[index]})) return false;
      }
    }
    return true;
  }

  std::vector<Folder> folders_;  ///< Listed on the first thread alone.
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  // Under mutex_:
  std::vector<std::unique_ptr<Batch>> batches_;  ///< Handed out, in order.
  std::vector<int> descriptors_;                 ///< Of each batch's folder.
  std::size_t taken_ = 0;                        ///< Batches taken by a thread.
  bool listed_ = false;                          ///< No more batches will come.
  std::atomic<bool> failed_{false};              ///< A facts file could not be examined.
};

}  // namespace

bool scan_fact_files(const std::string& path, const std::function<bool(const ScannedFile&)>& visit) {
  FolderScan scan;
  return scan.scan(path) && scan.visit(visit);
}

}  // namespace relmap
