#include "maps/citations.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "base/text.h"
#include "maps/map_spec.h"

namespace relmap {

std::vector<KnowledgeGraph::Edge> relations_of_edge(const MapSpec& spec, std::size_t i) {
  if (i < spec.edge_bundles.size() && !spec.edge_bundles[i].empty()) return spec.edge_bundles[i];
  return {spec.edges[i]};
}

MapCitations cite_sources(const KnowledgeGraph& kg, const MapSpec& spec) {
  // By the source's vertex (fact order), then id: ids without an entity last.
  std::set<std::pair<std::size_t, std::string>> cited;
  auto cite = [&](KnowledgeGraph::Edge e) {
    const std::string& id = kg.edge(e).source;
    const auto v = kg.find_id(id);
    cited.emplace(v ? *v : std::numeric_limits<std::size_t>::max(), id);
  };
  for (std::size_t i = 0; i < spec.edges.size(); ++i)
    for (KnowledgeGraph::Edge e : relations_of_edge(spec, i)) cite(e);
  for (KnowledgeGraph::Edge e : spec.quoted) cite(e);
  MapCitations out;
  for (const auto& [vertex, id] : cited) {
    if (out.listed.size() == kMaxSourcesListed) {
      ++out.unlisted;
      continue;
    }
    out.listed.push_back(id);
    out.number.emplace(id, out.listed.size());
  }
  return out;
}

std::string source_mark(const KnowledgeGraph& kg, const MapCitations& citations,
                        const std::vector<KnowledgeGraph::Edge>& relations) {
  std::set<std::size_t> numbers;
  std::set<std::string> others;
  for (KnowledgeGraph::Edge e : relations) {
    const auto it = citations.number.find(kg.edge(e).source);
    if (it != citations.number.end())
      numbers.insert(it->second);
    else
      others.insert(kg.edge(e).source);
  }
  std::string shown;
  std::size_t count = 0, more = others.size();
  for (std::size_t n : numbers) {
    if (count == kMaxMarkNumbers) {
      ++more;
      continue;
    }
    shown += (count++ == 0 ? "" : ",") + std::to_string(n);
  }
  if (more > 0) shown += (shown.empty() ? "+" : " +") + std::to_string(more);
  return "[" + shown + "]";
}

std::string source_entry(const KnowledgeGraph& kg, const std::string& source_id) {
  const auto v = kg.find_id(source_id);
  if (!v) return source_id;
  const Properties& props = kg.node(*v).properties;
  std::string title = first_value(props, "title");
  if (title.empty()) title = kg.node(*v).name;
  std::vector<std::string> parts;
  if (const std::string publisher = first_value(props, "publisher"); !publisher.empty())
    parts.push_back(publisher);
  parts.push_back("\u201C" + title + "\u201D");
  if (const std::string date = first_value(props, "date"); !date.empty()) parts.push_back(date);
  if (const std::string url = first_value(props, "url"); is_http_url(url)) parts.push_back(url);
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

std::string quote_entry(const KnowledgeGraph& kg, KnowledgeGraph::Edge relation) {
  const EdgeProps& props = kg.edge(relation);
  return kg.node(kg.source(relation)).name + " \u2192 " + kg.node(kg.target(relation)).name + ", " +
         kg.relation_type(relation).label + (props.basis == Basis::kImplied ? " (implied)" : "") +
         ": \u201C" + props.evidence + "\u201D";
}

}  // namespace relmap
