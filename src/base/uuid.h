// Name-based UUIDs (version 5: SHA-1), for ids that are the same on every
// run; made by libuuid.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// The version-5 UUID (RFC 4122) of `name` in the namespace given as a UUID
/// in text form ("6ba7b810-9dad-11d1-80b4-00c04fd430c8"); lower-case
/// "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx", or "" if `ns` is not a UUID.
std::string uuid5(std::string_view ns, std::string_view name);

}  // namespace relmap
