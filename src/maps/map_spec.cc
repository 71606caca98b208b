#include "maps/map_spec.h"

#include "base/text.h"

namespace relmap {

std::string graphviz_label(std::string_view text) {
  std::string clean = sanitize_text(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string wrap_label(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t space = text.find(' ', i);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(i, space - i);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(word);
    line += word.size();
    i = space + 1;
  }
  return out;
}

}  // namespace relmap
