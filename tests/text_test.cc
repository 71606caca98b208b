#include "text.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

TEST(TextTest, Utf8Validation) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("Cambodia\u2019s"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xc0\x80"), 0u);  // overlong
  EXPECT_EQ(find_invalid_utf8("\xed\xa0\x80"), 0u);  // surrogate
}

TEST(TextTest, ControlCharactersAreFoundAndReplaced) {
  EXPECT_EQ(sanitize_text("tab\tand\nnewline"), "tab\tand\nnewline");
  EXPECT_EQ(control_code_point("bell\a", 4, 1), 7);
  EXPECT_EQ(control_code_point("c1 \xc2\x85", 3, 2), 0x85);
  EXPECT_EQ(control_code_point("\xc2\xa0", 0, 2), -1);  // no-break space is text
  EXPECT_EQ(sanitize_text("a\x01" "b\xff"), "a\uFFFD" "b\uFFFD");
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

TEST(TextTest, VisibleTextShowsWhatATerminalWouldObey) {
  EXPECT_EQ(visible_text("a\x1b[31mb\x07\r\xC2\x9B\xEF\xBF\xBE\xff\tc"), "a\\x1B[31mb\\x07\\x0D\\x9B\\u{FFFE}\\xFF\tc");
  EXPECT_EQ(visible_text("one\ntwo"), "one\\ntwo");
  EXPECT_EQ(visible_text("one\ntwo", true), "one\ntwo");
  EXPECT_EQ(visible_text("T\u00f4 L\u00e2m"), "T\u00f4 L\u00e2m");
}

}  // namespace
}  // namespace relmap
