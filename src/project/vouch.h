// A watcher's word that a snapshot is fresh. `relmap serve` watches the
// inputs of the project it holds (watch.h); while it has seen none of them
// change since it found a snapshot fresh, a command run in the same project
// may take that snapshot without examining every data file. It asks over a
// Unix socket in the project's cache folder, which the server makes
// reachable by its owner alone; each side checks that the other runs as the
// same user. A snapshot is named by its identity (its section table's
// checksum), so the word is about the bytes the asker mapped, wherever they
// came from. No answer, or any answer but "fresh", and the asker examines
// the files as it would without a server.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace relmap {

/// The socket of the watcher of the inputs whose cache folder this is.
std::string watcher_socket(const std::string& cache_dir);

/// What an asker wants vouched for: the inputs, by their absolute paths,
/// and the snapshot it found for them; and the program asking (a watcher
/// of another build would compile its own snapshot to answer).
struct VouchQuestion {
  std::string schema, data;
  std::uint64_t snapshot = 0;
  std::uint64_t program = 0;
};

/// Listens on a watcher socket and answers each question on a thread of its
/// own, one at a time, until destroyed; then removes the socket if it is
/// still its own.
class VouchListener {
 public:
  using Answer = std::function<bool(const VouchQuestion&)>;

  /// Listen at `socket_path` (its folder made if need be), unless another
  /// watcher answers there; a socket left by one that ended is replaced.
  VouchListener(std::string socket_path, Answer answer);
  ~VouchListener();
  VouchListener(const VouchListener&) = delete;
  VouchListener& operator=(const VouchListener&) = delete;

  bool listening() const { return fd_ >= 0; }
  /// Why it does not listen, when it does not.
  const std::string& why_not() const { return why_not_; }

 private:
  void run();
  void answer_one(int connection) const;

  std::string path_;
  Answer answer_;
  int fd_ = -1;
  int wake_[2] = {-1, -1};                ///< A pipe whose write end stops the thread.
  std::uint64_t device_ = 0, inode_ = 0;  ///< Of the socket file made.
  std::string why_not_;
  std::thread thread_;
};

/// What a watcher said.
struct Vouched {
  bool fresh = false;
  long server = 0;  ///< Its process id.
};

/// Ask the watcher at `socket_path`; nullopt when none answers in time, or
/// it does not run as this user.
std::optional<Vouched> ask_watcher(const std::string& socket_path, const VouchQuestion& question);

}  // namespace relmap
