#include "base/text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <utility>

namespace relmap {
namespace {

TEST(TextTest, Utf8Validation) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("Cambodia\u2019s"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xc0\x80"), 0u);      // overlong
  EXPECT_EQ(find_invalid_utf8("\xed\xa0\x80"), 0u);  // surrogate
}

TEST(TextTest, DecodeUtf8GivesCodePointsAndRefusesWhatIsNotUtf8) {
  auto decoded = [](std::string_view s) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, 0, &cp);
    return std::pair<std::size_t, std::uint32_t>(len, len == 0 ? 0u : static_cast<std::uint32_t>(cp));
  };
  using Decoded = std::pair<std::size_t, std::uint32_t>;
  EXPECT_EQ(decoded("A"), Decoded(1, 0x41));
  EXPECT_EQ(decoded("\xc3\xa9t\xc3\xa9"), Decoded(2, 0xE9));
  EXPECT_EQ(decoded("\xe2\x80\x99"), Decoded(3, 0x2019));
  EXPECT_EQ(decoded("\xf0\x9f\x98\x80"), Decoded(4, 0x1F600));
  EXPECT_EQ(decoded("\xf4\x8f\xbf\xbf"), Decoded(4, 0x10FFFF));
  EXPECT_EQ(decoded("\xc1\xbf").first, 0u);          // overlong 2 bytes
  EXPECT_EQ(decoded("\xe0\x9f\xbf").first, 0u);      // overlong 3 bytes
  EXPECT_EQ(decoded("\xf0\x8f\xbf\xbf").first, 0u);  // overlong 4 bytes
  EXPECT_EQ(decoded("\xed\xbf\xbf").first, 0u);      // surrogate
  EXPECT_EQ(decoded("\xf4\x90\x80\x80").first, 0u);  // past U+10FFFF
  EXPECT_EQ(decoded("\x80").first, 0u);              // continuation byte alone
  EXPECT_EQ(decoded("\xe2\x80").first, 0u);          // cut short by the end
  EXPECT_EQ(decoded("\xe2\x28\xa1").first, 0u);      // not a continuation byte
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8("ab\xe2\x80\x99", 2, &cp), 3u);  // from an offset
  EXPECT_EQ(cp, 0x2019u);
}

TEST(TextTest, ControlCharactersAreFoundAndReplaced) {
  EXPECT_EQ(sanitize_text("tab\tand\nnewline"), "tab\tand\nnewline");
  EXPECT_EQ(unsafe_code_point("bell\a", 4, 1), 7);
  EXPECT_EQ(unsafe_code_point("c1 \xc2\x85", 3, 2), 0x85);
  EXPECT_EQ(unsafe_code_point("\xc2\xa0", 0, 2), -1);  // no-break space is text
  EXPECT_EQ(sanitize_text("a\x01"
                          "b\xff"),
            "a\uFFFD"
            "b\uFFFD");
  EXPECT_EQ(sanitize_text("carriage\rreturn \x1b[31mred\x1b]8;;x\x07 \x7f\xc2\x9b"),
            "carriage\uFFFDreturn \uFFFD[31mred\uFFFD]8;;x\uFFFD \uFFFD\uFFFD");
}

TEST(TextTest, NoncharactersAreReplaced) {
  // U+FFFE, U+FFFF, U+FDD0..U+FDEF and the last two code points of planes 1..16.
  for (const char* nonchar : {"\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xEF\xB7\x90", "\xEF\xB7\xAF",
                              "\xF0\x9F\xBF\xBE", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_EQ(sanitize_text(std::string("a") + nonchar + "b"),
              "a\uFFFD"
              "b")
        << nonchar;
    EXPECT_GE(unsafe_code_point(nonchar, 0, std::string_view(nonchar).size()), 0xFDD0) << nonchar;
  }
  // Their neighbors are ordinary text.
  for (const char* text : {"\uFDCF", "\uFDF0", "\uFFFD", "\U0001FFFD", "\U00010000", "\u00A0"})
    EXPECT_EQ(sanitize_text(text), text) << text;
  EXPECT_EQ(unsafe_code_point("\r", 0, 1), 0x0D);
  EXPECT_EQ(unsafe_code_point("\t", 0, 1), -1);
}

TEST(TextTest, SlugsAreReadableBoundedAndDistinct) {
  EXPECT_EQ(slug("src-001"), "src-001");
  EXPECT_EQ(slug("src.1"), "src.1");
  EXPECT_EQ(slug("src_1"), "src_1");
  // Anything else is hashed: upper case (file systems that ignore case), "--",
  // other characters, overlong text.
  const std::string upper = slug("Laos");
  EXPECT_EQ(upper.substr(0, 6), "laos--");
  EXPECT_EQ(upper.size(), 6u + 16u);
  EXPECT_NE(slug("a--b"), "a--b");
  EXPECT_EQ(slug("a b/c\xc3\xa9").substr(0, 8), "a_b_c__-");
  EXPECT_EQ(slug("a---b-").substr(0, 5), "a-b--");
  EXPECT_EQ(slug("-x").substr(0, 3), "x--");
  EXPECT_EQ(slug("").substr(0, 3), "_--");
  const std::string long_id(300, 'x');
  EXPECT_EQ(slug(long_id).size(), 64u);
  EXPECT_EQ(slug(long_id, 40).size(), 40u);
  EXPECT_NE(slug(long_id), slug(long_id + "y"));
  EXPECT_EQ(slug(long_id), slug(long_id));  // stable
  std::set<std::string> seen;
  for (const char* id :
       {"src.1", "src_1", "src-1", "SRC-1", "src--1", "src-1-", "", "-", "_", "src 1", "src/1", ".x", "x"})
    EXPECT_TRUE(seen.insert(slug(id)).second) << id << " -> " << slug(id);
  for (const std::string& s : seen) {
    EXPECT_LE(s.size(), 64u);
    EXPECT_EQ(s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-"), std::string::npos) << s;
    EXPECT_NE(s.front(), '-') << s;
    EXPECT_NE(s.back(), '-') << s;
  }
}

TEST(TextTest, ShortenCutsAtCharactersAndSpaces) {
  EXPECT_EQ(shorten("short", 10), "short");
  EXPECT_EQ(shorten("exactly10!", 10), "exactly10!");
  EXPECT_EQ(shorten("abcdefghijkl", 10), "abcdefghi\u2026");
  EXPECT_EQ(shorten("the quick brown fox", 15), "the quick\u2026");
  EXPECT_EQ(shorten("\u00E9\u00E9\u00E9\u00E9\u00E9", 3), "\u00E9\u00E9\u2026");  // never inside a character
}

TEST(TextTest, XmlEscape) {
  EXPECT_EQ(xml_escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST(TextTest, NormalizeForMatch) {
  EXPECT_EQ(normalize_for_match("  \u201CQuoted\u201D   text\n with\u2019s  "), "\"Quoted\" text with's");
  EXPECT_EQ(normalize_for_match("a \u2013 b"), "a - b");
}

TEST(TextTest, HttpUrls) {
  EXPECT_TRUE(is_http_url("https://example.org/a?b=1&c=2"));
  EXPECT_TRUE(is_http_url("HTTP://example.org"));
  EXPECT_FALSE(is_http_url("javascript:alert(1)"));
  EXPECT_FALSE(is_http_url("data:text/html,x"));
  EXPECT_FALSE(is_http_url("https://"));
  EXPECT_FALSE(is_http_url("https://exa mple.org"));
  EXPECT_FALSE(is_http_url("https://example.org/\"onload=\""));
  EXPECT_EQ(percent_encode_url("https://x.org/a b\"<>'"), "https://x.org/a%20b%22%3C%3E%27");
}

TEST(TextTest, FoldingMatchesNamesAsPeopleTypeThem) {
  EXPECT_EQ(fold_for_match("T\u00f4 L\u00e2m"), "to lam");
  EXPECT_EQ(fold_for_match("  NGUY\u1ec4N   Duy Ng\u1ecdc "), "nguyen duy ngoc");
  EXPECT_EQ(fold_for_match("\u0110\u00e0 N\u1eb5ng"), "da nang");
  EXPECT_EQ(fold_for_match("STRASSE Stra\u00dfe"), "strasse strasse");
  EXPECT_EQ(fold_for_match("\u00c9COLE \u2013 ICT4Peace"), "ecole - ict4peace");
  EXPECT_EQ(fold_for_match("\uFF21\uFF33\uFF25\uFF21\uFF2E"), "asean");  // full-width letters
}

// ASCII is folded without utf8proc; it must give what utf8proc gives.
void expect_folds_as_utf8proc(const std::string& s) {
  ASSERT_EQ(fold_for_match(s), fold_for_match_unicode(s)) << "for " << visible_text(s);
}

TEST(TextTest, AsciiFoldsAsUtf8procFoldsIt) {
  EXPECT_EQ(fold_for_match(" A\r\nB\tC\fD\vE\rF\nG "), "a b c d e f g");
  EXPECT_EQ(fold_for_match("x\x01y\x7Fz\x1B[0m"), "xyz[0m");
  EXPECT_EQ(fold_for_match(std::string("N\0U", 3)), "nu");
  EXPECT_EQ(fold_for_match("Ministry of ICT (MPT) _-~^`|"), "ministry of ict (mpt) _-~^`|");
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    expect_folds_as_utf8proc(one);
    expect_folds_as_utf8proc("a" + one + "B");
  }
  for (int c = 0; c < 0x80; ++c)
    for (int d = 0; d < 0x80; ++d) {
      const std::string two{static_cast<char>(c), static_cast<char>(d)};
      expect_folds_as_utf8proc(two);
      expect_folds_as_utf8proc("Q" + two + "z");
    }
  // Random strings, half of their characters drawn from the controls,
  // white space and letters that are treated apart.
  std::mt19937 random(20261206);
  const std::string special = "\t\n\v\f\r \x7F\x01\x1F\0AZaz";
  for (int i = 0; i < 20000; ++i) {
    std::string s(random() % 48, '\0');
    for (char& c : s)
      c = random() % 2 == 0 ? special[random() % special.size()] : static_cast<char>(random() % 0x80);
    expect_folds_as_utf8proc(s);
  }
}

TEST(TextTest, NameWordsAreLettersAndDigitsOfAnyScript) {
  EXPECT_EQ(name_words(fold_for_match("said \u201cCambodia,\u201d in Ph\u00f4m-Penh")),
            (std::vector<std::string>{"said", "cambodia", "in", "phom", "penh"}));
  EXPECT_EQ(name_words("\u00ab\u043c\u0438\u0440\u00bb 2024\u2026\u6771\u4eac"),
            (std::vector<std::string>{"\u043c\u0438\u0440", "2024", "\u6771\u4eac"}));
}

TEST(TextTest, VisibleTextShowsWhatATerminalWouldObey) {
  EXPECT_EQ(visible_text("a\x1b[31mb\x07\r\xC2\x9B\xEF\xBF\xBE\xff\tc"),
            "a\\x1B[31mb\\x07\\x0D\\x9B\\u{FFFE}\\xFF\tc");
  EXPECT_EQ(visible_text("one\ntwo"), "one\\ntwo");
  EXPECT_EQ(visible_text("one\ntwo", true), "one\ntwo");
  EXPECT_EQ(visible_text("T\u00f4 L\u00e2m"), "T\u00f4 L\u00e2m");
}

TEST(ClosestPassage, FindsTheRunSharingMostWords) {
  const std::string text =
      "The ministry hosted a forum. Officials of Japan attended the forum in Phnom Penh, supported by JICA.";
  // One word changed, one case changed, punctuation around words ignored.
  EXPECT_EQ(closest_passage(text, "officials from Japan attended the forum"),
            "Officials of Japan attended the forum");
  EXPECT_EQ(closest_passage(text, "in Phnom Penh supported by the JICA"),
            "forum in Phnom Penh, supported by JICA.");
  EXPECT_EQ(closest_passage(text, "nothing alike here"), "");
  EXPECT_EQ(closest_passage(text, ""), "");
  EXPECT_EQ(closest_passage("", "forum"), "");
  // A quote longer than the text: the whole text.
  EXPECT_EQ(closest_passage("a forum", "the forum was held in the city"), "a forum");
}

}  // namespace
}  // namespace relmap
