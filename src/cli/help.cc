#include "cli/help.h"

#include <map>
#include <memory>

#include "base/text.h"
#include "cli/commands.h"
#include "project/project.h"

namespace relmap::cli {

namespace {

constexpr std::size_t kColumn = 30;  // where descriptions start
constexpr const char* kExamplesHeading = "Examples:";

/// The hints of every option, set while the command line is defined.
std::map<const CLI::Option*, ValueHint>& hints() {
  static std::map<const CLI::Option*, ValueHint> all;
  return all;
}

/// Columns `text` takes on a terminal: its characters, not its bytes.
std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// "a, b or c".
std::string either(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

/// "one", "two", … for counts in messages.
std::string count_word(std::size_t n) {
  static const char* const kWords[] = {"none", "one", "two", "three", "four"};
  return n < 5 ? kWords[n] : std::to_string(n);
}

/// The column where the text of a footer line goes on when it wraps: after
/// "  NAME  " in a two-column line, else after its indentation.
std::size_t hanging_column(std::string_view line) {
  const std::size_t lead = line.find_first_not_of(' ');
  if (lead == std::string_view::npos) return 0;
  const std::size_t gap = line.find("  ", lead);
  if (lead == 0 || gap == std::string_view::npos) return lead;
  const std::size_t text = line.find_first_not_of(' ', gap);
  return text == std::string_view::npos ? lead : text;
}

/// `name` padded to the description column, and the description wrapped.
std::string two_columns(const std::string& name, const std::string& description) {
  if (description.empty()) return name + "\n";
  if (columns(name) + 2 > kColumn)
    return name + "\n" + std::string(kColumn, ' ') + wrap(description, kColumn) + "\n";
  return name + std::string(kColumn - columns(name), ' ') + wrap(description, kColumn) + "\n";
}

/// Text for roff: backslashes and hyphens escaped, no line read as a request.
std::string roff(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((i == 0 || text[i - 1] == '\n') && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  return out;
}

/// `usage` without its "Usage: " and line end.
std::string usage_line(const CLI::App& command) {
  const auto formatter = std::dynamic_pointer_cast<CLI::Formatter>(command.get_formatter());
  std::string name = "relmap";
  if (command.get_parent() != nullptr) name += " " + command.get_name();
  std::string usage = formatter ? formatter->make_usage(&command, name) : name;
  if (const std::size_t colon = usage.find(": "); colon != std::string::npos && colon < 8)
    usage.erase(0, colon + 2);
  while (!usage.empty() && usage.back() == '\n') usage.pop_back();
  return usage;
}

/// The options of `command` that help shows, positionals first.
std::vector<const CLI::Option*> shown_options(const CLI::App& command, bool positional) {
  return command.get_options([&](const CLI::Option* o) {
    return !o->get_group().empty() && o->get_positional() == positional && o != command.get_help_ptr();
  });
}

/// One command in the COMMANDS section of the man page.
std::string man_command(const CLI::App& command, const HelpFormatter& format) {
  std::string out = ".SS \"relmap " + command.get_name() + "\"\n";
  out += "\\fB" + roff(usage_line(command)) + "\\fR\n.br\n" + roff(command.get_description()) + "\n";
  for (bool positional : {true, false})
    for (const CLI::Option* o : shown_options(command, positional)) {
      out += ".TP\n\\fB" + roff(format.make_option_name(o, positional)) + "\\fR";
      if (!positional) out += "\\fI" + roff(format.make_option_opts(o)) + "\\fR";
      out += "\n" + roff(format.make_option_desc(o)) + "\n";
    }
  // The footer, but for the examples: the EXAMPLES section has them all.
  const std::string text = command.get_footer();
  std::string_view footer = std::string_view(text).substr(0, text.find(kExamplesHeading));
  while (!footer.empty()) {
    const std::string_view line = footer.substr(0, footer.find('\n'));
    footer.remove_prefix(std::min(footer.size(), line.size() + 1));
    const std::size_t lead = line.find_first_not_of(' '), column = hanging_column(line);
    if (lead == std::string_view::npos) continue;
    if (lead == 0 || column == lead) {
      out += ".PP\n" + roff(line.substr(lead)) + "\n";
      continue;
    }
    std::string_view tag = line.substr(lead, column - lead);
    tag = tag.substr(0, tag.find_last_not_of(' ') + 1);
    out += ".TP\n\\fB" + roff(tag) + "\\fR\n" + roff(line.substr(column)) + "\n";
  }
  return out;
}

/// A tagged paragraph of the man page.
std::string tagged(const std::string& tag, const std::string& text) {
  return ".TP\n\\fB" + roff(tag) + "\\fR\n" + roff(text) + "\n";
}

/// Facts the man page states beside the commands.
struct ManFacts {
  std::vector<std::pair<int, std::string>> exit_codes;           ///< Code, meaning.
  std::vector<std::pair<std::string, std::string>> environment;  ///< Variable, what it changes.
  std::vector<std::pair<std::string, std::string>> files;        ///< Path, what it is.
};

/// What the man page says besides the commands, from the constants the
/// program uses.
ManFacts man_facts() {
  const ProjectPaths defaults;
  return {{{kOk, "Success."},
           {kDataError,
            "Errors in the data or the schema, a file that cannot be read or written, or no answer "
            "(no path between the actors)."},
           {kUsageError,
            "A mistake in the command line: an unknown command or option, a missing argument, a "
            "value out of range."}},
          {{"NO_COLOR",
            "When set and not empty, errors are never coloured (they are only on a terminal, and not "
            "when TERM is dumb)."},
           {"TMPDIR",
            "Where diff extracts a git revision's schema and data (default /tmp); removed afterwards."}},
          {{kProjectFile, "Marks a project's root (as " + std::string(kSchemaFile) +
                              " does); may name its schema, data, sources and out folders, relative to it."},
           {kSchemaFile, "The schema: the actor and relation types the facts may use."},
           {defaults.data + "/", "The facts: YAML files, read recursively."},
           {kCacheFolder,
            "Kept in the project's root: facts already parsed, the compiled snapshot, map positions "
            "and the previous edition. Delete it for fresh layouts."},
           {defaults.out + "/", "What build and report write; replaced as a whole."}}};
}

}  // namespace

void hint_values(const CLI::Option* opt, ValueHint hint) { hints()[opt] = std::move(hint); }

const ValueHint* value_hint(const CLI::Option* opt) {
  const auto it = hints().find(opt);
  return it == hints().end() ? nullptr : &it->second;
}

std::string wrap(std::string_view text, std::size_t column, std::size_t width) {
  std::string out;
  std::size_t at = column;
  bool line_start = true;
  auto new_line = [&] {
    out += "\n" + std::string(column, ' ');
    at = column;
    line_start = true;
  };
  for (std::size_t p = 0; p <= text.size();) {
    const std::size_t end = std::min(text.find('\n', p), text.size());
    if (p > 0) new_line();
    const std::string_view paragraph = text.substr(p, end - p);
    for (std::size_t w = 0; w < paragraph.size();) {
      const std::size_t stop = std::min(paragraph.find(' ', w), paragraph.size());
      const std::string_view word = paragraph.substr(w, stop - w);
      w = stop + 1;
      if (word.empty()) continue;
      if (!line_start && at + 1 + columns(word) > width) new_line();
      if (!line_start) out += ' ', ++at;
      out += word;
      at += columns(word);
      line_start = false;
    }
    p = end + 1;
  }
  return out;
}

HelpFormatter::HelpFormatter() {
  column_width(kColumn);
  label("SUBCOMMAND", "COMMAND");
  label("Positionals", "Arguments");
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = app->get_description();
  return description.empty() ? "" : wrap(description, 0) + "\n";
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  const std::string name =
      make_option_name(opt, is_positional) + (is_positional ? "" : make_option_opts(opt));
  return two_columns("  " + name, make_option_desc(opt));
}

std::string HelpFormatter::make_option_name(const CLI::Option* opt, bool is_positional) const {
  return is_positional ? opt->get_name(true, false) : opt->get_name(false, true);
}

std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
  if (opt->get_type_size() == 0) return "";
  const std::string type = opt->get_type_name();
  return " " + type.substr(0, type.find(':'));  // without CLI11's ":{a,b}" of a check
}

std::string HelpFormatter::make_option_desc(const CLI::Option* opt) const {
  std::string desc = opt->get_description();
  auto says = [&](const std::string& name) { return desc.find(name) != std::string::npos; };
  if (const ValueHint* hint = value_hint(opt); hint != nullptr && !hint->words.empty())
    desc += ": " + either(hint->words);
  if (!opt->get_default_str().empty() && opt->get_type_size() != 0 && !says("default"))
    desc += " (default: " + opt->get_default_str() + ")";
  if (opt->get_required() && opt->nonpositional()) desc += " (required)";
  for (const CLI::Option* other : opt->get_needs())
    if (!says(other->get_name())) desc += " (with " + other->get_name() + ")";
  for (const CLI::Option* other : opt->get_excludes())
    if (!says(other->get_name())) desc += " (not with " + other->get_name() + ")";
  return desc;
}

std::string HelpFormatter::make_option_usage(const CLI::Option* opt) const {
  const std::string name = make_option_name(opt, true);
  return opt->get_required() ? name : "[" + name + "]";
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  return two_columns("  " + sub->get_name(), sub->get_description());
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  const std::string text = app->get_footer();
  std::string_view footer = text;
  if (footer.empty()) return "";
  std::string out;
  while (!footer.empty()) {
    const std::string_view line = footer.substr(0, footer.find('\n'));
    footer.remove_prefix(std::min(footer.size(), line.size() + 1));
    const std::size_t column = hanging_column(line);
    out += std::string(line.substr(0, column)) + wrap(line.substr(column), column) + "\n";
  }
  return out;
}

std::vector<const CLI::App*> visible_commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::string short_usage(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : visible_commands(app)) names.push_back(sub->get_name());
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  return "Usage: " + usage_line(app) + "\nCommands: " + wrap(list, 10) +
         "\n'relmap help' describes them, 'relmap help COMMAND' one command and its options.\n";
}

std::string missing_arguments(const CLI::App& command) {
  const std::string name = "relmap " + command.get_name();
  for (bool positional : {true, false})
    for (const CLI::Option* o : shown_options(command, positional)) {
      const std::size_t got = o->count();
      const auto need = static_cast<std::size_t>(std::max(o->get_expected_min(), 0));
      if (!(got == 0 && o->get_required()) && !(got > 0 && got < need)) continue;
      const ValueHint* hint = value_hint(o);
      std::string what = hint != nullptr && !hint->what.empty() ? hint->what : o->get_description();
      std::string given;
      for (const std::string& value : o->results())
        given += (given.empty() ? "'" : ", '") + visible_text(value) + "'";
      if (positional) {
        std::string out = name + " needs " + what;
        if (got > 0) out += ", got " + count_word(got) + " (" + given + ")";
        return out + ": " + usage_line(command);
      }
      std::string out = (got > 0 ? name + " " + o->get_name() : name) + " needs ";
      if (got == 0)
        out += o->get_name() + " (" + what + ")";
      else
        out += what + ", got " + count_word(got) + " (" + given + ")";
      if (hint != nullptr && !hint->words.empty()) out += ": " + either(hint->words);
      return out + "; 'relmap help " + command.get_name() + "' says more";
    }
  return "";
}

std::string examples_text(const std::vector<Example>& examples) {
  if (examples.empty()) return "";
  std::string out = kExamplesHeading;
  for (const Example& e : examples) out += "\n  " + e.line + "\n      " + e.says;
  return out;
}

std::string man_sections(const CLI::App& app,
                         const std::vector<std::pair<std::string, std::vector<Example>>>& examples) {
  const ManFacts facts = man_facts();
  const auto format = std::dynamic_pointer_cast<HelpFormatter>(app.get_formatter());
  const HelpFormatter plain;
  std::string out = "[COMMANDS]\n";
  for (const CLI::App* sub : visible_commands(app))
    if (sub->get_name() != "help") out += man_command(*sub, format ? *format : plain);
  out += "\n[EXAMPLES]\n";
  for (const auto& [command, list] : examples)
    for (const Example& e : list) out += tagged(e.line, e.says);
  out += "\n[EXIT STATUS]\n";
  for (const auto& [code, meaning] : facts.exit_codes) out += tagged(std::to_string(code), meaning);
  out += "\n[ENVIRONMENT]\n";
  for (const auto& [variable, effect] : facts.environment) out += tagged(variable, effect);
  out += "\n[FILES]\n";
  for (const auto& [path, what] : facts.files) out += tagged(path, what);
  return out;
}

}  // namespace relmap::cli
