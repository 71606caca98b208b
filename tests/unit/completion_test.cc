#include "cli/completion.h"

#include <gtest/gtest.h>

namespace relmap {
namespace {

std::vector<CompletionCommand> Commands() {
  return {
      {"", "the program", {{{"-q", "--quiet"}, "Say less", false}}},
      {"show",
       "Show [things]: it's easy",
       {{{"--depth"}, "How deep: [1, 9]", true}, {{"--all"}, "All", false}}},
      {"draw",
       "Draw",
       {{{"-f", "--format"}, "Format", true, {{"svg", "png"}}}, {{"--focus"}, "Around", true, {{}, true}}},
       {{}, true}},
      {"shell", "Shell", {}, {{"bash", "zsh"}}}};
}

TEST(CompletionTest, BashListsCommandsAndLeavesValuesToFileNames) {
  const std::string bash = bash_completion("tool", Commands());
  EXPECT_NE(bash.find("    '') options='-q --quiet' values='' ;;\n"), std::string::npos) << bash;
  EXPECT_NE(bash.find("    show) options='--depth --all' values='--depth' ;;\n"), std::string::npos) << bash;
  EXPECT_NE(bash.find("compgen -W 'show draw shell' -- \"$cur\""), std::string::npos) << bash;
  EXPECT_NE(bash.find("complete -o default -F _tool tool\n"), std::string::npos) << bash;
}

TEST(CompletionTest, BashOffersOptionValuesAndActorIds) {
  const std::string bash = bash_completion("tool", Commands());
  EXPECT_NE(bash.find("    draw:-f|draw:--format) _tool_offer 'svg png'; return ;;\n"), std::string::npos)
      << bash;
  EXPECT_NE(bash.find("    draw:--focus) _tool_offer \"$(_tool_actors)\"; return ;;\n"), std::string::npos)
      << bash;
  EXPECT_NE(bash.find("      draw) _tool_offer \"$(_tool_actors)\" ;;\n"), std::string::npos) << bash;
  EXPECT_NE(bash.find("      shell) _tool_offer 'bash zsh' ;;\n"), std::string::npos) << bash;
  EXPECT_NE(bash.find("\"${COMP_WORDS[0]}\" __actor-ids \"${load[@]}\" 2>/dev/null\n"), std::string::npos)
      << bash;
  EXPECT_EQ(bash.find("show:--depth)"), std::string::npos) << bash;  // a value with no list: file names
}

TEST(CompletionTest, ZshEscapesHelpText) {
  const std::string zsh = zsh_completion("tool", Commands());
  EXPECT_EQ(zsh.rfind("#compdef tool\n", 0), 0u);
  EXPECT_NE(zsh.find("    'show:Show \\[things\\]\\: it'\\''s easy'\n"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--depth[How deep\\: \\[1, 9\\]]:value:_files'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--all[All]'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'-q[Say less]'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--format[Format]:value:(svg png)'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--focus[Around]:value:_tool_actors'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'*:argument:_tool_actors' ;;"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("ids=(${(f)\"$(tool __actor-ids $load 2>/dev/null)\"})"), std::string::npos) << zsh;
}

}  // namespace
}  // namespace relmap
