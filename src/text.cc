#include "text.h"

#include <algorithm>
#include <cstdint>

namespace relmap {

namespace {

/// Decode the UTF-8 sequence at s[i] into `*cp`; its length, or 0 if invalid.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t* cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  std::size_t len;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    *cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    *cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    *cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
      *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
    return 0;
  return len;
}

/// U+FDD0..U+FDEF and the last two code points of every plane.
bool is_noncharacter(std::uint32_t cp) { return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; }

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  std::uint32_t cp;
  return decode_utf8(s, i, &cp);
}

long control_code_point(std::string_view s, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (len == 1) return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ? c : -1;
  // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
  const auto c1 = len == 2 ? static_cast<unsigned char>(s[i + 1]) : 0;
  return len == 2 && c == 0xC2 && c1 < 0xA0 ? c1 : -1;
}

long unsafe_code_point(std::string_view s, std::size_t i, std::size_t len) {
  if (len < 3) return control_code_point(s, i, len);
  std::uint32_t cp;
  return decode_utf8(s, i, &cp) == len && is_noncharacter(cp) ? static_cast<long>(cp) : -1;
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

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string slug(std::string_view text, std::size_t max_length) {
  auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'; };
  if (!text.empty() && text.size() <= max_length && std::all_of(text.begin(), text.end(), plain) &&
      text.front() != '-' && text.front() != '.' && text.back() != '-' && text.find("--") == std::string_view::npos)
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
      {"\u2018", "'"}, {"\u2019", "'"}, {"\u201A", "'"}, {"\u201B", "'"}, {"\u2032", "'"},
      {"\u201C", "\""}, {"\u201D", "\""}, {"\u201E", "\""}, {"\u201F", "\""}, {"\u2033", "\""},
      {"\u2013", "-"}, {"\u2014", "-"}, {"\u2011", "-"}, {"\u2010", "-"},
      {"\u00A0", " "}, {"\u2009", " "}, {"\u202F", " "}, {"\u2026", "..."},
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
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
      return false;
  }
  return find_invalid_utf8(s) == std::string_view::npos;
}

std::string percent_encode_url(std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`' || c == '{' || c == '}' || c == '|' || c == '^') {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace relmap
