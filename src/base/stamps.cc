#include "base/stamps.h"

#include <string_view>

#include "base/diagnostics.h"
#include "base/files.h"
#include "base/hash.h"

namespace relmap {

FileStamp stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return stamp_from(st);
}

FileStamp stamp_from(const struct stat& st) {
  return {static_cast<std::uint64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
          static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec, true};
}

InputFile input_file(const std::string& path) {
  InputFile f;
  f.path = path;
  f.stamp = stamp_of(path);
  std::string text;
  Diagnostics ignored;
  if (f.stamp.ok && read_file(path, &text, &ignored)) f.hash = hash64(text);
  else f.stamp.ok = false;
  return f;
}

std::uint64_t program_identity() {
  static const std::uint64_t identity = [] {
    const FileStamp exe = stamp_of("/proc/self/exe");
    const std::uint64_t words[3] = {exe.size, static_cast<std::uint64_t>(exe.mtime_ns),
                                    static_cast<std::uint64_t>(exe.ctime_ns)};
    return hash64(std::string_view(reinterpret_cast<const char*>(words), sizeof words));
  }();
  return identity;
}

}  // namespace relmap
