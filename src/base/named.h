// Enums that users name on the command line, in URLs, caches and the
// layout child's frames: each enum's values and their names in one table
// (`names_table<E>()`, defined beside the enum), from which the names are
// listed, a name is read and a value is named.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace relmap {

/// One value of an enum and the name users give it.
template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

/// E's values and names, in the order they are listed; specialised beside E.
template <typename E>
std::span<const EnumName<E>> names_table();

/// The name of `value` ("" for a value the table lacks).
template <typename E>
std::string name_of(E value) {
  for (const EnumName<E>& n : names_table<E>())
    if (n.value == value) return std::string(n.name);
  return {};
}

/// The value named `name`, or nothing.
template <typename E>
std::optional<E> value_named(std::string_view name) {
  for (const EnumName<E>& n : names_table<E>())
    if (n.name == name) return n.value;
  return std::nullopt;
}

/// Every name of E, in the table's order.
template <typename E>
std::vector<std::string> names_of() {
  std::vector<std::string> out;
  for (const EnumName<E>& n : names_table<E>()) out.emplace_back(n.name);
  return out;
}

}  // namespace relmap
