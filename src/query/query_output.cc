#include "query/query_output.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <span>

#include "base/text.h"
#include "query/claims.h"

namespace relmap {

namespace {

/// Of the relations of `e`'s claim, `e` and those the engine's filters allow.
std::vector<EdgeId> allowed_among(const Answers& g, EdgeId e, std::span<const EdgeId> claim) {
  std::vector<EdgeId> out;
  for (EdgeId c : claim)
    if (c == e || g.engine == nullptr || g.engine->edge_allowed(c)) out.push_back(c);
  return out;
}

/// Writes indented JSON (two spaces, as `json.dumps(indent=2)` would)
/// straight into a string: no document tree for a hundred thousand nodes.
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view k) {
    next_item();
    append_json_string(out_, k);
    *out_ += ": ";
    after_key_ = true;
  }
  void value(std::string_view s) {
    next_item();
    append_json_string(out_, s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    next_item();
    *out_ += b ? "true" : "false";
  }
  void value(std::size_t n) {
    next_item();
    *out_ += std::to_string(n);
  }
  void value(int n) {
    next_item();
    *out_ += std::to_string(n);
  }
  void value(double d) {
    next_item();
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, d).ptr;
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    *out_ += text;
    if (text.find_first_of(".eE") == std::string_view::npos) *out_ += ".0";
  }
  /// Finish the document with a new line.
  void done() { *out_ += '\n'; }

 private:
  void next_item() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (counts_.empty()) return;
    if (counts_.back()++ > 0) *out_ += ',';
    *out_ += '\n';
    out_->append(2 * counts_.size(), ' ');
  }
  void open(char c) {
    next_item();
    *out_ += c;
    counts_.push_back(0);
  }
  void close(char c) {
    const bool empty = counts_.back() == 0;
    counts_.pop_back();
    if (!empty) {
      *out_ += '\n';
      out_->append(2 * counts_.size(), ' ');
    }
    *out_ += c;
  }

  std::string* out_;
  std::vector<std::size_t> counts_;
  bool after_key_ = false;
};

/// Reads what the answers show from the snapshot.
class Writer {
 public:
  explicit Writer(const Answers& g) : g_(g) {}

  const RelationType& relation(EdgeId e) const {
    return g_.schema.relation_types()[g_.view.edge(e).relation];
  }
  const NodeType& type(NodeId v) const { return g_.schema.node_types()[g_.view.node(v).type]; }
  std::string_view id(NodeId v) const { return g_.view.id(v); }
  std::string_view name(NodeId v) const { return g_.view.name(v); }
  bool implied(EdgeId e) const { return g_.view.basis(e) == Basis::kImplied; }

  /// "Name —[label (role)]→ Other" in the relation's stored direction.
  void relation_line(std::string* out, EdgeId e) const {
    const EdgeRecord& r = g_.view.edge(e);
    const RelationType& rel = relation(e);
    const std::string_view role = g_.view.value(g_.view.edge_properties(e), "role");
    *out += visible_text(name(r.from));
    *out += " \u2014[";
    *out += visible_text(rel.label);
    if (!role.empty()) *out += " (" + visible_text(role) + ")";
    if (implied(e)) *out += ", implied";
    *out += rel.symmetric ? "]\u2014 " : "]\u2192 ";
    *out += visible_text(name(r.to));
  }

  /// The source's id, title or name, publisher, date and reliability grade, for citing.
  void citation(std::string* out, NodeId source) const {
    *out += visible_text(id(source));
    *out += ": ";
    *out += visible_text(name(source));
    for (const char* key : {"publisher", "date"}) {
      const std::string_view value = g_.view.value(g_.view.node_properties(source), key);
      if (!value.empty()) *out += ", " + visible_text(value);
    }
    const std::string_view grade = source_reliability(g_.view, source);
    if (!grade.empty()) *out += " (reliability " + visible_text(grade) + ")";
  }

  /// The relations that say the same claim as `e` and that the filters
  /// allow. Each claim's relations are looked up once per answer: a
  /// listing asks about every relation of a claim, some twice.
  std::vector<EdgeId> citations(EdgeId e) const { return allowed_among(g_, e, claims_.of(e)); }

  /// True if `e` is the first citation of its claim the filters allow:
  /// lists of relations show each claim once, there.
  bool claim_head(EdgeId e) const { return citations(e).front() == e; }

  /// One citation's source and evidence, its credibility where it has its own.
  void citation_text(std::string* out, EdgeId e, std::string_view indent) const {
    *out += indent;
    *out += "    source: ";
    citation(out, g_.view.edge(e).source);
    *out += '\n';
    *out += indent;
    *out += "    evidence: \u201C";
    *out += visible_text(g_.view.text(g_.view.edge(e).evidence));
    *out += "\u201D";
    const std::string_view credibility = g_.view.value(g_.view.edge_properties(e), kCredibilityProperty);
    if (!credibility.empty()) *out += " (credibility " + visible_text(credibility) + ")";
    *out += '\n';
  }

  /// A claim and, indented under it, the source and evidence of each of its
  /// citations, how many sources say it and what disputes it. `first`
  /// starts the relation's line, `indent` the lines under it.
  void hop_text(std::string* out, EdgeId e, std::string_view first, std::string_view indent) const {
    const std::vector<EdgeId> cited = citations(e);
    const std::vector<std::uint32_t> disputes = disputes_of(g_.view, cited);
    *out += first;
    relation_line(out, e);
    if (!disputes.empty()) *out += " [disputed]";
    *out += '\n';
    for (EdgeId c : cited) citation_text(out, c, indent);
    if (cited.size() > 1) {
      *out += indent;
      *out += "    support: " + sources_text(support_of_citations(g_.view, cited)) + "\n";
    }
    for (EdgeId d : disputes) {
      *out += indent;
      *out += "    disputed by: ";
      relation_line(out, d);
      *out += " (" + visible_text(id(g_.view.edge(d).source)) + ": \u201C" +
              visible_text(g_.view.text(g_.view.edge(d).evidence)) + "\u201D)\n";
    }
  }

  void relation_fields(JsonWriter* j, EdgeId e, NodeId from, NodeId to) const {
    const RelationType& rel = relation(e);
    j->key("from");
    j->value(id(from));
    j->key("to");
    j->value(id(to));
    j->key("relation");
    j->value(rel.name);
    j->key("label");
    j->value(rel.label);
  }

  void provenance_fields(JsonWriter* j, EdgeId e) const {
    j->key("basis");
    j->value(basis_name(g_.view.basis(e)));
    j->key("cites");
    j->value(id(g_.view.edge(e).source));
    j->key("evidence");
    j->value(g_.view.text(g_.view.edge(e).evidence));
    const std::vector<EdgeId> cited = citations(e);
    j->key("citations");
    j->begin_array();
    for (EdgeId c : cited) citation_json(j, c);
    j->end_array();
    const Support support = support_of_citations(g_.view, cited);
    j->key("sources");
    j->value(support.sources);
    j->key("independent_sources");
    j->value(support.independent);
    j->key("disputed_by");
    j->begin_array();
    for (EdgeId d : disputes_of(g_.view, cited)) {
      j->begin_object();
      j->key("cites");
      j->value(id(g_.view.edge(d).source));
      j->key("evidence");
      j->value(g_.view.text(g_.view.edge(d).evidence));
      j->end_object();
    }
    j->end_array();
  }

  void citation_json(JsonWriter* j, EdgeId e) const {
    j->begin_object();
    j->key("cites");
    j->value(id(g_.view.edge(e).source));
    j->key("evidence");
    j->value(g_.view.text(g_.view.edge(e).evidence));
    j->key("basis");
    j->value(basis_name(g_.view.basis(e)));
    j->key("credibility");
    j->value(citation_credibility(g_.view, e));
    j->key("reliability");
    j->value(source_reliability(g_.view, g_.view.edge(e).source));
    j->end_object();
  }

  void hop_json(JsonWriter* j, const Hop& hop) const {
    const EdgeRecord& r = g_.view.edge(hop.edge);
    j->begin_object();
    relation_fields(j, hop.edge, hop.forward ? r.from : r.to, hop.forward ? r.to : r.from);
    j->key("direction");
    j->value(hop.forward ? "forward" : "backward");
    provenance_fields(j, hop.edge);
    j->end_object();
  }

  void relation_json(JsonWriter* j, EdgeId e) const {
    j->begin_object();
    relation_fields(j, e, g_.view.edge(e).from, g_.view.edge(e).to);
    provenance_fields(j, e);
    j->end_object();
  }

  void node_fields(JsonWriter* j, NodeId v) const {
    j->key("id");
    j->value(id(v));
    j->key("type");
    j->value(type(v).name);
    j->key("label");
    j->value(name(v));
  }

  const Answers& g_;
  mutable CitationCache claims_{g_.view, g_.schema};
};

std::string format_cost(double c) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", c);
  return buffer;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<EdgeId> allowed_citations(const Answers& g, EdgeId e) {
  return allowed_among(g, e, citations_of(g.view, g.schema, e));
}

void append_json_string(std::string* out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  *out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t len = utf8_sequence_length(text, i);
      if (len == 0) {
        *out += "\uFFFD";
        ++i;
      } else {
        out->append(text.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\r':
        *out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          *out += "\\u00";
          *out += kHex[c >> 4];
          *out += kHex[c & 0xF];
        } else {
          *out += static_cast<char>(c);
        }
    }
    ++i;
  }
  *out += '"';
}

namespace {

/// The hop of `p` whose claim is the least supported (the first of equals).
EdgeId weakest_hop(const Answers& g, const Path& p) {
  EdgeId weakest = p.hops.front().edge;
  int worst = 0;
  for (const Hop& h : p.hops) {
    const int rank = support_rank(support_of(g.view, g.schema, h.edge));
    if (rank > worst) {
      worst = rank;
      weakest = h.edge;
    }
  }
  return weakest;
}

/// What ranked a path beyond its length: its weakest hop's support, or its
/// degree product's weight.
std::string rank_note(const Answers& g, const Path& p, Rank rank) {
  if (p.hops.empty() || rank == Rank::kLength) return std::string();
  if (rank == Rank::kInformative) return "; degree product weight " + format_cost(std::exp(-p.cost));
  const EdgeId e = weakest_hop(g, p);
  const Support support = support_of(g.view, g.schema, e);
  const std::string reliability = reliability_grade(support.reliability);
  return "; weakest hop: credibility " + std::to_string(support.credibility) + ", reliability " +
         (reliability.empty() ? std::string("ungraded") : reliability) + ", " + sources_text(support) +
         (support.disputed ? ", disputed" : "");
}

}  // namespace

std::string paths_to_text(const Answers& g, NodeId from, NodeId to, const std::vector<Path>& paths,
                          const PathOptions& options) {
  Writer w(g);
  std::string out;
  if (options.rank != Rank::kLength && !paths.empty())
    out += rank_explanation(options.rank, options.weighted) + "\n\n";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Path& p = paths[i];
    out += "Path " + std::to_string(i + 1) + " of " + std::to_string(paths.size()) + ": " +
           visible_text(w.name(from)) + " \u2192 " + visible_text(w.name(to)) + " (" +
           plural(p.hops.size(), "hop", "hops") + ", cost " + format_cost(p.cost) +
           rank_note(g, p, options.rank) + ")\n";
    for (std::size_t h = 0; h < p.hops.size(); ++h)
      w.hop_text(&out, p.hops[h].edge, "  " + std::to_string(h + 1) + ". ", "     ");
    if (i + 1 < paths.size()) out += "\n";
  }
  return out;
}

std::string paths_to_json(const Answers& g, NodeId from, NodeId to, const std::vector<Path>& paths,
                          const PathOptions& options) {
  Writer w(g);
  std::string out;
  JsonWriter j(&out);
  j.begin_object();
  j.key("from");
  j.value(w.id(from));
  j.key("to");
  j.value(w.id(to));
  j.key("rank");
  j.value(rank_name(options.rank));
  j.key("ranked_by");
  j.value(rank_explanation(options.rank, options.weighted));
  j.key("paths");
  j.begin_array();
  for (const Path& p : paths) {
    j.begin_object();
    j.key("length");
    j.value(p.hops.size());
    j.key("cost");
    j.value(p.cost);
    if (options.rank == Rank::kSupported && !p.hops.empty()) {
      const Support support = support_of(g.view, g.schema, weakest_hop(g, p));
      j.key("weakest_hop");
      j.begin_object();
      j.key("credibility");
      j.value(static_cast<std::size_t>(support.credibility));
      j.key("reliability");
      j.value(reliability_grade(support.reliability));
      j.key("independent_sources");
      j.value(support.independent);
      j.key("disputed");
      j.value(support.disputed);
      j.end_object();
    }
    if (options.rank == Rank::kInformative) {
      j.key("degree_product_weight");
      j.value(std::exp(-p.cost));
    }
    j.key("hops");
    j.begin_array();
    for (const Hop& h : p.hops) w.hop_json(&j, h);
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  j.done();
  return out;
}

std::string neighbors_to_text(const Answers& g, const QueryEngine::Neighborhood& n, int depth) {
  Writer w(g);
  std::string out;
  out.reserve(64 * n.nodes.size() + 256 * n.edges.size());
  out += visible_text(w.name(n.nodes.front().first)) + ": " + std::to_string(n.nodes.size() - 1) +
         " actors within " + plural(static_cast<std::size_t>(depth), "hop", "hops") + "\n";
  for (std::size_t i = 1; i < n.nodes.size(); ++i) {
    const auto [v, d] = n.nodes[i];
    out += "  " + std::to_string(d) + "  " + visible_text(w.name(v)) + " [" + visible_text(w.id(v)) + ", " +
           visible_text(w.type(v).label) + "]\n";
  }
  std::vector<EdgeId> claims;
  for (EdgeId e : n.edges)
    if (w.claim_head(e)) claims.push_back(e);
  out += "\nRelations (" + std::to_string(claims.size()) + "):\n";
  for (EdgeId e : claims) w.hop_text(&out, e, "  ", "  ");
  return out;
}

std::string neighbors_to_json(const Answers& g, const QueryEngine::Neighborhood& n, int depth) {
  Writer w(g);
  std::string out;
  out.reserve(96 * n.nodes.size() + 320 * n.edges.size());
  JsonWriter j(&out);
  j.begin_object();
  j.key("center");
  j.value(w.id(n.nodes.front().first));
  j.key("depth");
  j.value(depth);
  j.key("nodes");
  j.begin_array();
  for (const auto& [v, d] : n.nodes) {
    j.begin_object();
    w.node_fields(&j, v);
    j.key("distance");
    j.value(d);
    j.end_object();
  }
  j.end_array();
  j.key("relations");
  j.begin_array();
  for (EdgeId e : n.edges)
    if (w.claim_head(e)) w.relation_json(&j, e);
  j.end_array();
  j.end_object();
  j.done();
  return out;
}

std::string common_to_text(const Answers& g, NodeId a, NodeId b,
                           const std::vector<QueryEngine::Common>& common) {
  Writer w(g);
  std::string out = std::to_string(common.size()) + " actors linked to both " + visible_text(w.name(a)) +
                    " and " + visible_text(w.name(b)) + "\n";
  for (const auto& c : common) {
    out += "\n" + visible_text(w.name(c.vertex)) + " [" + visible_text(w.id(c.vertex)) + ", " +
           visible_text(w.type(c.vertex).label) + "]\n";
    for (const std::vector<Hop>* via : {&c.via_a, &c.via_b})
      for (const Hop& h : *via)
        if (w.claim_head(h.edge)) w.hop_text(&out, h.edge, "  ", "  ");
  }
  return out;
}

std::string common_to_json(const Answers& g, NodeId a, NodeId b,
                           const std::vector<QueryEngine::Common>& common) {
  Writer w(g);
  std::string out;
  JsonWriter j(&out);
  j.begin_object();
  j.key("a");
  j.value(w.id(a));
  j.key("b");
  j.value(w.id(b));
  j.key("common");
  j.begin_array();
  for (const auto& c : common) {
    j.begin_object();
    w.node_fields(&j, c.vertex);
    j.key("via_a");
    j.begin_array();
    for (const Hop& h : c.via_a)
      if (w.claim_head(h.edge)) w.hop_json(&j, h);
    j.end_array();
    j.key("via_b");
    j.begin_array();
    for (const Hop& h : c.via_b)
      if (w.claim_head(h.edge)) w.hop_json(&j, h);
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  j.done();
  return out;
}

std::string stats_to_text(const Answers& g, const GraphStats& s) {
  Writer w(g);
  std::string out = std::to_string(s.nodes) + " actors, " + std::to_string(s.relations) + " relations, " +
                    std::to_string(s.components.size()) + " connected components";
  if (!s.components.empty()) out += " (largest: " + std::to_string(s.components.front()) + ")";
  out += "\n\nActors by type:\n";
  char line[64];
  for (const auto& [name, count] : s.node_types) {
    std::snprintf(line, sizeof line, "  %6zu  ", count);
    out += line + visible_text(g.schema.node_type(name)->label) + "\n";
  }
  out += "\nRelations by type:\n";
  for (const auto& [name, count] : s.relation_types) {
    std::snprintf(line, sizeof line, "  %6zu  ", count);
    out += line + visible_text(g.schema.relation_type(name)->label) + "\n";
  }
  out += "\nMost linked actors (degree):\n";
  for (const auto& [v, degree] : s.top_degree) {
    std::snprintf(line, sizeof line, "  %6zu  ", degree);
    out += line + visible_text(w.name(v)) + " [" + visible_text(w.id(v)) + "]\n";
  }
  out += "\nBrokers between others (betweenness centrality, ";
  if (s.betweenness_sampled) {
    char error[32];
    std::snprintf(error, sizeof error, "%.1f%%", 100 * s.betweenness_error);
    out += "estimated from the shortest paths out of " + std::to_string(s.betweenness_sources) + " of the " +
           std::to_string(s.nodes) +
           " actors, drawn at random with a fixed seed; each score below is within \u00B1" + error +
           " at one standard error";
  } else {
    out += "exact";
  }
  out += "):\n";
  for (const auto& [v, score] : s.top_betweenness) {
    std::snprintf(line, sizeof line, "  %6.4f  ", score);
    out += line + visible_text(w.name(v)) + " [" + visible_text(w.id(v)) + "]\n";
  }
  return out;
}

std::string stats_to_json(const Answers& g, const GraphStats& s) {
  Writer w(g);
  std::string out;
  JsonWriter j(&out);
  j.begin_object();
  j.key("nodes");
  j.value(s.nodes);
  j.key("relations");
  j.value(s.relations);
  j.key("node_types");
  j.begin_object();
  for (const auto& [name, count] : s.node_types) {
    j.key(name);
    j.value(count);
  }
  j.end_object();
  j.key("relation_types");
  j.begin_object();
  for (const auto& [name, count] : s.relation_types) {
    j.key(name);
    j.value(count);
  }
  j.end_object();
  j.key("components");
  j.begin_object();
  j.key("count");
  j.value(s.components.size());
  j.key("sizes");
  j.begin_array();
  for (std::size_t size : s.components) j.value(size);
  j.end_array();
  j.end_object();
  auto ranked = [&](const char* key, const auto& ranking, const char* measure) {
    j.key(key);
    j.begin_array();
    for (const auto& [v, score] : ranking) {
      j.begin_object();
      j.key("id");
      j.value(w.id(v));
      j.key("label");
      j.value(w.name(v));
      j.key(measure);
      j.value(score);
      j.end_object();
    }
    j.end_array();
  };
  ranked("top_degree", s.top_degree, "degree");
  ranked("top_betweenness", s.top_betweenness, "betweenness");
  j.key("betweenness_sampled");
  j.value(s.betweenness_sampled);
  j.key("betweenness_sources");
  j.value(s.betweenness_sources);
  j.key("betweenness_error");
  j.value(s.betweenness_error);
  j.end_object();
  j.done();
  return out;
}

}  // namespace relmap
