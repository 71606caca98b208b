// Name-based UUIDs (version 5: SHA-1), for ids that are the same on every run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace relmap {

/// The SHA-1 digest of `data` (FIPS 180-4).
std::array<std::uint8_t, 20> sha1(std::string_view data);

/// The version-5 UUID (RFC 4122) of `name` in the namespace given as a UUID
/// in text form; lower-case "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx", or "" if
/// `ns` is not a UUID.
std::string uuid5(std::string_view ns, std::string_view name);

}  // namespace relmap
