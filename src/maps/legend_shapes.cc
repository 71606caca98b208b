#include "maps/legend_shapes.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace relmap {

namespace {

constexpr std::string_view kMarker = "<a xlink:href=\"#relmap-shape:";

/// The box of a cell, in the SVG's coordinates.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// The value of `name="…"` in `tag`, or empty.
std::string attribute(std::string_view tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const std::size_t at = tag.find(key);
  if (at == std::string_view::npos) return std::string();
  const std::size_t end = tag.find('"', at + key.size());
  return end == std::string_view::npos ? std::string()
                                       : std::string(tag.substr(at + key.size(), end - at - key.size()));
}

/// The bounding box of a polygon's points="x,y x,y …".
bool bounds(const std::string& points, Box* box) {
  std::istringstream in(points);
  double x = 0, y = 0;
  char comma = 0;
  bool any = false;
  while (in >> x >> comma >> y) {
    if (!any) *box = {x, y, x, y};
    box->x0 = std::min(box->x0, x), box->x1 = std::max(box->x1, x);
    box->y0 = std::min(box->y0, y), box->y1 = std::max(box->y1, y);
    any = true;
  }
  return any;
}

std::string number(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%.2f", v);
  return out;
}

std::string points(std::initializer_list<std::pair<double, double>> xy) {
  std::string out;
  for (const auto& [x, y] : xy) out += (out.empty() ? "" : " ") + number(x) + "," + number(y);
  return out;
}

bool has_word(std::string_view words, std::string_view word) {
  std::size_t at = 0;
  while (at <= words.size()) {
    const std::size_t end = std::min(words.find(',', at), words.size());
    if (words.substr(at, end - at) == word) return true;
    at = end + 1;
  }
  return false;
}

/// The SVG elements of a node sample of `shape` with `styles` in `b`.
std::string shape_svg(std::string_view shape, std::string_view styles, const Box& b, const std::string& fill,
                      const std::string& stroke) {
  std::string paint = " fill=\"" + fill + "\" stroke=\"" + stroke + "\"";
  if (has_word(styles, "bold")) paint += " stroke-width=\"2\"";
  if (has_word(styles, "dashed")) paint += " stroke-dasharray=\"5,2\"";
  if (has_word(styles, "dotted")) paint += " stroke-dasharray=\"1,5\"";
  const std::string line = " fill=\"none\" stroke=\"" + stroke + "\"";
  const double w = b.x1 - b.x0, h = b.y1 - b.y0, xm = (b.x0 + b.x1) / 2, ym = (b.y0 + b.y1) / 2;
  if (shape == "ellipse")
    return "<ellipse" + paint + " cx=\"" + number(xm) + "\" cy=\"" + number(ym) + "\" rx=\"" + number(w / 2) +
           "\" ry=\"" + number(h / 2) + "\"/>";
  if (shape == "house")
    return "<polygon" + paint + " points=\"" +
           points({{b.x0, b.y1}, {b.x0, b.y0 + h * 0.4}, {xm, b.y0}, {b.x1, b.y0 + h * 0.4}, {b.x1, b.y1}}) +
           "\"/>";
  if (shape == "note")
    return "<polygon" + paint + " points=\"" +
           points({{b.x0, b.y0}, {b.x1 - 5, b.y0}, {b.x1, b.y0 + 5}, {b.x1, b.y1}, {b.x0, b.y1}}) +
           "\"/><polyline" + line + " points=\"" +
           points({{b.x1 - 5, b.y0}, {b.x1 - 5, b.y0 + 5}, {b.x1, b.y0 + 5}}) + "\"/>";
  if (shape == "tab")
    return "<rect" + paint + " x=\"" + number(b.x0) + "\" y=\"" + number(b.y0 + 3) + "\" width=\"" +
           number(w) + "\" height=\"" + number(h - 3) + "\"/><rect" + paint + " x=\"" + number(b.x0 + 2) +
           "\" y=\"" + number(b.y0) + "\" width=\"8\" height=\"3\"/>";
  std::string out = "<rect" + paint + " x=\"" + number(shape == "component" ? b.x0 + 3 : b.x0) + "\" y=\"" +
                    number(b.y0) + "\" width=\"" + number(shape == "component" ? w - 3 : w) + "\" height=\"" +
                    number(h) + "\"" + (has_word(styles, "rounded") ? " rx=\"3\"" : "") + "/>";
  if (shape == "component")
    for (double y : {b.y0 + 2, b.y1 - 5})
      out +=
          "<rect" + paint + " x=\"" + number(b.x0) + "\" y=\"" + number(y) + "\" width=\"6\" height=\"3\"/>";
  if (has_word(styles, "diagonals"))
    out += "<path" + line + " d=\"M" + points({{b.x0, b.y0 + 4}}) + "L" + points({{b.x0 + 4, b.y0}}) + "M" +
           points({{b.x1 - 4, b.y0}}) + "L" + points({{b.x1, b.y0 + 4}}) + "M" + points({{b.x0, b.y1 - 4}}) +
           "L" + points({{b.x0 + 4, b.y1}}) + "M" + points({{b.x1 - 4, b.y1}}) + "L" +
           points({{b.x1, b.y1 - 4}}) + "\"/>";
  return out;
}

}  // namespace

std::string shape_sample_link(std::string_view shape, std::string_view style) {
  return "#relmap-shape:" + std::string(shape) + ":" + std::string(style);
}

std::string without_shape_links(std::string_view label) {
  static constexpr std::string_view kLink = " HREF=\"#relmap-shape:";
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at; (at = label.find(kLink, copied)) != std::string_view::npos;) {
    const std::size_t end = label.find('"', at + kLink.size());
    if (end == std::string_view::npos) break;
    out.append(label.substr(copied, at - copied));
    copied = end + 1;
  }
  out.append(label.substr(copied));
  return out;
}

std::string draw_shape_samples(std::string_view svg) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at; (at = svg.find(kMarker, copied)) != std::string_view::npos;) {
    // The cell as Graphviz draws it: <g id="a_…"><a …> its fill polygon,
    // its frame polygon </a></g>.
    const std::size_t group = svg.rfind("<g id=\"a_", at);
    const std::size_t close = svg.find("</a>", at);
    const std::size_t end = close == std::string_view::npos ? close : svg.find("</g>", close);
    if (group == std::string_view::npos || group < copied || end == std::string_view::npos) break;
    const std::string_view cell = svg.substr(at, close - at);
    const std::size_t kind = at + kMarker.size();
    const std::size_t colon = svg.find(':', kind), quote = svg.find('"', kind);
    const std::string_view shape = svg.substr(kind, std::min(colon, quote) - kind);
    const std::string_view styles =
        colon < quote ? svg.substr(colon + 1, quote - colon - 1) : std::string_view();
    const std::size_t fill_at = cell.find("<polygon"), frame_at = cell.find("<polygon", fill_at + 1);
    Box box;
    if (fill_at == std::string_view::npos || frame_at == std::string_view::npos ||
        !bounds(attribute(cell.substr(fill_at), "points"), &box)) {
      out.append(svg.substr(copied, kind - copied));
      copied = kind;
      continue;
    }
    out.append(svg.substr(copied, group - copied));
    out += "<g class=\"legend-shape\">" +
           shape_svg(shape, styles, box, attribute(cell.substr(fill_at), "fill"),
                     attribute(cell.substr(frame_at), "stroke")) +
           "</g>";
    copied = end + 4;
  }
  out.append(svg.substr(copied));
  return out;
}

}  // namespace relmap
