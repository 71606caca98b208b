#include "query/article_names.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "base/text.h"

namespace relmap {

namespace {

constexpr std::size_t kLongestName = 12;            ///< Words in the longest name looked for.
constexpr std::string_view kDemonyms = "demonyms";  ///< A node property: words naming a country.

/// `text` with its invisible characters removed.
std::string without_invisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    if (len == 0 || !is_invisible_format(cp)) out.append(text.substr(i, len == 0 ? 1 : len));
    i += len == 0 ? 1 : len;
  }
  return out;
}

/// The folded words of one token: ASCII is only lower-cased and split at
/// punctuation; the rest goes through Unicode folding.
std::vector<std::string> folded_words(std::string_view token) {
  const bool ascii =
      std::all_of(token.begin(), token.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
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
      "a",        "an",        "the",       "this",    "that",     "these",   "those",     "it",
      "its",      "in",        "on",        "at",      "of",       "for",     "to",        "by",
      "with",     "from",      "and",       "or",      "but",      "as",      "he",        "she",
      "they",     "we",        "his",       "her",     "their",    "our",     "there",     "according",
      "also",     "after",     "before",    "during",  "while",    "when",    "where",     "which",
      "who",      "what",      "meanwhile", "however", "moreover", "besides", "yesterday", "today",
      "tomorrow", "last",      "next",      "mr",      "mrs",      "ms",      "dr",        "monday",
      "tuesday",  "wednesday", "thursday",  "friday",  "saturday", "sunday",  "january",   "february",
      "march",    "april",     "may",       "june",    "july",     "august",  "september", "october",
      "november", "december",  "jan",       "feb",     "mar",      "apr",     "jun",       "jul",
      "aug",      "sep",       "sept",      "oct",     "nov",      "dec",     "i",         "you",
      "all",      "some",      "both",      "each",    "such",     "other",   "many",      "more"};
  return kWords.count(folded) > 0;
}

/// Titles written before a person's name ("President Ferdinand Marcos Jr",
/// "Deputy Minister Ngoc"): not part of the name.
bool title_word(const std::string& folded) {
  static const std::unordered_set<std::string> kWords = {
      "president",    "vice",      "prime",       "minister",     "deputy",     "secretary", "general",
      "ambassador",   "director",  "chairman",    "chairwoman",   "chair",      "chief",     "governor",
      "senator",      "king",      "queen",       "prince",       "princess",   "premier",   "undersecretary",
      "commissioner", "spokesman", "spokeswoman", "spokesperson", "lieutenant", "colonel",   "captain",
      "major",        "professor", "prof",        "sir",          "excellency", "sec",       "gen",
      "col",          "lt"};
  return kWords.count(folded) > 0;
}

/// Words that make a name an organisation's ("Japan International
/// Cooperation Agency"): a country named inside it is not a mention.
bool organisation_word(const std::string& folded) {
  static const std::unordered_set<std::string> kWords = {
      "agency",       "ministry",     "department",     "office",     "team",        "centre",
      "center",       "council",      "committee",      "commission", "foundation",  "institute",
      "institution",  "university",   "academy",        "college",    "school",      "association",
      "organisation", "organization", "bank",           "police",     "embassy",     "authority",
      "bureau",       "corporation",  "company",        "group",      "network",     "forum",
      "service",      "services",     "force",          "forces",     "government",  "cert",
      "csirt",        "project",      "programme",      "program",    "partnership", "initiative",
      "alliance",     "union",        "federation",     "society",    "secretariat", "unit",
      "division",     "directorate",  "administration", "court",      "parliament",  "assembly",
      "board",        "fund",         "trust",          "consulate",  "mission",     "command",
      "agencies",     "ministries",   "teams",          "centres",    "centers"};
  return kWords.count(folded) > 0;
}

/// Joining words allowed inside a capitalised name ("Ministry of Justice").
bool joining_word(std::string_view word) {
  return word == "of" || word == "and" || word == "for" || word == "the" || word == "on" || word == "de";
}

bool ends_with_ly(std::string_view word) { return word.size() > 4 && word.substr(word.size() - 2) == "ly"; }

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
  return len > 0 && (!at_end || i + len == word.size()) && is_punctuation_code_point(cp) ? len : 0;
}

/// Words after which a full stop does not end the sentence.
bool abbreviation(std::string_view word) {
  static const std::unordered_set<std::string_view> kWords = {
      "mr",  "mrs",  "ms",  "dr",  "st",  "gen",  "sec", "jan",  "feb", "mar",
      "apr", "jun",  "jul", "aug", "sep", "sept", "oct", "nov",  "dec", "no",
      "vs",  "prof", "rep", "sen", "gov", "lt",   "col", "capt", "jr",  "sr"};
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
    const bool opens =
        is_uppercase_code_point(cp) || (is_punctuation_code_point(cp) && cp != '.' && cp != ',');
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
  std::string text;                ///< As written, surrounding punctuation removed.
  std::size_t begin = 0;           ///< Byte offset in its line.
  std::vector<std::string> words;  ///< Folded, invisible characters left out.
  bool capitalised = false;
  bool ends_phrase = false;     ///< Followed by punctuation that ends a name.
  bool starts_phrase = false;   ///< After punctuation that starts one: "(MPS)".
  bool opens_sentence = false;  ///< First of its line or after '.', '!', '?' or ':'.
};

/// True if the first visible character of `word` is an upper-case letter.
bool starts_upper(std::string_view word) {
  for (std::size_t i = 0; i < word.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(word, i, &cp);
    if (len == 0) return false;
    if (!is_invisible_format(cp)) return is_uppercase_code_point(cp);
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
    if (sentence_ended && word.size() + 1 == line.substr(begin, i - begin).size() && line[i - 1] == '.' &&
        abbreviation(word)) {
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
    tokens.push_back(
        {std::string(word), offset, folded_words(word), starts_upper(word), ends, starts, opens});
  }
  return tokens;
}

/// A token range [first, last) of a line.
using Span = std::pair<std::size_t, std::size_t>;

/// What the capitalised names of one line give: candidate names, and the
/// organisations' names in which a known name is not a mention.
class NameScan {
 public:
  /// `known_from[k]` is the first token of the known name that token k is
  /// part of, or npos.
  NameScan(const NameIndex& index, const std::vector<Token>& tokens,
           const std::vector<std::size_t>& known_from)
      : index_(index), tokens_(tokens), known_from_(known_from) {}

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
      while (from < end &&
             (common_word(key(from)) || ends_with_ly(tokens_[from].text) || joining_word(tokens_[from].text)))
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
          if (const auto* vertices = index_.find(joined)) best = {t + 1 - k, vertices};
        if (!index_.starts_name(joined)) return best;
      }
    return best;
  }

  bool is_person(const std::vector<std::uint32_t>* vertices, std::size_t k, std::size_t count) const {
    std::string joined;
    for (std::size_t t = k; t < k + count; ++t)
      for (const std::string& w : tokens_[t].words) joined += (joined.empty() ? "" : " ") + w;
    return vertices != nullptr && index_.names_person(joined);
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
    // Not for a word of a known name that starts before it: "(ICT) for Peace
    // Foundation of Switzerland" is a known name and a country.
    bool organisation = false;
    for (std::size_t k = part.first; k < part.second; ++k)
      if (known_from_[k] == std::string::npos || known_from_[k] >= part.first)
        for (const std::string& w : tokens_[k].words) organisation = organisation || organisation_word(w);
    if (organisation) {
      organisations_.push_back(part);
      if (known_at(part.first, part.second).first != part.second - part.first)
        candidate(part.first, part.second);
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
  const std::vector<std::size_t>& known_from_;
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
    // The longest name that starts at word i.
    std::string key;
    for (std::size_t n = i; n < words.size() && n < i + kLongestName; ++n) {
      key += (n > i ? " " : "") + *words[n];
      if (const auto* vertices = index.find(key)) {
        if (!found.empty() && found.back().first_word == i) found.pop_back();
        found.push_back({i, n + 1, {token_of[i], token_of[n] + 1}, vertices});
      }
      if (!index.starts_name(key)) break;
    }
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
    const bool inside = o != organisations.end() && o->first <= m.tokens.first &&
                        m.tokens.second <= o->second &&
                        m.tokens.second - m.tokens.first < o->second - o->first;
    if (!inside) kept.push_back(m);
  }
  return kept;
}

}  // namespace

bool is_invisible_format(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xFEFF || cp == 0x2060 || cp == 0x00AD;
}

std::string invisible_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[16];
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    if (len > 0 && is_invisible_format(cp)) {
      std::snprintf(escape, sizeof escape, "\\u{%X}", static_cast<unsigned>(cp));
      out += escape;
    } else {
      out.append(text.substr(i, len == 0 ? 1 : len));
    }
    i += len == 0 ? 1 : len;
  }
  return out;
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

NameIndex::NameIndex(const GraphView& view, const Schema& schema) {
  const int source_type = schema.node_type_index(kSourceType);
  const int person_type = schema.node_type_index("person");
  for (std::uint32_t v = 0; v < view.node_count(); ++v) {
    const int type = static_cast<int>(view.node(v).type);
    if (source_type >= 0 && schema.is_a(type, source_type)) continue;
    const bool person = person_type >= 0 && schema.is_a(type, person_type);
    add(view.name(v), v, person);
    for (Str alias : view.aliases(v)) add(view.text(alias), v, person);
    for (const PropRecord& p : view.node_properties(v))
      if (view.text(p.name) == kDemonyms) add(view.text(p.value), v, false);
  }
}

void NameIndex::add(std::string_view name, std::uint32_t v, bool person) {
  std::vector<std::string> words;
  for (Token& t : tokens_of(name))
    for (std::string& w : t.words) words.push_back(std::move(w));
  if (words.empty() || words.size() > kLongestName) return;
  std::string key = words[0];
  for (std::size_t i = 1; i < words.size(); ++i) {
    prefixes_.insert(key);
    key += " " + words[i];
  }
  if (person) people_.insert(key);
  auto& at = names_[std::move(key)];
  if (std::find(at.begin(), at.end(), v) == at.end()) at.push_back(v);
}

const std::vector<std::uint32_t>* NameIndex::find(const std::string& key) const {
  const auto it = names_.find(key);
  return it == names_.end() ? nullptr : &it->second;
}

LineNames NameIndex::read_line(std::string_view line) const {
  LineNames out;
  const std::vector<Token> tokens = tokens_of(line);
  std::vector<std::size_t> known_from(tokens.size(), std::string::npos);
  for (const Match& m : known_in(*this, tokens, {0, tokens.size()}, {}))
    for (std::size_t k = m.tokens.first; k < m.tokens.second; ++k) known_from[k] = m.tokens.first;
  NameScan scan(*this, tokens, known_from);
  std::vector<Span> spans;  // of the new names
  scan.scan([&](std::size_t first, std::size_t last) {
    NewName name;
    for (std::size_t k = first; k < last; ++k) {
      name.text += (k > first ? " " : "") + tokens[k].text;
      for (const std::string& w : tokens[k].words) name.key += (name.key.empty() ? "" : " ") + w;
    }
    if (name.key.empty() || find(name.key) != nullptr) return;  // a known actor
    // A single word that opens a sentence ("Promoting", "Under") may be
    // capitalised only for that; an acronym is a name wherever it stands.
    const std::string& word = tokens[first].text;
    name.opens_sentence = last == first + 1 && tokens[first].opens_sentence &&
                          std::any_of(word.begin(), word.end(), [](char c) {
                            return std::islower(static_cast<unsigned char>(c)) != 0;
                          });
    out.new_names.push_back(std::move(name));
    spans.emplace_back(first, last);
  });
  // Each sentence: the tokens that start in it.
  std::vector<Span> known;  // of the known names, in order
  std::size_t t = 0;
  for (const auto& [begin, end] : sentences_of(line)) {
    while (t < tokens.size() && tokens[t].begin < begin) ++t;
    std::size_t last = t;
    while (last < tokens.size() && tokens[last].begin < end) ++last;
    SentenceNames sentence{begin, end, {}};
    for (const Match& m : known_in(*this, tokens, {t, last}, scan.organisations())) {
      known.push_back(m.tokens);
      for (std::uint32_t v : *m.vertices)
        if (std::find(sentence.actors.begin(), sentence.actors.end(), v) == sentence.actors.end())
          sentence.actors.push_back(v);
    }
    out.sentences.push_back(std::move(sentence));
    t = last;
  }
  // Not a new name what is part of a known one: "National Database on
  // Population" of "National Database on Population project".
  std::vector<NewName> kept;
  for (std::size_t i = 0, k = 0; i < spans.size(); ++i) {
    while (k < known.size() && known[k].second <= spans[i].first) ++k;
    if (k < known.size() && known[k].first <= spans[i].first && spans[i].second <= known[k].second) continue;
    kept.push_back(std::move(out.new_names[i]));
  }
  out.new_names = std::move(kept);
  return out;
}

}  // namespace relmap
