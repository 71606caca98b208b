#include "base/hash.h"

#include <xxhash.h>

#include <new>

namespace relmap {

void Hasher::Free::operator()(XXH64_state_s* state) const { XXH64_freeState(state); }

Hasher::Hasher(std::uint64_t seed) : state_(XXH64_createState()) {
  if (state_ == nullptr) throw std::bad_alloc();
  XXH64_reset(state_.get(), seed);
}

void Hasher::update(const void* data, std::size_t size) {
  if (size == 0) return;  // data may be null
  XXH64_update(state_.get(), data, size);
}

std::uint64_t Hasher::digest() const { return XXH64_digest(state_.get()); }

std::uint64_t hash64(std::string_view data, std::uint64_t seed) {
  return XXH64(data.data(), data.size(), seed);
}

}  // namespace relmap
