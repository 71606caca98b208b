#include "output/explore.h"

#include <nlohmann/json.hpp>

#include "base/digest.h"
#include "base/text.h"
#include "explore_assets.inc"
#include "maps/views.h"
#include "render/svg.h"

namespace relmap {

namespace {

std::string h(std::string_view text) { return xml_escape(sanitize_text(text)); }

nlohmann::json text(std::string_view s) { return sanitize_text(s); }

nlohmann::json node_json(const KnowledgeGraph& kg, Vertex v) {
  const NodeProps& n = kg.node(v);
  const NodeRecord& r = kg.view().node(static_cast<std::uint32_t>(v));
  nlohmann::json aliases = nlohmann::json::array();
  for (const std::string& a : n.aliases) aliases.push_back(text(a));
  nlohmann::json o = {{"id", text(n.id)},   {"name", text(n.name)}, {"aliases", aliases}, {"type", n.type},
                      {"slug", slug(n.id)}, {"start", r.start},     {"end", r.end}};
  if (is_source(kg, v)) {
    o["source"] = true;
    for (const char* key : {"title", "publisher", "date"}) o[key] = text(first_value(n.properties, key));
    const std::string url = first_value(n.properties, "url");
    o["url"] = is_http_url(url) ? text(url) : "";
  }
  return o;
}

nlohmann::json edge_json(const KnowledgeGraph& kg, Edge e) {
  const EdgeProps& p = kg.edge(e);
  const EdgeRecord& r = kg.view().edge(e.index);
  return {{"from", r.from},   {"to", r.to},         {"type", p.relation},
          {"basis", r.basis}, {"source", r.source}, {"quote", text(p.evidence)},
          {"start", r.start}, {"end", r.end},       {"reported", r.reported}};
}

/// Data text may close the <script> element it stands in, or open a
/// comment, only through '<', '>' and '&': written as \u escapes, which
/// JSON reads back as the same characters.
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

void type_lists(const KnowledgeGraph& kg, nlohmann::json* data) {
  nlohmann::json relations = nlohmann::json::array(), nodes = nlohmann::json::array();
  for (const RelationType& r : kg.schema().relation_types())
    relations.push_back({{"name", r.name}, {"label", text(r.label)}, {"symmetric", r.symmetric}});
  for (const NodeType& t : kg.schema().node_types())
    nodes.push_back({{"name", t.name}, {"label", text(t.label)}});
  (*data)["relationTypes"] = relations;
  (*data)["nodeTypes"] = nodes;
}

const char* const kChrome = R"(<header id="chrome" class="chrome js-only">
<h1>Relationship map</h1>
<div class="search" role="search">
<label for="search">Find an actor</label>
<input id="search" type="search" autocomplete="off" placeholder="Name, alias or words" aria-controls="search-results"/>
<ul id="search-results" class="results" aria-label="Actors found"></ul>
</div>
<div class="path">
<label for="path-from">Path from</label>
<input id="path-from" list="actor-names" autocomplete="off"/>
<label for="path-to">to</label>
<input id="path-to" list="actor-names" autocomplete="off"/>
<button id="path-go" type="button">Show the path</button>
</div>
<details class="filters">
<summary>Filters</summary>
<fieldset id="relation-types"><legend>Relation types</legend></fieldset>
<fieldset id="node-types"><legend>Actor types</legend></fieldset>
<fieldset class="basis"><legend>Basis</legend>
<label><input type="checkbox" id="stated-only"/> Stated only (leave out what the articles only imply)</label>
</fieldset>
<fieldset class="dates"><legend>Date</legend>
<label><input type="checkbox" id="date-on"/> Only what the facts support at</label>
<select id="date-mode" aria-label="Which dates">
<option value="valid">valid as of</option>
<option value="reported">reported by</option>
</select>
<input type="range" id="date" aria-label="Date" aria-describedby="date-text"/>
<output id="date-text" for="date"></output>
</fieldset>
</details>
<div class="views" role="tablist" aria-label="Views">
<button id="tab-map" type="button" role="tab" aria-controls="map-view" aria-selected="true">Map</button>
<button id="tab-timeline" type="button" role="tab" aria-controls="timeline-view" aria-selected="false">Timeline</button>
</div>
</header>
)";

}  // namespace

std::string explore_data(const KnowledgeGraph& kg, bool summary) {
  nlohmann::json data;
  type_lists(kg, &data);
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (Vertex v : kg.vertices()) nodes.push_back(node_json(kg, v));
  // A summary's lines stand for many relations each: the page then holds
  // the actors alone, and relmap serve answers the rest.
  if (!summary)
    for (Edge e : kg.edges()) edges.push_back(edge_json(kg, e));
  data["summary"] = summary;
  data["nodes"] = nodes;
  data["edges"] = edges;
  return script_safe(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

const std::string& explore_script() {
  // In a CDATA section behind line comments, as the report is, the page is
  // also well-formed XML; HTML reads the markers as part of the comments.
  static const std::string script =
      "\n//<![CDATA[\n" + std::string(kExplorePathJs) + std::string(kExploreJs) + "//]]>\n";
  return script;
}

const std::string& explore_style() {
  static const std::string style = "\n" + std::string(kExploreCss);
  return style;
}

std::string explore_html(const KnowledgeGraph& kg, const ExploreInput& in) {
  const bool summary = !in.summary_caption.empty();
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-" +
       sha256_base64(explore_script()) + "'; style-src 'sha256-" + sha256_base64(explore_style()) +
       "'; base-uri 'none'; form-action 'none'\"/>\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  o += "<title>Relationship map: explore</title>\n<style>" + explore_style() + "</style>\n</head>\n<body>\n";
  o += kChrome;
  if (summary)
    o += "<p class=\"notice\" id=\"summary-notice\">" + h(in.summary_caption) +
         " This file holds the summary map only: run <code>relmap serve</code> to explore every actor and "
         "relation.</p>\n";
  o += "<main>\n<div id=\"map-view\" class=\"view\" role=\"tabpanel\" aria-labelledby=\"tab-map\">\n"
       "<div class=\"map\" id=\"map\" tabindex=\"0\" role=\"region\" aria-label=\"The map\">\n" +
       svg_element(in.overview_svg) + "</div>\n</div>\n";
  o += "<div id=\"timeline-view\" class=\"view\" role=\"tabpanel\" aria-labelledby=\"tab-timeline\">\n"
       "<div class=\"timeline\" id=\"timeline\">\n" +
       svg_element(in.timeline_svg) + "</div>\n</div>\n";
  o += "<aside id=\"panel\" class=\"panel js-only\" role=\"region\" aria-label=\"Details\" "
       "aria-live=\"polite\" "
       "tabindex=\"-1\">\n<p class=\"hint\">Choose an actor, a line or a mark of the timeline to see its "
       "evidence.</p>\n"
       "</aside>\n</main>\n<datalist id=\"actor-names\"></datalist>\n";
  o += "<script type=\"application/json\" id=\"relmap-data\">" + explore_data(kg, summary) + "</script>\n";
  o += "<script>" + explore_script() + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace relmap
