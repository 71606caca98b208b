#include "serve/html.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "base/text.h"
#include "maps/views.h"
#include "render/figure.h"
#include "serve/wording.h"

namespace relmap::serve {

namespace {

/// "2016-05-01" from 20160501.
std::string date_text(std::int32_t day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
  return text;
}

/// The days the data names: relations' starts and ends, sources' dates.
std::vector<std::string> data_dates(const GraphView& view) {
  std::set<std::int32_t> days;
  for (EdgeId e = 0; e < view.edge_count(); ++e) {
    const EdgeRecord& r = view.edge(e);
    for (const std::int32_t day : {r.start, r.end, r.reported})
      if (day != kDawn && day != kDoom) days.insert(day);
  }
  std::vector<std::string> out;
  out.reserve(days.size());
  for (const std::int32_t day : days) out.push_back(date_text(day));
  return out;
}

/// A <select> of dates, the empty choice first ("any").
std::string date_select(const char* name, const std::string& label, const std::vector<std::string>& dates,
                        const std::string& chosen) {
  std::string out = "<label>" + esc(label) + " <select name=\"" + name + "\" data-slider=\"1\">";
  out += "<option value=\"\">any date</option>";
  bool found = chosen.empty();
  for (const std::string& d : dates) {
    found = found || d == chosen;
    out += "<option" + std::string(d == chosen ? " selected" : "") + ">" + d + "</option>";
  }
  // A date typed into the URL that the data does not hold stays chosen.
  if (!found) out += "<option selected>" + esc(chosen) + "</option>";
  return out + "</select></label>";
}

/// Checkboxes over a schema's types, those in `chosen` ticked.
template <typename Types>
std::string type_boxes(const char* name, const char* legend, const Types& types,
                       const std::vector<std::string>& chosen) {
  std::string out = "<details><summary>" + std::string(legend);
  if (!chosen.empty()) out += " (" + std::to_string(chosen.size()) + ")";
  out += "</summary><div class=\"boxes\">";
  for (const auto& t : types) {
    const bool on = std::find(chosen.begin(), chosen.end(), t.name) != chosen.end();
    out += "<label><input type=\"checkbox\" name=\"" + std::string(name) + "\" value=\"" + esc(t.name) +
           "\"" + (on ? " checked" : "") + "> " + esc(t.label) + "</label>";
  }
  return out + "</div></details>";
}

/// Graphviz's escapes in a node's <title> undone: the node's name.
std::string unescape_title(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    static const std::pair<std::string_view, char> kEntities[] = {
        {"&#45;", '-'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    bool replaced = false;
    for (const auto& [entity, c] : kEntities)
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    if (!replaced) out += text[i];
  }
  return out;
}

/// Each actor's node in `svg` made a link to its page: the anchor Graphviz
/// draws around its shapes gets the actor page as its href (an entity's
/// own website stays on its page).
std::string link_nodes(const PageContext& c, const KnowledgeGraph& kg, const MapSpec& spec, std::string svg) {
  std::unordered_map<std::string, NodeId> by_slug;
  for (const KnowledgeGraph::Vertex v : spec.nodes) by_slug.emplace(slug(kg.node(v).id), v);
  std::size_t at = 0;
  while ((at = svg.find("class=\"node", at)) != std::string::npos) {
    const std::size_t title = svg.find("<title>", at), title_end = svg.find("</title>", at);
    const std::size_t anchor = svg.find("<a ", at);
    const std::size_t next = svg.find("class=\"node", at + 1);
    at += 1;
    if (title == std::string::npos || title_end == std::string::npos || anchor == std::string::npos ||
        anchor > next)
      continue;
    const auto it =
        by_slug.find(unescape_title(std::string_view(svg).substr(title + 7, title_end - title - 7)));
    if (it == by_slug.end()) continue;
    const std::string href = esc(site_url(c, "/actor", "id=" + url_encode(kg.node(it->second).id)));
    const std::size_t tag_end = svg.find('>', anchor);
    const std::size_t old = svg.find("xlink:href=\"", anchor);
    if (old != std::string::npos && old < tag_end) {
      const std::size_t value = old + 12, value_end = svg.find('"', value);
      svg.replace(value, value_end - value, href);
    } else {
      svg.insert(anchor + 3, "xlink:href=\"" + href + "\" ");
    }
  }
  return svg;
}

/// The SVG document's element alone, for inlining in HTML.
std::string svg_element(const std::string& svg) {
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

/// Hidden form fields that carry `params`.
std::string hidden_inputs(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params)
    out += "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  return out;
}

}  // namespace

std::string esc(std::string_view text) { return xml_escape(sanitize_text(text)); }

std::string site_url(const PageContext& c, std::string_view path, const std::string& query) {
  return std::string(path) + join_query({query, c.filters});
}

std::string actor_link(const PageContext& c, NodeId v) {
  return "<a href=\"" + esc(site_url(c, "/actor", "id=" + url_encode(c.view().id(v)))) + "\">" +
         esc(c.view().name(v)) + "</a>";
}

std::string source_link(const PageContext& c, NodeId v) {
  return "<a href=\"" + esc(site_url(c, "/source", "id=" + url_encode(c.view().id(v)))) + "\">" +
         esc(c.view().id(v)) + "</a>";
}

std::string url_or_text(std::string_view value) {
  if (!is_http_url(value)) return esc(value);
  return "<a rel=\"noopener noreferrer\" href=\"" + esc(percent_encode_url(value)) + "\">" + esc(value) +
         "</a>";
}

std::string diagnostics_html(const Diagnostics& diags) {
  return "<pre class=\"diagnostics\" role=\"alert\">" + esc(diags.format(false, false)) + "</pre>";
}

std::string filter_form(const PageContext& c, std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& hidden) {
  const FilterRequest& f = c.request.filters;
  const std::vector<std::string> dates = data_dates(c.view());
  std::string out = "<form class=\"filters\" method=\"get\" action=\"" + esc(path) +
                    "\"><fieldset><legend>Filters</legend>";
  for (const auto& [name, value] : hidden)
    if (!value.empty())
      out += "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  out += "<label><input type=\"checkbox\" name=\"stated_only\" value=\"1\"" +
         std::string(f.stated_only ? " checked" : "") + "> stated only</label>";
  out += "<label><input type=\"checkbox\" name=\"directed\" value=\"1\"" +
         std::string(f.directed ? " checked" : "") + "> directed</label>";
  out += date_select("as_of", form_label("as-of"), dates, f.as_of);
  out += date_select("reported_by", form_label("reported-by"), dates, f.reported_by);
  out += type_boxes("relations", "relation types", c.project.schema.relation_types(), f.relations);
  out += type_boxes("node_types", "actor types", c.project.schema.node_types(), f.node_types);
  // Filters of a fixed set of values (the grades) as choices; the others
  // the form does not show are kept as they are.
  const std::set<std::string> shown = {"stated-only", "as-of", "reported-by", "relations", "node-types"};
  for (const FilterField& field : filter_fields()) {
    const std::string name = url_name(field);
    if (field.kind == FilterField::Kind::kText && !field.choices.empty()) {
      out += "<label>" + esc(form_label(field.name)) + " <select name=\"" + name +
             "\"><option value=\"\">any</option>";
      for (const std::string& choice : field.choices)
        out += "<option" + std::string(f.*field.text == choice ? " selected" : "") + ">" + esc(choice) +
               "</option>";
      out += "</select></label>";
      continue;
    }
    if (shown.count(field.name) || !field.set_in(f)) continue;
    const std::vector<std::string> values =
        field.kind == FilterField::Kind::kList ? f.*field.list : std::vector<std::string>{field.value_in(f)};
    for (const std::string& v : values)
      out += "<input type=\"hidden\" name=\"" + name + "\" value=\"" +
             esc(field.kind == FilterField::Kind::kFlag ? "1" : v) + "\">";
  }
  out += "<button type=\"submit\">Apply</button> <a class=\"clear\" href=\"" + esc(path) + join_query({[&] {
           std::string own;
           for (const auto& [name, value] : hidden)
             if (!value.empty()) own += (own.empty() ? "" : "&") + name + "=" + url_encode(value);
           return own;
         }()}) +
         "\">clear filters</a></fieldset></form>";
  return out;
}

namespace {

/// What a map shows, as a key for the maps drawn: its name, title, actors,
/// relations and what is emphasised, and the filters its links keep.
std::string map_key(const KnowledgeGraph& kg, const MapSpec& spec, bool whole, const std::string& filters) {
  std::string key = spec.name + '\n' + spec.title + '\n' + (whole ? "whole" : "parts") + '\n' + filters;
  for (const auto& list : {spec.nodes, spec.highlight_nodes}) {
    key += '\n';
    for (const KnowledgeGraph::Vertex v : list) key += std::to_string(v) + ' ';
  }
  for (const auto& list : {spec.edges, spec.highlight_edges, spec.quoted}) {
    key += '\n';
    for (const KnowledgeGraph::Edge& e : list) key += std::to_string(kg.edge(e).index) + ' ';
  }
  return key;
}

/// The most maps kept drawn for one snapshot.
constexpr std::size_t kMapsKept = 200;

/// The map drawn, as map_html gives it: in both colour themes, the page's
/// stylesheet showing the one that matches the reader's (prefers-color-scheme).
std::string draw_map(const PageContext& c, const KnowledgeGraph& kg, const MapSpec& original, bool whole) {
  MapSpec spec = original;
  if (spec.description.empty()) spec.description = describe_map(kg, spec);
  RenderOptions options;
  options.format = MapFormat::kSvg;
  options.timeout_seconds = 30;
  options.fixed_size = true;
  options.whole = whole;
  std::string html;
  for (const ColourTheme theme : {ColourTheme::kLight, ColourTheme::kDark}) {
    options.theme = theme;
    Figure figure;
    std::string svg;
    Diagnostics diags;
    if (!draw_figure(kg, spec, options, nullptr, &figure, &diags) ||
        !figure_output(kg, spec, figure, options, &svg, &diags))
      return "<p>The map could not be drawn:</p>" + diagnostics_html(diags);
    html += "<figure class=\"map theme-" + name_of(theme) + (whole ? " whole" : "") + "\">" +
            link_nodes(c, kg, spec, svg_element(svg)) + "</figure>";
  }
  return html;
}

}  // namespace

std::string map_html(const PageContext& c, const MapSpec& original, bool whole) {
  const KnowledgeGraph& kg = c.project.graph();
  const std::string key = map_key(kg, original, whole, c.filters);
  if (c.drawn != nullptr)
    if (const auto it = c.drawn->find(key); it != c.drawn->end()) return it->second;
  std::string html = draw_map(c, kg, original, whole);
  if (c.drawn != nullptr) {
    if (c.drawn->size() >= kMapsKept) c.drawn->clear();
    c.drawn->emplace(key, html);
  }
  return html;
}

std::string graph_map_html(const PageContext& c, const KnowledgeGraph& graph, const MapSpec& spec) {
  return draw_map(c, graph, spec, false);
}

std::string page_html(std::string_view title, const std::string& filters, const std::string& body,
                      std::string_view searched) {
  const std::string q = join_query({filters});
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         esc(title) +
         " \u2014 relmap</title>"
         "<link rel=\"stylesheet\" href=\"/static/relmap.css\">"
         "<link rel=\"icon\" href=\"/static/relmap.svg\" type=\"image/svg+xml\">"
         "<script src=\"/static/relmap.js\" defer></script></head><body>"
         "<header><nav aria-label=\"site\"><a class=\"home\" href=\"/" +
         esc(q) +
         "\">relmap</a> "
         "<a href=\"/path" +
         esc(q) + "\">Path</a> <a href=\"/overview" + esc(q) +
         "\">Overview</a> "
         "<a href=\"/changes" +
         esc(q) +
         "\">Changes</a>"
         "<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">"
         "<input type=\"search\" name=\"q\" id=\"q\" value=\"" +
         esc(searched) +
         "\" autocomplete=\"off\" placeholder=\"actor: id, name, "
         "alias or words\" "
         "aria-label=\"Search actors\" aria-controls=\"suggestions\">" +
         hidden_inputs(parse_query(filters)) +
         "<button type=\"submit\">Search</button>"
         "<ul id=\"suggestions\" role=\"listbox\" hidden></ul></form></nav></header><main>"
         "<h1>" +
         esc(title) + "</h1>" + body + "</main></body></html>\n";
}

}  // namespace relmap::serve
