#include "svg.h"

#include <algorithm>

#include "text.h"

namespace relmap {

namespace {

/// Remove ` name="…"` from the tag text.
void erase_attribute(std::string* tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const std::size_t start = tag->find(key);
  if (start == std::string::npos) return;
  const std::size_t end = tag->find('"', start + key.size());
  if (end == std::string::npos) return;
  std::size_t erase_end = end + 1;
  tag->erase(start, erase_end - start);
}

}  // namespace

std::string link_placeholder(std::size_t index) { return "relmap-link:" + std::to_string(index); }

std::string finish_svg(std::string_view svg, const SvgFinish& f) {
  const std::size_t open = svg.find("<svg");
  const std::size_t close = open == std::string_view::npos ? open : svg.find('>', open);
  if (close == std::string_view::npos) return std::string(svg);
  std::string tag(svg.substr(open, close - open));
  if (!f.fixed_size) {
    erase_attribute(&tag, "width");
    erase_attribute(&tag, "height");
    // Graphviz breaks the line after height; fold what is left of it.
    for (std::size_t nl; (nl = tag.find("\n ")) != std::string::npos;) tag.replace(nl, 2, " ");
  }
  const std::string prefix = xml_escape(f.id_prefix);
  std::string out;
  out.reserve(svg.size() + svg.size() / 8 + 1024);
  out.append(svg.substr(0, open));
  out += tag + " role=\"img\" aria-labelledby=\"" + prefix + "--title " + prefix + "--desc\" class=\"relmap-map theme-" +
         xml_escape(f.theme) + "\">";
  out += "\n<title id=\"" + prefix + "--title\">" + xml_escape(sanitize_text(f.title)) + "</title>\n<desc id=\"" +
         prefix + "--desc\">" + xml_escape(sanitize_text(f.description)) + "</desc>";
  // One pass over the rest, copying it and replacing each link placeholder
  // (an attribute value "relmap-link:N"): Graphviz writes the URL attribute
  // unescaped, so only placeholders went through it and the real URLs are
  // escaped here. Linear in the size of the SVG, whatever the number of links.
  static constexpr std::string_view kLink = "\"relmap-link:";
  std::size_t copied = close + 1;
  for (std::size_t at = svg.find(kLink, copied); at != std::string_view::npos;
       at = svg.find(kLink, std::max(at + 1, copied))) {
    std::size_t end = at + kLink.size();
    std::size_t index = 0;
    while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9' && index <= f.links.size())
      index = index * 10 + static_cast<std::size_t>(svg[end++] - '0');
    if (end == at + kLink.size() || end >= svg.size() || svg[end] != '"' || index >= f.links.size()) continue;
    out.append(svg.substr(copied, at - copied));
    out += '"' + xml_escape(percent_encode_url(f.links[index])) + '"';
    copied = end + 1;
  }
  out.append(svg.substr(copied));
  return out;
}

std::string svg_element(std::string_view svg) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) return std::string();
  const std::size_t end = svg.rfind("</svg>");
  if (end == std::string::npos || end < start) return std::string();
  return std::string(svg.substr(start, end + 6 - start)) + "\n";
}

}  // namespace relmap
