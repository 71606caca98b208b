#include "cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "export.h"
#include "project.h"
#include "render.h"

namespace relmap {

namespace {

constexpr int kOk = 0;
constexpr int kDataError = 1;
constexpr int kUsageError = 2;

/// Options shared by the subcommands; each subcommand binds the ones it uses.
struct Options {
  LoadOptions load;
  std::string out_dir = "out";
  std::string output;  // -o FILE; "" or "-" for standard output
  std::string format;
  std::string engine = "auto";
  int timeout = 120;
};

/// Print the diagnostics to stderr with their source lines.
void print_diagnostics(const Diagnostics& diags) {
  std::cerr << diags.format(isatty(STDERR_FILENO) != 0);
}

void add_load_options(CLI::App* cmd, Options* o) {
  cmd->add_option("--schema", o->load.schema_path, "Schema file")
      ->capture_default_str()
      ->type_name("FILE");
  cmd->add_option("--data", o->load.data_path, "Facts folder (read recursively) or file")
      ->capture_default_str()
      ->type_name("PATH");
}

void add_render_options(CLI::App* cmd, Options* o) {
  std::vector<std::string> engines = layout_engines();
  engines.insert(engines.begin(), "auto");
  cmd->add_option("--engine", o->engine, "Layout engine; auto picks dot for small maps, sfdp for large")
      ->check(CLI::IsMember(engines))
      ->capture_default_str();
  cmd->add_option("--timeout", o->timeout, "Stop a layout after this many seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
}

/// Load and validate; prints diagnostics. Returns false on errors.
bool load(Options& o, Project* project) {
  Diagnostics diags;
  const bool ok = load_project(o.load, project, &diags);
  print_diagnostics(diags);
  return ok;
}

/// Write `content` to -o FILE (atomically) or standard output.
int emit(const Options& o, const std::string& content) {
  if (o.output.empty() || o.output == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return std::fflush(stdout) == 0 ? kOk : kDataError;
  }
  Diagnostics diags;
  const bool ok = write_outputs({{o.output, content}}, &diags);
  print_diagnostics(diags);
  return ok ? kOk : kDataError;
}

int cmd_validate(Options& o) {
  Diagnostics diags;
  Project project;
  const bool ok = load_project(o.load, &project, &diags);
  print_diagnostics(diags);
  std::printf("%zu entities, %zu relations in %zu files: %zu errors, %zu warnings\n",
              project.facts.entities.size(), project.facts.relations.size(),
              project.facts.files.size(), diags.error_count(), diags.warning_count());
  return ok ? kOk : kDataError;
}

int cmd_render(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  RenderOptions ro{o.format, o.engine, o.timeout};
  const MapSpec spec = full_map(*project.graph, "relmap", "");
  std::string out;
  Diagnostics diags;
  const bool ok = render_map(*project.graph, spec, ro, &out, &diags);
  print_diagnostics(diags);
  if (!ok) return kDataError;
  return emit(o, out);
}

int cmd_export(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  return emit(o, o.format == "graphml" ? to_graphml(*project.graph) : to_json(*project.graph));
}

int cmd_build(Options& o) {
  Project project;
  if (!load(o, &project)) return kDataError;
  const KnowledgeGraph& graph = *project.graph;
  Diagnostics diags;
  const MapSpec spec = full_map(graph, "relmap", "");
  std::vector<OutputFile> files;
  const std::string base = o.out_dir + "/relmap";
  for (const std::string format : {"dot", "svg"}) {
    std::string content;
    if (!render_map(graph, spec, {format, o.engine, o.timeout}, &content, &diags)) {
      print_diagnostics(diags);
      return kDataError;
    }
    files.push_back({base + "." + format, std::move(content)});
  }
  files.push_back({base + ".graphml", to_graphml(graph)});
  files.push_back({base + ".json", to_json(graph)});
  const bool ok = write_outputs(files, &diags);
  print_diagnostics(diags);
  if (!ok) return kDataError;
  for (const OutputFile& f : files) std::printf("wrote %s\n", f.path.c_str());
  return kOk;
}

/// One row per subcommand: its name, one line of help, how to set up its
/// options and what it runs.
struct Command {
  const char* name;
  const char* help;
  std::function<void(CLI::App*, Options*)> setup;
  std::function<int(Options&)> run;
};

std::vector<Command> commands() {
  return {
      {"validate", "Check the schema and the facts; print every problem as file:line:col",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--sources", o->load.sources_dir,
                       "Folder of source texts: check that every evidence quote occurs in its source")
             ->type_name("DIR");
       },
       cmd_validate},
      {"build", "Validate, then write the maps and exports into the output folder",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--out", o->out_dir, "Output folder")->capture_default_str()->type_name("DIR");
         c->add_option("--sources", o->load.sources_dir, "Also check evidence against these source texts")
             ->type_name("DIR");
         add_render_options(c, o);
       },
       cmd_build},
      {"render", "Draw the full map as DOT, SVG, PNG or PDF",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         o->format = "svg";
         c->add_option("--format,-f", o->format, "Output format")
             ->check(CLI::IsMember(render_formats()))
             ->capture_default_str();
         c->add_option("-o,--output", o->output, "Output file (default: standard output)")
             ->type_name("FILE");
         add_render_options(c, o);
       },
       cmd_render},
      {"export", "Export the graph as GraphML or node-link JSON",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--format,-f", o->format, "Export format")
             ->check(CLI::IsMember({"graphml", "json"}))
             ->required();
         c->add_option("-o,--output", o->output, "Output file (default: standard output)")
             ->type_name("FILE");
       },
       cmd_export},
  };
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"relmap: relationship maps of cybersecurity cooperation, from cited YAML facts"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "relmap 0.1.0");
  Options options;
  std::vector<Command> table = commands();
  std::vector<std::pair<CLI::App*, const Command*>> subcommands;
  for (const Command& c : table) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    c.setup(sub, &options);
    subcommands.emplace_back(sub, &c);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kUsageError;
  }
  for (const auto& [sub, command] : subcommands)
    if (sub->parsed()) return command->run(options);
  return kUsageError;
}

}  // namespace relmap
