#include "serve/pages.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/text.h"
#include "maps/views.h"
#include "output/changes_map.h"
#include "output/diff.h"
#include "query/query_output.h"
#include "serve/wording.h"

namespace relmap::serve {

namespace {

/// What a question that ran out of time is told.
constexpr const char* kTooLong =
    "this question took longer than the server gives one: ask for fewer paths (k, limit) or narrow it with "
    "filters";

/// The most relations an actor page lists at once; the rest on further pages.
constexpr std::size_t kRelationsPerPage = 100;
/// The most actors a focus map draws; past it, the page says so instead.
constexpr std::size_t kMaxMapActors = 150;
/// The most suggestions a search offers.
constexpr std::size_t kMaxSuggestions = 12;

Reply html(std::string_view title, const PageContext& c, const std::string& body, int status = 200) {
  return {status, "text/html; charset=utf-8", page_html(title, c.filters, body, param(c.params, "q")), {}};
}

Reply json_reply(const std::string& body) { return {200, "application/json; charset=utf-8", body, {}}; }

std::string type_label(const PageContext& c, NodeId v) {
  return c.project.schema.node_types()[c.view().node(v).type].label;
}

/// The actor `text` names, or nullopt with why not in `diags`.
std::optional<NodeId> named_actor(const PageContext& c, const std::string& text, Diagnostics* diags) {
  return resolve_actor(c.view(), c.project.schema, text, diags);
}

/// Whether `v` is a source (an article), not an actor.
bool is_source_vertex(const PageContext& c, NodeId v) {
  const int source_type = c.project.schema.node_type_index(kSourceType);
  return source_type >= 0 && c.project.schema.is_a(static_cast<int>(c.view().node(v).type), source_type);
}

/// The relations of `v` the filters allow, those with the best connected
/// other actors first.
std::vector<EdgeId> relations_of(const PageContext& c, NodeId v) {
  std::vector<EdgeId> out;
  const GraphView& g = c.view();
  for (const auto& list : {g.out_edges(v), g.in_edges(v)})
    for (const EdgeId e : list) {
      const NodeId other = g.edge(e).from == v ? g.edge(e).to : g.edge(e).from;
      if (c.engine->edge_allowed(e) && c.engine->vertex_allowed(other)) out.push_back(e);
    }
  auto other_degree = [&](EdgeId e) { return g.degree(g.edge(e).from == v ? g.edge(e).to : g.edge(e).from); };
  std::stable_sort(out.begin(), out.end(),
                   [&](EdgeId a, EdgeId b) { return other_degree(a) > other_degree(b); });
  return out;
}

/// One relation as a row: the other actor, the relation, basis, quote, source.
std::string relation_row(const PageContext& c, NodeId v, EdgeId e) {
  const GraphView& g = c.view();
  const EdgeRecord& r = g.edge(e);
  const RelationType& rel = c.project.schema.relation_types()[r.relation];
  const bool out = r.from == v;
  const std::string_view role = g.value(g.edge_properties(e), "role");
  const Location where = g.locate(r.where);
  std::string row = "<li><span class=\"rel\">" + std::string(out ? "" : "\u2190 ") + esc(rel.label);
  if (!role.empty()) row += " (" + esc(role) + ")";
  row += std::string(out ? " \u2192" : "") + "</span> " + actor_link(c, out ? r.to : r.from);
  row += " <span class=\"basis basis-" + std::string(basis_name(g.basis(e))) + "\">" +
         std::string(basis_name(g.basis(e))) + "</span>";
  row += "<blockquote>\u201C" + esc(g.text(r.evidence)) + "\u201D</blockquote>";
  row += "<p class=\"cite\">source " + source_link(c, r.source) + " \u00B7 <span class=\"where\">" +
         esc(where.file) + ":" + std::to_string(where.line) + ":" + std::to_string(where.col) +
         "</span></p></li>";
  return row;
}

/// The actor's properties and aliases as a definition list.
std::string properties_html(const PageContext& c, NodeId v) {
  const GraphView& g = c.view();
  std::string out = "<dl class=\"props\"><dt>id</dt><dd>" + esc(g.id(v)) + "</dd><dt>type</dt><dd>" +
                    esc(type_label(c, v)) + "</dd>";
  if (!g.aliases(v).empty()) {
    out += "<dt>also called</dt><dd>";
    bool first = true;
    for (const Str a : g.aliases(v)) out += (std::exchange(first, false) ? "" : ", ") + esc(g.text(a));
    out += "</dd>";
  }
  for (const PropRecord& p : g.node_properties(v))
    out += "<dt>" + esc(g.text(p.name)) + "</dt><dd>" + url_or_text(g.text(p.value)) + "</dd>";
  return out + "</dl>";
}

/// A form field of text.
std::string text_field(const char* name, const char* label, const std::string& value) {
  return "<label>" + std::string(label) + " <input name=\"" + name + "\" value=\"" + esc(value) +
         "\"></label>";
}

/// The most actors a list of matches shows.
constexpr std::size_t kMaxMatches = 100;

/// Where a page links an actor's id, or a name to try instead of the one
/// that named no actor.
using Target = std::function<std::string(const std::string&)>;

/// Actor pages, the filters kept.
Target actor_target(const PageContext& c) {
  return [&c](const std::string& name) { return site_url(c, "/actor", "id=" + url_encode(name)); };
}

/// The actors of `match`, each linked by `target` to its id, with its type.
std::string matches_html(const PageContext& c, const ActorMatch& match, const Target& target) {
  std::string out = "<ul class=\"matches\">";
  for (std::size_t i = 0; i < match.actors.size() && i < kMaxMatches; ++i) {
    const NodeId v = match.actors[i];
    out += "<li><a href=\"" + esc(target(std::string(c.view().id(v)))) + "\">" + esc(c.view().name(v)) +
           "</a> <span class=\"type\">" + esc(type_label(c, v)) + "</span> <code>" + esc(c.view().id(v)) +
           "</code></li>";
  }
  out += "</ul>";
  if (match.actors.size() > kMaxMatches)
    out += "<p>and " + std::to_string(match.actors.size() - kMaxMatches) +
           " more: type more of the name, or an id.</p>";
  return out;
}

/// What a page says of `text`, which names no one actor: the actors it
/// matches, or that it matches none and the name spelt closest; each a
/// link made by `target`.
std::string unresolved_html(const PageContext& c, const std::string& text, const ActorMatch& match,
                            const Target& target) {
  const std::string quoted = "\u2018" + esc(text) + "\u2019";
  if (!match.actors.empty())
    return "<p class=\"matched\">" + std::to_string(match.actors.size()) + " actors " +
           (match.by_words ? "have the words " + quoted + " in their names" : "are called " + quoted) +
           ":</p>" + matches_html(c, match, target);
  std::string out = "<p class=\"unknown\" role=\"status\">No actor is called " + quoted +
                    ": no id, name or alias is that, and no name has all its words.</p>";
  const std::string best = actor_suggestion(c.view(), text);
  if (!best.empty())
    out += "<p class=\"did-you-mean\">Did you mean <a href=\"" + esc(target(best)) + "\">" + esc(best) +
           "</a>?</p>";
  return out;
}

/// The form that asks a path question, holding the variant asked.
std::string path_form(const PageContext& c) {
  const PathOptions& p = c.request.path;
  std::string out =
      "<form class=\"ask\" method=\"get\" action=\"/path\"><fieldset><legend>How is A linked to B?</legend>";
  out += text_field("from", "from", param(c.params, "from")) + text_field("to", "to", param(c.params, "to"));
  out += "<label>k shortest <input type=\"number\" name=\"k\" min=\"1\" max=\"" + std::to_string(kMaxPaths) +
         "\" value=\"" + std::to_string(p.k) + "\"></label>";
  auto box = [](const char* name, const char* label, bool on) {
    return "<label><input type=\"checkbox\" name=\"" + std::string(name) + "\" value=\"1\"" +
           (on ? " checked" : "") + "> " + label + "</label>";
  };
  out += "<label>ranked by <select name=\"rank\">";
  for (const Rank rank : {Rank::kLength, Rank::kSupported, Rank::kInformative})
    out += "<option" + std::string(rank == p.rank ? " selected" : "") + ">" + rank_name(rank) + "</option>";
  out += "</select></label>";
  out += box("all", "every shortest path", p.all) + box("weighted", "weighted", p.weighted) +
         box("parallel", "parallel relations apart", p.parallel) +
         box("directed", "directed", c.request.filters.directed);
  // The filters in force go with the question.
  for (const auto& [name, value] : c.params)
    if (name != "from" && name != "to" && name != "k" && name != "all" && name != "weighted" &&
        name != "parallel" && name != "directed" && name != "limit" && name != "rank")
      out += "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  return out + "<button type=\"submit\">Find paths</button></fieldset></form>";
}

}  // namespace

Reply json_error(int status, const Diagnostics& diags) {
  nlohmann::json j;
  j["error"] = status;
  j["diagnostics"] = nlohmann::json::array();
  for (const Diagnostic& d : diags.sorted()) j["diagnostics"].push_back(sanitize_text(format_diagnostic(d)));
  return {status, "application/json; charset=utf-8", j.dump(2) + "\n", {}};
}

Reply error_page(int status, std::string_view title, const std::string& filters, const Diagnostics& diags) {
  return {status, "text/html; charset=utf-8", page_html(title, filters, diagnostics_html(diags)), {}};
}

Reply home_page(PageContext& c) {
  std::string body =
      "<p>" + std::to_string(c.view().node_count()) + " entities and " +
      std::to_string(c.view().edge_count()) +
      " relations, each cited from its article. Search an actor above, or ask how two are linked.</p>";
  body += path_form(c);
  body += "<p><a href=\"" + esc(site_url(c, "/overview", "")) + "\">The overview map</a> \u00B7 <a href=\"" +
          esc(site_url(c, "/changes", "")) + "\">changes since the previous edition</a></p>";
  return html("Relationship map", c, body + filter_form(c, "/", {}));
}

Reply search_page(PageContext& c) {
  const std::string q = param(c.params, "q");
  if (q.empty()) return home_page(c);
  const ActorMatch match = match_actor(c.view(), q);
  if (match.actors.size() == 1)
    return {303, "text/plain; charset=utf-8", "",
            site_url(c, "/actor", "id=" + url_encode(c.view().id(match.actors.front())))};
  // Several actors are an answer, a list to choose from; none is not found.
  return html("Search: " + q, c, unresolved_html(c, q, match, actor_target(c)),
              match.actors.empty() ? 404 : 200);
}

Reply actor_page(PageContext& c) {
  Diagnostics diags;
  const std::string named = param(c.params, "id");
  const auto v = named_actor(c, named, &diags);
  if (!v)
    return html("No such actor", c, unresolved_html(c, named, match_actor(c.view(), named), actor_target(c)),
                404);
  const GraphView& g = c.view();
  const std::string id = std::string(g.id(*v));
  std::string body = properties_html(c, *v);
  body += "<p><a href=\"" + esc(site_url(c, "/path", "from=" + url_encode(id))) + "\">How is " +
          esc(g.name(*v)) + " linked to\u2026</a></p>";
  // The focus map, depth selectable.
  const int depth = c.request.depth;
  body += "<section><h2>Around " + esc(g.name(*v)) +
          "</h2><form method=\"get\" action=\"/actor\" class=\"depth\">"
          "<input type=\"hidden\" name=\"id\" value=\"" +
          esc(id) + "\">";
  for (const auto& [name, value] : c.params)
    if (name != "id" && name != "depth" && name != "page")
      body += "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  body += "<label>depth <select name=\"depth\">";
  for (int d = 1; d <= kMaxDepth; ++d)
    body += "<option" + std::string(d == depth ? " selected" : "") + ">" + std::to_string(d) + "</option>";
  body += "</select></label> <button type=\"submit\">Draw</button></form>";
  const std::size_t around = c.engine->neighbors(*v, depth, c.request.filters.directed).nodes.size();
  if (around > kMaxMapActors) {
    body += "<p>" + std::to_string(around) + " actors are within " + std::to_string(depth) +
            " hops: too many for one map. Choose a smaller depth or narrow the filters.</p>";
  } else {
    ViewRequest request{c.engine, {*v}, {}, c.request.path, depth, c.request.filters.narrows()};
    MapSpec spec;
    find_view("focus").make(c.project.graph(), request, &spec);
    body += map_html(c, spec);
  }
  body += "</section>";
  // Every relation, the best connected first, a page at a time.
  const std::vector<EdgeId> relations = relations_of(c, *v);
  std::size_t page = 0;
  Diagnostics bad;
  const std::string page_text = param(c.params, "page");
  if (!page_text.empty()) page = static_cast<std::size_t>(std::max(0, std::atoi(page_text.c_str())));
  const std::size_t first = std::min(page * kRelationsPerPage, relations.size());
  const std::size_t last = std::min(first + kRelationsPerPage, relations.size());
  body += "<section><h2>Relations (" + std::to_string(relations.size()) +
          ")</h2><ol class=\"relations\" start=\"" + std::to_string(first + 1) + "\">";
  for (std::size_t i = first; i < last; ++i) body += relation_row(c, *v, relations[i]);
  body += "</ol>";
  if (last < relations.size())
    body += "<p><a href=\"" +
            esc(site_url(c, "/actor",
                         "id=" + url_encode(id) + "&depth=" + std::to_string(depth) +
                             "&page=" + std::to_string(page + 1))) +
            "\">the next " + std::to_string(std::min(kRelationsPerPage, relations.size() - last)) +
            " relations</a></p>";
  body += "</section>";
  return html(
      std::string(g.name(*v)), c,
      body + filter_form(c, "/actor", {{"id", id}, {"depth", depth > 1 ? std::to_string(depth) : ""}}));
}

namespace {

/// The ends of a path question, or the diagnostics of why not.
bool path_ends(const PageContext& c, NodeId* from, NodeId* to, Diagnostics* diags) {
  const auto a = named_actor(c, param(c.params, "from"), diags);
  const auto b = named_actor(c, param(c.params, "to"), diags);
  if (!a || !b) return false;
  *from = *a;
  *to = *b;
  return true;
}

/// This path question asked again with `end` ("from" or "to") as `name`.
std::string path_with(const PageContext& c, const std::string& end, const std::string& name) {
  std::string query;
  for (const auto& [key, value] : c.params)
    query += (query.empty() ? "" : "&") + url_encode(key) + "=" + url_encode(key == end ? name : value);
  return "/path?" + query;
}

/// What the page says of each end that names no one actor, each actor it
/// matches or the name spelt closest a link to the question asked with it.
std::string unresolved_ends_html(const PageContext& c) {
  std::string out;
  for (const std::string end : {"from", "to"}) {
    const std::string named = param(c.params, end);
    const ActorMatch match = match_actor(c.view(), named);
    if (match.actors.size() == 1) continue;
    out += "<section class=\"unresolved\"><h2>" + end + "</h2>" +
           unresolved_html(c, named, match,
                           [&c, end](const std::string& name) { return path_with(c, end, name); }) +
           "</section>";
  }
  return out;
}

/// A source's title, publisher and date, as the CLI cites it.
std::string citation(const PageContext& c, NodeId source) {
  std::string out = esc(c.view().name(source));
  for (const char* key : {"publisher", "date"}) {
    const std::string_view value = c.view().value(c.view().node_properties(source), key);
    if (!value.empty()) out += ", " + esc(value);
  }
  return out;
}

/// One hop of a path as `relmap path` prints it, from its JSON.
std::string hop_html(const PageContext& c, const nlohmann::json& hop) {
  const GraphView& g = c.view();
  const NodeId from = *g.find_id(hop["from"].get<std::string>()),
               to = *g.find_id(hop["to"].get<std::string>());
  const bool forward = hop["direction"] == "forward";
  const bool implied = hop["basis"] == "implied";
  const int relation = c.project.schema.relation_type_index(hop["relation"].get<std::string>());
  const bool symmetric =
      relation >= 0 && c.project.schema.relation_types()[static_cast<std::size_t>(relation)].symmetric;
  std::string out = "<li><p class=\"hop\">" + actor_link(c, from) + " <span class=\"rel\">" +
                    std::string(forward || symmetric ? "\u2014[" : "\u2190[") +
                    esc(hop["label"].get<std::string>()) + (implied ? ", implied" : "") +
                    (symmetric || !forward ? "]\u2014" : "]\u2192") + "</span> " + actor_link(c, to) + "</p>";
  const auto source = g.find_id(hop["cites"].get<std::string>());
  out += "<blockquote>\u201C" + esc(hop["evidence"].get<std::string>()) +
         "\u201D</blockquote><p class=\"cite\">source " +
         (source ? source_link(c, *source) + ": " + citation(c, *source)
                 : esc(hop["cites"].get<std::string>())) +
         "</p></li>";
  return out;
}

}  // namespace

Reply path_page(PageContext& c) {
  std::string body = path_form(c);
  if (param(c.params, "from").empty() || param(c.params, "to").empty())
    return html("Path", c, body + filter_form(c, "/path", {}));
  Diagnostics diags;
  NodeId from = 0, to = 0;
  if (!path_ends(c, &from, &to, &diags)) return html("Path", c, body + unresolved_ends_html(c), 404);
  const std::vector<Path> paths = c.engine->paths(from, to, c.request.path);
  if (c.engine->timed_out()) {
    diags.error({}, kTooLong);
    return html("Path", c, body + diagnostics_html(diags), 503);
  }
  const std::vector<std::pair<std::string, std::string>> own = {{"from", param(c.params, "from")},
                                                                {"to", param(c.params, "to")}};
  if (paths.empty()) {
    body += "<p class=\"no-path\" role=\"status\">" +
            esc(no_path_message(c.view(), from, to, c.request.filters, form_naming())) + "</p>";
    return html("No path", c, body + filter_form(c, "/path", own), 404);
  }
  const nlohmann::json answer = nlohmann::json::parse(
      paths_to_json({c.view(), c.project.schema, c.engine}, from, to, paths, c.request.path));
  if (c.request.path.rank != Rank::kLength)
    body += "<p class=\"ranked\">" + esc(answer["ranked_by"].get<std::string>()) + "</p>";
  std::size_t n = 0;
  for (const nlohmann::json& p : answer["paths"]) {
    char cost[32];
    std::snprintf(cost, sizeof cost, "%g", p["cost"].get<double>());
    body += "<section class=\"path\"><h2>Path " + std::to_string(++n) + " of " +
            std::to_string(paths.size()) + ": " + esc(c.view().name(from)) + " \u2192 " +
            esc(c.view().name(to)) + " (" + std::to_string(p["length"].get<int>()) + " hops, cost " + cost +
            ")</h2><ol class=\"hops\">";
    for (const nlohmann::json& hop : p["hops"]) body += hop_html(c, hop);
    body += "</ol></section>";
  }
  body += map_html(c, path_answer_map(c.project.graph(), paths));
  std::string query;
  for (const auto& [name, value] : c.params)
    query += (query.empty() ? "" : "&") + name + "=" + url_encode(value);
  body += "<p><a href=\"" + esc("/api/path?" + query) + "\">this answer as JSON</a></p>";
  return html(std::string(c.view().name(from)) + " to " + std::string(c.view().name(to)), c,
              body + filter_form(c, "/path", own));
}

namespace {

/// A passage of an article marked as the quote of facts.
struct Mark {
  std::size_t begin, end;
  std::vector<std::size_t> facts;  ///< Numbers in the page's list of facts.
};

/// The article's paragraphs (split at blank lines), each normalised as
/// quotes are matched (text.h normalize_for_match).
std::vector<std::string> paragraphs_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string p = normalize_for_match(text.substr(start, end - start));
    if (!p.empty()) out.push_back(p);
    start = end + 2;
  }
  return out;
}

/// A paragraph with its marks, each linked to the facts it supports.
std::string marked_paragraph(const std::string& p, std::vector<Mark> marks) {
  std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
  std::vector<Mark> merged;
  for (Mark& m : marks) {
    if (!merged.empty() && m.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, m.end);
      merged.back().facts.insert(merged.back().facts.end(), m.facts.begin(), m.facts.end());
    } else {
      merged.push_back(std::move(m));
    }
  }
  std::string out = "<p>";
  std::size_t at = 0;
  for (const Mark& m : merged) {
    out += esc(p.substr(at, m.begin - at)) + "<mark id=\"q" + std::to_string(m.facts.front()) + "\">";
    for (std::size_t i = 1; i < m.facts.size(); ++i)
      out += "<span id=\"q" + std::to_string(m.facts[i]) + "\"></span>";
    out += esc(p.substr(m.begin, m.end - m.begin)) + "</mark>";
    for (const std::size_t f : m.facts)
      out += "<sup><a href=\"#fact-" + std::to_string(f) + "\">" + std::to_string(f) + "</a></sup>";
    at = m.end;
  }
  return out + esc(p.substr(at)) + "</p>";
}

/// The source's text, or "" with why not in `why`.
std::string source_text(const PageContext& c, NodeId v, std::string* why) {
  const std::string_view file = c.view().value(c.view().node_properties(v), "file");
  if (c.sources_dir.empty())
    return *why = "The project names no folder of article texts (sources in relmap.yaml).", "";
  if (file.empty()) return *why = "This source names no file of its text.", "";
  std::string path, text;
  std::error_code ec;
  const std::string root = std::filesystem::canonical(c.sources_dir, ec).native();
  if (ec || !resolve_inside(root, std::string(file), &path, why) ||
      !read_bounded(path, kMaxSourceFileBytes, &text, why)) {
    if (ec) *why = ec.message();
    *why = "The article's text cannot be read: " + *why;
    return "";
  }
  return text;
}

}  // namespace

Reply source_page(PageContext& c) {
  Diagnostics diags;
  const auto v = c.view().find_id(param(c.params, "id"));
  if (!v || !is_source_vertex(c, *v)) {
    diags.error({}, "unknown source '" + visible_text(param(c.params, "id")) + "'");
    return error_page(404, "No such source", c.filters, diags);
  }
  const GraphView& g = c.view();
  std::vector<EdgeId> facts;
  for (EdgeId e = 0; e < g.edge_count(); ++e)
    if (g.edge(e).source == *v) facts.push_back(e);
  std::string body = properties_html(c, *v);
  std::string why;
  const std::string text = source_text(c, *v, &why);
  const std::vector<std::string> paragraphs = paragraphs_of(text);
  std::vector<std::vector<Mark>> marks(paragraphs.size());
  std::vector<bool> found(facts.size(), false), marked(facts.size(), false);
  const std::string whole = normalize_for_match(text);
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const std::string quote = normalize_for_match(g.text(g.edge(facts[i]).evidence));
    for (std::size_t p = 0; p < paragraphs.size() && !quote.empty(); ++p)
      if (const std::size_t at = paragraphs[p].find(quote); at != std::string::npos) {
        marks[p].push_back({at, at + quote.size(), {i + 1}});
        found[i] = marked[i] = true;
        break;
      }
    found[i] = found[i] || (!quote.empty() && whole.find(quote) != std::string::npos);
  }
  body += "<section><h2>Facts it supports (" + std::to_string(facts.size()) + ")</h2><ol class=\"facts\">";
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const EdgeRecord& r = g.edge(facts[i]);
    const RelationType& rel = c.project.schema.relation_types()[r.relation];
    body += "<li id=\"fact-" + std::to_string(i + 1) + "\"" +
            (found[i] || text.empty() ? "" : " class=\"not-found\"") + ">" + actor_link(c, r.from) +
            " <span class=\"rel\">" + esc(rel.label) + "</span> " + actor_link(c, r.to) +
            " <span class=\"basis basis-" + basis_name(g.basis(facts[i])) + "\">" +
            basis_name(g.basis(facts[i])) + "</span><blockquote>\u201C" + esc(g.text(r.evidence)) +
            "\u201D</blockquote>";
    if (!text.empty())
      body += marked[i]  ? "<a href=\"#q" + std::to_string(i + 1) + "\">in the text</a>"
              : found[i] ? "in the text, across paragraphs"
                         : "<strong class=\"warn\">quote not found in the text</strong>";
    body += "</li>";
  }
  body += "</ol></section>";
  MapSpec spec;
  const KnowledgeGraph& kg = c.project.graph();
  spec = source_map(kg, {*kg.find_id(g.id(*v))}, index_sources(kg));
  if (!spec.nodes.empty()) body += "<section><h2>Its map</h2>" + map_html(c, spec) + "</section>";
  body += "<section class=\"article\"><h2>The article</h2>";
  if (text.empty()) body += "<p>" + esc(why) + "</p>";
  for (std::size_t p = 0; p < paragraphs.size(); ++p) body += marked_paragraph(paragraphs[p], marks[p]);
  body += "</section>";
  return html(std::string(g.name(*v)), c, body);
}

Reply overview_page(PageContext& c) {
  ViewRequest request{c.engine, {}, {}, c.request.path, 1, c.request.filters.narrows()};
  MapSpec spec;
  const KnowledgeGraph& kg = c.project.graph();
  find_view("overview").make(kg, request, &spec);
  return html("Overview", c, map_html(c, spec) + filter_form(c, "/overview", {}));
}

Reply changes_page(PageContext& c) {
  const KnowledgeGraph& kg = c.project.graph();
  const EditionFacts current = edition_facts(kg);
  EditionFacts previous;
  std::vector<OutputFile> keep;
  if (!previous_edition(c.cache_dir, current, &previous, &keep))
    return html("Changes", c,
                "<p>No previous edition is known: <code>relmap build</code> keeps one for the next.</p>");
  const EditionDiff diff = diff_editions(previous, current);
  std::string body = "<pre class=\"changes\">" + esc(diff_text(diff)) + "</pre>";
  if (draws_changes(diff)) {
    // On the overview's places as the last build kept them.
    Layout overview;
    read_layout(c.cache_dir, "relmap", &overview);
    const ChangesMap changes = changes_map(kg, diff, overview, Layout());
    if (changes.graph != nullptr) body += graph_map_html(c, *changes.graph, changes.spec);
  }
  return html("Changes since the previous edition", c, body);
}

Reply api_search(PageContext& c) {
  const std::string q = param(c.params, "q");
  nlohmann::json out = nlohmann::json::array();
  if (!q.empty()) {
    const ActorMatch match = match_actor(c.view(), q);
    for (std::size_t i = 0; i < match.actors.size() && i < kMaxSuggestions; ++i) {
      const NodeId v = match.actors[i];
      out.push_back({{"id", sanitize_text(c.view().id(v))},
                     {"label", sanitize_text(c.view().name(v))},
                     {"type", sanitize_text(type_label(c, v))}});
    }
  }
  return json_reply(out.dump(2) + "\n");
}

Reply api_path(PageContext& c) {
  Diagnostics diags;
  NodeId from = 0, to = 0;
  if (!path_ends(c, &from, &to, &diags)) return json_error(404, diags);
  const std::vector<Path> paths = c.engine->paths(from, to, c.request.path);
  if (c.engine->timed_out()) {
    diags.error({}, kTooLong);
    return json_error(503, diags);
  }
  if (paths.empty()) {
    diags.error({}, no_path_message(c.view(), from, to, c.request.filters));
    return json_error(404, diags);
  }
  return json_reply(paths_to_json({c.view(), c.project.schema, c.engine}, from, to, paths, c.request.path));
}

Reply api_neighbors(PageContext& c) {
  Diagnostics diags;
  const auto v = named_actor(c, param(c.params, "id"), &diags);
  if (!v) return json_error(404, diags);
  const auto n = c.engine->neighbors(*v, c.request.depth, c.request.filters.directed);
  return json_reply(neighbors_to_json({c.view(), c.project.schema, c.engine}, n, c.request.depth));
}

Reply api_actor(PageContext& c) {
  Diagnostics diags;
  const auto v = named_actor(c, param(c.params, "id"), &diags);
  if (!v) return json_error(404, diags);
  const GraphView& g = c.view();
  nlohmann::json j = {{"id", sanitize_text(g.id(*v))},
                      {"name", sanitize_text(g.name(*v))},
                      {"type", sanitize_text(c.project.schema.node_types()[g.node(*v).type].name)}};
  j["aliases"] = nlohmann::json::array();
  for (const Str a : g.aliases(*v)) j["aliases"].push_back(sanitize_text(g.text(a)));
  j["properties"] = nlohmann::json::object();
  for (const PropRecord& p : g.node_properties(*v))
    j["properties"][sanitize_text(g.text(p.name))] = sanitize_text(g.text(p.value));
  j["relations"] = nlohmann::json::array();
  for (const EdgeId e : relations_of(c, *v)) {
    const EdgeRecord& r = g.edge(e);
    const RelationType& rel = c.project.schema.relation_types()[r.relation];
    j["relations"].push_back({{"from", sanitize_text(g.id(r.from))},
                              {"to", sanitize_text(g.id(r.to))},
                              {"relation", rel.name},
                              {"label", sanitize_text(rel.label)},
                              {"basis", basis_name(g.basis(e))},
                              {"cites", sanitize_text(g.id(r.source))},
                              {"evidence", sanitize_text(g.text(r.evidence))}});
  }
  return json_reply(j.dump(2) + "\n");
}

}  // namespace relmap::serve
