#include "base/program.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

TEST(ProgramTest, ReadsBothOutputsAtOnce) {
  // 300 KB on the error output before a word on the standard output: a
  // reader that waits for the standard output to end first never sees it.
  const ProgramResult r = run_program({"sh", "-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; echo out"},
                                      nullptr, 1 << 20, 1 << 20);
  ASSERT_TRUE(r.ok()) << r.errors.substr(0, 200);
  EXPECT_EQ(r.output, "out\n");
  EXPECT_EQ(r.errors, std::string(300000, 'e'));
}

TEST(ProgramTest, FeedsInputWhileReading) {
  // More than a pipe holds each way: the input is written while the output
  // is read.
  std::string input;
  for (int i = 0; i < 100000; ++i) input += std::to_string(i) + "\n";
  const ProgramResult r = run_program({"cat"}, &input, 4 << 20);
  ASSERT_TRUE(r.ok()) << r.errors;
  EXPECT_EQ(r.output, input);
}

TEST(ProgramTest, SaysHowItEnded) {
  ProgramResult r = run_program({"sh", "-c", "echo bad >&2; exit 3"});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.errors, "bad\n");
  EXPECT_FALSE(r.ok());
  r = run_program({"relmap-no-such-program"});
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.errors, "relmap-no-such-program: No such file or directory");
  // A child that stops reading its input is no end of relmap's.
  const std::string input(1 << 20, 'x');
  r = run_program({"head", "-c", "1"}, &input);
  EXPECT_TRUE(r.ok()) << r.errors;
  EXPECT_EQ(r.output, "x");
  // Too much output: the program is stopped.
  r = run_program({"sh", "-c", "yes"}, nullptr, 1000);
  EXPECT_TRUE(r.too_large);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace relmap
