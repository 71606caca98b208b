#include "query/mentions.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/text.h"
#include "query/article_names.h"

namespace relmap {

namespace {

constexpr std::size_t kPassagesShown = 20;  ///< Sentences the facts-file skeleton quotes.

/// Text from the article or the data as a terminal shows it.
std::string shown(std::string_view text) { return visible_text(invisible_escaped(text)); }

}  // namespace

Mentions find_mentions(const GraphView& view, const Schema& schema, std::string_view text) {
  const NameIndex index(view, schema);
  std::map<std::uint32_t, KnownMention> known;
  std::vector<CandidateName> candidates;
  std::unordered_map<std::string, std::size_t> candidate_at;  // folded text -> index
  std::vector<Passage> passages;
  std::vector<char> only_initial;  // by candidate: met only as a sentence's first word
  const std::vector<std::string_view> lines = lines_of(text);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    LineNames names = index.read_line(lines[n]);
    for (NewName& name : names.new_names) {
      auto [at, inserted] = candidate_at.emplace(std::move(name.key), candidates.size());
      if (inserted) {
        candidates.push_back({std::move(name.text), 0, line});
        only_initial.push_back(name.opens_sentence);
      }
      ++candidates[at->second].count;
      only_initial[at->second] = only_initial[at->second] && name.opens_sentence;
    }
    for (SentenceNames& sentence : names.sentences) {
      for (std::uint32_t v : sentence.actors) {
        KnownMention& k = known[v];
        k.vertex = v;
        if (k.lines.empty() || k.lines.back() != line) k.lines.push_back(line);
      }
      if (sentence.actors.size() >= 2)
        passages.push_back({line, std::string(lines[n].substr(sentence.begin, sentence.end - sentence.begin)),
                            std::move(sentence.actors)});
    }
  }
  Mentions m;
  for (auto& [v, k] : known) m.known.push_back(std::move(k));
  std::stable_sort(m.known.begin(), m.known.end(), [](const KnownMention& a, const KnownMention& b) {
    return a.lines.front() < b.lines.front();
  });
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (!only_initial[i]) m.candidates.push_back(std::move(candidates[i]));
  m.passages = std::move(passages);
  std::stable_sort(m.candidates.begin(), m.candidates.end(),
                   [](const CandidateName& a, const CandidateName& b) { return a.count > b.count; });
  return m;
}

namespace {

std::string lines_text(const std::vector<int>& lines) {
  std::string out;
  for (int l : lines) out += (out.empty() ? "" : ", ") + std::to_string(l);
  return out;
}

std::string type_label(const GraphView& view, const Schema& schema, std::uint32_t v) {
  return schema.node_types()[view.node(v).type].label;
}

/// A YAML scalar in double quotes that shows what it holds: control,
/// zero-width and bidi characters and line separators as escapes, an
/// invalid byte as U+FFFD.
std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  char escape[16];
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    if (len == 0) {
      out += "\\uFFFD";
      ++i;
      continue;
    }
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (is_forbidden_code_point(cp) || is_invisible_format(cp) || cp == '\t' || cp == '\n' ||
               cp == 0x2028 || cp == 0x2029) {
      std::snprintf(escape, sizeof escape,
                    cp < 0x100     ? "\\x%02X"
                    : cp < 0x10000 ? "\\u%04X"
                                   : "\\U%08X",
                    static_cast<unsigned>(cp));
      out += escape;
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out + "\"";
}

std::string skeleton(const GraphView& view, const Mentions& m, const std::string& path) {
  const std::string article = std::filesystem::path(path).filename().string();
  std::string stem = article;
  if (const auto dot = stem.rfind('.'); dot != std::string::npos) stem.erase(dot);
  const std::string number = stem.substr(0, std::min<std::size_t>(3, stem.size()));
  const std::string source = "src-" + number;
  std::string o = "# " + shown(path) + "\n";
  o += "# Save as data/articles/" + number + "-short-topic.yaml and fill in (see data/README.md).\n";
  o += "source: " + source + "\n";
  o += "entities:\n";
  o += "  - id: " + source + "\n    type: source\n    name: TITLE OF THE ARTICLE\n";
  o += "    publisher: PUBLISHER\n    date: YYYY-MM-DD  # the article's own date, as precise as it says\n";
  o += "    file: " + yaml_quoted(article) + "\n";
  for (const CandidateName& c : m.candidates)
    o += "  # - {id: ID, type: TYPE, name: " + yaml_quoted(c.text) + "}  # line " +
         std::to_string(c.first_line) + "\n";
  o += "relations:\n";
  o += "  # What the article is about (its event, agreement or programme), reported by it:\n";
  o += "  # - {from: ID, type: reported_by, to: " + source + ", evidence: \"WORDS THAT NAME IT\"}\n";
  o += "  # Each relation quotes the article's words verbatim. Add basis: implied when\n";
  o += "  # the article implies the relation without stating it (the quote still cites it).\n";
  o += "  # Each sentence below names two known actors or more; cut its quote down to the\n";
  o += "  # words that state the relation, and add the actors the names above become.\n";
  for (std::size_t i = 0; i < m.passages.size() && i < kPassagesShown; ++i) {
    const Passage& p = m.passages[i];
    o += "  # line " + std::to_string(p.line) + " names";
    for (std::size_t k = 0; k < p.vertices.size(); ++k)
      o += (k ? ", " : " ") + std::string(view.id(p.vertices[k]));
    o += "\n  # - {from: " + std::string(view.id(p.vertices[0])) +
         ", type: RELATION, to: " + std::string(view.id(p.vertices[1])) +
         ", evidence: " + yaml_quoted(p.text) + "}\n";
  }
  if (m.passages.size() > kPassagesShown)
    o += "  # ... and " + std::to_string(m.passages.size() - kPassagesShown) +
         " more such sentences (relmap mentions -f json lists them all)\n";
  return o;
}

}  // namespace

std::string mentions_to_text(const GraphView& view, const Schema& schema, const Mentions& m,
                             const std::string& article) {
  const std::string name = std::filesystem::path(article).filename().string();
  std::string o = "Known actors named in " + shown(name) + " (" + std::to_string(m.known.size()) + "):\n";
  for (const KnownMention& k : m.known)
    o += "  " + shown(view.id(k.vertex)) + "  " + shown(view.name(k.vertex)) + " (" +
         type_label(view, schema, k.vertex) + ")  line" + (k.lines.size() > 1 ? "s " : " ") +
         lines_text(k.lines) + "\n";
  o += "\nNames no actor has (" + std::to_string(m.candidates.size()) + "):\n";
  for (const CandidateName& c : m.candidates)
    o += "  " + std::to_string(c.count) + "x  " + shown(c.text) + "  (line " + std::to_string(c.first_line) +
         ")\n";
  o += "\nA facts file to fill:\n\n" + visible_text(skeleton(view, m, article), true);
  return o;
}

std::string mentions_to_json(const GraphView& view, const Schema& schema, const Mentions& m,
                             const std::string& article) {
  nlohmann::ordered_json j;
  j["article"] = std::filesystem::path(article).filename().string();
  j["known"] = nlohmann::ordered_json::array();
  for (const KnownMention& k : m.known)
    j["known"].push_back({{"id", std::string(view.id(k.vertex))},
                          {"name", std::string(view.name(k.vertex))},
                          {"type", schema.node_types()[view.node(k.vertex).type].name},
                          {"lines", k.lines}});
  j["candidates"] = nlohmann::ordered_json::array();
  for (const CandidateName& c : m.candidates)
    j["candidates"].push_back(
        {{"text", sanitize_text(c.text)}, {"count", c.count}, {"first_line", c.first_line}});
  j["passages"] = nlohmann::ordered_json::array();
  for (const Passage& p : m.passages) {
    std::vector<std::string> ids;
    for (std::uint32_t v : p.vertices) ids.emplace_back(view.id(v));
    j["passages"].push_back({{"line", p.line}, {"text", sanitize_text(p.text)}, {"actors", ids}});
  }
  j["skeleton"] = skeleton(view, m, article);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace relmap
