#include "svg.h"

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
  std::string out(svg);
  const std::size_t open = out.find("<svg");
  if (open == std::string::npos) return out;
  const std::size_t close = out.find('>', open);
  if (close == std::string::npos) return out;
  std::string tag = out.substr(open, close - open);
  if (!f.fixed_size) {
    erase_attribute(&tag, "width");
    erase_attribute(&tag, "height");
    // Graphviz breaks the line after height; fold what is left of it.
    for (std::size_t nl; (nl = tag.find("\n ")) != std::string::npos;) tag.replace(nl, 2, " ");
  }
  const std::string prefix = xml_escape(f.id_prefix);
  tag += " role=\"img\" aria-labelledby=\"" + prefix + "-title " + prefix + "-desc\" class=\"relmap-map theme-" +
         xml_escape(f.theme) + "\"";
  std::string head = "\n<title id=\"" + prefix + "-title\">" + xml_escape(sanitize_text(f.title)) + "</title>\n<desc id=\"" +
                     prefix + "-desc\">" + xml_escape(sanitize_text(f.description)) + "</desc>";
  out = out.substr(0, open) + tag + ">" + head + out.substr(close + 1);
  // Links: Graphviz writes the URL attribute unescaped, so only placeholders
  // went through it; the real URLs are escaped here. Replace from the
  // highest index down so that relmap-link:1 does not match inside :10.
  for (std::size_t i = f.links.size(); i-- > 0;) {
    const std::string placeholder = "\"" + link_placeholder(i) + "\"";
    const std::string url = "\"" + xml_escape(percent_encode_url(f.links[i])) + "\"";
    for (std::size_t pos = 0; (pos = out.find(placeholder, pos)) != std::string::npos; pos += url.size())
      out.replace(pos, placeholder.size(), url);
  }
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
