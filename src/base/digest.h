// Cryptographic digests where a standard asks for one: the SHA-256 of bytes
// in base64, as a Content-Security-Policy names the inline script and style
// it allows ('sha256-…'). Computed by Nettle.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// The SHA-256 of `data`, base64-encoded (44 characters, padded).
std::string sha256_base64(std::string_view data);

}  // namespace relmap
