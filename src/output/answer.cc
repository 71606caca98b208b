#include "output/answer.h"

#include <algorithm>
#include <map>

#include "base/text.h"
#include "output/report.h"
#include "query/claims.h"

namespace relmap {

namespace {

/// One citation of a footnote's claim, as plain text fields.
struct Cited {
  std::string quote, title, publisher, date, url, basis, grades;
};

/// A hop as a sentence in its relation's stored direction.
struct Sentence {
  std::string subject, verb, object;
  bool implied = false, disputed = false;
  std::size_t note = 0;  ///< 1-based footnote number.
};

struct Paragraph {
  std::string heading;
  std::vector<Sentence> sentences;
};

/// What both formats write: paragraphs and the notes they cite.
struct Draft {
  std::string ranked_by;  ///< "" when ranked by length.
  std::vector<Paragraph> paragraphs;
  std::vector<std::vector<Cited>> notes;
};

/// The verb of a relation label as a sentence wants it: "member of" and
/// "located in" take an "is" ("Laos is member of ASEAN"), verbs do not
/// ("Japan hosted the forum", "Laos supports the plan", "ASEAN called on").
std::string verb_of(const std::string& label) {
  const std::string first = label.substr(0, label.find(' '));
  const std::string second = first.size() < label.size() ? label.substr(first.size() + 1) : std::string();
  const std::string next = second.substr(0, second.find(' '));
  const bool participle = first.size() > 2 && first.ends_with("ed");
  const bool verb = participle || first.ends_with('s');
  if (!verb || (participle && (next == "in" || next == "by"))) return "is " + label;
  return label;
}

std::string value_of(const GraphView& view, NodeId v, std::string_view key) {
  return std::string(view.value(view.node_properties(v), key));
}

Cited cited(const Answers& g, EdgeId e) {
  const GraphView& view = g.view;
  const NodeId source = view.edge(e).source;
  Cited c;
  c.quote = std::string(view.text(view.edge(e).evidence));
  c.title = value_of(view, source, "title");
  if (c.title.empty()) c.title = std::string(view.name(source));
  c.publisher = value_of(view, source, "publisher");
  c.date = value_of(view, source, "date");
  const std::string url = value_of(view, source, "url");
  if (is_http_url(url) && url.find_first_of("<>\"") == std::string::npos) c.url = url;
  c.basis = basis_name(view.basis(e));
  const std::string reliability(source_reliability(view, source));
  c.grades = "reliability " + (reliability.empty() ? std::string("ungraded") : reliability) +
             ", credibility " + std::to_string(citation_credibility(view, e));
  return c;
}

Draft draft_of(const Answers& g, const PastedAnswer& answer) {
  const GraphView& view = g.view;
  const std::vector<Path>& paths = *answer.paths;
  Draft d;
  if (answer.options.rank != Rank::kLength)
    d.ranked_by = rank_explanation(answer.options.rank, answer.options.weighted);
  std::map<EdgeId, std::size_t> note_of;  // by the claim's first citation
  for (std::size_t i = 0; i < paths.size(); ++i) {
    Paragraph p;
    const std::string between =
        std::string(view.name(answer.from)) + " and " + std::string(view.name(answer.to));
    p.heading = paths.size() == 1 ? "How " + between + " are linked."
                                  : "Path " + std::to_string(i + 1) + " of " + std::to_string(paths.size()) +
                                        " between " + between + ".";
    for (const Hop& hop : paths[i].hops) {
      const EdgeRecord& r = view.edge(hop.edge);
      const std::vector<EdgeId> citations = allowed_citations(g, hop.edge);
      Sentence s{std::string(view.name(r.from)), verb_of(g.schema.relation_types()[r.relation].label),
                 std::string(view.name(r.to)),   view.basis(hop.edge) == Basis::kImplied,
                 is_disputed(view, citations),   0};
      const EdgeId head = *std::min_element(citations.begin(), citations.end());
      auto [it, fresh] = note_of.emplace(head, d.notes.size() + 1);
      if (fresh) {
        d.notes.emplace_back();
        for (EdgeId c : citations) d.notes.back().push_back(cited(g, c));
      }
      s.note = it->second;
      p.sentences.push_back(std::move(s));
    }
    d.paragraphs.push_back(std::move(p));
  }
  return d;
}

/// "(implied, disputed)" and the like after a sentence; "" for neither.
std::string qualifiers(const Sentence& s) {
  if (!s.implied && !s.disputed) return std::string();
  return std::string(" (") + (s.implied ? "implied" : "") + (s.implied && s.disputed ? ", " : "") +
         (s.disputed ? "disputed" : "") + ")";
}

/// Title, publisher and date joined by commas, those the source has.
template <class Escape>
std::string source_line(const Cited& c, Escape escape) {
  std::string out = escape(c.title);
  for (const std::string* part : {&c.publisher, &c.date})
    if (!part->empty()) out += ", " + escape(*part);
  return out;
}

}  // namespace

std::string answer_to_markdown(const Answers& g, const PastedAnswer& answer) {
  const Draft d = draft_of(g, answer);
  std::string out;
  if (!d.ranked_by.empty()) out += "*" + markdown_escape(d.ranked_by) + "*\n\n";
  for (const Paragraph& p : d.paragraphs) {
    out += "**" + markdown_escape(p.heading) + "**";
    for (std::size_t i = 0; i < p.sentences.size(); ++i) {
      const Sentence& s = p.sentences[i];
      out += " " + markdown_escape(s.subject + " " + s.verb + " " + s.object + qualifiers(s)) + "[^" +
             std::to_string(s.note) + "]" + (i + 1 < p.sentences.size() ? ";" : ".");
    }
    out += "\n\n";
  }
  if (!answer.figure.empty())
    out += "![The path from " + markdown_escape(std::string(g.view.name(answer.from))) + " to " +
           markdown_escape(std::string(g.view.name(answer.to))) + "](" + answer.figure + ")\n\n";
  for (std::size_t n = 0; n < d.notes.size(); ++n) {
    out += "[^" + std::to_string(n + 1) + "]:";
    for (const Cited& c : d.notes[n]) {
      out += " \u201C" + markdown_escape(c.quote) + "\u201D \u2014 " + source_line(c, markdown_escape);
      if (!c.url.empty()) out += ", <" + c.url + ">";
      out += " (" + c.basis + "; " + markdown_escape(c.grades) + ").";
    }
    out += "\n";
  }
  return out;
}

std::string answer_to_html(const Answers& g, const PastedAnswer& answer) {
  const Draft d = draft_of(g, answer);
  auto escape = [](const std::string& text) { return xml_escape(sanitize_text(text)); };
  std::string out;
  if (!d.ranked_by.empty()) out += "<p><em>" + escape(d.ranked_by) + "</em></p>\n";
  std::vector<char> referenced(d.notes.size() + 1, 0);
  for (const Paragraph& p : d.paragraphs) {
    out += "<p><strong>" + escape(p.heading) + "</strong>";
    for (std::size_t i = 0; i < p.sentences.size(); ++i) {
      const Sentence& s = p.sentences[i];
      const std::string n = std::to_string(s.note);
      out += " " + escape(s.subject + " " + s.verb + " " + s.object + qualifiers(s)) + "<sup" +
             (referenced[s.note] ? std::string() : " id=\"ref-" + n + "\"") + "><a href=\"#note-" + n +
             "\">" + n + "</a></sup>" + (i + 1 < p.sentences.size() ? ";" : ".");
      referenced[s.note] = 1;
    }
    out += "</p>\n";
  }
  if (!answer.figure.empty())
    out += "<figure><img src=\"" + escape(answer.figure) + "\" alt=\"The path from " +
           escape(std::string(g.view.name(answer.from))) + " to " +
           escape(std::string(g.view.name(answer.to))) + "\"></figure>\n";
  out += "<ol class=\"notes\">\n";
  for (std::size_t n = 0; n < d.notes.size(); ++n) {
    const std::string id = std::to_string(n + 1);
    out += "<li id=\"note-" + id + "\">";
    for (const Cited& c : d.notes[n]) {
      const std::string title = c.url.empty()
                                    ? source_line(c, escape)
                                    : "<a href=\"" + escape(c.url) + "\">" + source_line(c, escape) + "</a>";
      out += "\u201C" + escape(c.quote) + "\u201D \u2014 " + title + " (" + c.basis + "; " +
             escape(c.grades) + "). ";
    }
    out += "<a href=\"#ref-" + id + "\" aria-label=\"back to the text\">\u21A9</a></li>\n";
  }
  out += "</ol>\n";
  return out;
}

}  // namespace relmap
