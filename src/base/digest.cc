#include "base/digest.h"

#include <nettle/base64.h>
#include <nettle/sha2.h>

#include <cstdint>

namespace relmap {

std::string sha256_base64(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof digest, digest);
  std::string out(BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE), '\0');
  base64_encode_raw(reinterpret_cast<char*>(out.data()), sizeof digest, digest);
  return out;
}

}  // namespace relmap
