#include "maps/map_style.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include "maps/page.h"
#include "maps/map_spec.h"
#include "base/text.h"
#include "maps/text_metrics.h"

namespace relmap {

namespace {

using Rgb = std::array<double, 3>;  // 0..1

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Rgb> parse_colour(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return std::nullopt;
  Rgb rgb{};
  for (std::size_t i = 0; i < 3; ++i) {
    const int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    rgb[i] = (hi * 16 + lo) / 255.0;
  }
  return rgb;
}

std::string format_colour(const Rgb& rgb) {
  char out[8];
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  std::snprintf(out, sizeof out, "#%02x%02x%02x", byte(rgb[0]), byte(rgb[1]), byte(rgb[2]));
  return out;
}

double luminance(const Rgb& rgb) {
  auto linear = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
}

double ratio(const Rgb& a, const Rgb& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// Hue, saturation, lightness (all 0..1) and back.
Rgb to_hsl(const Rgb& c) {
  const double hi = std::max({c[0], c[1], c[2]}), lo = std::min({c[0], c[1], c[2]});
  const double l = (hi + lo) / 2, d = hi - lo;
  if (d == 0) return {0, 0, l};
  const double s = l > 0.5 ? d / (2 - hi - lo) : d / (hi + lo);
  double h = hi == c[0]   ? (c[1] - c[2]) / d + (c[1] < c[2] ? 6 : 0)
             : hi == c[1] ? (c[2] - c[0]) / d + 2
                          : (c[0] - c[1]) / d + 4;
  return {h / 6, s, l};
}

Rgb from_hsl(const Rgb& hsl) {
  const double h = hsl[0], s = hsl[1], l = hsl[2];
  if (s == 0) return {l, l, l};
  const double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
  auto channel = [&](double t) {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1.0 / 6) return p + (q - p) * 6 * t;
    if (t < 0.5) return q;
    if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
    return p;
  };
  return {channel(h + 1.0 / 3), channel(h), channel(h - 1.0 / 3)};
}

std::string h(std::string_view text) { return xml_escape(sanitize_text(text)); }

std::string style_value(const Style& style, const char* key, std::string_view fallback) {
  const auto it = style.find(key);
  return it == style.end() ? std::string(fallback) : it->second;
}

/// A relation's line in text: dashes, dots or a full line, doubled when
/// implied, with an arrowhead unless the relation is symmetric.
std::string line_sample(const RelationType& rel, Basis basis) {
  const std::string s = style_value(rel.style, "style", "");
  const bool dotted = s.find("dotted") != std::string::npos, dashed = s.find("dashed") != std::string::npos;
  std::string line = basis == Basis::kImplied ? "\u2550\u2550\u2550\u2550\u2550"
                     : dotted                 ? "\u00B7 \u00B7 \u00B7 \u00B7"
                     : dashed                 ? "\u2012 \u2012 \u2012"
                                              : "\u2500\u2500\u2500\u2500\u2500";
  return line + (rel.symmetric ? "\u2500" : "\u25B6");
}

/// One legend entry: a sample cell and a text cell.
struct Entry {
  std::string sample;  ///< The sample <TD>.
  std::string label;
  double sample_width = 0;  ///< In points.
};

/// The size of a legend's text: that of the relation labels, or a point
/// more where relations go without labels and the legend's is the smallest
/// text of the map.
double legend_text(const MapSpec& spec) { return spec.relation_labels ? 9 : 10; }

std::string point_size(double size) {
  char text[16];
  std::snprintf(text, sizeof text, "%g", size);
  return text;
}

/// The width in points of the legend cells of `groups` in rows of `columns`
/// entries: the widest sample and label of each column, with the cells'
/// padding and spacing.
double legend_width(std::initializer_list<const std::vector<Entry>*> groups, std::size_t columns, double size) {
  std::vector<double> widest(columns, 0);
  for (const std::vector<Entry>* group : groups)
    for (std::size_t i = 0; i < group->size(); ++i) {
      const Entry& entry = (*group)[i];
      widest[i % columns] = std::max(widest[i % columns], entry.sample_width + text_width(entry.label, size) + 12);
    }
  double total = 8;
  for (double w : widest) total += w;
  return total;
}

/// Lines of text ('\n') as escaped HTML-like label text, <BR/> between them.
std::string html_lines(const std::string& lines) {
  std::string out;
  for (std::size_t at = 0, end; at <= lines.size(); at = end + 1) {
    end = std::min(lines.find('\n', at), lines.size());
    out += (at ? "<BR/>" : "") + h(lines.substr(at, end - at));
  }
  return out;
}

/// Where a part of a split map sits: a cell per part, numbered and named,
/// this part's framed thick and in bold.
std::string locator(const MapSpec& spec, const Theme& theme) {
  const std::string size = point_size(legend_text(spec));
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\" CELLPADDING=\"3\" COLOR=\"" +
                     std::string(theme.frame) + "\"><TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" +
                     theme.text + "\">Parts of<BR/>the map:</FONT></TD>";
  for (std::size_t k = 0; k < spec.part_names.size(); ++k) {
    const bool here = k + 1 == spec.part;
    const std::string name = "<BR/>" + html_lines(wrap_to_width(spec.part_names[k], 110, legend_text(spec)));
    html += "<TD" + std::string(here ? " BORDER=\"3\" COLOR=\"" + std::string(theme.text) + "\"" : "") +
            "><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + theme.text + "\">" +
            (here ? "<B>" : "") + std::to_string(k + 1) + (here ? " (this part)" : "") + name +
            (here ? "</B>" : "") + "</FONT></TD>";
  }
  return html + "</TR></TABLE>";
}

}  // namespace

const Theme& theme_for(std::string_view name) {
  static const Theme kLight{"light",   "#ffffff", "#111827", "#555555", "#111827",
                            "#858c97", "#4b5563", "#f3f4f6", "#858c97", "#f9fafb"};
  static const Theme kDark{"dark",    "#0f172a", "#e2e8f0", "#94a3b8", "#111827",
                           "#64748b", "#94a3b8", "#1e293b", "#64748b", "#1e293b"};
  return name == "dark" ? kDark : kLight;
}

double contrast_ratio(std::string_view a, std::string_view b) {
  const auto x = parse_colour(a), y = parse_colour(b);
  return x && y ? ratio(*x, *y) : 0;
}

std::string readable_colour(std::string_view colour, std::string_view background, double min_ratio) {
  const auto c = parse_colour(colour), bg = parse_colour(background);
  if (!c || !bg) return std::string(colour);
  if (ratio(*c, *bg) >= min_ratio) return format_colour(*c);
  const double step = luminance(*bg) < 0.18 ? 0.01 : -0.01;  // lighter on dark backgrounds
  Rgb hsl = to_hsl(*c);
  Rgb out = *c;
  while (ratio(out, *bg) < min_ratio && hsl[2] > 0 && hsl[2] < 1) {
    hsl[2] = std::clamp(hsl[2] + step, 0.0, 1.0);
    out = *parse_colour(format_colour(from_hsl(hsl)));  // judged as written, in whole bytes
  }
  return format_colour(out);
}

std::string line_colour(std::string_view colour, Basis basis, const Theme& theme) {
  // Readable on the background and inside cluster frames alike.
  const std::string c = readable_colour(readable_colour(colour, theme.background, kLineContrast),
                                        theme.frame_fill, kLineContrast);
  return basis == Basis::kImplied ? c + ":invis:" + c : c;
}

std::string relation_colour(const RelationType& relation, const Theme& theme) {
  return style_value(relation.style, "color", theme.edge);
}

std::string map_label(const KnowledgeGraph& kg, const MapSpec& spec, const Theme& theme,
                      const std::string& id) {
  const Schema& schema = kg.schema();
  const std::string text = theme.text;
  const std::string size = point_size(legend_text(spec));
  std::vector<Entry> types, relations;
  std::vector<char> type_seen(schema.node_types().size(), 0), rel_seen(schema.relation_types().size(), 0);
  bool implied = false;
  for (auto v : spec.nodes) type_seen[kg.node(v).type] = 1;
  for (auto e : spec.edges) {
    rel_seen[kg.edge(e).relation] = 1;
    implied = implied || kg.edge(e).basis == Basis::kImplied;
  }
  for (std::size_t t = 0; t < type_seen.size(); ++t) {
    if (!type_seen[t]) continue;
    const NodeType& type = schema.node_types()[t];
    const Style style = schema.node_style(type.name);
    types.push_back({"<TD BORDER=\"1\" WIDTH=\"28\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\" BGCOLOR=\"" +
                         h(style_value(style, "fillcolor", "#ffffff")) + "\" COLOR=\"" +
                         h(style_value(style, "color", "#555555")) + "\"></TD>",
                     type.label, 28});
  }
  for (std::size_t r = 0; r < rel_seen.size(); ++r) {
    if (!rel_seen[r]) continue;
    const RelationType& rel = schema.relation_types()[r];
    relations.push_back({"<TD><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" +
                             h(line_colour(relation_colour(rel, theme), Basis::kStated, theme)) + "\">" +
                             line_sample(rel, Basis::kStated) + "</FONT></TD>",
                         rel.label, text_width(line_sample(rel, Basis::kStated), legend_text(spec))});
  }
  const std::size_t n = types.size() + relations.size() + (implied ? 1 : 0);
  // Columns: one row for a few entries, else a block about four rows high,
  // with fewer columns where more would be wider than a report column.
  std::size_t columns = n <= 4 ? std::max<std::size_t>(n, 1) : std::clamp<std::size_t>((n + 3) / 4, 2, 5);
  while (columns > 1 && legend_width({&types, &relations}, columns, legend_text(spec)) > kLegendShare * layout_box(spec.page).width)
    --columns;
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">";
  if (!spec.title.empty())
    html += "<TR><TD><FONT POINT-SIZE=\"16\" COLOR=\"" + text + "\">" +
            html_lines(wrap_to_width(spec.title, kLegendShare * layout_box(spec.page).width, 16)) + "</FONT></TD></TR>";
  if (n > 0) {
    html += "<TR><TD><TABLE ID=\"" + h(id) +
            "\" TOOLTIP=\"Legend\" BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\""
            " CELLPADDING=\"2\" COLOR=\"" +
            theme.frame + "\" BGCOLOR=\"" + theme.background + "\">";
    html += "<TR><TD COLSPAN=\"" + std::to_string(2 * columns) +
            "\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + text + "\"><B>Legend</B></FONT></TD></TR>";
    for (const std::vector<Entry>* group : {&types, &relations}) {
      for (std::size_t i = 0; i < group->size(); i += columns) {
        html += "<TR>";
        for (std::size_t j = i; j < std::min(i + columns, group->size()); ++j)
          html += (*group)[j].sample + "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + text + "\">" +
                  h((*group)[j].label) + "</FONT></TD>";
        html += "</TR>";
      }
    }
    if (implied) {  // a row of its own: the sentence would widen a column
      static const RelationType kPlain{};
      html += "<TR><TD><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + text + "\">" +
              line_sample(kPlain, Basis::kImplied) + "</FONT></TD><TD COLSPAN=\"" +
              std::to_string(2 * columns - 1) + "\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + text +
              "\">implied: follows from the article, not stated in it</FONT></TD></TR>";
    }
    html += "</TABLE></TD></TR>";
  }
  if (spec.part > 0) html += "<TR><TD>" + locator(spec, theme) + "</TD></TR>";
  return html + "</TABLE>";
}

}  // namespace relmap
