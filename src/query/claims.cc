#include "query/claims.h"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace relmap {

namespace {

/// What makes relations one claim: ends (in a fixed order for a symmetric
/// type), type and every property that is not a citation's own.
std::string claim_key(const GraphView& view, const Schema& schema, std::uint32_t e) {
  const EdgeRecord& r = view.edge(e);
  std::uint32_t from = r.from, to = r.to;
  if (schema.relation_types().at(r.relation).symmetric && to < from) std::swap(from, to);
  std::string key = std::to_string(from) + ' ' + std::to_string(to) + ' ' + std::to_string(r.relation);
  std::vector<std::string> props;
  for (const PropRecord& p : view.edge_properties(e)) {
    const std::string_view name = view.text(p.name);
    if (is_citation_property(name)) continue;
    std::string entry(name);
    entry += '\x1f';
    entry += view.text(p.value);
    props.push_back(std::move(entry));
  }
  std::sort(props.begin(), props.end());
  for (const std::string& p : props) key += '\x1e' + p;
  return key;
}

/// The host of an http(s) URL, "" if it has none.
std::string url_host(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string();
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  std::string host(rest);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

std::string_view edge_value(const GraphView& view, std::uint32_t e, std::string_view name) {
  return view.value(view.edge_properties(e), name);
}

}  // namespace

std::string_view source_reliability(const GraphView& view, std::uint32_t source) {
  return view.value(view.node_properties(source), kReliabilityProperty);
}

int citation_reliability(const GraphView& view, std::uint32_t e) {
  const int rank = reliability_rank(source_reliability(view, view.edge(e).source));
  return rank == 0 ? kUngradedReliability : rank;
}

int citation_credibility(const GraphView& view, std::uint32_t e) {
  const int own = credibility_rank(edge_value(view, e, kCredibilityProperty));
  if (own != 0) return own;
  return view.basis(e) == Basis::kImplied ? 3 : 2;
}

std::string publisher_of(const GraphView& view, std::uint32_t source) {
  const auto props = view.node_properties(source);
  const std::string_view publisher = view.value(props, "publisher");
  if (!publisher.empty()) return "publisher " + std::string(publisher);
  const std::string host = url_host(view.value(props, "url"));
  if (!host.empty()) return "host " + host;
  return "source " + std::string(view.id(source));
}

std::vector<std::uint32_t> citations_of(const GraphView& view, const Schema& schema, std::uint32_t e) {
  const EdgeRecord& r = view.edge(e);
  const bool symmetric = schema.relation_types().at(r.relation).symmetric;
  std::string key;
  std::vector<std::uint32_t> out;
  auto consider = [&](std::uint32_t f) {
    if (f != e && view.edge(f).relation != r.relation) return;  // the key only for parallel relations
    if (f != e && key.empty()) key = claim_key(view, schema, e);
    if (f == e || claim_key(view, schema, f) == key) out.push_back(f);
  };
  // Every relation between the two ends is among the relations of each:
  // those of the end with fewer are looked through (a hub has tens of
  // thousands), by the actors at their other ends, kept beside them, so
  // that only the relations with the other end are read.
  const bool from_end = view.degree(r.from) <= view.degree(r.to);
  const std::uint32_t end = from_end ? r.from : r.to, other = from_end ? r.to : r.from;
  // From `end` towards `other` is r's own direction when `end` is its from.
  auto look = [&](std::span<const std::uint32_t> edges, std::span<const std::uint32_t> ends, bool forward) {
    if (!forward && !symmetric) return;
    for (std::size_t i = 0; i < ends.size(); ++i)
      if (ends[i] == other) consider(edges[i]);
  };
  look(view.out_edges(end), view.out_neighbors(end), from_end);
  look(view.in_edges(end), view.in_neighbors(end), !from_end);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::vector<std::uint32_t>& CitationCache::of(std::uint32_t e) {
  if (const auto known = claim_of_.find(e); known != claim_of_.end()) return claims_[known->second];
  const std::vector<std::uint32_t>& claim = claims_.emplace_back(citations_of(view_, schema_, e));
  for (std::uint32_t f : claim) claim_of_.emplace(f, claims_.size() - 1);
  return claim;
}

std::size_t independent_sources(const GraphView& view, std::span<const std::uint32_t> citations) {
  std::set<std::string> publishers;
  for (std::uint32_t e : citations) publishers.insert(publisher_of(view, view.edge(e).source));
  return publishers.size();
}

Support support_of_citations(const GraphView& view, std::span<const std::uint32_t> citations) {
  Support s;
  std::set<std::string> publishers;
  std::set<std::uint32_t> sources;
  for (std::uint32_t e : citations) {
    s.credibility = std::min(s.credibility, citation_credibility(view, e));
    s.reliability = std::min(s.reliability, citation_reliability(view, e));
    publishers.insert(publisher_of(view, view.edge(e).source));
    sources.insert(view.edge(e).source);
  }
  s.sources = sources.size();
  s.independent = publishers.size();
  s.disputed = is_disputed(view, citations);
  return s;
}

Support support_of(const GraphView& view, const Schema& schema, std::uint32_t e) {
  return support_of_citations(view, citations_of(view, schema, e));
}

namespace {

/// The ids of `citations`, each once.
std::vector<std::string_view> relation_ids(const GraphView& view, std::span<const std::uint32_t> citations) {
  std::vector<std::string_view> ids;
  for (std::uint32_t e : citations) {
    const std::string_view id = edge_value(view, e, kRelationIdProperty);
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

}  // namespace

std::vector<std::uint32_t> disputes_of(const GraphView& view, std::span<const std::uint32_t> citations) {
  // A relation disputes one id (its first "disputes" value), so the ids'
  // lists never share a relation.
  std::vector<std::uint32_t> out;
  for (std::string_view id : relation_ids(view, citations))
    for (std::uint32_t f : view.edges_valued(kDisputesProperty, id)) out.push_back(f);
  std::sort(out.begin(), out.end());  // edge order
  return out;
}

bool is_disputed(const GraphView& view, std::span<const std::uint32_t> citations) {
  for (std::string_view id : relation_ids(view, citations))
    if (!view.edges_valued(kDisputesProperty, id).empty()) return true;
  return false;
}

Claims::Claims(const GraphView& view, const Schema& schema, std::span<const std::uint32_t> edges)
    : view_(view) {
  std::unordered_map<std::string, std::uint32_t> by_key;
  for (std::uint32_t e : edges) {
    const auto [it, fresh] =
        by_key.emplace(claim_key(view, schema, e), static_cast<std::uint32_t>(citations_.size()));
    if (fresh) citations_.emplace_back();
    citations_[it->second].push_back(e);
    claim_.emplace(e, it->second);
  }
}

Claims::Claims(const GraphView& view, const Schema& schema)
    : Claims(view, schema, [&] {
        std::vector<std::uint32_t> all(view.edge_count());
        for (std::uint32_t e = 0; e < all.size(); ++e) all[e] = e;
        return all;
      }()) {}

std::vector<std::uint32_t> Claims::disputed_by(std::uint32_t claim) const {
  return disputes_of(view_, citations_[claim]);
}

Support Claims::support(std::uint32_t claim) const { return support_of_citations(view_, citations_[claim]); }

int support_rank(const Support& support) {
  const int independent = static_cast<int>(std::min<std::size_t>(support.independent, 9));
  return (support.disputed ? 1000 : 0) + support.credibility * 100 + support.reliability * 10 +
         (9 - independent);
}

SupportRanks::SupportRanks(const GraphView& view, const Schema& schema)
    : view_(view), schema_(schema), rank_(view.edge_count(), 0) {}

int SupportRanks::rank(std::uint32_t e) {
  if (rank_[e] == 0) rank_relations_of(view_.edge(e).from);
  return rank_[e];
}

void SupportRanks::rank_relations_of(std::uint32_t v) {
  // Every citation of a claim has the claim's ends: grouping v's relations
  // by their claim finds all the citations of each.
  std::unordered_map<std::string, std::vector<std::uint32_t>> claims;
  for (std::uint32_t f : view_.out_edges(v)) claims[claim_key(view_, schema_, f)].push_back(f);
  for (std::uint32_t f : view_.in_edges(v))
    if (view_.edge(f).from != v) claims[claim_key(view_, schema_, f)].push_back(f);
  for (const auto& [key, citations] : claims) {
    const int rank = support_rank(support_of_citations(view_, citations));
    for (std::uint32_t f : citations) rank_[f] = rank;
  }
}

std::string citation_grades(const GraphView& view, std::uint32_t e) {
  const std::string_view reliability = source_reliability(view, view.edge(e).source);
  const std::string credibility = std::to_string(citation_credibility(view, e));
  const bool own = !edge_value(view, e, kCredibilityProperty).empty();
  return "reliability " + (reliability.empty() ? std::string("ungraded") : std::string(reliability)) +
         ", credibility " + credibility + (own ? "" : " (by its basis)");
}

std::string sources_text(const Support& support) {
  const std::size_t n = support.sources, independent = support.independent;
  const std::string text = std::to_string(n) + (n == 1 ? " source" : " sources");
  if (n == independent) return n == 1 ? text : std::to_string(n) + " independent sources";
  return text + ", " + std::to_string(independent) + (independent == 1 ? " publisher" : " publishers");
}

}  // namespace relmap
