// A fast 64-bit hash of bytes (XXH64), for telling whether content changed
// and for checksums of the files relmap keeps in its cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace relmap {

/// XXH64 of `data` with `seed`, computed in pieces: update() as often as
/// needed, digest() at any time.
class Hasher {
 public:
  explicit Hasher(std::uint64_t seed = 0);
  void update(const void* data, std::size_t size);
  std::uint64_t digest() const;

 private:
  std::uint64_t v_[4];
  std::uint64_t seed_;
  std::uint64_t total_ = 0;
  unsigned char buffer_[32];
  std::size_t buffered_ = 0;
};

/// XXH64 of `data` in one go.
std::uint64_t hash64(std::string_view data, std::uint64_t seed = 0);

}  // namespace relmap
