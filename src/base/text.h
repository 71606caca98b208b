// Text helpers: UTF-8 checks, escaping for XML/HTML, normalisation for matching.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace relmap {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// Decode the UTF-8 sequence at s[i]: its length, or 0 if it is invalid, and
/// its code point in `*cp`.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t* cp);

/// True for what relmap never accepts in data: C0 controls other than tab
/// and newline (so CR too), DEL, C1 controls and Unicode noncharacters.
bool is_forbidden_code_point(char32_t cp);

/// "U+001B", for messages.
std::string code_point_name(char32_t cp);

/// Whether a code point is punctuation (Unicode categories Pc to Po), in any script.
bool is_punctuation_code_point(char32_t cp);

/// Whether a code point is an uppercase letter (Unicode category Lu).
bool is_uppercase_code_point(char32_t cp);

/// The text safe to print on a terminal: forbidden code points and invalid
/// bytes are shown as escapes (`\x1B`, `\u{FFFE}`, `\xE9`); a newline is
/// kept only with `keep_newlines`, else shown as `\n`.
std::string visible_text(std::string_view s, bool keep_newlines = false);

/// The code point of the character whose `len`-byte sequence starts at s[i]
/// if no output may show it as it is (is_forbidden_code_point); else -1.
long unsafe_code_point(std::string_view s, std::size_t i, std::size_t len);

/// Return the byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t find_invalid_utf8(std::string_view s);

/// Replace control characters (CR too), noncharacters and invalid UTF-8
/// with U+FFFD: the one filter for text from data on its way to any output.
std::string sanitize_text(std::string_view s);

/// Escape &, <, >, " and ' for XML/HTML text and attribute values.
std::string xml_escape(std::string_view s);

/// Text folded for matching names the way people type them: Unicode case
/// folding, compatibility forms, accents removed ("Tô Lâm" → "to lam"),
/// dashes and quotes unified, white space collapsed and trimmed.
std::string fold_for_match(std::string_view s);

/// fold_for_match through utf8proc whatever the text, as for text that is
/// not ASCII: the same result, more slowly (what a test compares with).
std::string fold_for_match_unicode(std::string_view s);

/// The words of folded text: runs of letters, marks and digits of any
/// script (invalid bytes count as letters); punctuation, symbols and
/// spaces separate them.
std::vector<std::string> name_words(std::string_view folded);

/// A name for files and element ids made from `text`, at most `max_length`
/// (>= 24) bytes: the text itself when it is short enough, only of a-z, 0-9,
/// '.', '_' and '-', neither starts with '-' or '.' nor ends with '-', and
/// has no "--"; otherwise a readable part (other bytes as '_', letters
/// lower-cased, cut short), "--" and 16 hex digits of a hash of the whole
/// text. So different texts give different names (barring a 64-bit hash
/// collision), a name never starts or ends with '-', and it contains "--"
/// only where its hash begins.
std::string slug(std::string_view text, std::size_t max_length = 64);

/// `text` cut to at most `max_chars` characters (code points) with "…" at
/// the end, at a space when one is near; unchanged if it is short enough.
std::string shorten(std::string_view text, std::size_t max_chars);

/// Lower-case ASCII letters.
std::string ascii_lower(std::string_view s);

/// Normalise text for quote matching: typographic quotes and dashes become
/// ASCII, runs of white space become one space, ends trimmed.
std::string normalize_for_match(std::string_view s);

/// The run of as many words of `text` as `quote` has that shares the most of
/// them with it (words compared without case or surrounding punctuation;
/// the first such run); "" if none shares a word. Linear in `text`.
std::string_view closest_passage(std::string_view text, std::string_view quote);

/// True for an absolute http:// or https:// URL with a host and no white
/// space or control characters.
bool is_http_url(std::string_view s);

/// Percent-encode characters that are unsafe in an HTML attribute or
/// unusual in a URL (quotes, <, >, backslash, space, non-ASCII). `&` stays.
std::string percent_encode_url(std::string_view url);

}  // namespace relmap
