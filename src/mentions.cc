#include "mentions.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
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
constexpr std::string_view kDemonyms = "demonyms";  ///< A node property: words naming a country.

/// Zero-width and bidi formatting characters: they change how text looks,
/// not what it says, so names are matched across them and they are shown
/// as escapes.
bool invisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xFEFF || cp == 0x2060 || cp == 0x00AD;
}

/// `text` with its invisible characters removed.
std::string without_invisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    if (len == 0 || !invisible(cp)) out.append(text.substr(i, len == 0 ? 1 : len));
    i += len == 0 ? 1 : len;
  }
  return out;
}

/// `text` with each invisible character written as `format` fills it in
/// ("\\u{%X}" for a terminal, "\\u%04X" inside a YAML double-quoted string).
std::string invisible_escaped(std::string_view text, const char* format) {
  std::string out;
  out.reserve(text.size());
  char escape[16];
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    if (len > 0 && invisible(cp)) {
      std::snprintf(escape, sizeof escape, format, static_cast<unsigned>(cp));
      out += escape;
    } else {
      out.append(text.substr(i, len == 0 ? 1 : len));
    }
    i += len == 0 ? 1 : len;
  }
  return out;
}

/// Text from the article or the data as a terminal shows it.
std::string shown(std::string_view text) { return visible_text(invisible_escaped(text, "\\u{%X}")); }

/// The folded words of one token: ASCII is only lower-cased and split at
/// punctuation; the rest goes through Unicode folding.
std::vector<std::string> folded_words(std::string_view token) {
  const bool ascii = std::all_of(token.begin(), token.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return name_words(fold_for_match(without_invisible(token)));
  std::vector<std::string> words(1);
  for (const char c : token) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      words.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
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

/// Titles written before a person's name ("President Ferdinand Marcos Jr",
/// "Deputy Minister Ngoc"): not part of the name.
bool title_word(const std::string& folded) {
  static const std::unordered_set<std::string> kWords = {
      "president", "vice", "prime", "minister", "deputy", "secretary", "general", "ambassador", "director",
      "chairman", "chairwoman", "chair", "chief", "governor", "senator", "king", "queen", "prince", "princess",
      "premier", "undersecretary", "commissioner", "spokesman", "spokeswoman", "spokesperson", "lieutenant",
      "colonel", "captain", "major", "professor", "prof", "sir", "excellency", "sec", "gen", "col", "lt"};
  return kWords.count(folded) > 0;
}

/// Words that make a name an organisation's ("Japan International
/// Cooperation Agency"): a country named inside it is not a mention.
bool organisation_word(const std::string& folded) {
  static const std::unordered_set<std::string> kWords = {
      "agency", "ministry", "department", "office", "team", "centre", "center", "council", "committee",
      "commission", "foundation", "institute", "institution", "university", "academy", "college", "school",
      "association", "organisation", "organization", "bank", "police", "embassy", "authority", "bureau",
      "corporation", "company", "group", "network", "forum", "service", "services", "force", "forces",
      "government", "cert", "csirt", "project", "programme", "program", "partnership", "initiative", "alliance",
      "union", "federation", "society", "secretariat", "unit", "division", "directorate", "administration",
      "court", "parliament", "assembly", "board", "fund", "trust", "consulate", "mission", "command", "agencies",
      "ministries", "teams", "centres", "centers"};
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

/// The sentences of a line as [begin, end) byte offsets, trimmed: one ends
/// after '.', '!' or '?' (and closing quotes or brackets) followed by white
/// space and a capital letter, a quote or a bracket, unless it ends an
/// abbreviation ("Sept."). Linear: a run of punctuation is looked at once.
std::vector<std::pair<std::size_t, std::size_t>> sentences_of(std::string_view line) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  auto push = [&](std::size_t begin, std::size_t end) {
    while (begin < end && std::isspace(static_cast<unsigned char>(line[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
    if (begin < end) out.emplace_back(begin, end);
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
    const std::size_t stop = i;
    i = end - 1;  // the rest of this run of punctuation ends where it does
    std::size_t next = end;
    while (next < line.size() && std::isspace(static_cast<unsigned char>(line[next]))) ++next;
    if (next == end || next == line.size()) continue;
    char32_t cp = 0;
    if (decode_utf8(line, next, &cp) == 0) continue;
    const bool opens = utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU ||
                       (is_punctuation(cp) && cp != '.' && cp != ',');
    std::size_t word = stop;
    while (word > start && std::isalpha(static_cast<unsigned char>(line[word - 1]))) --word;
    if (!opens || (c == '.' && word < stop && abbreviation(line.substr(word, stop - word)))) continue;
    push(start, end);
    start = next;
    i = next - 1;
  }
  push(start, line.size());
  return out;
}

struct Token {
  std::string text;  ///< As written, surrounding punctuation removed.
  std::size_t begin = 0;  ///< Byte offset in its line.
  std::vector<std::string> words;  ///< Folded, invisible characters left out.
  bool capitalised = false;
  bool ends_phrase = false;  ///< Followed by punctuation that ends a name.
  bool starts_phrase = false;  ///< After punctuation that starts one: "(MPS)".
  bool opens_sentence = false;  ///< First of its line or after '.', '!', '?' or ':'.
};

/// True if the first visible character of `word` is an upper-case letter.
bool starts_upper(std::string_view word) {
  for (std::size_t i = 0; i < word.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(word, i, &cp);
    if (len == 0) return false;
    if (!invisible(cp)) return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU;
    i += len;
  }
  return false;
}

std::vector<Token> tokens_of(std::string_view line) {
  std::vector<Token> tokens;
  tokens.reserve(line.size() / 6 + 1);  // about one word in six bytes of English
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
    std::size_t offset = begin;
    while (const std::size_t n = punctuation_at(word, false)) {
      starts = true;
      word.remove_prefix(n);
      offset += n;
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
    tokens.push_back({std::string(word), offset, folded_words(word), starts_upper(word), ends, starts, opens});
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

/// Every name, alias and demonym of every actor as folded words joined by
/// spaces, read as the article's text is.
struct NameIndex {
  std::unordered_map<std::string, std::vector<std::uint32_t>> names;
  std::unordered_set<std::string> prefixes;  ///< Every shorter run of words that starts a name.
  std::unordered_set<std::string> people;    ///< Names of persons: never part of a longer name.

  void add(std::string_view name, std::uint32_t v, bool person) {
    std::vector<std::string> words;
    for (Token& t : tokens_of(name))
      for (std::string& w : t.words) words.push_back(std::move(w));
    if (words.empty() || words.size() > kLongestName) return;
    std::string key = words[0];
    for (std::size_t i = 1; i < words.size(); ++i) {
      prefixes.insert(key);
      key += " " + words[i];
    }
    if (person) people.insert(key);
    auto& at = names[std::move(key)];
    if (std::find(at.begin(), at.end(), v) == at.end()) at.push_back(v);
  }

  /// The longest name that `count_words(k)` words from `first` make, as a
  /// count of items (0 if none): `word(k)` gives the k-th word or nullptr.
  template <typename Word>
  std::pair<std::size_t, const std::vector<std::uint32_t>*> longest(Word word) const {
    std::pair<std::size_t, const std::vector<std::uint32_t>*> best{0, nullptr};
    std::string key;
    for (std::size_t count = 1; count <= kLongestName; ++count) {
      const std::string* w = word(count - 1);
      if (w == nullptr) break;
      key += (count > 1 ? " " : "") + *w;
      if (auto it = names.find(key); it != names.end()) best = {count, &it->second};
      if (!prefixes.count(key)) break;
    }
    return best;
  }
};

NameIndex name_index(const GraphView& view, const Schema& schema) {
  const int source_type = schema.node_type_index(kSourceType);
  const int person_type = schema.node_type_index("person");
  NameIndex index;
  for (std::uint32_t v = 0; v < view.node_count(); ++v) {
    const int type = static_cast<int>(view.node(v).type);
    if (source_type >= 0 && schema.is_a(type, source_type)) continue;
    const bool person = person_type >= 0 && schema.is_a(type, person_type);
    index.add(view.name(v), v, person);
    for (Str alias : view.aliases(v)) index.add(view.text(alias), v, person);
    for (const PropRecord& p : view.node_properties(v))
      if (view.text(p.name) == kDemonyms) index.add(view.text(p.value), v, false);
  }
  return index;
}

/// A token range [first, last) of a line.
using Span = std::pair<std::size_t, std::size_t>;

/// What the capitalised names of one line give: candidate names, and the
/// organisations' names in which a known name is not a mention.
class LineNames {
 public:
  LineNames(const NameIndex& index, const std::vector<Token>& tokens) : index_(index), tokens_(tokens) {}

  /// Calls `candidate(first, last)` for each name no actor has.
  template <typename Candidate>
  void scan(Candidate&& candidate) {
    for (std::size_t i = 0; i < tokens_.size();) {
      if (!tokens_[i].capitalised) {
        ++i;
        continue;
      }
      const std::size_t end = run_end(i);
      std::size_t from = i;
      while (from < end && (common_word(key(from)) || ends_with_ly(tokens_[from].text) ||
                            joining_word(tokens_[from].text)))
        ++from;
      i = end;
      for (const Span& part : and_parts({from, end})) split_at_people(part, candidate);
    }
  }

  /// The organisations' names found: a known name inside one, not the whole
  /// of it, is part of that name.
  const std::vector<Span>& organisations() const { return organisations_; }

 private:
  const std::string& key(std::size_t k) const {
    static const std::string kEmpty;
    return tokens_[k].words.size() == 1 ? tokens_[k].words[0] : kEmpty;
  }

  /// One past the last token of the capitalised run that starts at `i`,
  /// with joining words inside ("Ministry of Justice").
  std::size_t run_end(std::size_t i) const {
    std::size_t end = i + 1, j = i;
    while (!tokens_[j].ends_phrase && j + 1 < tokens_.size() && !tokens_[j + 1].starts_phrase) {
      if (tokens_[j + 1].capitalised) {
        end = ++j + 1;
      } else if (joining_word(tokens_[j + 1].text) && !tokens_[j + 1].ends_phrase && j + 2 < tokens_.size() &&
                 tokens_[j + 2].capitalised && !tokens_[j + 2].starts_phrase) {
        j += 2;
        end = j + 1;
      } else {
        break;
      }
    }
    return end;
  }

  /// The longest known name starting at token `k` within `limit`, in tokens.
  std::pair<std::size_t, const std::vector<std::uint32_t>*> known_at(std::size_t k, std::size_t limit) const {
    // Token words in a row: a token of several words ("e-ID") counts whole.
    std::pair<std::size_t, const std::vector<std::uint32_t>*> best{0, nullptr};
    std::string joined;
    std::size_t n = 0;
    for (std::size_t t = k; t < limit && n < kLongestName; ++t)
      for (std::size_t w = 0; w < tokens_[t].words.size(); ++w, ++n) {
        joined += (n > 0 ? " " : "") + tokens_[t].words[w];
        if (w + 1 == tokens_[t].words.size())
          if (auto it = index_.names.find(joined); it != index_.names.end()) best = {t + 1 - k, &it->second};
        if (!index_.prefixes.count(joined)) return best;
      }
    return best;
  }

  bool is_person(const std::vector<std::uint32_t>* vertices, std::size_t k, std::size_t count) const {
    std::string joined;
    for (std::size_t t = k; t < k + count; ++t)
      for (const std::string& w : tokens_[t].words) joined += (joined.empty() ? "" : " ") + w;
    return vertices != nullptr && index_.people.count(joined) > 0;
  }

  /// "Singapore and Vietnam", "CSA and Japan": known names joined to
  /// others are taken apart; "Ministry of Communications and Information"
  /// stays whole.
  std::vector<Span> and_parts(Span run) const {
    std::vector<Span> split;
    for (std::size_t k = run.first, start = run.first; k <= run.second; ++k)
      if (k == run.second || tokens_[k].text == "and") {
        if (start < k) split.push_back({start, k});
        start = k + 1;
      }
    const bool known = std::any_of(split.begin(), split.end(), [&](const Span& part) {
      return known_at(part.first, part.second).first == part.second - part.first;
    });
    if (split.size() > 1 && known) return split;
    return {run};
  }

  /// A known person's name ends the name before it: "ICT for Peace
  /// Foundation Daniel Stauffacher".
  template <typename Candidate>
  void split_at_people(Span part, Candidate& candidate) {
    std::size_t start = part.first;
    for (std::size_t k = part.first; k < part.second;) {
      const auto [count, vertices] = known_at(k, part.second);
      if (count == 0 || !is_person(vertices, k, count)) {
        ++k;
        continue;
      }
      name_or_parts({start, k}, candidate);
      start = k += count;
    }
    name_or_parts({start, part.second}, candidate);
  }

  /// An organisation's name is one name; any other run of capitalised
  /// words is split at the known names in it ("Philippines Takema
  /// Sakamoto"), after the titles before a name ("President").
  template <typename Candidate>
  void name_or_parts(Span part, Candidate& candidate) {
    while (part.first < part.second && joining_word(tokens_[part.first].text)) ++part.first;
    // Not the day or month after it: "Ferdinand Marcos Jr on Monday".
    while (part.second > part.first &&
           (joining_word(tokens_[part.second - 1].text) || common_word(key(part.second - 1))))
      --part.second;
    if (part.first == part.second) return;
    bool organisation = false;
    for (std::size_t k = part.first; k < part.second; ++k)
      for (const std::string& w : tokens_[k].words) organisation = organisation || organisation_word(w);
    if (organisation) {
      organisations_.push_back(part);
      if (known_at(part.first, part.second).first != part.second - part.first) candidate(part.first, part.second);
      return;
    }
    auto piece = [&](std::size_t first, std::size_t last) {  // "Govts of" before "Singapore"
      while (last > first && joining_word(tokens_[last - 1].text)) --last;
      if (first < last) candidate(first, last);
    };
    std::size_t start = part.first;
    for (std::size_t k = part.first; k < part.second;) {
      const std::size_t count = known_at(k, part.second).first;
      if (count > 0) {
        piece(start, k);
        start = k += count;
      } else if (k == start && title_word(key(k)) &&
                 (k + 1 == part.second || !joining_word(tokens_[k + 1].text))) {
        start = ++k;  // a title before a name: "President", "Deputy Minister"
      } else {
        ++k;
      }
    }
    piece(start, part.second);
  }

  const NameIndex& index_;
  const std::vector<Token>& tokens_;
  std::vector<Span> organisations_;
};

/// A known name found in a sentence: its tokens and actors.
struct Match {
  std::size_t first_word = 0, end_word = 0;  ///< Into the sentence's words.
  Span tokens;
  const std::vector<std::uint32_t>* vertices = nullptr;
};

/// The known names in tokens [first, last) of a line, each once: none
/// inside a longer one, none inside an organisation's name.
std::vector<Match> known_in(const NameIndex& index, const std::vector<Token>& tokens, Span range,
                            const std::vector<Span>& organisations) {
  std::vector<const std::string*> words;
  std::vector<std::size_t> token_of;
  words.reserve(range.second - range.first);
  token_of.reserve(range.second - range.first);
  for (std::size_t t = range.first; t < range.second; ++t)
    for (const std::string& w : tokens[t].words) {
      words.push_back(&w);
      token_of.push_back(t);
    }
  std::vector<Match> found;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto [count, vertices] = index.longest([&](std::size_t n) {
      return i + n < words.size() ? words[i + n] : nullptr;
    });
    if (count > 0) found.push_back({i, i + count, {token_of[i], token_of[i + count - 1] + 1}, vertices});
  }
  // Matches start in order and each is the longest at its start: one is
  // inside another when an earlier one reaches as far.
  std::vector<Match> kept;
  std::size_t reach = 0;
  for (const Match& m : found) {
    if (m.end_word <= reach) continue;
    reach = m.end_word;
    // The organisations' names are in order and apart: the one that may
    // hold this match is the first to end after its start.
    const auto o = std::upper_bound(organisations.begin(), organisations.end(), m.tokens.first,
                                    [](std::size_t token, const Span& span) { return token < span.second; });
    const bool inside = o != organisations.end() && o->first <= m.tokens.first && m.tokens.second <= o->second &&
                        m.tokens.second - m.tokens.first < o->second - o->first;
    if (!inside) kept.push_back(m);
  }
  return kept;
}

}  // namespace

Mentions find_mentions(const GraphView& view, const Schema& schema, std::string_view text) {
  const NameIndex index = name_index(view, schema);
  std::map<std::uint32_t, KnownMention> known;
  std::vector<CandidateName> candidates;
  std::unordered_map<std::string, std::size_t> candidate_at;  // folded text -> index
  std::vector<Passage> passages;
  std::vector<char> only_initial;  // by candidate: met only as a sentence's first word
  const std::vector<std::string_view> lines = lines_of(text);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    const std::vector<Token> tokens = tokens_of(lines[n]);
    LineNames names(index, tokens);
    names.scan([&](std::size_t first, std::size_t last) {
      std::string phrase, key;
      for (std::size_t k = first; k < last; ++k) {
        phrase += (k > first ? " " : "") + tokens[k].text;
        for (const std::string& w : tokens[k].words) key += (key.empty() ? "" : " ") + w;
      }
      if (key.empty() || index.names.count(key)) return;  // a known actor, listed above
      // A single word that opens a sentence ("Promoting", "Under") may be
      // capitalised only for that; an acronym is a name wherever it stands.
      const std::string& word = tokens[first].text;
      const bool initial = last == first + 1 && tokens[first].opens_sentence &&
                           std::any_of(word.begin(), word.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
      auto [at, inserted] = candidate_at.emplace(std::move(key), candidates.size());
      if (inserted) {
        candidates.push_back({phrase, 0, line});
        only_initial.push_back(initial);
      }
      ++candidates[at->second].count;
      only_initial[at->second] = only_initial[at->second] && initial;
    });
    // Each sentence: the tokens that start in it.
    std::size_t t = 0;
    for (const auto& [begin, end] : sentences_of(lines[n])) {
      while (t < tokens.size() && tokens[t].begin < begin) ++t;
      std::size_t last = t;
      while (last < tokens.size() && tokens[last].begin < end) ++last;
      std::vector<std::uint32_t> named;
      for (const Match& m : known_in(index, tokens, {t, last}, names.organisations()))
        for (std::uint32_t v : *m.vertices) {
          KnownMention& k = known[v];
          k.vertex = v;
          if (k.lines.empty() || k.lines.back() != line) k.lines.push_back(line);
          if (std::find(named.begin(), named.end(), v) == named.end()) named.push_back(v);
        }
      if (named.size() >= 2)
        passages.push_back({line, std::string(lines[n].substr(begin, end - begin)), std::move(named)});
      t = last;
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
    } else if (is_forbidden_code_point(cp) || invisible(cp) || cp == '\t' || cp == '\n' || cp == 0x2028 ||
               cp == 0x2029) {
      std::snprintf(escape, sizeof escape, cp < 0x100 ? "\\x%02X" : cp < 0x10000 ? "\\u%04X" : "\\U%08X",
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
    o += "  # - {id: ID, type: TYPE, name: " + yaml_quoted(c.text) + "}  # line " + std::to_string(c.first_line) +
         "\n";
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
  const std::string name = std::filesystem::path(article).filename().string();
  std::string o = "Known actors named in " + shown(name) + " (" + std::to_string(m.known.size()) + "):\n";
  for (const KnownMention& k : m.known)
    o += "  " + shown(view.id(k.vertex)) + "  " + shown(view.name(k.vertex)) + " (" +
         type_label(view, schema, k.vertex) + ")  line" + (k.lines.size() > 1 ? "s " : " ") + lines_text(k.lines) +
         "\n";
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
    j["candidates"].push_back({{"text", sanitize_text(c.text)}, {"count", c.count}, {"first_line", c.first_line}});
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
