#include "base/stamps.h"

#include <elf.h>
#include <link.h>

#include <cstring>
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
  if (f.stamp.ok && read_file(path, &text, &ignored))
    f.hash = hash64(text);
  else
    f.stamp.ok = false;
  return f;
}

namespace {

/// Reads the notes of one PT_NOTE segment (`size` bytes at `notes`) for the
/// build id: each note is a header, its name and its descriptor, each padded
/// to 4 bytes (elf(5), "Notes (Nhdr)").
std::string build_id_in(const unsigned char* notes, std::size_t size) {
  std::size_t at = 0;
  while (at + sizeof(ElfW(Nhdr)) <= size) {
    ElfW(Nhdr) header;
    std::memcpy(&header, notes + at, sizeof header);
    const std::size_t name = at + sizeof header;
    const std::size_t desc = name + ((header.n_namesz + 3u) & ~std::size_t{3});
    const std::size_t next = desc + ((header.n_descsz + 3u) & ~std::size_t{3});
    if (next > size) break;
    if (header.n_type == NT_GNU_BUILD_ID && header.n_namesz == 4 && std::memcmp(notes + name, "GNU", 4) == 0)
      return std::string(reinterpret_cast<const char*>(notes + desc), header.n_descsz);
    at = next;
  }
  return {};
}

/// dl_iterate_phdr visits the program itself first; its notes are searched
/// and the walk stops there.
int find_build_id(struct dl_phdr_info* info, std::size_t, void* data) {
  auto* found = static_cast<std::string*>(data);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum && found->empty(); ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) continue;
    const auto* notes = reinterpret_cast<const unsigned char*>(info->dlpi_addr + segment.p_vaddr);
    *found = build_id_in(notes, segment.p_memsz);
  }
  return 1;
}

/// The build id the linker wrote into the running program, empty if none.
std::string program_build_id() {
  std::string found;
  dl_iterate_phdr(find_build_id, &found);
  return found;
}

/// Without a build id, the program is what its executable holds; if even
/// that cannot be read, its executable's stamp.
std::uint64_t program_content_hash() {
  std::string content;
  std::string error;
  if (read_bounded("/proc/self/exe", std::size_t{1} << 31, &content, &error)) return hash64(content, 2);
  const FileStamp exe = stamp_of("/proc/self/exe");
  const std::uint64_t words[3] = {exe.size, static_cast<std::uint64_t>(exe.mtime_ns),
                                  static_cast<std::uint64_t>(exe.ctime_ns)};
  return hash64(std::string_view(reinterpret_cast<const char*>(words), sizeof words), 3);
}

}  // namespace

std::uint64_t program_identity() {
  static const std::uint64_t identity = [] {
    const std::string build_id = program_build_id();
    if (!build_id.empty()) return hash64(build_id, 1);
    return program_content_hash();
  }();
  return identity;
}

}  // namespace relmap
