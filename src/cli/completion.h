// Shell completion scripts for bash and zsh, made from the commands and
// options the command line defines.
#pragma once

#include <string>
#include <vector>

namespace relmap {

/// What completion offers for a value: a fixed list of words, the actor ids
/// of the project (asked of the program: `PROGRAM __actor-ids`), or else
/// file names.
struct CompletionValues {
  std::vector<std::string> words;
  bool actors = false;
};

/// An option as completion sees it: its names ("-o", "--output"), its help,
/// whether a value follows it, and what that value may be.
struct CompletionOption {
  std::vector<std::string> names;
  std::string help;
  bool takes_value = false;
  CompletionValues values = {};
};

/// A command (or, with an empty name, the program itself), its options and
/// what its arguments (positionals) may be.
struct CompletionCommand {
  std::string name;
  std::string help;
  std::vector<CompletionOption> options;
  CompletionValues arguments = {};
};

/// The hidden command that prints the project's actor ids, one per line.
inline constexpr const char* kActorIdsCommand = "__actor-ids";

/// The bash completion script for `program`; `commands[0]` is the program
/// itself (its global options), the rest its subcommands.
std::string bash_completion(const std::string& program, const std::vector<CompletionCommand>& commands);

/// The zsh completion script (#compdef) for `program`, from the same list.
std::string zsh_completion(const std::string& program, const std::vector<CompletionCommand>& commands);

}  // namespace relmap
