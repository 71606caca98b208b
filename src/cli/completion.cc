#include "cli/completion.h"

namespace relmap {

namespace {

/// `words` joined by spaces.
std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

/// Every name of `command`'s options; with `values`, only those taking a value.
std::vector<std::string> option_names(const CompletionCommand& command, bool values) {
  std::vector<std::string> names;
  for (const CompletionOption& o : command.options)
    if (!values || o.takes_value) names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

/// `text` inside a single-quoted shell word.
std::string single_quoted(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out;
}

/// Help text as zsh shows it in a description: brackets and colons escaped.
std::string zsh_help(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, text.find('\n'))) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return single_quoted(out);
}

/// `patterns` of a bash case, "a|b".
std::string alternatives(const std::vector<std::string>& patterns) {
  std::string out;
  for (const std::string& p : patterns) out += (out.empty() ? "" : "|") + p;
  return out;
}

/// The bash words that offer `values`: a fixed list, or the actor ids.
std::string bash_offer(const std::string& program, const CompletionValues& values) {
  if (values.actors) return "_" + program + "_offer \"$(_" + program + "_actors)\"";
  return "_" + program + "_offer '" + single_quoted(joined(values.words)) + "'";
}

bool offers(const CompletionValues& values) { return values.actors || !values.words.empty(); }

/// The zsh action that completes `values`: the words, the actor ids, or files.
std::string zsh_action(const std::string& program, const CompletionValues& values) {
  if (values.actors) return "_" + program + "_actors";
  if (values.words.empty()) return "_files";
  std::string words;
  for (const std::string& w : values.words) words += (words.empty() ? "" : " ") + w;
  return "(" + words + ")";
}

}  // namespace

std::string bash_completion(const std::string& program, const std::vector<CompletionCommand>& commands) {
  std::vector<std::string> names;
  for (std::size_t i = 1; i < commands.size(); ++i) names.push_back(commands[i].name);
  const std::string function = "_" + program;
  std::string out = "# bash completion for " + program + ", made by '" + program + " completion bash'\n";
  out += "# The actor ids of the project the command line is in (or names with --schema and --data).\n";
  out += function + "_actors() {\n";
  out += "  local i load=()\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
  out +=
      "    case ${COMP_WORDS[i]} in --schema|--data) load+=(\"${COMP_WORDS[i]}\" \"${COMP_WORDS[i+1]}\") ;; "
      "esac\n";
  out += "  done\n";
  out += "  \"${COMP_WORDS[0]}\" " + std::string(kActorIdsCommand) + " \"${load[@]}\" 2>/dev/null\n";
  out += "}\n";
  out += "# Offer the words $1 for the value being typed, or for its last item after a comma.\n";
  out += function + "_offer() {\n";
  out += "  local last=${cur##*,}\n";
  out += "  COMPREPLY=($(compgen -W \"$1\" -P \"${cur%\"$last\"}\" -- \"$last\"))\n";
  out += "}\n";
  out += function + "() {\n";
  out += "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= i\n";
  out += "  # --option=value: bash splits the word at the =.\n";
  out += "  [[ $cur == = ]] && cur=\n";
  out += "  [[ $prev == = ]] && ((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD-2]}\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
  out += "    case ${COMP_WORDS[i]} in -*) ;; *) command=${COMP_WORDS[i]}; break ;; esac\n";
  out += "  done\n";
  out += "  local options= values=\n";
  out += "  case $command in\n";
  for (const CompletionCommand& c : commands) {
    out += "    " + (c.name.empty() ? std::string("''") : c.name) + ") options='" +
           single_quoted(joined(option_names(c, false))) + "' values='" +
           single_quoted(joined(option_names(c, true))) + "' ;;\n";
  }
  out += "  esac\n";
  out += "  COMPREPLY=()\n";
  out += "  # The value of an option that takes known words or actor ids.\n";
  out += "  case $command:$prev in\n";
  for (const CompletionCommand& c : commands)
    for (const CompletionOption& o : c.options) {
      if (!offers(o.values)) continue;
      std::vector<std::string> patterns;
      for (const std::string& name : o.names) patterns.push_back((c.name.empty() ? "" : c.name) + ":" + name);
      out += "    " + alternatives(patterns) + ") " + bash_offer(program, o.values) + "; return ;;\n";
    }
  out += "  esac\n";
  out += "  # The value of any other option: left to bash's file name completion.\n";
  out += "  [[ -n $values && \" $values \" == *\" $prev \"* ]] && return\n";
  out += "  if [[ $cur == -* ]]; then\n";
  out += "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n";
  out += "  elif [[ -z $command || $command == help ]]; then\n";
  out += "    COMPREPLY=($(compgen -W '" + single_quoted(joined(names)) + "' -- \"$cur\"))\n";
  out += "  else\n";
  out += "    case $command in\n";
  for (const CompletionCommand& c : commands)
    if (!c.name.empty() && offers(c.arguments))
      out += "      " + c.name + ") " + bash_offer(program, c.arguments) + " ;;\n";
  out += "    esac\n";
  out += "  fi\n";
  out += "}\n";
  out += "complete -o default -F " + function + " " + program + "\n";
  return out;
}

std::string zsh_completion(const std::string& program, const std::vector<CompletionCommand>& commands) {
  auto specs = [&](const CompletionCommand& c, const std::string& indent) {
    std::string out;
    for (const CompletionOption& o : c.options)
      for (const std::string& name : o.names)
        out += " \\\n" + indent + "'" + name + "[" + zsh_help(o.help) + "]" +
               (o.takes_value ? ":value:" + zsh_action(program, o.values) : "") + "'";
    return out;
  };
  const std::string function = "_" + program;
  std::string out = "#compdef " + program + "\n# zsh completion for " + program + ", made by '" + program +
                    " completion zsh'\n";
  out += "# The actor ids of the project the command line is in (or names with --schema and --data).\n";
  out += function + "_actors() {\n";
  out += "  local -a ids load\n  local i\n";
  out += "  for ((i = 1; i < $#words; i++)); do\n";
  out += "    [[ $words[i] == (--schema|--data) ]] && load+=($words[i] $words[i+1])\n";
  out += "  done\n";
  out += "  ids=(${(f)\"$(" + program + " " + kActorIdsCommand + " $load 2>/dev/null)\"})\n";
  out += "  compadd -a ids\n}\n";
  out += function + "() {\n";
  out += "  local -a commands\n  commands=(\n";
  for (std::size_t i = 1; i < commands.size(); ++i)
    out += "    '" + commands[i].name + ":" + zsh_help(commands[i].help) + "'\n";
  out += "  )\n";
  out += "  local curcontext=$curcontext state line\n";
  out += "  _arguments -C" + specs(commands.front(), "    ") +
         " \\\n    '1: :->command' \\\n    '*:: :->args' && return\n";
  out += "  case $state in\n";
  out += "    command) _describe -t commands '" + program + " command' commands ;;\n";
  out += "    args)\n      case $words[1] in\n";
  out += "        help) _describe -t commands '" + program + " command' commands ;;\n";
  for (std::size_t i = 1; i < commands.size(); ++i) {
    if (commands[i].options.empty()) continue;
    const std::string arguments = offers(commands[i].arguments)
                                      ? "'*:argument:" + zsh_action(program, commands[i].arguments) + "'"
                                      : std::string("'*:file:_files'");
    out += "        " + commands[i].name + ") _arguments" + specs(commands[i], "            ") +
           " \\\n            " + arguments + " ;;\n";
  }
  out += "      esac ;;\n  esac\n}\n";
  out += function + " \"$@\"\n";
  return out;
}

}  // namespace relmap
