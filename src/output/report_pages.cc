#include "output/report_pages.h"

#include <algorithm>
#include <map>

#include "base/text.h"
#include "maps/views.h"
#include "output/report_parts.h"

namespace relmap {

namespace {

using Vertex = KnowledgeGraph::Vertex;

std::string h(std::string_view text) { return xml_escape(sanitize_text(text)); }

std::string sources_page(std::size_t k) { return "report-sources-" + std::to_string(k) + ".html"; }
std::string actors_page(std::size_t k) { return "report-actors-" + std::to_string(k) + ".html"; }

/// `items` in groups of `size`, in order.
template <typename T>
std::vector<std::vector<T>> groups_of(const std::vector<T>& items, std::size_t size) {
  std::vector<std::vector<T>> out;
  for (std::size_t i = 0; i < items.size(); i += size)
    out.emplace_back(items.begin() + static_cast<std::ptrdiff_t>(i),
                     items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + size)));
  return out;
}

/// "First – Last": the names a page runs from and to.
std::string name_range(const KnowledgeGraph& kg, Vertex first, Vertex last) {
  return first == last ? kg.node(first).name : kg.node(first).name + " \u2013 " + kg.node(last).name;
}

/// The line atop every page but the index: back to the contents, and to the
/// pages before and after it among `files`.
std::string page_nav(const std::vector<std::string>& files, std::size_t k) {
  std::string o = "<nav class=\"pages\"><a href=\"report.html\">Contents</a>";
  if (k > 0) o += " · <a href=\"" + files[k - 1] + "\" rel=\"prev\">Previous page</a>";
  if (k + 1 < files.size()) o += " · <a href=\"" + files[k + 1] + "\" rel=\"next\">Next page</a>";
  return o + "</nav>\n";
}

/// The pages of the split report and where each actor and source is.
struct PageLayout {
  std::vector<std::vector<const ReportSource*>> source_pages;
  std::vector<std::vector<Vertex>> actor_pages;
  std::map<Vertex, std::size_t> source_at, actor_at;  ///< Page, from 1.
};

PageLayout lay_out(const KnowledgeGraph& kg, const ReportInput& in, std::size_t per_page) {
  PageLayout l;
  std::vector<const ReportSource*> sources;
  for (const ReportSource& s : in.sources) sources.push_back(&s);
  l.source_pages = groups_of(sources, per_page);
  l.actor_pages = groups_of(actors_by_name(kg), kActorsPerPage);
  for (std::size_t k = 0; k < l.source_pages.size(); ++k)
    for (const ReportSource* s : l.source_pages[k]) l.source_at[s->vertex] = k + 1;
  for (std::size_t k = 0; k < l.actor_pages.size(); ++k)
    for (Vertex v : l.actor_pages[k]) l.actor_at[v] = k + 1;
  return l;
}

/// Where a source's section is (a relation with a source at an end links there too).
std::string links_of_source(const KnowledgeGraph& kg, const PageLayout& l, Vertex v) {
  const auto it = l.source_at.find(v);
  return (it == l.source_at.end() ? "report.html" : sources_page(it->second)) + "#" +
         source_anchor(kg.node(v));
}

ReportLinks links_of(const KnowledgeGraph& kg, const PageLayout& l) {
  return {[&kg, &l](Vertex v) {
            if (is_source(kg, v)) return links_of_source(kg, l, v);
            const auto it = l.actor_at.find(v);
            return (it == l.actor_at.end() ? "report.html" : actors_page(it->second)) + "#" +
                   actor_anchor(kg.node(v));
          },
          [&kg, &l](Vertex v) { return links_of_source(kg, l, v); }};
}

/// The timeline's pages with their links to sources, drawn for one page,
/// pointed at the page of each source.
std::vector<std::string> timeline_linked_to_pages(const KnowledgeGraph& kg, std::vector<std::string> pages,
                                                  const PageLayout& l) {
  std::map<std::string, std::size_t> page_of;  // by anchor; one pass over each page, however many sources
  for (const auto& [source, k] : l.source_at) page_of.emplace(source_anchor(kg.node(source)), k);
  for (std::string& page : pages) {
    std::string linked;
    std::size_t done = 0;
    for (std::size_t at = page.find("\"#"); at != std::string::npos; at = page.find("\"#", at)) {
      const std::size_t close = page.find('"', at + 2);
      if (close == std::string::npos) break;
      const auto it = page_of.find(page.substr(at + 2, close - at - 2));
      if (it == page_of.end()) {
        ++at;
        continue;
      }
      linked.append(page, done, at - done);
      linked += "\"" + sources_page(it->second) + "#" + it->first + "\"";
      done = at = close + 1;
    }
    page = linked.append(page, done);
  }
  return pages;
}

/// The index: the contents, with every page and every source, then the
/// overview, the changes and the key statistics.
std::string index_page(const KnowledgeGraph& kg, const ReportInput& in, const PageLayout& l,
                       const ReportLinks& links, std::size_t per_page) {
  std::string o = report_head("Relationship map report", in.theme) + "<h1>Relationship map report</h1>\n" +
                  report_summary(kg, in.sources.size());
  o += "<p>So that each page opens quickly, the report is in pages: this one, with the overview" +
       std::string(in.changes ? ", the changes" : "") + " and the key statistics, then the sources, " +
       std::to_string(per_page) + " to a page, and the index of actors, " + std::to_string(kActorsPerPage) +
       " to a page.</p>\n";
  o += "<nav class=\"contents\"><ol>\n<li><a href=\"#overview\">Overview</a></li>\n";
  if (in.changes) o += "<li><a href=\"#changes-since\">Changes since the previous edition</a></li>\n";
  for (std::size_t k = 0; k < l.source_pages.size(); ++k) {
    const auto& page = l.source_pages[k];
    o += "<li><a href=\"" + sources_page(k + 1) + "\">Sources, page " + std::to_string(k + 1) + "</a><ol>\n";
    for (const ReportSource* s : page)
      o += "<li><a href=\"" + h(links.source(s->vertex)) + "\">" + h(kg.node(s->vertex).name) + "</a></li>\n";
    o += "</ol></li>\n";
  }
  if (!in.timeline.empty()) o += "<li><a href=\"#timeline\">Timeline</a></li>\n";
  for (std::size_t k = 0; k < l.actor_pages.size(); ++k)
    o += "<li><a href=\"" + actors_page(k + 1) +
         "\">Index of actors: " + h(name_range(kg, l.actor_pages[k].front(), l.actor_pages[k].back())) +
         "</a></li>\n";
  o += "<li><a href=\"#statistics\">Key statistics</a></li>\n</ol></nav>\n";
  o += overview_sections(kg, in);
  if (!in.timeline.empty()) o += timeline_section(timeline_linked_to_pages(kg, in.timeline, l));
  o += statistics_section(kg, in.stats, links);
  return o + report_foot();
}

}  // namespace

std::vector<ReportPage> report_pages(const KnowledgeGraph& kg, const ReportInput& in, std::size_t per_page) {
  if (per_page == 0 || in.sources.size() <= per_page) return {{"report.html", report_html(kg, in)}};
  const PageLayout l = lay_out(kg, in, per_page);
  const ReportLinks links = links_of(kg, l);
  std::vector<ReportPage> pages{{"report.html", index_page(kg, in, l, links, per_page)}};
  std::vector<std::string> files;
  for (std::size_t k = 1; k <= l.source_pages.size(); ++k) files.push_back(sources_page(k));
  for (std::size_t k = 1; k <= l.actor_pages.size(); ++k) files.push_back(actors_page(k));
  for (std::size_t k = 0; k < l.source_pages.size(); ++k) {
    const auto& page = l.source_pages[k];
    const std::string title =
        "Sources, page " + std::to_string(k + 1) + " of " + std::to_string(l.source_pages.size());
    const std::string range = name_range(kg, page.front()->vertex, page.back()->vertex);
    std::string o = report_head(title + ": " + range, in.theme) + page_nav(files, k) + "<h1>" + h(title) +
                    "</h1>\n<p class=\"meta\">" + h(range) + "</p>\n";
    for (const ReportSource* s : page) o += source_section(kg, *s, links);
    pages.push_back({files[k], o + page_nav(files, k) + report_foot()});
  }
  for (std::size_t k = 0; k < l.actor_pages.size(); ++k) {
    const std::size_t at = l.source_pages.size() + k;
    const std::string title =
        "Index of actors, page " + std::to_string(k + 1) + " of " + std::to_string(l.actor_pages.size());
    const std::string range = name_range(kg, l.actor_pages[k].front(), l.actor_pages[k].back());
    pages.push_back({files[at], report_head(title + ": " + range, in.theme) + page_nav(files, at) +
                                    "<section id=\"actors\">\n<h1>" + h(title) + "</h1>\n<p class=\"meta\">" +
                                    h(range) + "</p>\n<dl class=\"actors\">\n" +
                                    actor_entries(kg, l.actor_pages[k], links) + "</dl>\n</section>\n" +
                                    page_nav(files, at) + report_foot()});
  }
  return pages;
}

}  // namespace relmap
