#include "revision.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "files.h"

extern char** environ;

namespace relmap {

namespace fs = std::filesystem;

namespace {

/// The most of git's output read: a path, a commit, a message.
constexpr std::size_t kMaxOutput = std::size_t{1} << 20;

/// Run `args` (no shell), its standard output into `out` and its error
/// output, with the exit status, into `error`. True if it exited with 0.
bool run_program(const std::vector<std::string>& args, std::string* out, std::string* error) {
  int output[2], errors[2];
  if (pipe2(output, O_CLOEXEC) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  if (pipe2(errors, O_CLOEXEC) != 0) {
    *error = std::strerror(errno);
    ::close(output[0]);
    ::close(output[1]);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(output[1]);
  ::close(errors[1]);
  std::string messages, ignored;
  if (spawned == 0) {
    // Small outputs: the error output is read once the standard output ends.
    read_to_end(output[0], kMaxOutput, out, &ignored);
    read_to_end(errors[0], kMaxOutput, &messages, &ignored);
  }
  ::close(output[0]);
  ::close(errors[0]);
  if (spawned != 0) {
    *error = args[0] + ": " + std::strerror(spawned);
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  *error = messages.empty() ? args[0] + " failed" : messages;
  return false;
}

std::string first_line(std::string text) {
  const std::size_t end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

RevisionCheckout::~RevisionCheckout() {
  std::error_code ec;
  if (!folder_.empty()) fs::remove_all(folder_, ec);
}

std::string RevisionCheckout::name_in_git(const std::string& path) const {
  if (folder_.empty() || path.rfind(folder_ + "/", 0) != 0) return path;
  return revision_ + ":" + path.substr(folder_.size() + 1);
}

bool RevisionCheckout::open(const std::string& revision, const std::string& schema_path,
                            const std::string& data_path, std::string* error) {
  if (revision.empty() || revision[0] == '-') {
    *error = "'" + revision + "' is neither a folder nor a git revision";
    return false;
  }
  std::error_code ec;
  const fs::path data = fs::absolute(data_path, ec).lexically_normal();
  const fs::path schema = fs::absolute(schema_path, ec).lexically_normal();
  const fs::path start = fs::is_directory(data, ec) ? data : data.parent_path();
  std::string top, commit, why;
  if (!run_program({"git", "-C", start.string(), "rev-parse", "--show-toplevel"}, &top, &why)) {
    *error = "'" + revision + "' is not a folder, and " + data_path +
             " is not in a git repository to take it as a revision of: " + first_line(why);
    return false;
  }
  top = first_line(top);
  if (!run_program({"git", "-C", top, "rev-parse", "--verify", "--quiet", revision + "^{commit}"}, &commit, &why)) {
    *error = "'" + revision + "' is neither a folder nor a revision of the git repository " + top;
    return false;
  }
  commit = first_line(commit);
  const std::string data_in_git = data.lexically_relative(top).generic_string();
  const std::string schema_in_git = schema.lexically_relative(top).generic_string();
  if (data_in_git.empty() || data_in_git.rfind("..", 0) == 0 || schema_in_git.rfind("..", 0) == 0) {
    *error = data_path + " and " + schema_path + " must be inside the git repository " + top;
    return false;
  }
  folder_ = (fs::temp_directory_path(ec) / unique_name("relmap-revision-")).string();
  if (!fs::create_directory(folder_, ec)) {
    *error = folder_ + ": " + ec.message();
    folder_.clear();
    return false;
  }
  const std::string archive = folder_ + "/revision.tar";
  std::string ignored;
  // Each path on its own: a revision may lack the data folder (no facts yet).
  for (const std::string& path : {schema_in_git, data_in_git}) {
    if (!run_program({"git", "-C", top, "cat-file", "-e", commit + ":" + path}, &ignored, &why)) {
      if (path == data_in_git) continue;
      *error = "revision '" + revision + "' has no " + path;
      return false;
    }
    if (!run_program({"git", "-C", top, "archive", "--format=tar", "-o", archive, commit, "--", path}, &ignored,
                     &why) ||
        !run_program({"tar", "-xf", archive, "-C", folder_}, &ignored, &why)) {
      *error = "cannot extract " + path + " of revision '" + revision + "': " + first_line(why);
      return false;
    }
  }
  fs::remove(archive, ec);
  revision_ = revision;
  schema_ = folder_ + "/" + schema_in_git;
  data_ = folder_ + "/" + data_in_git;
  fs::create_directories(data_, ec);  // an empty edition when the revision has no data yet
  return true;
}

}  // namespace relmap
