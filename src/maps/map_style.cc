#include "maps/map_style.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "base/text.h"
#include "maps/citations.h"
#include "maps/legend_shapes.h"
#include "maps/map_spec.h"
#include "maps/page.h"
#include "maps/text_metrics.h"
#include "query/claims.h"

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

/// A line sample: a cell with a line along its bottom, or two (top and
/// bottom) for an implied relation, in the line's colour, width and dashes,
/// drawn by Graphviz as lines, not as text.
std::string line_cell(const std::string& colour, int width, std::string_view dashes, bool doubled) {
  return "<TD WIDTH=\"28\" HEIGHT=\"" + std::string(doubled ? "5" : "8") +
         "\" FIXEDSIZE=\"TRUE\" CELLPADDING=\"0\" SIDES=\"" + (doubled ? "TB" : "B") + "\" BORDER=\"" +
         std::to_string(width) + "\" COLOR=\"" + h(colour) + "\"" +
         (dashes.empty() ? "" : " STYLE=\"" + std::string(dashes) + "\"") + "></TD>";
}

/// The sample of a relation type's line: its colour, dashes and width.
std::string line_sample(const RelationType& rel, const Theme& theme) {
  const std::string s = style_value(rel.style, "style", "");
  const std::string dashes = s.find("dotted") != std::string::npos   ? "dotted"
                             : s.find("dashed") != std::string::npos ? "dashed"
                                                                     : "";
  const double pen = std::strtod(style_value(rel.style, "penwidth", "1").c_str(), nullptr);
  const int width =
      s.find("bold") != std::string::npos ? 2 : std::clamp(static_cast<int>(std::ceil(pen)), 1, 4);
  return line_cell(line_colour(relation_colour(rel, theme), Basis::kStated, theme), width, dashes, false);
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

/// A row of the legend: a sample and a sentence across the other columns.
std::string legend_row(const std::string& sample, const std::string& text, std::size_t columns,
                       const MapSpec& spec, const Theme& theme) {
  return "<TR>" + sample + "<TD COLSPAN=\"" + std::to_string(2 * columns - 1) +
         "\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + point_size(legend_text(spec)) + "\" COLOR=\"" +
         theme.text + "\">" + h(text) + "</FONT></TD></TR>";
}

/// The width in points of the legend cells of `groups` in rows of `columns`
/// entries: the widest sample and label of each column, with the cells'
/// padding and spacing.
double legend_width(std::initializer_list<const std::vector<Entry>*> groups, std::size_t columns,
                    double size) {
  std::vector<double> widest(columns, 0);
  for (const std::vector<Entry>* group : groups)
    for (std::size_t i = 0; i < group->size(); ++i) {
      const Entry& entry = (*group)[i];
      widest[i % columns] =
          std::max(widest[i % columns], entry.sample_width + text_width(entry.label, size) + 12);
    }
  double total = 8;
  for (double w : widest) total += w;
  return total;
}

/// `text` broken into lines at most `width` points wide at `size` points:
/// at spaces, and inside words (a link) too long for a line.
std::string wrap_within(std::string_view text, double width, double size) {
  const std::string wrapped = wrap_to_width(text, width, size);
  std::string out;
  for (std::size_t at = 0, end; at <= wrapped.size(); at = end + 1) {
    end = std::min(wrapped.find('\n', at), wrapped.size());
    std::string line;
    for (std::size_t i = at; i < end; ++i) {
      const bool starts_character = (static_cast<unsigned char>(wrapped[i]) & 0xC0) != 0x80;
      if (starts_character && !line.empty() && text_width(line + wrapped[i], size) > width) {
        out += line + '\n';
        line.clear();
      }
      line += wrapped[i];
    }
    out += line + (end < wrapped.size() ? "\n" : "");
  }
  return out;
}

/// A list under the legend, as rows of the head: its heading ("Sources:"),
/// then its entries a line each (wrapped within the head's share of the page),
/// in one cell whose lines are left-aligned.
std::string text_list(const std::string& heading, const std::vector<std::string>& entries,
                      const MapSpec& spec, const Theme& theme) {
  const double size = legend_text(spec);
  const double width = kLegendShare * layout_box(spec.page).width - text_width(heading + " ", size) - 8;
  std::string lines;
  for (const std::string& entry : entries)
    lines += (lines.empty() ? "" : "\n") + wrap_within(entry, width, size);
  return "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + point_size(size) + "\" COLOR=\"" +
         theme.text + "\">" + h(heading) + "&#160;" + html_lines(lines) + "</FONT></TD></TR>";
}

/// The sources the map cites, numbered as the marks on its lines, and the
/// quotes of the relations it quotes (a path's steps), each with its mark:
/// what a printed map, which has no tooltips, is read with. Rows of the head.
std::string source_list(const KnowledgeGraph& kg, const MapSpec& spec, const Theme& theme) {
  const MapCitations citations = cite_sources(kg, spec);
  if (citations.listed.empty()) return "";
  std::vector<std::string> quotes, sources;
  for (std::size_t k = 0; k < spec.quoted.size(); ++k)
    quotes.push_back(std::to_string(k + 1) + ". " + quote_entry(kg, spec.quoted[k]) + " " +
                     source_mark(kg, citations, {spec.quoted[k]}));
  for (std::size_t k = 0; k < citations.listed.size(); ++k)
    sources.push_back("[" + std::to_string(k + 1) + "] " + source_entry(kg, citations.listed[k]));
  if (citations.unlisted > 0) sources.push_back("+" + std::to_string(citations.unlisted) + " more sources");
  std::string rows;
  if (!quotes.empty()) rows += text_list(quotes.size() == 1 ? "Quote:" : "Quotes:", quotes, spec, theme);
  return rows + text_list(sources.size() == 1 ? "Source:" : "Sources:", sources, spec, theme);
}

/// Where a part of a split map sits: a cell per part, numbered and named,
/// this part's framed thick and in bold.
std::string locator(const MapSpec& spec, const Theme& theme) {
  const std::string size = point_size(legend_text(spec));
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\" CELLPADDING=\"3\" COLOR=\"" +
                     std::string(theme.frame) + "\"><TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"" + size +
                     "\" COLOR=\"" + theme.text + "\">Parts of<BR/>the map:</FONT></TD>";
  // Names as wide as the head's share of the page allows (up to 200 pt): the
  // wider, the fewer lines they take.
  const double room =
      kLegendShare * layout_box(spec.page).width - text_width("the map:", legend_text(spec)) - 16;
  const double wrap = std::clamp(
      room / static_cast<double>(std::max<std::size_t>(spec.part_names.size(), 1)) - 12, 110.0, 200.0);
  for (std::size_t k = 0; k < spec.part_names.size(); ++k) {
    const bool here = k + 1 == spec.part;
    const std::string name = std::to_string(k + 1) + (here ? " (this part): " : ": ") + spec.part_names[k];
    html += "<TD" + std::string(here ? " BORDER=\"3\" COLOR=\"" + std::string(theme.text) + "\"" : "") +
            "><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + theme.text + "\">" + (here ? "<B>" : "") +
            html_lines(wrap_to_width(name, wrap, legend_text(spec), here)) + (here ? "</B>" : "") +
            "</FONT></TD>";
  }
  return html + "</TR></TABLE>";
}

}  // namespace

std::string html_lines(const std::string& lines) {
  std::string out;
  for (std::size_t at = 0, end; at <= lines.size(); at = end + 1) {
    end = std::min(lines.find('\n', at), lines.size());
    out += (at ? "<BR/>" : "") + h(lines.substr(at, end - at));
  }
  return out;
}

const Theme& theme_for(ColourTheme theme) {
  static const Theme kLight{"light",   "#ffffff", "#111827", "#555555", "#111827",
                            "#858c97", "#4b5563", "#f3f4f6", "#858c97", "#f9fafb"};
  static const Theme kDark{"dark",    "#0f172a", "#e2e8f0", "#94a3b8", "#e2e8f0",
                           "#64748b", "#94a3b8", "#1e293b", "#64748b", "#1e293b"};
  return theme == ColourTheme::kDark ? kDark : kLight;
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

std::string node_fill(std::string_view fill, const Theme& theme) {
  const auto c = parse_colour(fill), bg = parse_colour(theme.background);
  if (!c || !bg || luminance(*bg) >= 0.18) return std::string(fill);
  Rgb hsl = to_hsl(*c);
  hsl[1] = std::min(hsl[1], 0.45);
  hsl[2] = 0.24;
  return readable_colour(format_colour(from_hsl(hsl)), theme.node_text, kTextContrast);
}

std::string node_frame(std::string_view colour, const Theme& theme) {
  return readable_colour(colour, theme.background, kLineContrast);
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

std::size_t citing_sources(const KnowledgeGraph& kg, KnowledgeGraph::Vertex v, std::size_t cap) {
  std::set<std::string_view> sources;
  if (cap > 0)
    kg.visit_edges(v, [&](KnowledgeGraph::Edge e) {
      sources.insert(kg.edge(e).source);
      return sources.size() < cap;
    });
  return sources.size();
}

std::string frame_width(std::size_t sources, double base) {
  const double extra =
      0.5 * static_cast<double>(std::min<std::size_t>(std::max<std::size_t>(sources, 1) - 1, 4));
  return point_size(base + extra);
}

std::string corroborated_width(const RelationType& relation) {
  const std::string s = style_value(relation.style, "style", "");
  const double own = s.find("bold") != std::string::npos
                         ? 2
                         : std::strtod(style_value(relation.style, "penwidth", "1").c_str(), nullptr);
  return point_size(2 * std::max(own, 1.0));
}

bool has_corroborated_claim(const KnowledgeGraph& kg, const MapSpec& spec) {
  std::vector<std::uint32_t> edges;
  for (auto e : spec.edges) edges.push_back(kg.edge(e).index);
  const Claims claims(kg.view(), kg.schema(), edges);
  for (std::uint32_t c = 0; c < claims.size(); ++c)
    if (claims.support(c).independent > 1) return true;
  return false;
}

double bundle_width(std::size_t count) {
  return std::min(6.0, 1 + 1.25 * std::log2(static_cast<double>(std::max<std::size_t>(count, 1))));
}

BundleLook bundle_look(const KnowledgeGraph& kg, const std::vector<KnowledgeGraph::Edge>& relations,
                       KnowledgeGraph::Vertex tail, KnowledgeGraph::Vertex head) {
  BundleLook look;
  look.width = bundle_width(relations.size());
  std::map<std::uint32_t, std::size_t> by_type;
  look.one_way = !relations.empty();
  look.implied = !relations.empty();
  for (KnowledgeGraph::Edge e : relations) {
    ++by_type[kg.edge(e).relation];
    look.one_way =
        look.one_way && !kg.relation_type(e).symmetric && kg.source(e) == tail && kg.target(e) == head;
    look.implied = look.implied && kg.edge(e).basis == Basis::kImplied;
  }
  for (const auto& [type, count] : by_type)
    if (2 * count > relations.size()) look.dominant = &kg.schema().relation_types()[type];
  return look;
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
    // Drawn as the type's shape when the SVG is finished (legend_shapes.h).
    types.push_back(
        {"<TD BORDER=\"1\" WIDTH=\"28\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\" BGCOLOR=\"" +
             h(node_fill(style_value(style, "fillcolor", "#ffffff"), theme)) + "\" COLOR=\"" +
             h(node_frame(style_value(style, "color", "#555555"), theme)) + "\" HREF=\"" +
             h(shape_sample_link(style_value(style, "shape", "box"), style_value(style, "style", "filled"))) +
             "\"></TD>",
         type.label, 28});
  }
  std::size_t most_cited = 0;
  for (auto v : spec.nodes) most_cited = std::max(most_cited, citing_sources(kg, v, 2));
  if (most_cited > 1)  // importance (frame_width)
    types.push_back(
        {"<TD BORDER=\"3\" WIDTH=\"28\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\" COLOR=\"" + text + "\"></TD>",
         "wider frame: more sources", 28});
  for (std::size_t r = 0; r < rel_seen.size(); ++r) {
    if (!rel_seen[r]) continue;
    const RelationType& rel = schema.relation_types()[r];
    relations.push_back({line_sample(rel, theme), rel.label, 28});
  }
  const std::size_t n = types.size() + relations.size() + (implied ? 1 : 0) +
                        (spec.highlight_edges.empty() ? 0 : 2) +
                        (spec.removed_nodes.empty() && spec.removed_edges.empty() ? 0 : 1);
  // Columns: one row for a few entries, else a block about four rows high,
  // with fewer columns where more would be wider than a report column.
  std::size_t columns = n <= 4 ? std::max<std::size_t>(n, 1) : std::clamp<std::size_t>((n + 3) / 4, 2, 5);
  while (columns > 1 && legend_width({&types, &relations}, columns, legend_text(spec)) >
                            kLegendShare * layout_box(spec.page).width)
    --columns;
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">";
  if (!spec.title.empty())
    html += "<TR><TD><FONT POINT-SIZE=\"16\" COLOR=\"" + text + "\">" +
            html_lines(wrap_to_width(spec.title, kLegendShare * layout_box(spec.page).width, 16)) +
            "</FONT></TD></TR>";
  if (n > 0) {
    html += "<TR><TD><TABLE ID=\"" + h(id) +
            "\" TOOLTIP=\"Legend\" BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\""
            " CELLPADDING=\"2\" COLOR=\"" +
            theme.frame + "\" BGCOLOR=\"" + theme.background + "\">";
    html += "<TR><TD COLSPAN=\"" + std::to_string(2 * columns) + "\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" +
            size + "\" COLOR=\"" + text + "\"><B>Legend</B></FONT></TD></TR>";
    for (const std::vector<Entry>* group : {&types, &relations}) {
      for (std::size_t i = 0; i < group->size(); i += columns) {
        html += "<TR>";
        for (std::size_t j = i; j < std::min(i + columns, group->size()); ++j)
          html += (*group)[j].sample + "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" +
                  text + "\">" + h((*group)[j].label) + "</FONT></TD>";
        html += "</TR>";
      }
    }
    if (implied)  // rows of their own: the sentences would widen a column
      html += legend_row(line_cell(theme.text, 1, "", true),
                         "implied: follows from the article, not stated in it", columns, spec, theme);
    if (spec.highlight_edges.empty() && spec.edge_bundles.empty() && has_corroborated_claim(kg, spec))
      html += legend_row(line_cell(theme.text, 2, "", false),
                         "twice as wide: two or more independent sources say it", columns, spec, theme);
    if (!spec.highlight_edges.empty()) {
      html += legend_row(
          line_cell(theme.text, 3, "", false),
          "bold: " + (spec.emphasis.empty() ? std::string("what the map is about") : spec.emphasis), columns,
          spec, theme);
      html += legend_row(line_cell(theme.muted_line, 1, "", false), "grey: the surroundings, for context",
                         columns, spec, theme);
    }
    if (!spec.removed_nodes.empty() || !spec.removed_edges.empty())
      html += legend_row(
          "<TD><FONT POINT-SIZE=\"" + size + "\" COLOR=\"" + theme.muted_text + "\"><S>name</S></FONT></TD>",
          "struck through: " + spec.removal, columns, spec, theme);
    html += "</TABLE></TD></TR>";
  }
  if (spec.part > 0) html += "<TR><TD>" + locator(spec, theme) + "</TD></TR>";
  html += source_list(kg, spec, theme);
  return html + "</TABLE>";
}

}  // namespace relmap
