#include "render/svg.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "base/text.h"

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

namespace {
/// The first two bytes of U+FDD0..U+FDDF in UTF-8; the third tells which.
constexpr std::string_view kPlaceholderLead = "\xEF\xB7";
constexpr char kAmpersandByte = '\x90';
constexpr char kLinkByte = '\x91';
constexpr char kBackslashByte = '\x92';
}  // namespace

std::string link_placeholder(std::size_t index) {
  return std::string(kPlaceholderLead) + kLinkByte + std::to_string(index);
}

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
  out += tag + " role=\"img\" aria-labelledby=\"" + prefix + "--title " + prefix +
         "--desc\" class=\"relmap-map theme-" + name_of(f.theme) + "\">";
  out += "\n<title id=\"" + prefix + "--title\">" + xml_escape(sanitize_text(f.title)) +
         "</title>\n<desc id=\"" + prefix + "--desc\">" + xml_escape(sanitize_text(f.description)) +
         "</desc>";
  // One pass over the rest, copying it and replacing the placeholders, which
  // no data text contains (they are noncharacters): links, because Graphviz
  // writes the URL attribute unescaped, so the real URLs are escaped here;
  // '&' and '\\'. Linear in the size of the SVG, whatever the number of links.
  std::size_t copied = close + 1;
  for (std::size_t at; (at = svg.find(kPlaceholderLead, copied)) != std::string_view::npos;) {
    out.append(svg.substr(copied, at - copied));
    const char kind = at + 2 < svg.size() ? svg[at + 2] : '\0';
    copied = std::min(at + 3, svg.size());
    if (kind == kAmpersandByte) {
      out += "&amp;";
    } else if (kind == kBackslashByte) {
      out += '\\';
    } else if (kind == kLinkByte) {
      std::size_t index = 0;
      const std::size_t digits = copied;
      for (; copied < svg.size() && svg[copied] >= '0' && svg[copied] <= '9'; ++copied)
        if (index <= f.links.size()) index = index * 10 + static_cast<std::size_t>(svg[copied] - '0');
      if (copied > digits && index < f.links.size()) out += xml_escape(percent_encode_url(f.links[index]));
    } else {
      out.append(svg.substr(at, copied - at));  // another character of that block, e.g. U+FDFA
    }
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

PageBox svg_size(std::string_view svg) {
  const std::size_t box = svg.find("viewBox=\"");
  if (box == std::string_view::npos) return {};
  double x = 0, y = 0;
  PageBox size;
  if (std::sscanf(std::string(svg.substr(box + 9, 80)).c_str(), "%lf %lf %lf %lf", &x, &y, &size.width,
                  &size.height) != 4)
    return {};
  return size;
}

double smallest_font(std::string_view svg) {
  static constexpr std::string_view kKey = "font-size=\"";
  double smallest = 0;
  for (std::size_t pos = svg.find(kKey); pos != std::string_view::npos; pos = svg.find(kKey, pos + 1)) {
    const double size = std::strtod(std::string(svg.substr(pos + kKey.size(), 16)).c_str(), nullptr);
    if (size > 0 && (smallest == 0 || size < smallest)) smallest = size;
  }
  return smallest;
}

}  // namespace relmap
