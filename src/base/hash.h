// A fast 64-bit hash of bytes (XXH64, computed by libxxhash), for telling
// whether content changed and for checksums of the files relmap keeps in
// its cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

struct XXH64_state_s;

namespace relmap {

/// XXH64 of `data` with `seed`, computed in pieces: update() as often as
/// needed, digest() at any time.
class Hasher {
 public:
  explicit Hasher(std::uint64_t seed = 0);
  void update(const void* data, std::size_t size);
  std::uint64_t digest() const;

 private:
  struct Free {
    void operator()(XXH64_state_s* state) const;
  };
  std::unique_ptr<XXH64_state_s, Free> state_;
};

/// XXH64 of `data` in one go.
std::uint64_t hash64(std::string_view data, std::uint64_t seed = 0);

}  // namespace relmap
