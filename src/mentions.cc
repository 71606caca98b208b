#include "mentions.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utf8proc.h>

#include "text.h"

namespace relmap {

namespace {

constexpr std::size_t kLongestName = 12;  ///< Words in the longest name looked for.
constexpr std::size_t kPassagesShown = 20;  ///< Sentences the facts-file skeleton quotes.

std::string joined(const std::vector<std::string>& words, std::size_t first, std::size_t count) {
  std::string key;
  for (std::size_t i = first; i < first + count; ++i) key += (i > first ? " " : "") + words[i];
  return key;
}

/// Words that start sentences and headings without naming anything.
bool common_word(const std::string& folded) {
  static const std::unordered_set<std::string> kWords = {
      "a", "an", "the", "this", "that", "these", "those", "it", "its", "in", "on", "at", "of", "for", "to", "by",
      "with", "from", "and", "or", "but", "as", "he", "she", "they", "we", "his", "her", "their", "our", "there",
      "according", "also", "after", "before", "during", "while", "when", "where", "which", "who", "what",
      "meanwhile", "however", "moreover", "besides", "yesterday", "today", "tomorrow", "last", "next", "mr",
      "mrs", "ms", "dr", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
      "dec", "i", "you", "all", "some", "both", "each", "such", "other", "many", "more"};
  return kWords.count(folded) > 0;
}

/// Joining words allowed inside a capitalised name ("Ministry of Justice").
bool joining_word(std::string_view word) {
  return word == "of" || word == "and" || word == "for" || word == "the" || word == "on" || word == "de";
}

bool ends_with_ly(std::string_view word) { return word.size() > 4 && word.substr(word.size() - 2) == "ly"; }

/// Quotes, brackets, dashes and other punctuation, in any script.
bool is_punctuation(char32_t cp) {
  const utf8proc_category_t c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

/// The byte length of the punctuation that ends (or starts) `word` — any
/// ASCII character but letters, digits and '&', or a Unicode one ("Laos,”")
/// — or 0.
std::size_t punctuation_at(std::string_view word, bool at_end) {
  if (word.empty()) return 0;
  std::size_t i = at_end ? word.size() - 1 : 0;
  const auto u = static_cast<unsigned char>(word[i]);
  if (u < 0x80) return !std::isalnum(u) && u != '&' ? 1 : 0;
  if (at_end)
    while (i > 0 && (static_cast<unsigned char>(word[i]) & 0xC0) == 0x80) --i;
  char32_t cp = 0;
  const std::size_t len = decode_utf8(word, i, &cp);
  return len > 0 && (!at_end || i + len == word.size()) && is_punctuation(cp) ? len : 0;
}

/// Words after which a full stop does not end the sentence.
bool abbreviation(std::string_view word) {
  static const std::unordered_set<std::string_view> kWords = {
      "mr", "mrs", "ms", "dr", "st", "gen", "sec", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec", "no", "vs", "prof", "rep", "sen", "gov", "lt", "col", "capt", "jr", "sr"};
  if (word.size() == 1) return std::isupper(static_cast<unsigned char>(word[0])) != 0;  // "Mario G. Montejo"
  return kWords.count(ascii_lower(word)) > 0;
}

/// The sentences of a line, trimmed: one ends after '.', '!' or '?' (and
/// closing quotes or brackets) followed by white space and a capital
/// letter, a quote or a bracket, unless it ends an abbreviation ("Sept.").
std::vector<std::string_view> sentences_of(std::string_view line) {
  std::vector<std::string_view> out;
  auto push = [&](std::size_t begin, std::size_t end) {
    while (begin < end && std::isspace(static_cast<unsigned char>(line[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
    if (begin < end) out.push_back(line.substr(begin, end - begin));
  };
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c != '.' && c != '!' && c != '?') continue;
    std::size_t end = i + 1;
    while (end < line.size()) {  // closing quotes and brackets stay with the sentence
      const std::size_t len = punctuation_at(line.substr(end), false);
      if (len == 0 || std::isspace(static_cast<unsigned char>(line[end]))) break;
      end += len;
    }
    std::size_t next = end;
    while (next < line.size() && std::isspace(static_cast<unsigned char>(line[next]))) ++next;
    if (next == end || next == line.size()) continue;
    char32_t cp = 0;
    if (decode_utf8(line, next, &cp) == 0) continue;
    const bool opens = utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU ||
                       (is_punctuation(cp) && cp != '.' && cp != ',');
    std::size_t word = i;
    while (word > start && std::isalpha(static_cast<unsigned char>(line[word - 1]))) --word;
    if (!opens || (c == '.' && word < i && abbreviation(line.substr(word, i - word)))) continue;
    push(start, end);
    start = next;
    i = next - 1;
  }
  push(start, line.size());
  return out;
}

struct Token {
  std::string text;  ///< As written, surrounding punctuation removed.
  bool capitalised = false;
  bool ends_phrase = false;  ///< Followed by punctuation that ends a name.
  bool starts_phrase = false;  ///< After punctuation that starts one: "(MPS)".
  bool opens_sentence = false;  ///< First of its line or after '.', '!', '?' or ':'.
};

std::vector<Token> tokens_of(std::string_view line) {
  std::vector<Token> tokens;
  bool sentence_ended = false;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    const std::size_t begin = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (begin == i) break;
    std::string_view word = line.substr(begin, i - begin);
    const bool opens = tokens.empty() || sentence_ended;
    sentence_ended = false;
    bool ends = false;
    while (const std::size_t n = punctuation_at(word, true)) {
      ends = true;
      const char c = word.back();
      sentence_ended = sentence_ended || c == '.' || c == '!' || c == '?' || c == ':';
      word.remove_suffix(n);
    }
    // An initial or an abbreviation goes on: "Mario G. Montejo", "Sept. 13".
    if (sentence_ended && word.size() + 1 == line.substr(begin, i - begin).size() &&
        line[i - 1] == '.' && abbreviation(word)) {
      ends = sentence_ended = false;
    }
    bool starts = false;
    while (const std::size_t n = punctuation_at(word, false)) {
      starts = true;
      word.remove_prefix(n);
    }
    if (word.empty()) {
      if (!tokens.empty()) tokens.back().ends_phrase = true;
      sentence_ended = sentence_ended || tokens.empty() || opens;  // a bullet: "? Encouraging"
      continue;
    }
    // A possessive ends the name it follows: "Japan's".
    for (std::string_view s : {std::string_view("'s"), std::string_view("\u2019s")})
      if (word.size() > s.size() && word.substr(word.size() - s.size()) == s) {
        word.remove_suffix(s.size());
        ends = true;
      }
    utf8proc_int32_t first = 0;
    utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(word.data()), static_cast<utf8proc_ssize_t>(word.size()),
                     &first);
    tokens.push_back(
        {std::string(word), first > 0 && utf8proc_category(first) == UTF8PROC_CATEGORY_LU, ends, starts, opens});
  }
  return tokens;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

Mentions find_mentions(const GraphView& view, const Schema& schema, std::string_view text) {
  // Every name and alias of every actor, as folded words.
  const int source_type = schema.node_type_index(kSourceType);
  const int person_type = schema.node_type_index("person");
  std::unordered_map<std::string, std::vector<std::uint32_t>> names;
  std::unordered_set<std::string> people;  // names of persons: never part of a longer name
  for (std::uint32_t v = 0; v < view.node_count(); ++v) {
    const int type = static_cast<int>(view.node(v).type);
    if (source_type >= 0 && schema.is_a(type, source_type)) continue;
    auto add = [&](std::string_view name) {
      const std::vector<std::string> words = name_words(fold_for_match(name));
      if (words.empty() || words.size() > kLongestName) return;
      std::string key = joined(words, 0, words.size());
      if (person_type >= 0 && schema.is_a(type, person_type)) people.insert(key);
      auto& at = names[std::move(key)];
      if (std::find(at.begin(), at.end(), v) == at.end()) at.push_back(v);
    };
    add(view.name(v));
    for (Str alias : view.aliases(v)) add(view.text(alias));
  }
  std::map<std::uint32_t, KnownMention> known;
  std::vector<CandidateName> candidates;
  std::unordered_map<std::string, std::size_t> candidate_at;  // folded text -> index
  std::vector<Passage> passages;
  std::vector<char> only_initial;  // by candidate: met only as a sentence's first word
  const std::vector<std::string_view> lines = lines_of(text);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    for (std::string_view sentence : sentences_of(lines[n])) {
      const std::vector<std::string> words = name_words(fold_for_match(sentence));
      std::vector<std::uint32_t> named;
      for (std::size_t i = 0; i < words.size(); ++i)
        for (std::size_t count = 1; count <= kLongestName && i + count <= words.size(); ++count) {
          auto it = names.find(joined(words, i, count));
          if (it == names.end()) continue;
          for (std::uint32_t v : it->second) {
            KnownMention& k = known[v];
            k.vertex = v;
            if (k.lines.empty() || k.lines.back() != line) k.lines.push_back(line);
            if (std::find(named.begin(), named.end(), v) == named.end()) named.push_back(v);
          }
        }
      if (named.size() >= 2) passages.push_back({line, std::string(sentence), std::move(named)});
    }
    // Runs of capitalised words, with joining words inside, and acronyms.
    const std::vector<Token> tokens = tokens_of(lines[n]);
    for (std::size_t i = 0; i < tokens.size();) {
      if (!tokens[i].capitalised) {
        ++i;
        continue;
      }
      std::size_t end = i + 1;  // one past the last capitalised word taken
      std::size_t j = i;
      while (!tokens[j].ends_phrase && j + 1 < tokens.size() && !tokens[j + 1].starts_phrase) {
        if (tokens[j + 1].capitalised) {
          end = ++j + 1;
        } else if (joining_word(tokens[j + 1].text) && !tokens[j + 1].ends_phrase && j + 2 < tokens.size() &&
                   tokens[j + 2].capitalised && !tokens[j + 2].starts_phrase) {
          j += 2;
          end = j + 1;
        } else {
          break;
        }
      }
      // Not a word that only opens the sentence: "The Deputy Minister",
      // "Recently the MPS".
      std::size_t from = i;
      while (from < end && (common_word(fold_for_match(tokens[from].text)) || ends_with_ly(tokens[from].text) ||
                            joining_word(tokens[from].text)))
        ++from;
      i = end;
      // "Singapore and Vietnam", "CSA and Japan": known names joined to
      // others are taken apart; "Ministry of Communications and
      // Information" stays whole.
      std::vector<std::pair<std::size_t, std::size_t>> parts = {{from, end}};
      std::vector<std::pair<std::size_t, std::size_t>> split;
      for (std::size_t k = from, start = from; k <= end; ++k)
        if (k == end || tokens[k].text == "and") {
          if (start < k) split.emplace_back(start, k);
          start = k + 1;
        }
      auto key_of = [&](std::pair<std::size_t, std::size_t> part) {
        std::string phrase;
        for (std::size_t k = part.first; k < part.second; ++k) phrase += (k > part.first ? " " : "") + tokens[k].text;
        const std::vector<std::string> name = name_words(fold_for_match(phrase));
        return std::pair{phrase, joined(name, 0, name.size())};
      };
      if (split.size() > 1 &&
          std::any_of(split.begin(), split.end(), [&](const auto& part) { return names.count(key_of(part).second); }))
        parts = split;
      auto add_candidate = [&](std::size_t first, std::size_t last) {
        while (first < last && joining_word(tokens[first].text)) ++first;
        while (last > first && joining_word(tokens[last - 1].text)) --last;
        const auto [phrase, key] = key_of({first, last});
        if (key.empty() || names.count(key)) return;  // a known actor, listed above
        // A single word that opens a sentence ("Promoting", "Under") may be
        // capitalised only for that; an acronym is a name wherever it stands.
        const std::string& word = tokens[first].text;
        const bool initial = last == first + 1 && tokens[first].opens_sentence &&
                             std::any_of(word.begin(), word.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
        auto [at, inserted] = candidate_at.emplace(key, candidates.size());
        if (inserted) {
          candidates.push_back({phrase, 0, line});
          only_initial.push_back(initial);
        }
        ++candidates[at->second].count;
        only_initial[at->second] = only_initial[at->second] && initial;
      };
      // A known person's name ends the name before it: "ICT for Peace
      // Foundation Daniel Stauffacher", "Minister of Posts and
      // Telecommunications Thansamay Kommasith".
      for (const auto& [first, last] : parts) {
        std::size_t start = first;
        for (std::size_t k = first; k < last;) {
          std::size_t person = 0;
          for (std::size_t count = std::min(kLongestName, last - k); count > 0 && person == 0; --count)
            if (people.count(key_of({k, k + count}).second)) person = count;
          if (person == 0) {
            ++k;
            continue;
          }
          add_candidate(start, k);
          start = k += person;
        }
        add_candidate(start, last);
      }
    }
  }
  Mentions m;
  for (auto& [v, k] : known) m.known.push_back(std::move(k));
  std::stable_sort(m.known.begin(), m.known.end(),
                   [](const KnownMention& a, const KnownMention& b) { return a.lines.front() < b.lines.front(); });
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

/// A YAML scalar in double quotes.
std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string skeleton(const GraphView& view, const Mentions& m, const std::string& article) {
  std::string stem = article;
  if (const auto dot = stem.rfind('.'); dot != std::string::npos) stem.erase(dot);
  const std::string number = stem.substr(0, std::min<std::size_t>(3, stem.size()));
  const std::string source = "src-" + number;
  std::string o = "# data/articles/" + number + "-short-topic.yaml (see data/README.md)\n";
  o += "source: " + source + "\n";
  o += "entities:\n";
  o += "  - id: " + source + "\n    type: source\n    name: TITLE OF THE ARTICLE\n";
  o += "    publisher: PUBLISHER\n    date: YYYY-MM-DD  # the article's own date, as precise as it says\n";
  o += "    file: " + yaml_quoted(article) + "\n";
  for (const CandidateName& c : m.candidates)
    o += "  # - {id: ID, type: TYPE, name: " + yaml_quoted(c.text) + "}  # line " + std::to_string(c.first_line) +
         "\n";
  o += "relations:\n";
  o += "  # Each relation quotes the article's words verbatim. Add basis: implied when\n";
  o += "  # the article implies the relation without stating it (the quote still cites it).\n";
  o += "  # Each sentence below names two known actors or more; cut its quote down to the\n";
  o += "  # words that state the relation, and add the actors the names above become.\n";
  for (std::size_t i = 0; i < m.passages.size() && i < kPassagesShown; ++i) {
    const Passage& p = m.passages[i];
    o += "  # line " + std::to_string(p.line) + " names";
    for (std::size_t k = 0; k < p.vertices.size(); ++k) o += (k ? ", " : " ") + std::string(view.id(p.vertices[k]));
    o += "\n  # - {from: " + std::string(view.id(p.vertices[0])) + ", type: RELATION, to: " +
         std::string(view.id(p.vertices[1])) + ", evidence: " + yaml_quoted(p.text) + "}\n";
  }
  if (m.passages.size() > kPassagesShown)
    o += "  # ... and " + std::to_string(m.passages.size() - kPassagesShown) +
         " more such sentences (relmap mentions -f json lists them all)\n";
  return o;
}

}  // namespace

std::string mentions_to_text(const GraphView& view, const Schema& schema, const Mentions& m,
                             const std::string& article) {
  std::string o = "Known actors named in " + visible_text(article) + " (" + std::to_string(m.known.size()) + "):\n";
  for (const KnownMention& k : m.known)
    o += "  " + visible_text(view.id(k.vertex)) + "  " + visible_text(view.name(k.vertex)) + " (" +
         type_label(view, schema, k.vertex) + ")  line" + (k.lines.size() > 1 ? "s " : " ") + lines_text(k.lines) +
         "\n";
  o += "\nNames no actor has (" + std::to_string(m.candidates.size()) + "):\n";
  for (const CandidateName& c : m.candidates)
    o += "  " + std::to_string(c.count) + "x  " + visible_text(c.text) + "  (line " + std::to_string(c.first_line) +
         ")\n";
  o += "\nA facts file to fill:\n\n" + visible_text(skeleton(view, m, article), true);
  return o;
}

std::string mentions_to_json(const GraphView& view, const Schema& schema, const Mentions& m,
                             const std::string& article) {
  nlohmann::ordered_json j;
  j["article"] = article;
  j["known"] = nlohmann::ordered_json::array();
  for (const KnownMention& k : m.known)
    j["known"].push_back({{"id", std::string(view.id(k.vertex))},
                          {"name", std::string(view.name(k.vertex))},
                          {"type", schema.node_types()[view.node(k.vertex).type].name},
                          {"lines", k.lines}});
  j["candidates"] = nlohmann::ordered_json::array();
  for (const CandidateName& c : m.candidates)
    j["candidates"].push_back({{"text", c.text}, {"count", c.count}, {"first_line", c.first_line}});
  j["passages"] = nlohmann::ordered_json::array();
  for (const Passage& p : m.passages) {
    std::vector<std::string> ids;
    for (std::uint32_t v : p.vertices) ids.emplace_back(view.id(v));
    j["passages"].push_back({{"line", p.line}, {"text", p.text}, {"actors", ids}});
  }
  j["skeleton"] = skeleton(view, m, article);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace relmap
