// How the command line explains itself, from the same command table that
// parses it: help text in CLI11's layout without its internals (A B, not
// "A B(2x)"; no "x 2 REQUIRED") and wrapped to 80 columns, what each
// option's value may be (for the help, the man page and completions), the
// short usage of a bare `relmap`, errors for missing arguments in plain
// words, and the man page's sections beyond the help.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace relmap::cli {

/// What an option or a positional takes: said in errors, listed in the help
/// and offered by the completions.
struct ValueHint {
  std::string what;                     ///< "two actors", "the export format": for errors.
  std::vector<std::string> words = {};  ///< The values it accepts, if a fixed list.
  bool actors = false;                  ///< Actor ids of the project (completions).
};

/// Say what `opt` takes. The hint lives as long as the program.
void hint_values(const CLI::Option* opt, ValueHint hint);

/// What `opt` takes, or nullptr if nothing was said.
const ValueHint* value_hint(const CLI::Option* opt);

/// A command line for the help and the man page, and what it does.
struct Example {
  std::string line;  ///< "relmap path lao-cert jpcert"
  std::string says;  ///< "How Lao CERT is linked to JPCERT, each hop cited"
};

/// `text` with line breaks where a line would pass `width` columns: the
/// first line starts at column `column`, the next lines are indented to it.
/// Line breaks in `text` are kept.
std::string wrap(std::string_view text, std::size_t column, std::size_t width = 80);

/// CLI11's help layout, written for people: positionals by their names,
/// defaults, needed and excluded options and accepted values said in the
/// description, every line at most 80 columns.
class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  std::string make_description(const CLI::App* app) const override;
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* opt) const override;
  std::string make_option_desc(const CLI::Option* opt) const override;
  std::string make_option_usage(const CLI::Option* opt) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_footer(const CLI::App* app) const override;
};

/// The commands of `app` that people see (not the hidden ones).
std::vector<const CLI::App*> visible_commands(const CLI::App& app);

/// What a bare `relmap` prints: how to call it, the commands, where the help is.
std::string short_usage(const CLI::App& app);

/// "relmap path needs two actors, got one ('laos'): relmap path [OPTIONS] A
/// B" for the first argument or option `command` needs that the command
/// line left out or cut short; "" if none is missing.
std::string missing_arguments(const CLI::App& command);

/// The footer of a command's help: its examples.
std::string examples_text(const std::vector<Example>& examples);

/// The man page's sections after its options, as help2man --include reads
/// them: COMMANDS (each command's usage, description and options), EXAMPLES
/// (every command's, from `examples`: command name, its examples), EXIT
/// STATUS, ENVIRONMENT and FILES (from the exit codes, file names and
/// variables the program uses).
std::string man_sections(const CLI::App& app,
                         const std::vector<std::pair<std::string, std::vector<Example>>>& examples);

}  // namespace relmap::cli
