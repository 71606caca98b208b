#include "output/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "base/text.h"
#include "maps/page.h"
#include "maps/text_metrics.h"
#include "maps/views.h"
#include "output/report_parts.h"
#include "query/claims.h"
#include "render/svg.h"

namespace relmap {

namespace {

std::string h(std::string_view text) { return xml_escape(sanitize_text(text)); }

/// Properties of a relation other than role, as "name: value; …"; those
/// of one citation (its grade, id, dispute) are shown with its support.
std::string relation_details(const EdgeProps& e) {
  std::string out;
  for (const auto& [name, values] : e.properties) {
    if (is_citation_property(name)) continue;
    std::string joined;
    for (const std::string& v : values) joined += (joined.empty() ? "" : ", ") + v;
    out += (out.empty() ? "" : "; ") + name + ": " + joined;
  }
  return out;
}

/// A row of a fact table: one claim, cited by the source of the table and
/// maybe by others. The first of its relations in the table stands for it.
struct ClaimRow {
  Edge edge;
  std::vector<std::uint32_t> citations;  ///< Every relation that says it, in fact order.
  Support support;
};

/// The claims of a source's facts, each once, in the order of its first fact.
std::vector<ClaimRow> claim_rows(const KnowledgeGraph& kg, const std::vector<Edge>& facts) {
  std::vector<ClaimRow> rows;
  std::set<std::uint32_t> shown;
  for (Edge e : facts) {
    if (shown.count(kg.edge(e).index)) continue;
    ClaimRow row{e, citations_of(kg.view(), kg.schema(), kg.edge(e).index), {}};
    row.support = support_of_citations(kg.view(), row.citations);
    shown.insert(row.citations.begin(), row.citations.end());
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Each quote of a claim: with several, each with the source it comes from.
std::vector<std::pair<std::string, std::string>> row_quotes(const KnowledgeGraph& kg, const ClaimRow& row) {
  std::vector<std::pair<std::string, std::string>> out;  // quote, "Source [id]" or ""
  const GraphView& view = kg.view();
  for (std::uint32_t c : row.citations) {
    const std::uint32_t source = view.edge(c).source;
    out.emplace_back(std::string(view.text(view.edge(c).evidence)),
                     row.citations.size() > 1
                         ? std::string(view.name(source)) + " [" + std::string(view.id(source)) + "]"
                         : std::string());
  }
  return out;
}

/// The best grades as the Admiralty code writes them, the source's letter
/// and the claim's number ("C2"; the number alone for an ungraded source),
/// then the sources and whether it is disputed: "C2; 2 independent sources;
/// disputed".
std::string support_text(const Support& s) {
  return reliability_grade(s.reliability) + std::to_string(s.credibility) + "; " + sources_text(s) +
         (s.disputed ? "; disputed" : "");
}

/// Source line: publisher, date, file.
std::string source_meta(const NodeProps& n) {
  std::string out;
  for (const char* key : {"publisher", "author", "date", "file"}) {
    std::string v = first_value(n.properties, key);
    if (v.empty()) continue;
    if (std::string_view(key) == "file") v = "archived as " + v;  // the copy its quotes are checked against
    out += (out.empty() ? "" : " · ") + v;
  }
  return out;
}

}  // namespace

std::string actor_anchor(const NodeProps& n) { return "actor-" + slug(n.id); }
std::string source_anchor(const NodeProps& n) { return "section-" + slug(n.id); }

std::vector<Vertex> actors_by_name(const KnowledgeGraph& kg) {
  std::vector<Vertex> actors;
  for (auto v : kg.vertices())
    if (!is_source(kg, v)) actors.push_back(v);
  std::stable_sort(actors.begin(), actors.end(), [&](Vertex a, Vertex b) {
    return ascii_lower(kg.node(a).name) < ascii_lower(kg.node(b).name);
  });
  return actors;
}

namespace {

/// An actor's relations with other actors, in fact order.
std::vector<Edge> actor_links(const KnowledgeGraph& kg, Vertex v) {
  std::vector<Edge> links;
  for (auto e : kg.out_edges(v))
    if (!is_source(kg, kg.target(e))) links.push_back(e);
  for (auto e : kg.in_edges(v))
    if (!is_source(kg, kg.source(e))) links.push_back(e);
  std::sort(links.begin(), links.end(), [&](Edge a, Edge b) { return kg.edge(a).index < kg.edge(b).index; });
  return links;
}

/// Print geometry, in points: an A4 page with 10 mm margins (kCss's @page
/// rules), upright and turned, and the print sizes of the text around a map.
constexpr double kPrintMargin = 0.8 * kPointsPerCm;
constexpr PageBox kPrintPortrait{21 * kPointsPerCm - 2 * kPrintMargin,
                                 29.7 * kPointsPerCm - 2 * kPrintMargin};
constexpr PageBox kPrintLandscape{kPrintPortrait.height, kPrintPortrait.width};
constexpr double kHeadingPoints = 14, kSmallPoints = 9, kLineHeight = 1.25, kGapPoints = 4;
/// Room on a map's page kept free of its estimate of the text around it.
constexpr double kSlackPoints = 12;

/// The height `text` takes printed at `size` points in a portrait page's
/// width, wrapped at spaces and words longer than a line (URLs) anywhere.
double printed_height(std::string_view text, double size, bool bold = false) {
  const std::string wrapped = wrap_to_width(text, kPrintPortrait.width, size, bold);
  double lines = 0;
  for (std::size_t start = 0, end = 0; start <= wrapped.size(); start = end + 1) {
    end = std::min(wrapped.find('\n', start), wrapped.size());
    const double width = text_width(std::string_view(wrapped).substr(start, end - start), size, bold);
    lines += std::max(1.0, std::ceil(width / kPrintPortrait.width));
  }
  return lines * size * kLineHeight + kGapPoints;
}

/// How a figure prints: on an upright or a turned page, and how wide.
struct PrintFit {
  bool landscape = false;
  double width = 0;  ///< In points.
};

/// The print of a map `size` points large whose smallest text is
/// `smallest_text` points, with `room` points of text on its page: as large
/// as the page allows, never over its own size; upright if its text stays
/// 6 pt or larger there (or the turned page does no better), else turned.
PrintFit print_fit(PageBox size, double smallest_text, double room) {
  if (size.width <= 0 || size.height <= 0) return {};
  auto scale = [&](PageBox page) {
    return std::min({1.0, page.width / size.width, std::max(0.0, page.height - room) / size.height});
  };
  const double upright = scale(kPrintPortrait), turned = scale(kPrintLandscape);
  const double least = smallest_text > 0 ? kMinTextPoints / smallest_text : 0;
  const bool landscape = upright < least && turned > upright;
  return {landscape, std::floor(size.width * (landscape ? turned : upright) * 10) / 10};
}

/// The text shown with a map: its heading (HTML) and the room it takes on
/// the printed page, its caption (plain text), and whether it is the
/// overview, shown on screen in a box of its own at its natural size.
struct MapText {
  std::string heading;
  double heading_room = 0;
  std::string caption;
  bool overview = false;
};

/// One figure: a map's SVG with its caption, sized for screen and print.
std::string map_figure(const std::string& svg, const std::string& caption, bool overview,
                       const PrintFit& fit) {
  const PageBox size = svg_size(svg);
  char style[96];
  std::snprintf(style, sizeof style, "--map-width: %.0fpt; --print-width: %.1fpt", size.width, fit.width);
  std::string o =
      "<figure class=\"map" + std::string(overview ? " overview" : "") + "\" style=\"" + style + "\">\n";
  o += overview ? "<div class=\"map-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"" + h(caption) +
                      "\">\n" + svg_element(svg) + "</div>\n"
                : svg_element(svg);
  return o + "<figcaption>" + h(caption) + "</figcaption>\n</figure>\n";
}

/// A map in the report: its heading, a link to its SVG file, and a figure
/// for the map or, for a map drawn in parts, one for each part, each kept
/// whole on a printed page (the first with the heading) and scaled to it.
std::string map_blocks(const ReportMap& map, const MapText& text) {
  const std::vector<std::string> whole = {map.svg};
  const std::vector<std::string>& drawings = map.parts.empty() ? whole : map.parts;
  std::string o;
  for (std::size_t k = 0; k < drawings.size(); ++k) {
    const std::string caption = drawings.size() == 1
                                    ? text.caption
                                    : "Part " + std::to_string(k + 1) + " of " +
                                          std::to_string(drawings.size()) + ". " + text.caption;
    const double room =
        (k == 0 ? text.heading_room : 0) + kGapPoints + printed_height(caption, kSmallPoints) + kSlackPoints;
    const PrintFit fit = print_fit(svg_size(drawings[k]), smallest_font(drawings[k]), room);
    o += "<div class=\"map-block" + std::string(fit.landscape ? " landscape" : "") + "\">\n";
    if (k == 0)
      o += text.heading + "<p class=\"map-link\"><a href=\"" + h(map.path) +
           "\">Open the map on its own (SVG)</a></p>\n";
    o += map_figure(drawings[k], caption, text.overview, fit) + "</div>\n";
  }
  return o;
}

/// A map's <h2> heading and the room it takes printed.
MapText map_heading(std::string_view heading, std::string caption) {
  return {"<h2>" + h(heading) + "</h2>\n", printed_height(heading, kHeadingPoints, true), std::move(caption)};
}

/// A paragraph under a map's heading, added to `text`.
void add_paragraph(MapText* text, const std::string& html, std::string_view plain,
                   const char* css_class = nullptr) {
  text->heading += std::string("<p") + (css_class ? " class=\"" + std::string(css_class) + "\"" : "") + ">" +
                   html + "</p>\n";
  text->heading_room += printed_height(plain, kSmallPoints);
}

const char* const kCss = R"(
:root { --bg: #ffffff; --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; --panel: #f9fafb; }
.theme-dark { --bg: #0f172a; --fg: #e2e8f0; --muted: #94a3b8; --line: #334155; --accent: #93c5fd; --panel: #1e293b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 Helvetica, Arial, sans-serif; overflow-wrap: break-word; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 4px; }
a { color: var(--accent); }
a[href^="http"] { overflow-wrap: anywhere; }
nav ol { columns: 2; padding-left: 20px; }
nav.contents > ol { columns: 1; }
nav.pages { margin: 8px 0; font-size: 13px; }
.meta, figcaption { color: var(--muted); font-size: 13px; }
.map-link { margin: 4px 0; font-size: 13px; }
figure { margin: 12px 0; padding: 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
figure svg { display: block; width: 100%; max-width: var(--map-width); height: auto; }
.map-scroll { overflow: auto; max-height: 85vh; }
.map-scroll svg { width: min(var(--map-width), 2400px); max-width: none; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); }
td.evidence { font-style: italic; }
dl.actors dt { font-weight: bold; margin-top: 12px; }
dl.actors dd { margin: 0 0 0 16px; }
dl.actors ul { margin: 2px 0; padding-left: 18px; font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(260px, 100%), 1fr)); gap: 16px; }
@media screen and (max-width: 640px) {
  main { padding: 12px; }
  nav ol { columns: 1; }
  table.facts thead { display: none; }
  table.facts, table.facts tbody, table.facts tr, table.facts td { display: block; }
  table.facts tr { padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.facts td { border: none; padding: 0 4px; }
  table.facts td:nth-child(5)::before { content: "Basis: "; color: var(--muted); }
}
@page { size: A4; margin: 8mm; }
@page landscape { size: A4 landscape; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { font-size: 14pt; line-height: 1.25; margin: 0 0 4pt; padding: 0; border-top: none; break-after: avoid; }
  #overview { break-before: page; }
  .map-block, .timeline-block, .changes-note { break-inside: avoid; }
  .map-block.landscape { page: landscape; }
  .map-block > p, figcaption { font-size: 9pt; line-height: 1.25; margin: 0 0 4pt; }
  .map-link { display: none; }
  figure { margin: 4pt 0 0; padding: 0; border: none; background: none; break-inside: avoid; }
  .map-scroll { overflow: visible; max-height: none; }
  figure svg, .map-scroll svg { width: var(--print-width); max-width: 100%; height: auto; }
  figcaption { margin: 0; }
  table { font-size: 7.5pt; line-height: 1.2; }
  table.facts { table-layout: fixed; }
  td .meta { font-size: inherit; }
  th, td { padding: 1pt 2.5pt; }
  table.facts th:nth-child(1) { width: 18%; }
  table.facts th:nth-child(2) { width: 12%; }
  table.facts th:nth-child(3) { width: 20%; }
  table.facts th:nth-child(5) { width: 11%; }
  dl.actors { columns: 3; column-gap: 10pt; font-size: 8pt; line-height: 1.25; }
  dl.actors dt { margin-top: 4pt; break-after: avoid; }
  dl.actors ul { font-size: 8pt; padding-left: 10pt; }
  dl.actors li { break-inside: avoid; }
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
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '!':
        out += '\\';
        out += c;
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
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

/// What the report says of the changes of an edition that only removed facts,
/// and of one that changed nothing.
constexpr const char* kNothingToDraw =
    "Nothing was added or changed, so there is no map of the changes: what was removed is listed below.";
constexpr const char* kNothingChanged = "Nothing changed since the previous edition.";

/// What the report says in place of the changes map where it draws none.
std::string no_changes_map(const EditionDiff& diff, const ReportMap& map) {
  if (diff.empty()) return kNothingChanged;
  if (map.path.empty()) return kNothingToDraw;
  const std::string link = "<a href=\"" + h(map.path) + "\">" + h(map.path) + "</a>";
  return "So much changed that its map cannot be printed at a readable size: the changes are listed below, "
         "and "
         "drawn in " +
         link + ".";
}

std::string changes_html(const EditionDiff& diff, const ReportMap& map) {
  std::size_t left_out = 0;
  const std::vector<std::string> lines = change_lines(diff, &left_out);
  MapText text = map_heading("Changes since the previous edition",
                             "Each actor drawn where the overview draws it: what was added emphasised, what "
                             "was removed struck through where it was.");
  add_paragraph(&text, h(lines.front()), lines.front());
  std::string o = "<section id=\"changes-since\">\n";
  if (!diff.empty() && !map.svg.empty())
    o += map_blocks(map, text);
  else  // the heading, what was counted and why no map is drawn, as one block
    o += "<div class=\"changes-note\">\n" + text.heading + "<p>" + no_changes_map(diff, map) +
         "</p>\n</div>\n";
  if (lines.size() > 1) {
    o += "<ul class=\"changes\">\n";
    for (std::size_t i = 1; i < lines.size(); ++i) o += "<li><code>" + h(lines[i]) + "</code></li>\n";
    if (left_out > 0)
      o += "<li>and " + std::to_string(left_out) + " more (relmap diff lists them all)</li>\n";
    o += "</ul>\n";
  }
  return o + "</section>\n";
}

}  // namespace

std::string report_head(std::string_view title, ColourTheme theme) {
  // Polyglot markup: HTML that is also well-formed XML, so XML tools read it.
  std::string o =
      "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta "
      "charset=\"utf-8\"/>\n";
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
       "'unsafe-inline'\"/>\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  o += "<title>" + h(title) + "</title>\n<style>" + std::string(kCss) + "</style>\n</head>\n";
  return o + "<body class=\"theme-" + name_of(theme) + "\">\n<main>\n";
}

std::string timeline_section(const std::vector<std::string>& pages) {
  std::string o = "<section id=\"timeline\">\n";
  for (std::size_t k = 0; k < pages.size(); ++k) {
    const PageBox size = svg_size(pages[k]);
    char style[96];
    std::snprintf(style, sizeof style, "--map-width: %.0fpt; --print-width: %.1fpt", size.width,
                  std::min(size.width, kPrintPortrait.width));
    o += "<div class=\"timeline-block\">\n" + std::string(k == 0 ? "<h2>Timeline</h2>\n" : "") +
         "<figure class=\"map timeline\" style=\"" + style + "\">\n" + svg_element(pages[k]) +
         "<figcaption>" +
         (pages.size() > 1 ? "Part " + std::to_string(k + 1) + " of " + std::to_string(pages.size()) + ". "
                           : "") +
         "The dated facts, one lane per actor, pair of actors or source; each mark links to the source it "
         "cites. "
         "Facts without a date are listed under the axis, not placed.</figcaption>\n</figure>\n</div>\n";
  }
  return o + "</section>\n";
}

std::string report_foot() { return "</main>\n</body>\n</html>\n"; }

std::string report_summary(const KnowledgeGraph& kg, std::size_t sources) {
  return "<p class=\"meta\">" + std::to_string(kg.node_count()) + " actors and " +
         std::to_string(kg.edge_count()) + " relations from " + std::to_string(sources) +
         " sources. Every relation cites its source and quotes the words that state it.</p>\n";
}

std::string overview_sections(const KnowledgeGraph&, const ReportInput& in) {
  MapText overview = map_heading(
      "Overview", in.overview_caption.empty()
                      ? "All actors and relations. The number in brackets on a line is its source, named in "
                        "the key; on screen, a line shows its quote when pointed at."
                      : in.overview_caption);
  overview.overview = true;
  std::string o = "<section id=\"overview\">\n" + map_blocks(in.overview, overview) + "</section>\n";
  if (in.changes) o += changes_html(*in.changes, in.changes_map);
  return o;
}

std::string source_section(const KnowledgeGraph& kg, const ReportSource& source, const ReportLinks& links) {
  const NodeProps& s = kg.node(source.vertex);
  MapText text = map_heading(s.name, "The facts cited from this source.");
  add_paragraph(&text, h(source_meta(s)), source_meta(s), "meta");
  const std::string url = first_value(s.properties, "url");
  if (is_http_url(url))
    add_paragraph(
        &text,
        "<a href=\"" + h(percent_encode_url(url)) + "\" rel=\"noopener noreferrer\">" + h(url) + "</a>", url);
  std::string o = "<section id=\"" + source_anchor(s) + "\">\n" + map_blocks(source.map, text);
  o += "<table "
       "class=\"facts\">\n<thead><tr><th>From</th><th>Relation</th><th>To</th><th>Evidence</th><th>Basis and "
       "support</th>"
       "</tr></thead>\n<tbody>\n";
  for (const ClaimRow& row : claim_rows(kg, source.facts)) {
    const Edge e = row.edge;
    const EdgeProps& p = kg.edge(e);
    const NodeProps& a = kg.node(kg.source(e));
    const NodeProps& b = kg.node(kg.target(e));
    const std::string details = relation_details(p);
    std::string quotes;
    for (const auto& [quote, cited] : row_quotes(kg, row))
      quotes += (quotes.empty() ? "" : "<br/>") + std::string("\u201C") + h(quote) + "\u201D" +
                (cited.empty() ? "" : " <span class=\"meta\">" + h(cited) + "</span>");
    o += "<tr><td><a href=\"" + h(links.actor(kg.source(e))) + "\">" + h(a.name) + "</a></td><td>" +
         h(kg.relation_type(e).label) +
         (details.empty() ? "" : "<br/><span class=\"meta\">" + h(details) + "</span>") +
         "</td><td><a href=\"" + h(links.actor(kg.target(e))) + "\">" + h(b.name) +
         "</a></td><td class=\"evidence\">" + quotes + "</td><td>" + basis_name(p.basis) + "; " +
         h(support_text(row.support)) + "</td></tr>\n";
  }
  return o + "</tbody>\n</table>\n</section>\n";
}

std::string actor_entries(const KnowledgeGraph& kg, const std::vector<Vertex>& actors,
                          const ReportLinks& links) {
  std::string o;
  for (Vertex v : actors) {
    const NodeProps& n = kg.node(v);
    o += "<dt id=\"" + actor_anchor(n) + "\">" + h(n.name) + " <span class=\"meta\">" +
         h(kg.node_type(v).label) + " · " + h(n.id) + "</span></dt>\n<dd>";
    if (!n.aliases.empty()) {
      std::string aliases;
      for (const std::string& a : n.aliases) aliases += (aliases.empty() ? "" : "; ") + a;
      o += "<span class=\"meta\">Also: " + h(aliases) + "</span>";
    }
    o += "<ul>\n";
    for (Edge e : actor_links(kg, v)) {
      const Vertex a = kg.source(e), b = kg.target(e);
      const RelationType& rel = kg.relation_type(e);
      const Vertex other = a == v ? b : a;
      const std::string arrow = rel.symmetric ? "\u2014" : (a == v ? "\u2192" : "\u2190");
      const auto src = kg.find_id(kg.edge(e).source);
      o += "<li>" + arrow + " " + h(rel.label) + " " + arrow + " <a href=\"" + h(links.actor(other)) + "\">" +
           h(kg.node(other).name) + "</a> <span class=\"meta\">(" +
           (src ? "<a href=\"" + h(links.source(*src)) + "\">" + h(kg.edge(e).source) + "</a>"
                : h(kg.edge(e).source)) +
           (kg.edge(e).basis == Basis::kImplied ? ", implied" : "") + ")</span></li>\n";
    }
    o += "</ul></dd>\n";
  }
  return o;
}

std::string statistics_section(const KnowledgeGraph& kg, const GraphStats& st, const ReportLinks& links) {
  std::string o =
      "<section id=\"statistics\">\n<h2>Key statistics</h2>\n<p>" + std::to_string(kg.node_count()) +
      " actors, " + std::to_string(kg.edge_count()) + " relations, " + std::to_string(st.components.size()) +
      " connected components" +
      (st.components.empty() ? ""
                             : " (the largest holds " + std::to_string(st.components.front()) + " actors)") +
      ".</p>\n<div class=\"stats\">\n";
  o += "<table><thead><tr><th>Actors by type</th><th>Count</th></tr></thead><tbody>\n";
  for (const auto& [name, count] : st.node_types)
    o += "<tr><td>" + h(kg.schema().node_type(name)->label) + "</td><td>" + std::to_string(count) +
         "</td></tr>\n";
  o += "</tbody></table>\n<table><thead><tr><th>Relations by type</th><th>Count</th></tr></thead><tbody>\n";
  for (const auto& [name, count] : st.relation_types)
    o += "<tr><td>" + h(kg.schema().relation_type(name)->label) + "</td><td>" + std::to_string(count) +
         "</td></tr>\n";
  o += "</tbody></table>\n<table><thead><tr><th>Most linked "
       "actors</th><th>Relations</th></tr></thead><tbody>\n";
  for (const auto& [v, degree] : st.top_degree)
    o += "<tr><td><a href=\"" + h(links.actor(v)) + "\">" + h(kg.node(v).name) + "</a></td><td>" +
         std::to_string(degree) + "</td></tr>\n";
  o += "</tbody></table>\n<table><thead><tr><th>Brokers "
       "(betweenness)</th><th>Score</th></tr></thead><tbody>\n";
  char score[32];
  for (const auto& [v, b] : st.top_betweenness) {
    std::snprintf(score, sizeof score, "%.3f", b);
    o += "<tr><td><a href=\"" + h(links.actor(v)) + "\">" + h(kg.node(v).name) + "</a></td><td>" + score +
         "</td></tr>\n";
  }
  return o + "</tbody></table>\n</div>\n</section>\n";
}

std::string report_html(const KnowledgeGraph& kg, const ReportInput& in) {
  // A relation with a source at an end links to its section: sources have no entry among the actors.
  const ReportLinks links{
      [&](Vertex v) { return "#" + (is_source(kg, v) ? source_anchor : actor_anchor)(kg.node(v)); },
      [&](Vertex v) { return "#" + source_anchor(kg.node(v)); }};
  std::string o;
  o.reserve(in.overview.svg.size() * 3 + 65536);
  o += report_head("Relationship map report", in.theme);
  o += "<h1>Relationship map report</h1>\n" + report_summary(kg, in.sources.size());
  o += "<nav><ol>\n<li><a href=\"#overview\">Overview</a></li>\n";
  for (const ReportSource& source : in.sources)
    o += "<li><a href=\"" + links.source(source.vertex) + "\">" + h(kg.node(source.vertex).name) +
         "</a></li>\n";
  if (in.changes) o += "<li><a href=\"#changes-since\">Changes since the previous edition</a></li>\n";
  if (!in.timeline.empty()) o += "<li><a href=\"#timeline\">Timeline</a></li>\n";
  o += "<li><a href=\"#actors\">Index of actors</a></li>\n<li><a href=\"#statistics\">Key "
       "statistics</a></li>\n";
  o += "</ol></nav>\n";
  o += overview_sections(kg, in);
  for (const ReportSource& source : in.sources) o += source_section(kg, source, links);
  if (!in.timeline.empty()) o += timeline_section(in.timeline);
  o += "<section id=\"actors\">\n<h2>Index of actors</h2>\n<dl class=\"actors\">\n" +
       actor_entries(kg, actors_by_name(kg), links) + "</dl>\n</section>\n";
  o += statistics_section(kg, in.stats, links);
  return o + report_foot();
}

std::string map_part_path(std::string_view path, std::size_t k) {
  const std::string_view stem = path.substr(0, path.size() - (path.ends_with(".svg") ? 4 : 0));
  return std::string(stem) + "-part-" + std::to_string(k) + ".svg";
}

namespace {

/// A map as Markdown images: the map, or each of its parts, from its file.
std::string markdown_images(const ReportMap& map, const std::string& alt) {
  if (map.parts.empty()) return "![" + alt + "](" + map.path + ")\n\n";
  std::string o;
  for (std::size_t k = 1; k <= map.parts.size(); ++k)
    o += "![" + alt + ", part " + std::to_string(k) + " of " + std::to_string(map.parts.size()) + "](" +
         map_part_path(map.path, k) + ")\n\n";
  return o;
}

}  // namespace

std::string report_markdown(const KnowledgeGraph& kg, const ReportInput& in) {
  std::string o = "# Relationship map report\n\n";
  o += std::to_string(kg.node_count()) + " actors and " + std::to_string(kg.edge_count()) +
       " relations from " + std::to_string(in.sources.size()) +
       " sources. Every relation cites its source and quotes the words that state it.\n\n";
  o += "## Overview\n\n" + markdown_images(in.overview, "All actors and relations");
  if (!in.overview_caption.empty()) o += markdown_escape(in.overview_caption) + "\n\n";
  if (in.changes) {
    std::size_t left_out = 0;
    const std::vector<std::string> lines = change_lines(*in.changes, &left_out);
    o += "## Changes since the previous edition\n\n" + markdown_escape(lines.front()) + "\n\n";
    if (!in.changes->empty() && !in.changes_map.svg.empty())
      o += markdown_images(in.changes_map, "Changes since the previous edition");
    if (in.changes->empty()) o += std::string(kNothingChanged) + "\n\n";
    if (!in.changes->empty() && in.changes_map.path.empty()) o += std::string(kNothingToDraw) + "\n\n";
    for (std::size_t i = 1; i < lines.size(); ++i) o += "- " + markdown_escape(lines[i]) + "\n";
    if (left_out > 0) o += "- and " + std::to_string(left_out) + " more (relmap diff lists them all)\n";
    if (lines.size() > 1) o += "\n";
  }
  for (const ReportSource& source : in.sources) {
    const NodeProps& s = kg.node(source.vertex);
    o += "## " + markdown_escape(s.name) + "\n\n";
    const std::string meta = source_meta(s);
    if (!meta.empty()) o += markdown_escape(meta) + "\n\n";
    o += markdown_images(source.map, "Facts cited from " + markdown_escape(s.id));
    o += "| From | Relation | To | Evidence | Basis and support |\n| --- | --- | --- | --- | --- |\n";
    for (const ClaimRow& row : claim_rows(kg, source.facts)) {
      const Edge e = row.edge;
      const EdgeProps& p = kg.edge(e);
      const std::string details = relation_details(p);
      std::string quotes;
      for (const auto& [quote, cited] : row_quotes(kg, row))
        quotes += (quotes.empty() ? "" : "<br>") + std::string("\u201C") + markdown_escape(quote) + "\u201D" +
                  (cited.empty() ? "" : " (" + markdown_escape(cited) + ")");
      o += "| " + markdown_escape(kg.node(kg.source(e)).name) + " | " +
           markdown_escape(kg.relation_type(e).label) +
           (details.empty() ? "" : " (" + markdown_escape(details) + ")") + " | " +
           markdown_escape(kg.node(kg.target(e)).name) + " | " + quotes + " | " + basis_name(p.basis) + "; " +
           markdown_escape(support_text(row.support)) + " |\n";
    }
    o += "\n";
  }
  o += "## Index of actors\n\n";
  for (Vertex v : actors_by_name(kg)) {
    o += "- **" + markdown_escape(kg.node(v).name) + "** (" + markdown_escape(kg.node_type(v).label) + ", `" +
         kg.node(v).id + "`): ";
    std::vector<std::string> links;
    for (Edge e : actor_links(kg, v)) {
      const Vertex a = kg.source(e), b = kg.target(e);
      const Vertex other = a == v ? b : a;
      const RelationType& rel = kg.relation_type(e);
      links.push_back((rel.symmetric || a == v ? "" : "\u2190 ") + markdown_escape(rel.label) + " " +
                      markdown_escape(kg.node(other).name) + " [" + markdown_escape(kg.edge(e).source) +
                      (kg.edge(e).basis == Basis::kImplied ? ", implied" : "") + "]");
    }
    for (std::size_t i = 0; i < links.size(); ++i) o += (i ? "; " : "") + links[i];
    o += "\n";
  }
  const GraphStats& st = in.stats;
  o += "\n## Key statistics\n\n";
  o += std::to_string(kg.node_count()) + " actors, " + std::to_string(kg.edge_count()) + " relations, " +
       std::to_string(st.components.size()) +
       " connected components.\n\n| Actors by type | Count |\n| --- | --- |\n";
  for (const auto& [name, count] : st.node_types)
    o += "| " + markdown_escape(kg.schema().node_type(name)->label) + " | " + std::to_string(count) + " |\n";
  o += "\n| Most linked actors | Relations |\n| --- | --- |\n";
  for (const auto& [v, degree] : st.top_degree)
    o += "| " + markdown_escape(kg.node(v).name) + " | " + std::to_string(degree) + " |\n";
  o += "\n| Brokers (betweenness) | Score |\n| --- | --- |\n";
  char score[32];
  for (const auto& [v, b] : st.top_betweenness) {
    std::snprintf(score, sizeof score, "%.3f", b);
    o += "| " + markdown_escape(kg.node(v).name) + " | " + score + " |\n";
  }
  return o;
}

}  // namespace relmap
