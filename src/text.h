// Text helpers: UTF-8 checks, escaping for XML/HTML, normalisation for matching.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// The code point of the control character (C0 other than tab and newline,
/// DEL, or C1) whose `len`-byte sequence starts at s[i], or -1 if it is none.
long control_code_point(std::string_view s, std::size_t i, std::size_t len);

/// Decode the UTF-8 sequence at s[i]: its length, or 0 if it is invalid, and
/// its code point in `*cp`.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t* cp);

/// True for what relmap never accepts in data: C0 controls other than tab
/// and newline (so CR too), DEL, C1 controls and Unicode noncharacters.
bool is_forbidden_code_point(char32_t cp);

/// "U+001B", for messages.
std::string code_point_name(char32_t cp);

/// The text safe to print on a terminal: forbidden code points and invalid
/// bytes are shown as escapes (`\x1B`, `\u{FFFE}`, `\xE9`); a newline is
/// kept only with `keep_newlines`, else shown as `\n`.
std::string visible_text(std::string_view s, bool keep_newlines = false);

/// Return the byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t find_invalid_utf8(std::string_view s);

/// Replace control characters and invalid UTF-8 with U+FFFD.
std::string sanitize_text(std::string_view s);

/// Escape &, <, >, " and ' for XML/HTML text and attribute values.
std::string xml_escape(std::string_view s);

/// Text folded for matching names the way people type them: Unicode case
/// folding, compatibility forms, accents removed ("Tô Lâm" → "to lam"),
/// dashes and quotes unified, white space collapsed and trimmed.
std::string fold_for_match(std::string_view s);

/// Lower-case ASCII letters.
std::string ascii_lower(std::string_view s);

/// Normalise text for quote matching: typographic quotes and dashes become
/// ASCII, runs of white space become one space, ends trimmed.
std::string normalize_for_match(std::string_view s);

/// True for an absolute http:// or https:// URL with a host and no white
/// space or control characters.
bool is_http_url(std::string_view s);

/// Percent-encode characters that are unsafe in an HTML attribute or
/// unusual in a URL (quotes, <, >, backslash, space, non-ASCII). `&` stays.
std::string percent_encode_url(std::string_view url);

}  // namespace relmap
