// The Graphviz attributes a schema's `style` may set, and the values each
// accepts: colours, shapes, arrowheads, style keywords, numbers in a range,
// font names of a safe character set.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relmap {

/// Style keys a node type may set.
const std::vector<std::string>& node_style_keys();
/// Style keys a relation type may set.
const std::vector<std::string>& relation_style_keys();

/// The value to give Graphviz for style attribute `key` (of a node type, or
/// of a relation type if `relation`), normalised: colour names in lower case,
/// #rgb and SVG-only colour names as #rrggbb. nullopt if Graphviz would not
/// accept it or it could reach an output unescaped; then `*why` says what is
/// wrong and what is allowed, with "did you mean" when a name is close.
std::optional<std::string> style_value(std::string_view key, std::string_view value, bool relation,
                                       std::string* why);

}  // namespace relmap
