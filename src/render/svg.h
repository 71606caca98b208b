// SVG made for embedding: sized by its container, accessible, with links
// written safely. Works on the SVG text Graphviz produced.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "maps/map_kinds.h"
#include "maps/page.h"

namespace relmap {

struct SvgFinish {
  std::string id_prefix;    ///< The map's name: ids are name--title, name--desc.
  std::string title;        ///< <title> of the map.
  std::string description;  ///< <desc> of the map.
  ColourTheme theme = ColourTheme::kLight;
  bool fixed_size = false;         ///< Keep width and height.
  std::vector<std::string> links;  ///< URLs behind the placeholders relmap-link:N.
};

/// Stand for '&' and '\\' in text given to Graphviz for SVG, and finish_svg
/// writes them back: the noncharacters U+FDD0 and U+FDD2, which
/// sanitize_text takes out of data.
inline constexpr std::string_view kAmpersandPlaceholder = "\xEF\xB7\x90";
inline constexpr std::string_view kBackslashPlaceholder = "\xEF\xB7\x92";

/// The placeholder written to Graphviz's URL attribute for links[index]:
/// the noncharacter U+FDD1 and the index.
std::string link_placeholder(std::size_t index);

/// Remove width/height (keep the viewBox), add title, desc, role and class,
/// replace link placeholders with the escaped, percent-encoded URLs and the
/// others with "&amp;" and '\\', in one pass.
std::string finish_svg(std::string_view svg, const SvgFinish& finish);

/// The size in points the SVG's viewBox gives, or zero if it gives none.
PageBox svg_size(std::string_view svg);

/// The smallest font-size="…" in the SVG, or 0 if it has no text.
double smallest_font(std::string_view svg);

/// The <svg>…</svg> element alone, without XML prolog, doctype or comments
/// before it, for inlining into HTML.
std::string svg_element(std::string_view svg);

}  // namespace relmap
