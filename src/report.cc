#include "report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "svg.h"
#include "text.h"
#include "views.h"

namespace relmap {

namespace {

std::string h(std::string_view text) { return xml_escape(sanitize_text(text)); }

/// Anchors: bounded and distinct for distinct ids (see slug).
std::string actor_anchor(const NodeProps& n) { return "actor-" + slug(n.id); }
std::string source_anchor(const NodeProps& n) { return "section-" + slug(n.id); }

/// Properties of a relation other than role, as "name: value; …".
std::string relation_details(const EdgeProps& e) {
  std::string out;
  for (const auto& [name, values] : e.properties) {
    std::string joined;
    for (const std::string& v : values) joined += (joined.empty() ? "" : ", ") + v;
    out += (out.empty() ? "" : "; ") + name + ": " + joined;
  }
  return out;
}


/// Source line: publisher, date, file.
std::string source_meta(const NodeProps& n) {
  std::string out;
  for (const char* key : {"publisher", "author", "date", "file"}) {
    const std::string v = first_value(n.properties, key);
    if (!v.empty()) out += (out.empty() ? "" : " · ") + v;
  }
  return out;
}

/// Actors (not sources), by name.
std::vector<Vertex> actors_by_name(const KnowledgeGraph& kg) {
  const auto& g = kg.graph();
  std::vector<Vertex> actors;
  for (auto v : boost::make_iterator_range(boost::vertices(g)))
    if (!is_source(kg, v)) actors.push_back(v);
  std::stable_sort(actors.begin(), actors.end(),
                   [&](Vertex a, Vertex b) { return ascii_lower(g[a].name) < ascii_lower(g[b].name); });
  return actors;
}

/// An actor's relations with other actors, in fact order.
std::vector<Edge> actor_links(const KnowledgeGraph& kg, Vertex v) {
  const auto& g = kg.graph();
  std::vector<Edge> links;
  for (auto e : boost::make_iterator_range(boost::out_edges(v, g)))
    if (!is_source(kg, boost::target(e, g))) links.push_back(e);
  for (auto e : boost::make_iterator_range(boost::in_edges(v, g)))
    if (!is_source(kg, boost::source(e, g))) links.push_back(e);
  std::sort(links.begin(), links.end(), [&](Edge a, Edge b) { return g[a].index < g[b].index; });
  return links;
}

/// Print geometry, in points: the content box of an A4 or Letter page with
/// 12 mm margins, whichever is smaller, and the room a map's heading, source
/// line and caption (or a part's caption) take on its page.
constexpr double kPageWidth = 527, kPageHeight = 724, kHeadingRoom = 110;
/// The smallest scale a map may print at: its 9 pt labels stay 6 pt or larger.
constexpr double kMinPrintScale = 2.0 / 3;
/// How far, in map points, the parts of a split map overlap on each side, so
/// that a label cut at one part's edge is whole on the next.
constexpr double kPartOverlap = 18;

/// A map's own size (its viewBox) and the id of its top group, as the SVG
/// Graphviz wrote says them; zero if it does not.
struct MapGeometry {
  double width = 0, height = 0;
  std::string graph_id;
};

MapGeometry map_geometry(std::string_view svg) {
  MapGeometry g;
  const std::size_t box = svg.find("viewBox=\"");
  if (box != std::string_view::npos) {
    double x = 0, y = 0;
    if (std::sscanf(std::string(svg.substr(box + 9, 80)).c_str(), "%lf %lf %lf %lf", &x, &y, &g.width, &g.height) != 4)
      g.width = g.height = 0;
  }
  const std::size_t graph = svg.find("\" class=\"graph\"");
  const std::size_t open = graph == std::string_view::npos ? graph : svg.rfind("<g id=\"", graph);
  if (open != std::string_view::npos) {
    std::string id(svg.substr(open + 7, graph - open - 7));
    for (std::size_t at; (at = id.find("&#45;")) != std::string::npos;) id.replace(at, 5, "-");
    g.graph_id = id;
  }
  return g;
}

/// How a map prints: on the page as it is, on a landscape page, or split
/// into parts that each fill a page, so its labels never print under 6 pt.
struct PrintPlan {
  bool landscape = false;
  std::size_t columns = 1, rows = 1;  ///< More than one part: split.

  /// The printed width of one part, in points: as large as the page allows,
  /// never over the map's own size.
  double part_width(const MapGeometry& g) const {
    const double w = g.width / static_cast<double>(columns) + 2 * kPartOverlap;
    const double h = g.height / static_cast<double>(rows) + 2 * kPartOverlap;
    const double page_width = landscape ? kPageHeight : kPageWidth, page_height = landscape ? kPageWidth : kPageHeight;
    return w * std::min({1.0, page_width / w, (page_height - kHeadingRoom) / h});
  }
};

PrintPlan print_plan(const MapGeometry& g) {
  if (g.width <= 0 || g.height <= 0) return {};
  auto fits = [&](double page_width, double page_height) {
    const double scale = std::min(1.0, page_width / g.width);
    return scale >= kMinPrintScale && g.height * scale <= page_height - kHeadingRoom;
  };
  if (fits(kPageWidth, kPageHeight)) return {};
  if (fits(kPageHeight, kPageWidth)) return {true, 1, 1};
  // Parts at the smallest scale: whichever orientation needs fewer pages.
  auto split = [&](double page_width, double page_height, bool landscape) {
    const double w = page_width / kMinPrintScale - 2 * kPartOverlap;
    const double h = (page_height - kHeadingRoom) / kMinPrintScale - 2 * kPartOverlap;
    return PrintPlan{landscape, static_cast<std::size_t>(std::ceil(g.width / w)),
                     static_cast<std::size_t>(std::ceil(g.height / h))};
  };
  const PrintPlan portrait = split(kPageWidth, kPageHeight, false), landscape = split(kPageHeight, kPageWidth, true);
  return landscape.columns * landscape.rows < portrait.columns * portrait.rows ? landscape : portrait;
}

/// A map in a <figure>; for print, a map too large for one page is also
/// drawn in parts (shown only in print), each a view of the same SVG.
std::string map_figure(const std::string& svg, const std::string& caption) {
  const MapGeometry g = map_geometry(svg);
  const PrintPlan plan = print_plan(g);
  const std::size_t parts = plan.columns * plan.rows;
  char size[64];
  std::snprintf(size, sizeof size, "%.0fpt", g.width);
  std::string o = "<figure class=\"map" + std::string(plan.landscape ? " landscape" : "") +
                  (parts > 1 ? " split" : "") + "\" style=\"--map-width: " + size + "\">\n" + svg_element(svg) +
                  "<figcaption>" + caption + "</figcaption>\n";
  if (parts > 1 && !g.graph_id.empty()) {
    const double w = g.width / static_cast<double>(plan.columns), hh = g.height / static_cast<double>(plan.rows);
    std::snprintf(size, sizeof size, "%.0fpt", plan.part_width(g));
    o += "<div class=\"parts\" style=\"--part-width: " + std::string(size) + "\">\n";
    for (std::size_t r = 0; r < plan.rows; ++r) {
      for (std::size_t c = 0; c < plan.columns; ++c) {
        char box[128];
        std::snprintf(box, sizeof box, "%.2f %.2f %.2f %.2f", static_cast<double>(c) * w - kPartOverlap,
                      static_cast<double>(r) * hh - kPartOverlap, w + 2 * kPartOverlap, hh + 2 * kPartOverlap);
        const std::string part = "Part " + std::to_string(r * plan.columns + c + 1) + " of " + std::to_string(parts) +
                                 " (row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1) + ")";
        o += "<div class=\"part\"><svg viewBox=\"" + std::string(box) + "\" role=\"img\" aria-label=\"" + part +
             "\"><use href=\"#" + h(g.graph_id) + "\"/></svg><p class=\"meta\">" + part + "</p></div>\n";
      }
    }
    o += "</div>\n";
  }
  return o + "</figure>\n";
}

const char* const kCss = R"(
:root { --bg: #ffffff; --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; --panel: #f9fafb; }
.theme-dark { --bg: #0f172a; --fg: #e2e8f0; --muted: #94a3b8; --line: #334155; --accent: #93c5fd; --panel: #1e293b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 Helvetica, Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 4px; }
a { color: var(--accent); }
nav ol { columns: 2; padding-left: 20px; }
.meta, figcaption { color: var(--muted); font-size: 13px; }
figure { margin: 12px 0; padding: 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
figure svg { display: block; width: 100%; height: auto; max-height: 80vh; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); }
td.evidence { font-style: italic; }
dl.actors dt { font-weight: bold; margin-top: 12px; }
dl.actors dd { margin: 0 0 0 16px; }
dl.actors ul { margin: 2px 0; padding-left: 18px; font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
.parts { display: none; }
@page { margin: 12mm; }
@page landscape { size: landscape; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 0; border-top: none; break-after: avoid; }
  section { break-before: page; }
  .map-block { break-inside: avoid; }
  .map-block:has(figure.landscape) { page: landscape; }
  figure { margin: 8px 0 0; padding: 0; border: none; background: none; overflow: visible; }
  figure svg { width: 100%; max-width: var(--map-width); max-height: none; }
  figure.split > svg, figure.split > figcaption { display: none; }
  .parts { display: block; }
  .part { break-inside: avoid; }
  .part + .part { break-before: page; }
  .part svg { display: block; width: var(--part-width); height: auto; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
)";

}  // namespace

std::string markdown_escape(std::string_view text) {
  std::string out;
  for (char c : sanitize_text(text)) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '!':
        out += '\\';
        out += c;
        break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

/// The lines of diff_text: a count line, then one line a change, at most
/// kMaxChangesListed of them.
constexpr std::size_t kMaxChangesListed = 500;
std::vector<std::string> change_lines(const EditionDiff& diff, std::size_t* left_out) {
  std::vector<std::string> lines;
  const std::string text = diff_text(diff);
  for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
    end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
  }
  *left_out = lines.size() > kMaxChangesListed + 1 ? lines.size() - kMaxChangesListed - 1 : 0;
  lines.resize(lines.size() - *left_out);
  return lines;
}

std::string changes_html(const EditionDiff& diff, const ReportMap& map) {
  std::size_t left_out = 0;
  const std::vector<std::string> lines = change_lines(diff, &left_out);
  std::string o = "<section id=\"changes-since\">\n<div class=\"map-block\">\n<h2>Changes since the previous edition</h2>\n";
  o += "<p>" + h(lines.front()) + "</p>\n";
  if (!diff.empty() && !map.svg.empty())
    o += map_figure(map.svg, "Relations added (emphasised) or changed since the previous edition, and their actors.");
  o += "</div>\n";
  if (lines.size() > 1) {
    o += "<ul class=\"changes\">\n";
    for (std::size_t i = 1; i < lines.size(); ++i) o += "<li><code>" + h(lines[i]) + "</code></li>\n";
    if (left_out > 0) o += "<li>and " + std::to_string(left_out) + " more (relmap diff lists them all)</li>\n";
    o += "</ul>\n";
  }
  return o + "</section>\n";
}

}  // namespace

std::string report_html(const KnowledgeGraph& kg, const ReportInput& in) {
  const auto& g = kg.graph();
  std::string o;
  o.reserve(in.overview.svg.size() * 3 + 65536);
  // Polyglot markup: HTML that is also well-formed XML, so XML tools read it.
  o += "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  o += "<title>Relationship map report</title>\n<style>" + std::string(kCss) + "</style>\n</head>\n";
  o += "<body class=\"theme-" + h(in.theme) + "\">\n<main>\n";
  o += "<h1>Relationship map report</h1>\n";
  o += "<p class=\"meta\">" + std::to_string(kg.node_count()) + " actors and " + std::to_string(kg.edge_count()) +
       " relations from " + std::to_string(in.sources.size()) +
       " sources. Every relation cites its source and quotes the words that state it.</p>\n";
  o += "<nav><ol>\n<li><a href=\"#overview\">Overview</a></li>\n";
  for (const ReportSource& source : in.sources)
    o += "<li><a href=\"#" + source_anchor(kg.node(source.vertex)) + "\">" + h(kg.node(source.vertex).name) +
         "</a></li>\n";
  if (in.changes) o += "<li><a href=\"#changes-since\">Changes since the previous edition</a></li>\n";
  o += "<li><a href=\"#actors\">Index of actors</a></li>\n<li><a href=\"#statistics\">Key statistics</a></li>\n";
  o += "</ol></nav>\n";

  o += "<section id=\"overview\">\n<div class=\"map-block\">\n<h2>Overview</h2>\n" +
       map_figure(in.overview.svg, in.overview_caption.empty()
                                       ? "All actors and relations. Hover over a line for its evidence and source."
                                       : in.overview_caption) +
       "</div>\n</section>\n";
  if (in.changes) o += changes_html(*in.changes, in.changes_map);

  for (const ReportSource& source : in.sources) {
    const NodeProps& s = kg.node(source.vertex);
    o += "<section id=\"" + source_anchor(s) + "\">\n<div class=\"map-block\">\n<h2>" + h(s.name) + "</h2>\n";
    o += "<p class=\"meta\">" + h(source_meta(s)) + "</p>\n";
    const std::string url = first_value(s.properties, "url");
    if (is_http_url(url)) o += "<p><a href=\"" + h(percent_encode_url(url)) + "\" rel=\"noopener noreferrer\">" + h(url) + "</a></p>\n";
    o += map_figure(source.map.svg, "The facts cited from this source.") + "</div>\n";
    o += "<table>\n<thead><tr><th>From</th><th>Relation</th><th>To</th><th>Evidence</th><th>Basis</th></tr></thead>\n"
         "<tbody>\n";
    for (Edge e : source.facts) {
      const EdgeProps& p = kg.edge(e);
      const NodeProps& a = g[boost::source(e, g)];
      const NodeProps& b = g[boost::target(e, g)];
      const std::string details = relation_details(p);
      o += "<tr><td><a href=\"#" + actor_anchor(a) + "\">" + h(a.name) + "</a></td><td>" +
           h(kg.relation_type(e).label) + (details.empty() ? "" : "<br/><span class=\"meta\">" + h(details) + "</span>") +
           "</td><td><a href=\"#" + actor_anchor(b) + "\">" + h(b.name) + "</a></td><td class=\"evidence\">\u201C" +
           h(p.evidence) + "\u201D</td><td>" + basis_name(p.basis) + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n</section>\n";
  }

  o += "<section id=\"actors\">\n<h2>Index of actors</h2>\n<dl class=\"actors\">\n";
  for (Vertex v : actors_by_name(kg)) {
    const NodeProps& n = g[v];
    o += "<dt id=\"" + actor_anchor(n) + "\">" + h(n.name) + " <span class=\"meta\">" + h(kg.node_type(v).label) +
         " · " + h(n.id) + "</span></dt>\n<dd>";
    if (!n.aliases.empty()) {
      std::string aliases;
      for (const std::string& a : n.aliases) aliases += (aliases.empty() ? "" : "; ") + a;
      o += "<span class=\"meta\">Also: " + h(aliases) + "</span>";
    }
    o += "<ul>\n";
    for (Edge e : actor_links(kg, v)) {
      const Vertex a = boost::source(e, g), b = boost::target(e, g);
      const RelationType& rel = kg.relation_type(e);
      const Vertex other = a == v ? b : a;
      const std::string arrow = rel.symmetric ? "\u2014" : (a == v ? "\u2192" : "\u2190");
      const auto src = kg.find_id(g[e].source);
      o += "<li>" + arrow + " " + h(rel.label) + " " + arrow + " <a href=\"#" + actor_anchor(g[other]) + "\">" +
           h(g[other].name) + "</a> <span class=\"meta\">(" +
           (src ? "<a href=\"#" + source_anchor(g[*src]) + "\">" + h(g[e].source) + "</a>" : h(g[e].source)) +
           (g[e].basis == Basis::kImplied ? ", implied" : "") + ")</span></li>\n";
    }
    o += "</ul></dd>\n";
  }
  o += "</dl>\n</section>\n";

  const GraphStats& st = in.stats;
  o += "<section id=\"statistics\">\n<h2>Key statistics</h2>\n<p>" + std::to_string(kg.node_count()) + " actors, " +
       std::to_string(kg.edge_count()) + " relations, " + std::to_string(st.components.size()) +
       " connected components" +
       (st.components.empty() ? "" : " (the largest holds " + std::to_string(st.components.front()) + " actors)") +
       ".</p>\n<div class=\"stats\">\n";
  o += "<table><thead><tr><th>Actors by type</th><th>Count</th></tr></thead><tbody>\n";
  for (const auto& [name, count] : st.node_types)
    o += "<tr><td>" + h(kg.schema().node_type(name)->label) + "</td><td>" + std::to_string(count) + "</td></tr>\n";
  o += "</tbody></table>\n<table><thead><tr><th>Relations by type</th><th>Count</th></tr></thead><tbody>\n";
  for (const auto& [name, count] : st.relation_types)
    o += "<tr><td>" + h(kg.schema().relation_type(name)->label) + "</td><td>" + std::to_string(count) + "</td></tr>\n";
  o += "</tbody></table>\n<table><thead><tr><th>Most linked actors</th><th>Relations</th></tr></thead><tbody>\n";
  for (const auto& [v, degree] : st.top_degree)
    o += "<tr><td><a href=\"#" + actor_anchor(g[v]) + "\">" + h(g[v].name) + "</a></td><td>" + std::to_string(degree) +
         "</td></tr>\n";
  o += "</tbody></table>\n<table><thead><tr><th>Brokers (betweenness)</th><th>Score</th></tr></thead><tbody>\n";
  char score[32];
  for (const auto& [v, b] : st.top_betweenness) {
    std::snprintf(score, sizeof score, "%.3f", b);
    o += "<tr><td><a href=\"#" + actor_anchor(g[v]) + "\">" + h(g[v].name) + "</a></td><td>" + score + "</td></tr>\n";
  }
  o += "</tbody></table>\n</div>\n</section>\n</main>\n</body>\n</html>\n";
  return o;
}

std::string report_markdown(const KnowledgeGraph& kg, const ReportInput& in) {
  const auto& g = kg.graph();
  std::string o = "# Relationship map report\n\n";
  o += std::to_string(kg.node_count()) + " actors and " + std::to_string(kg.edge_count()) + " relations from " +
       std::to_string(in.sources.size()) + " sources. Every relation cites its source and quotes the words that state it.\n\n";
  o += "## Overview\n\n![All actors and relations](" + in.overview.path + ")\n\n";
  if (!in.overview_caption.empty()) o += markdown_escape(in.overview_caption) + "\n\n";
  if (in.changes) {
    std::size_t left_out = 0;
    const std::vector<std::string> lines = change_lines(*in.changes, &left_out);
    o += "## Changes since the previous edition\n\n" + markdown_escape(lines.front()) + "\n\n";
    if (!in.changes->empty() && !in.changes_map.path.empty())
      o += "![Changes since the previous edition](" + in.changes_map.path + ")\n\n";
    for (std::size_t i = 1; i < lines.size(); ++i) o += "- " + markdown_escape(lines[i]) + "\n";
    if (left_out > 0) o += "- and " + std::to_string(left_out) + " more (relmap diff lists them all)\n";
    if (lines.size() > 1) o += "\n";
  }
  for (const ReportSource& source : in.sources) {
    const NodeProps& s = kg.node(source.vertex);
    o += "## " + markdown_escape(s.name) + "\n\n";
    const std::string meta = source_meta(s);
    if (!meta.empty()) o += markdown_escape(meta) + "\n\n";
    o += "![Facts cited from " + markdown_escape(s.id) + "](" + source.map.path + ")\n\n";
    o += "| From | Relation | To | Evidence | Basis |\n| --- | --- | --- | --- | --- |\n";
    for (Edge e : source.facts) {
      const EdgeProps& p = kg.edge(e);
      const std::string details = relation_details(p);
      o += "| " + markdown_escape(g[boost::source(e, g)].name) + " | " + markdown_escape(kg.relation_type(e).label) +
           (details.empty() ? "" : " (" + markdown_escape(details) + ")") + " | " +
           markdown_escape(g[boost::target(e, g)].name) + " | \u201C" + markdown_escape(p.evidence) + "\u201D | " +
           basis_name(p.basis) + " |\n";
    }
    o += "\n";
  }
  o += "## Index of actors\n\n";
  for (Vertex v : actors_by_name(kg)) {
    o += "- **" + markdown_escape(g[v].name) + "** (" + markdown_escape(kg.node_type(v).label) + ", `" + g[v].id + "`): ";
    std::vector<std::string> links;
    for (Edge e : actor_links(kg, v)) {
      const Vertex a = boost::source(e, g), b = boost::target(e, g);
      const Vertex other = a == v ? b : a;
      const RelationType& rel = kg.relation_type(e);
      links.push_back((rel.symmetric || a == v ? "" : "\u2190 ") + markdown_escape(rel.label) + " " +
                      markdown_escape(g[other].name) + " [" + markdown_escape(g[e].source) +
                      (g[e].basis == Basis::kImplied ? ", implied" : "") + "]");
    }
    for (std::size_t i = 0; i < links.size(); ++i) o += (i ? "; " : "") + links[i];
    o += "\n";
  }
  const GraphStats& st = in.stats;
  o += "\n## Key statistics\n\n";
  o += std::to_string(kg.node_count()) + " actors, " + std::to_string(kg.edge_count()) + " relations, " +
       std::to_string(st.components.size()) + " connected components.\n\n| Actors by type | Count |\n| --- | --- |\n";
  for (const auto& [name, count] : st.node_types)
    o += "| " + markdown_escape(kg.schema().node_type(name)->label) + " | " + std::to_string(count) + " |\n";
  o += "\n| Most linked actors | Relations |\n| --- | --- |\n";
  for (const auto& [v, degree] : st.top_degree)
    o += "| " + markdown_escape(g[v].name) + " | " + std::to_string(degree) + " |\n";
  o += "\n| Brokers (betweenness) | Score |\n| --- | --- |\n";
  char score[32];
  for (const auto& [v, b] : st.top_betweenness) {
    std::snprintf(score, sizeof score, "%.3f", b);
    o += "| " + markdown_escape(g[v].name) + " | " + score + " |\n";
  }
  return o;
}

}  // namespace relmap
