#include "completion.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

std::vector<CompletionCommand> Commands() {
  return {{"", "the program", {{{"-q", "--quiet"}, "Say less", false}}},
          {"show", "Show [things]: it's easy", {{{"--depth"}, "How deep: [1, 9]", true}, {{"--all"}, "All", false}}}};
}

TEST(CompletionTest, BashListsCommandsAndLeavesValuesToFileNames) {
  const std::string bash = bash_completion("tool", Commands());
  EXPECT_NE(bash.find("    '') options='-q --quiet' values='' ;;\n"), std::string::npos) << bash;
  EXPECT_NE(bash.find("    show) options='--depth --all' values='--depth' ;;\n"), std::string::npos) << bash;
  EXPECT_NE(bash.find("compgen -W 'show' -- \"$cur\""), std::string::npos) << bash;
  EXPECT_NE(bash.find("complete -o default -F _tool tool\n"), std::string::npos) << bash;
}

TEST(CompletionTest, ZshEscapesHelpText) {
  const std::string zsh = zsh_completion("tool", Commands());
  EXPECT_EQ(zsh.rfind("#compdef tool\n", 0), 0u);
  EXPECT_NE(zsh.find("    'show:Show \\[things\\]\\: it'\\''s easy'\n"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--depth[How deep\\: \\[1, 9\\]]:value:_files'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--all[All]'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'-q[Say less]'"), std::string::npos) << zsh;
}

}  // namespace
}  // namespace relmap
