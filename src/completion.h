// Shell completion scripts for bash and zsh, made from the commands and
// options the command line defines.
#pragma once

#include <string>
#include <vector>

namespace relmap {

/// An option as completion sees it: its names ("-o", "--output"), its help,
/// and whether a value follows it (completed as a file name).
struct CompletionOption {
  std::vector<std::string> names;
  std::string help;
  bool takes_value = false;
};

/// A command (or, with an empty name, the program itself) and its options.
struct CompletionCommand {
  std::string name;
  std::string help;
  std::vector<CompletionOption> options;
};

/// The bash completion script for `program`; `commands[0]` is the program
/// itself (its global options), the rest its subcommands.
std::string bash_completion(const std::string& program, const std::vector<CompletionCommand>& commands);

/// The zsh completion script (#compdef) for `program`, from the same list.
std::string zsh_completion(const std::string& program, const std::vector<CompletionCommand>& commands);

}  // namespace relmap
