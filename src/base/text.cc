#include "base/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <vector>

namespace relmap {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  char32_t cp;
  return decode_utf8(s, i, &cp);
}

std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t* out) {
  // utf8proc refuses overlong forms, surrogates, code points past U+10FFFF
  // and sequences cut short by the end of `s`.
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                                static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (len <= 0) return 0;
  *out = static_cast<char32_t>(cp);
  return static_cast<std::size_t>(len);
}

bool is_forbidden_code_point(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

bool is_punctuation_code_point(char32_t cp) {
  const utf8proc_category_t c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

bool is_uppercase_code_point(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU;
}

std::string code_point_name(char32_t cp) {
  char name[16];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
  return name;
}

std::string visible_text(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  char escape[16];
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, &cp);
    if (len == 0) {
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned char>(s[i]));
      out += escape;
      ++i;
      continue;
    }
    if (cp == '\n' && !keep_newlines) {
      out += "\\n";
    } else if (is_forbidden_code_point(cp)) {
      if (cp < 0x100)
        std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(cp));
      else
        std::snprintf(escape, sizeof escape, "\\u{%X}", static_cast<unsigned>(cp));
      out += escape;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

long unsafe_code_point(std::string_view s, std::size_t i, std::size_t len) {
  char32_t cp = 0;
  return decode_utf8(s, i, &cp) == len && is_forbidden_code_point(cp) ? static_cast<long>(cp) : -1;
}

std::size_t find_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string sanitize_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0 || unsafe_code_point(s, i, len) >= 0) {
      out += "\xEF\xBF\xBD";
      i += len == 0 ? 1 : len;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string slug(std::string_view text, std::size_t max_length) {
  auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  if (!text.empty() && text.size() <= max_length && std::all_of(text.begin(), text.end(), plain) &&
      text.front() != '-' && text.front() != '.' && text.back() != '-' &&
      text.find("--") == std::string_view::npos)
    return std::string(text);
  std::uint64_t hash = 0xcbf29ce484222325u;  // FNV-1a, 64 bits
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
  static const char kHex[] = "0123456789abcdef";
  std::string suffix = "--";
  for (int shift = 60; shift >= 0; shift -= 4) suffix += kHex[(hash >> shift) & 0xF];
  // The readable part: not empty, no '-' at either end and never "--", so
  // the only "--" of a hashed name is where its hash begins.
  std::string out;
  for (char c : text) {
    if (out.size() + suffix.size() >= max_length) break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!plain(c)) c = '_';
    if (c == '-' && (out.empty() || out.back() == '-')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return (out.empty() ? "_" : out) + suffix;
}

std::string shorten(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0, cut = 0, space = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    if (chars == max_chars) {
      // Cut at the last space if that keeps at least half of the text.
      if (space != std::string_view::npos && space * 2 >= cut) cut = space;
      return std::string(text.substr(0, cut)) + "\u2026";
    }
    if (chars + 1 == max_chars) cut = i;  // room for the ellipsis
    if (text[i] == ' ') space = i;
    i += std::max<std::size_t>(utf8_sequence_length(text, i), 1);
  }
  return std::string(text);
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// What utf8proc_map gives for ASCII with fold_for_match's options, by its
/// rules (utf8proc.c: utf8proc_normalize_utf32, utf8proc_decompose_char):
/// STRIPCC makes LF, CR, CRLF, VT, FF and tab white space and drops the
/// other controls and DEL; CASEFOLD lowers A-Z; no ASCII character has a
/// decomposition, a mark or a composition, and LUMP maps ASCII to itself.
std::string fold_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\t')
      out += ' ';
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if (c >= 0x20 && c != 0x7F)
      out += c;
  }
  return out;
}

/// The folding of fold_for_match through utf8proc, before white space is
/// collapsed; ASCII lower-cased if `s` is not valid UTF-8.
std::string fold_unicode(std::string_view s) {
  utf8proc_uint8_t* folded = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                                      UTF8PROC_STRIPMARK | UTF8PROC_LUMP | UTF8PROC_STRIPCC);
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                          static_cast<utf8proc_ssize_t>(s.size()), &folded, options);
  std::string text = n < 0 ? ascii_lower(s)
                           : std::string(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(n));
  std::free(folded);
  return text;
}

/// White space collapsed and trimmed, and đ folded to d, in folded text.
std::string finish_fold(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    // Vietnamese đ has no decomposition: fold it to d as readers do.
    if (c == '\xC4' && i + 1 < text.size() && text[i + 1] == '\x91') {
      out += 'd';
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string fold_for_match(std::string_view s) {
  return finish_fold(is_ascii(s) ? fold_ascii(s) : fold_unicode(s));
}

std::string fold_for_match_unicode(std::string_view s) { return finish_fold(fold_unicode(s)); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string normalize_for_match(std::string_view s) {
  static const struct {
    std::string_view from, to;
  } kReplacements[] = {
      {"\u2018", "'"},  {"\u2019", "'"},  {"\u201A", "'"},   {"\u201B", "'"},  {"\u2032", "'"},
      {"\u201C", "\""}, {"\u201D", "\""}, {"\u201E", "\""},  {"\u201F", "\""}, {"\u2033", "\""},
      {"\u2013", "-"},  {"\u2014", "-"},  {"\u2011", "-"},   {"\u2010", "-"},  {"\u00A0", " "},
      {"\u2009", " "},  {"\u202F", " "},  {"\u2026", "..."},
  };
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    std::string_view replacement;
    std::size_t consumed = 1;
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      for (const auto& r : kReplacements) {
        if (s.substr(i, r.from.size()) == r.from) {
          replacement = r.to;
          consumed = r.from.size();
          break;
        }
      }
    }
    const std::string_view piece = replacement.empty() ? s.substr(i, 1) : replacement;
    i += consumed;
    if (piece == " " || piece == "\t" || piece == "\n" || piece == "\r") {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(piece);
  }
  return out;
}

bool is_http_url(std::string_view s) {
  std::string_view rest;
  const std::string lower = ascii_lower(s.substr(0, 8));
  if (lower.rfind("https://", 0) == 0) {
    rest = s.substr(8);
  } else if (lower.rfind("http://", 0) == 0) {
    rest = s.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') return false;
  for (char c : rest) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  }
  return find_invalid_utf8(s) == std::string_view::npos;
}

std::string percent_encode_url(std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`' ||
        c == '{' || c == '}' || c == '|' || c == '^') {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> name_words(std::string_view folded) {
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < folded.size();) {
    const auto u = static_cast<unsigned char>(folded[i]);
    std::size_t len = 1;
    bool in_word = std::isalnum(u) != 0;
    if (u >= 0x80) {
      // Letters, marks and digits of any script; not quotes or dashes ("“Cambodia”").
      char32_t cp = 0;
      len = std::max<std::size_t>(1, decode_utf8(folded, i, &cp));
      const utf8proc_category_t c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
      in_word = cp == 0 || (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
    }
    if (in_word) {
      word.append(folded.substr(i, len));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
    i += len;
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

namespace {

struct Word {
  std::size_t begin, end;
  std::string key;  ///< Lower-case ASCII, surrounding punctuation removed.
};

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t begin = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (begin == i) break;
    std::string key = ascii_lower(text.substr(begin, i - begin));
    auto punct = [](char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; };
    while (!key.empty() && punct(key.back())) key.pop_back();
    std::size_t lead = 0;
    while (lead < key.size() && punct(key[lead])) ++lead;
    words.push_back({begin, i, key.substr(lead)});
  }
  return words;
}

}  // namespace

std::string_view closest_passage(std::string_view text, std::string_view quote) {
  const std::vector<Word> wanted = words_of(quote);
  const std::vector<Word> words = words_of(text);
  const std::size_t width = wanted.size();
  if (width == 0 || words.empty()) return {};
  std::unordered_map<std::string, int> need;
  for (const Word& w : wanted)
    if (!w.key.empty()) ++need[w.key];
  std::unordered_map<std::string_view, int> have;
  int matches = 0, best = 0;  // best: the score below
  std::size_t best_first = 0;
  auto needed = [&](const std::string& key) {
    auto it = need.find(key);
    return it == need.end() ? 0 : it->second;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& in = words[i].key;
    if (have[in]++ < needed(in)) ++matches;
    if (i >= width) {
      const std::string& out = words[i - width].key;
      if (--have[out] < needed(out)) --matches;
    }
    // Shared words first; among equals, a run that starts and ends as the
    // quote does.
    const std::size_t first = i + 1 >= width ? i + 1 - width : 0;
    const int score = 4 * matches + (words[first].key == wanted.front().key) + (in == wanted.back().key);
    if (matches > 0 && score > best) {
      best = score;
      best_first = first;
    }
  }
  if (best == 0) return {};
  const std::size_t last = std::min(words.size(), best_first + width) - 1;
  return text.substr(words[best_first].begin, words[last].end - words[best_first].begin);
}

}  // namespace relmap
