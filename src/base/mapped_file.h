// A read-only memory map of a whole file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace relmap {

/// Maps a file read-only for as long as it lives; the mapping stays valid
/// even if the file is replaced or removed meanwhile.
class MappedFile {
 public:
  /// Map `path`; empty() if it cannot be opened or mapped (or is empty).
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool empty() const { return data_ == nullptr; }
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace relmap
