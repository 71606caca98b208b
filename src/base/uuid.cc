#include "base/uuid.h"

#include <uuid/uuid.h>

namespace relmap {

std::string uuid5(std::string_view ns, std::string_view name) {
  uuid_t space, out;
  if (uuid_parse_range(ns.data(), ns.data() + ns.size(), space) != 0) return "";
  uuid_generate_sha1(out, space, name.data(), name.size());
  char text[37];
  uuid_unparse_lower(out, text);
  return text;
}

}  // namespace relmap
