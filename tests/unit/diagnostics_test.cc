#include "base/diagnostics.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace relmap {
namespace {

TEST(DiagnosticsTest, FormatsSortedWithSeverity) {
  Diagnostics d;
  d.error({"b.yaml", 3, 4}, "second file");
  d.warning({"a.yaml", 10, 1}, "later line");
  d.error({"a.yaml", 2, 7}, "earlier line");
  EXPECT_EQ(d.format(),
            "a.yaml:2:7: error: earlier line\n"
            "a.yaml:10:1: warning: later line\n"
            "b.yaml:3:4: error: second file\n");
  EXPECT_EQ(d.error_count(), 2u);
  EXPECT_EQ(d.warning_count(), 1u);
  EXPECT_TRUE(d.has_errors());
}

TEST(DiagnosticsTest, OmitsUnknownPositionParts) {
  EXPECT_EQ(format_diagnostic({Severity::kError, {"x.yaml", 0, 0}, "cannot read", {}}),
            "x.yaml: error: cannot read");
  EXPECT_EQ(format_diagnostic({Severity::kWarning, {}, "graphviz says", {}}), "warning: graphviz says");
}

TEST(DiagnosticsTest, NotesGoOnIndentedLinesOfTheirOwnAndAreMadeVisible) {
  EXPECT_EQ(
      format_diagnostic({Severity::kError, {}, "'cert' is ambiguous; use an id:", {"lao-cert", "ap\ncert"}}),
      "error: 'cert' is ambiguous; use an id:\n  lao-cert\n  ap\\ncert");
}

TEST(DiagnosticsTest, IdenticalDiagnosticsPrintOnce) {
  Diagnostics d;
  d.error({"a.yaml", 1, 1}, "same");
  d.error({"a.yaml", 1, 1}, "same");
  EXPECT_EQ(d.format(), "a.yaml:1:1: error: same\n");
}

TEST(DiagnosticsTest, ControlTextNeverReachesTheTerminal) {
  EXPECT_EQ(format_diagnostic({Severity::kError,
                               {"x.yaml", 1, 2},
                               "unknown id 'a\x1b]8;;http://x\x07"
                               "b\r'",
                               {}}),
            "x.yaml:1:2: error: unknown id 'a\\x1B]8;;http://x\\x07b\\x0D'");
}

TEST(DiagnosticsTest, SourceLineEchoIsEscapedAndTheCaretCountsCharacters) {
  const std::string path = ::testing::TempDir() + "/diag_echo.yaml";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("name: T\xC3\xB4 \x1b[2J L\xC3\xA2m: x\n", f);
    std::fclose(f);
  }
  Diagnostics d;
  d.error({path, 1, 17}, "here");
  EXPECT_EQ(d.format(true), path + ":1:17: error: here\n    name: T\xC3\xB4 \\x1B[2J L\xC3\xA2m: x\n" +
                                "                       ^\n");
}

TEST(DiagnosticsTest, ColouredForATerminalOnlyWhenAsked) {
  const std::string path = ::testing::TempDir() + "/diag_colour.yaml";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("id: x\n", f);
    std::fclose(f);
  }
  Diagnostics d;
  d.error({path, 1, 5}, "bad id");
  d.warning({"", 0, 0}, "note");
  EXPECT_EQ(d.format(true, true),
            "\033[1;35mwarning:\033[0m note\n\033[1m" + path +
                ":1:5:\033[0m \033[1;31merror:\033[0m bad id\n    id: x\n        \033[1;32m^\033[0m\n");
  EXPECT_EQ(d.format(true, false).find('\033'), std::string::npos);
}

TEST(DiagnosticsTest, StandardInputHasNoSourceLineToEcho) {
  Diagnostics d;
  d.error({kStandardInput, 1, 1}, "here");
  EXPECT_EQ(d.format(true), "<stdin>:1:1: error: here\n");
}

}  // namespace
}  // namespace relmap
