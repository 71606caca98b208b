#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "base/child.h"
#include "base/spellcheck.h"
#include "base/temporaries.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/help.h"
#include "maps/views.h"
#include "output/export.h"
#include "project/project.h"
#include "project/request.h"
#include "query/query.h"
#include "render/layout.h"
#include "render/libraries.h"
#include "render/render.h"
#include "version.h"

namespace relmap {

namespace {

using namespace cli;

void add_load_options(CLI::App* cmd, Options* o) {
  cmd->add_option("--schema", o->load.schema_path, "Schema file")->capture_default_str()->type_name("FILE");
  cmd->add_option("--data", o->load.data_path, "Facts folder (read recursively) or file")
      ->capture_default_str()
      ->type_name("PATH");
}

/// A number as a message shows it: 1200, 0.5.
template <typename T>
std::string number_text(T value) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

/// A numeric option checked as a person would say it: "--depth: 'two' is
/// not a whole number", "--top must be at least 1", "--dpi must be between
/// 30 and 1200". `max` at the type's largest means no upper bound.
template <typename T>
CLI::Option* add_number(CLI::App* cmd, const std::string& name, T* target, T min, T max,
                        const std::string& help) {
  auto check = [=](const std::string& text) {
    const bool minus = !text.empty() && text[0] == '-';
    const bool skip = (minus && std::is_unsigned_v<T>) || (!text.empty() && text[0] == '+');
    T value{};
    const auto [stop, ec] = std::from_chars(text.data() + skip, text.data() + text.size(), value);
    if (text.size() == std::size_t{skip} || stop != text.data() + text.size() ||
        ec == std::errc::invalid_argument)
      throw CLI::ValidationError(name, "'" + visible_text(text) + "' is not a " +
                                           (std::is_integral_v<T> ? "whole number" : "number"));
    // Out of the type's range, `value` is untouched: the sign says which way.
    const bool out_of_range = ec == std::errc::result_out_of_range || (minus && std::is_unsigned_v<T>);
    const bool below = out_of_range ? minus : !(value >= min);
    const bool above = out_of_range ? !minus : !(value <= max);
    if (!below && !above) {
      *target = value;
      return;
    }
    if (max != std::numeric_limits<T>::max())
      throw CLI::ValidationError(name + " must be between " + number_text(min) + " and " + number_text(max));
    if (below) throw CLI::ValidationError(name + " must be at least " + number_text(min));
    throw CLI::ValidationError(name, "'" + visible_text(text) + "' is too large");
  };
  return cmd->add_option_function<std::string>(name, check, help)->type_name("N");
}

/// An option that names a value of an enum (base/named.h): one of its names,
/// the default its current value's.
template <typename E>
CLI::Option* add_named_option(CLI::App* cmd, const std::string& name, E* target, const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name, [target](const std::string& text) { *target = *value_named<E>(text); }, help)
      ->check(CLI::IsMember(names_of<E>()))
      ->default_str(name_of(*target));
}

/// Options of how maps look: theme, clusters, legend, size.
void add_style_options(CLI::App* cmd, Options* o) {
  CLI::Option* theme = add_named_option(cmd, "--theme", &o->render.theme, "Colour theme")->type_name("THEME");
  hint_values(theme, {"the colour theme", names_of<ColourTheme>()});
  cmd->add_flag("--clusters", o->render.clusters,
                "Gather institutions in clusters by the country they belong to");
  cmd->add_flag("--no-legend", o->no_legend, "Leave out the legend");
  cmd->add_flag("--fixed-size", o->render.fixed_size,
                "Keep a fixed width and height in the SVG (default: scale to the container)");
  cmd->add_flag("--whole", o->render.whole,
                "Draw each map in one piece, as large as it needs (default: split into parts where it cannot "
                "fit its page)");
}

void add_render_options(CLI::App* cmd, Options* o) {
  CLI::Option* engine =
      add_named_option(cmd, "--engine", &o->engine,
                       "Layout engine; auto picks dot for small maps, neato for medium, sfdp "
                       "for large (fdp with --clusters)")
          ->type_name("ENGINE");
  hint_values(engine, {"the layout engine", names_of<Engine>()});
  add_number(cmd, "--timeout", &o->timeout, 1, 86400, "Stop a layout after this many seconds")
      ->default_str(std::to_string(o->timeout));
}

/// build and report: how many maps are laid out at once.
void add_jobs_option(CLI::App* cmd, Options* o) {
  add_number(cmd, "--jobs", &o->jobs, std::size_t{1}, std::size_t{1024},
             "Lay out this many maps at once, each in a process of its own; the output is the same "
             "whatever the number")
      ->default_str("one per core")
      ->type_name("N");
}

/// A length with its unit (cm, mm, in, pt) in points, or -1.
double length_points(const std::string& text) {
  static const std::pair<const char*, double> kUnits[] = {
      {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"in", 72}, {"pt", 1}};
  for (const auto& [unit, points] : kUnits) {
    const std::size_t n = std::char_traits<char>::length(unit);
    if (text.size() <= n || text.compare(text.size() - n, n, unit) != 0) continue;
    try {
      std::size_t used = 0;
      const double value = std::stod(text.substr(0, text.size() - n), &used);
      return used == text.size() - n && value > 0 && value < 1e5 ? value * points : -1;
    } catch (const std::exception&) {
      return -1;
    }
  }
  return -1;
}

/// --width and --dpi: the size of PNG and PDF maps on the page.
void add_picture_options(CLI::App* cmd, Options* o) {
  cmd->add_option_function<std::string>(
         "--width",
         [o](const std::string& text) {
           o->width_points = length_points(text);
           if (o->width_points <= 0)
             throw CLI::ValidationError("--width",
                                        "'" + text + "' is not a length such as 16cm, 160mm, 6.5in or 460pt");
         },
         "png, pdf: width on the page, e.g. 16cm, 160mm, 6.5in (default: the map's own size)")
      ->type_name("LENGTH");
  add_number(cmd, "--dpi", &o->dpi, 30.0, 1200.0,
             "png: pixels per inch, also written into the file (default 150)");
}

void add_filter_options(CLI::App* cmd, Options* o) {
  for (const FilterField& field : filter_fields()) {
    const std::string flag = "--" + std::string(field.name);
    CLI::Option* option = nullptr;
    switch (field.kind) {
      case FilterField::Kind::kList:
        option = cmd->add_option(flag, o->filters.*field.list, field.help)->delimiter(',');
        break;
      case FilterField::Kind::kText:
        option = cmd->add_option(flag, o->filters.*field.text, field.help);
        if (!field.choices.empty()) option->check(CLI::IsMember(field.choices));
        break;
      case FilterField::Kind::kFlag:
        option = cmd->add_flag(flag, o->filters.*field.flag, field.help);
        break;
      case FilterField::Kind::kCount:
        option = add_number(cmd, flag, &(o->filters.*field.count), std::size_t{1},
                            std::numeric_limits<std::size_t>::max(), field.help);
        break;
    }
    if (field.kind != FilterField::Kind::kFlag && field.kind != FilterField::Kind::kCount)
      option->type_name(field.value_name);
    if (field.actors) hint_values(option, {"actors", {}, true});
    if (!field.choices.empty()) hint_values(option, {field.choice_name, field.choices, false});
  }
}

/// --rank: how the paths of an answer are ordered.
CLI::Option* add_rank_option(CLI::App* cmd, Options* o) {
  const std::map<std::string, Rank> ranks = {
      {"length", Rank::kLength}, {"supported", Rank::kSupported}, {"informative", Rank::kInformative}};
  CLI::Option* rank =
      cmd->add_option(
             "--rank", o->path.rank,
             "How paths are ordered: length (hops, or weights with --weighted); supported (the support of "
             "the weakest hop first: credibility, reliability, independent sources; then length); "
             "informative (paths through hubs last, as degree-weighted path counts weigh them)")
          ->transform(CLI::CheckedTransformer(ranks))
          ->default_str("length")
          ->type_name("RANK");
  hint_values(rank, {"a ranking", {"length", "supported", "informative"}, false});
  return rank;
}

/// --format, whose default is the first of `formats`; and -o FILE.
void add_format_option(CLI::App* cmd, Options* o, const std::vector<Format>& formats) {
  std::vector<std::string> names;
  for (Format f : formats) names.push_back(name_of(f));
  hint_values(cmd->add_option_function<std::string>(
                     "--format,-f", [o](const std::string& name) { o->format = *value_named<Format>(name); },
                     "Output format")
                  ->check(CLI::IsMember(names))
                  ->default_str(names.front())
                  ->type_name("FORMAT"),
              {"the output format", names});
  cmd->preparse_callback([o, first = formats.front()](std::size_t) { o->format = first; });
  cmd->add_option("-o,--output", o->output, "Output file (default: standard output)")->type_name("FILE");
}

/// Fill in the paths the command line left out from the project the current
/// folder is in, and from its relmap.yaml (locate_project, request.h).
/// Paths stay relative to the current folder. kOk, or the exit code after
/// saying why not.
int locate_project(const CLI::App& command, Options* o) {
  std::error_code ec;
  const std::filesystem::path cwd = std::filesystem::current_path(ec);
  ProjectLocation where;
  where.cwd = ec ? std::string() : cwd.string();
  where.schema_given = command.count("--schema") > 0;
  where.data_given =
      command.get_option_no_throw("--data") == nullptr || command.count("--data") > 0;  // or not asked
  where.sources_asked =
      command.get_option_no_throw("--sources") != nullptr && command.count("--sources") == 0;
  where.out_asked = command.get_option_no_throw("--out") != nullptr && command.count("--out") == 0;
  where.validate_one_file = where.data_given && command.get_name() == "validate" &&
                            o->load.data_path != kDataFromStdin &&
                            std::filesystem::is_regular_file(o->load.data_path, ec);
  Diagnostics diags;
  LocatedProject found;
  const Outcome outcome = locate_project(where, &found, &diags);
  print_diagnostics(diags);
  if (outcome != Outcome::kOk) return exit_code(outcome);
  if (found.root.empty()) return kOk;
  o->project_data = found.project_data;
  if (!found.schema.empty()) o->load.schema_path = found.schema;
  if (!found.data.empty()) o->load.data_path = found.data;
  o->load.context_data = found.context_data;
  if (!found.sources.empty()) o->load.sources_dir = found.sources;
  o->missing_sources = found.missing_sources;
  if (!found.out.empty()) o->out_dir = found.out;
  return kOk;
}

/// One row per subcommand: its name, one line of help, how to set up its
/// options and what it runs.
struct Command {
  const char* name;
  const char* help;
  std::function<void(CLI::App*, Options*)> setup;
  std::function<int(Options&)> run;
  bool draws_maps = false;             ///< Always; others when asked for a picture (a render format but dot).
  std::vector<Example> examples = {};  ///< For its help and the man page; cli_test runs them.
};

std::vector<Command> commands() {
  return {
      {"validate",
       "Check the schema and the facts; print every problem as file:line:col",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--sources", o->load.sources_dir,
                       "Folder of source texts: check that every evidence quote occurs in its source")
             ->type_name("DIR");
       },
       cmd_validate,
       false,
       {{"relmap validate", "Check the project's schema and facts, and every quote against its article"},
        {"relmap validate --data new.yaml", "Check one new facts file among the project's facts"}}},
      {"build",
       "Validate, then write the maps and exports into the output folder",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--out", o->out_dir,
                       "Output folder, replaced as a whole: files put there by hand are removed")
             ->capture_default_str()
             ->type_name("DIR");
         c->add_option("--sources", o->load.sources_dir, "Also check evidence against these source texts")
             ->type_name("DIR");
         add_render_options(c, o);
         add_style_options(c, o);
         c->add_flag("--full-map", o->full_map,
                     "Draw every actor in the overview, also past 300 (else a summary map)");
         add_number(c, "--sources-per-page", &o->sources_per_page, std::size_t{0}, std::size_t{100000},
                    "Past this many sources, write report.html as an index with pages of this many sources "
                    "each (0: one page)")
             ->default_str(std::to_string(o->sources_per_page));
         add_jobs_option(c, o);
       },
       cmd_build,
       true,
       {{"relmap build", "Write every map, export and the report into the project's out/"}}},
      {"diff",
       "What changed from one edition to another (data folders or git revisions): actors and relations "
       "added, removed, changed",
       [](CLI::App* c, Options* o) {
         c->add_option("--schema", o->load.schema_path, "Schema file")
             ->capture_default_str()
             ->type_name("FILE");
         hint_values(
             c->add_option("OLD NEW", o->editions,
                           "The older and the newer edition: each a data folder, or a git revision (HEAD~1, "
                           "a tag) of the project's schema and data")
                 ->required()
                 ->expected(2),
             {"two editions, each a data folder or a git revision"});
         c->add_flag_callback(
             "--json", [o] { o->format = Format::kJson; }, "Write JSON (same as -f json)");
         add_format_option(c, o, {Format::kText, Format::kJson});
       },
       cmd_diff,
       false,
       {{"relmap diff HEAD~1 data", "What the facts in data/ change since the last commit"}}},
      {"report",
       "Write report.html (self-contained) and report.md with the maps they show",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--out", o->out_dir,
                       "Output folder, replaced as a whole: files put there by hand are removed")
             ->capture_default_str()
             ->type_name("DIR");
         add_render_options(c, o);
         add_style_options(c, o);
         add_number(c, "--sources-per-page", &o->sources_per_page, std::size_t{0}, std::size_t{100000},
                    "Past this many sources, write report.html as an index with pages of this many sources "
                    "each (0: one page)")
             ->default_str(std::to_string(o->sources_per_page));
         add_jobs_option(c, o);
       },
       cmd_report,
       true,
       {{"relmap report --theme dark", "The report alone, with maps in the dark theme"}}},
      {"render",
       "Draw a map: the full map, a source's facts, around an actor, or a path",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         hint_values(c->add_option("--focus", o->focus, "Draw the actors around this one (with --depth)")
                         ->type_name("ACTOR"),
                     {"an actor", {}, true});
         add_number(c, "--depth", &o->depth, 1, 100, "Hops around --focus")
             ->default_str(std::to_string(o->depth));
         CLI::Option* path =
             c->add_option("--path", o->path_ends, "Draw the shortest path from A to B in its surroundings")
                 ->expected(2)
                 ->type_name("A B");
         hint_values(path, {"two actors", {}, true});
         add_number(c, "--k", &o->path.k, 1, 100, "With --path: the N shortest paths")->needs(path);
         CLI::Option* weighted =
             c->add_flag("--weighted", o->path.weighted, "With --path: use relation weights")->needs(path);
         add_rank_option(c, o)->needs(path)->excludes(weighted);
         c->add_option("--title", o->title, "Title shown above the map")->type_name("TEXT");
         c->add_option("--view", o->view, "timeline: the dated facts on a time axis, instead of a map")
             ->check(CLI::IsMember({"timeline"}))
             ->type_name("VIEW");
         add_filter_options(c, o);
         add_format_option(c, o, {Format::kSvg, Format::kPng, Format::kPdf, Format::kDot});
         add_picture_options(c, o);
         add_render_options(c, o);
         add_style_options(c, o);
         std::string views = "Maps:";
         for (const MapView& v : map_views())
           views += "\n  " + v.name + std::string(10 - v.name.size(), ' ') + v.help;
         views +=
             "\n  timeline  the dated facts on a time axis, the undated listed apart (render --view "
             "timeline)";
         c->footer(views);
       },
       cmd_render,
       true,
       {{"relmap render --focus lao-cert --depth 2 -o lao-cert.svg",
         "Lao CERT and the actors within two hops of it"},
        {"relmap render --path lao-cert japan -f png -o path.png",
         "The shortest path from Lao CERT to Japan in its surroundings, as a PNG picture"}}},
      {"export",
       "Export the graph for other tools: GraphML, GEXF, Neo4j, STIX, JSON",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         std::vector<std::string> names;
         std::string list = "Formats:";
         for (const Exporter& x : exporters()) {
           names.push_back(x.name);
           list += "\n  " + x.name + std::string(x.name.size() < 9 ? 9 - x.name.size() : 1, ' ') +
                   x.description + (x.single_file ? "" : " (several files: -o DIR)");
         }
         hint_values(c->add_option("--format,-f", o->exporter, "Export format, described below")
                         ->check(CLI::IsMember(names))
                         ->required()
                         ->type_name("FORMAT"),
                     {"the export format", names});
         c->add_option("-o,--output", o->output,
                       "Output file, or folder for formats of several files (default: standard output)")
             ->type_name("PATH");
         c->footer(list);
       },
       cmd_export,
       false,
       {{"relmap export -f gexf -o relmap.gexf", "The graph for Gephi or NetworkX"},
        {"relmap export -f neo4j -o neo4j", "Files for neo4j-admin import, and the Cypher to load them"}}},
      {"path",
       "How is A linked to B? Shortest links, each hop cited",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         hint_values(c->add_option("A B", o->actors, "Two actors: id, name or alias (case-insensitive)")
                         ->required()
                         ->expected(2),
                     {"two actors", {}, true});
         c->add_flag("--directed", o->filters.directed, "Follow relations only in their stored direction");
         CLI::Option* all = c->add_flag("--all", o->path.all, "Every shortest path");
         add_number(c, "--k", &o->path.k, 1, 10000, "The N shortest loop-free paths (Yen's algorithm)")
             ->excludes(all);
         c->add_flag("--parallel", o->path.parallel,
                     "Count parallel relations between two actors as separate paths");
         c->add_flag("--weighted", o->path.weighted,
                     "Use the schema's relation weights as hop costs (Dijkstra)");
         add_rank_option(c, o);
         add_number(c, "--limit", &o->path.limit, std::size_t{1}, std::numeric_limits<std::size_t>::max(),
                    "At most this many paths with --all")
             ->default_str(std::to_string(o->path.limit));
         add_filter_options(c, o);
         add_format_option(c, o,
                           {Format::kText, Format::kJson, Format::kMd, Format::kHtml, Format::kDot,
                            Format::kSvg, Format::kPng, Format::kPdf});
         add_picture_options(c, o);
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_path,
       false,
       {{"relmap path lao-cert japan", "How Lao CERT is linked to Japan, each hop cited"},
        {"relmap path lao-cert japan --k 3 -f json", "The three shortest loop-free paths, as JSON"},
        {"relmap path lao-cert philippines --rank informative", "Specific links before those through hubs"},
        {"relmap path lao-cert japan -f md -o answer.md",
         "The answer with footnotes to paste, its figure in answer.svg"}}},
      {"neighbors",
       "Actors around A (its ego network) and the relations among them",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         hint_values(c->add_option("A", o->actors, "The actor: id, name or alias")->required()->expected(1),
                     {"an actor", {}, true});
         add_number(c, "--depth", &o->depth, 1, 100, "How many hops out")
             ->default_str(std::to_string(o->depth));
         c->add_flag("--directed", o->filters.directed, "Follow relations only in their stored direction");
         add_filter_options(c, o);
         add_format_option(
             c, o, {Format::kText, Format::kJson, Format::kDot, Format::kSvg, Format::kPng, Format::kPdf});
         add_picture_options(c, o);
         add_render_options(c, o);
         add_style_options(c, o);
       },
       cmd_neighbors,
       false,
       {{"relmap neighbors jica --depth 2", "The actors within two hops of JICA"}}},
      {"common",
       "Actors linked directly to both A and B",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         hint_values(
             c->add_option("A B", o->actors, "Two actors: id, name or alias")->required()->expected(2),
             {"two actors", {}, true});
         add_filter_options(c, o);
         add_format_option(c, o, {Format::kText, Format::kJson});
       },
       cmd_common,
       false,
       {{"relmap common laos cambodia", "The actors linked directly to both Laos and Cambodia"}}},
      {"mentions",
       "What a new article names: known actors, unknown names, a facts file to fill",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         hint_values(c->add_option("ARTICLE", o->article, "The article's text file")->required(),
                     {"the article's text file"});
         add_format_option(c, o, {Format::kText, Format::kJson});
       },
       cmd_mentions,
       false,
       {{"relmap mentions article.txt", "The actors a new article names, and a facts file to fill"}}},
      {"stats",
       "Counts by type and relation, components, and the most central actors",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         add_number(c, "--top", &o->top, std::size_t{1}, std::numeric_limits<std::size_t>::max(),
                    "How many top actors to list")
             ->default_str(std::to_string(o->top));
         add_filter_options(c, o);
         add_format_option(c, o, {Format::kText, Format::kJson});
       },
       cmd_stats,
       false,
       {{"relmap stats --top 5 --as-of 2016", "The five most central actors in the facts valid in 2016"}}},
      {"serve",
       "Explore the project in a browser: search, actors, paths, sources and maps, live on its data",
       [](CLI::App* c, Options* o) {
         add_load_options(c, o);
         c->add_option("--sources", o->load.sources_dir, "Folder of the article texts shown on source pages")
             ->type_name("DIR");
         c->add_option("--host", o->serve_host,
                       "Address to listen on; other than 127.0.0.1, anyone who reaches it may read the data")
             ->capture_default_str()
             ->type_name("ADDR");
         add_number(c, "--port", &o->serve_port, 0, 65535, "Port to listen on; 0 picks a free one")
             ->default_str(std::to_string(o->serve_port));
         c->add_flag("--open", o->open_browser, "Open the address in the desktop's browser");
       },
       cmd_serve,
       true,
       {{"relmap serve", "Serve the project at http://127.0.0.1:8080/ until Ctrl-C"},
        {"relmap serve --port 0 --open", "Serve on a free port and open it in the browser"}}},
  };
}

/// What completion offers for the values of `opt`.
CompletionValues completion_values(const CLI::Option* opt) {
  const ValueHint* hint = value_hint(opt);
  return hint == nullptr ? CompletionValues{} : CompletionValues{hint->words, hint->actors};
}

/// The commands and options of `app` (the program itself first), for
/// completion scripts; not the hidden commands.
std::vector<CompletionCommand> completion_commands(const CLI::App& app) {
  std::vector<CompletionCommand> commands;
  auto add = [&](const CLI::App& a, std::string name) {
    CompletionCommand& c = commands.emplace_back(CompletionCommand{std::move(name), a.get_description(), {}});
    for (const CLI::Option* opt : a.get_options()) {
      if (opt->get_group().empty()) continue;
      if (!opt->nonpositional()) {
        c.arguments = completion_values(opt);
        continue;
      }
      CompletionOption& o = c.options.emplace_back(
          CompletionOption{{}, opt->get_description(), opt->get_expected_max() > 0, completion_values(opt)});
      for (const std::string& s : opt->get_snames()) o.names.push_back("-" + s);
      for (const std::string& l : opt->get_lnames()) o.names.push_back("--" + l);
    }
  };
  add(app, "");
  for (const CLI::App* sub : visible_commands(app)) add(*sub, sub->get_name());
  return commands;
}

/// Say which options the command line does not know, each with the closest
/// option of its command. False if no unexpected word was an option.
bool report_unknown_options(const CLI::App& app) {
  const CLI::App* command = &app;
  for (const CLI::App* sub : app.get_subcommands({}))
    if (sub->parsed()) command = sub;
  std::vector<std::string> names;
  for (const CompletionCommand& c : completion_commands(app))
    if (c.name.empty() || c.name == command->get_name())
      for (const CompletionOption& o : c.options) names.insert(names.end(), o.names.begin(), o.names.end());
  bool reported = false;
  for (const std::string& word : app.remaining(true)) {
    const std::string option = word.substr(0, word.find('='));
    if (option.size() < 2 || option[0] != '-' || std::find(names.begin(), names.end(), option) != names.end())
      continue;
    const std::string best = spellcheck(option, names);
    const std::string help = command == &app ? "relmap help" : "relmap help " + command->get_name();
    std::cerr << error_tag() << "unknown option '" << visible_text(option) << "'"
              << (command == &app ? "" : " for relmap " + command->get_name())
              << (best.empty() ? "; '" + help + "' lists the options" : "; did you mean " + best + "?")
              << "\n";
    reported = true;
  }
  return reported;
}

/// Look at the command word before parsing: an unknown command gets a
/// suggestion, and `help [COMMAND]` becomes `[COMMAND] --help`, so that it
/// prints the same text. kOk, or the exit code after saying why not.
int read_command_word(const CLI::App& app, std::vector<std::string>* args) {
  auto word_after = [&](std::vector<std::string>::iterator from) {
    return std::find_if(from, args->end(), [](const std::string& a) { return a.empty() || a[0] != '-'; });
  };
  std::vector<std::string> names;  // suggested: the commands people see
  for (const CLI::App* sub : visible_commands(app)) names.push_back(sub->get_name());
  auto known = [&](const std::string& name) {
    for (const CLI::App* sub : app.get_subcommands({}))
      if (sub->get_name() == name) return true;
    const std::string best = spellcheck(name, names);
    std::cerr << error_tag() << "unknown command '" << visible_text(name) << "'";
    if (!best.empty())
      std::cerr << "; did you mean " << best << "?\n";
    else
      std::cerr << "; 'relmap help' lists the commands\n";
    return false;
  };
  const auto word = word_after(args->begin() + 1);
  if (word == args->end()) {
    for (const char* flag : {"-h", "--help", "--version"})
      if (std::find(args->begin(), args->end(), flag) != args->end()) return kOk;
    std::cerr << short_usage(app);
    return kUsageError;
  }
  if (!known(*word)) return kUsageError;
  if (*word != "help") return kOk;
  const auto topic = word_after(word + 1);
  if (topic != args->end() && !known(*topic)) return kUsageError;
  const bool about_command = topic != args->end() && *topic != "help";
  std::vector<std::string> rewritten(args->begin(), word);
  if (about_command) rewritten.push_back(*topic);
  rewritten.push_back("--help");
  *args = std::move(rewritten);
  return kOk;
}

/// The hidden commands: the actor ids for completions, the man page's
/// sections for help2man.
struct HiddenCommands {
  CLI::App* actor_ids;
  CLI::App* man;
};

HiddenCommands add_hidden_commands(CLI::App* app, Options* options) {
  HiddenCommands hidden{app->add_subcommand(kActorIdsCommand, "The project's actor ids, one a line"),
                        app->add_subcommand("__man", "The man page's sections beyond the help")};
  hidden.actor_ids->group("");
  hidden.man->group("");
  add_load_options(hidden.actor_ids, options);
  return hidden;
}

/// Say what went wrong in parsing; the exit code.
int parse_failed(const CLI::App& app, const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && report_unknown_options(app)) return kUsageError;
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr ||
      dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    for (const CLI::App* sub : app.get_subcommands({}))
      if (const std::string missing = sub->parsed() ? missing_arguments(*sub) : ""; !missing.empty()) {
        std::cerr << error_tag() << missing << "\n";
        return kUsageError;
      }
  }
  const int code = app.exit(e);
  return code == 0 ? kOk : kUsageError;
}

/// Load what drawing a map needs (Graphviz; librsvg and cairo too for a
/// PNG or a PDF) before the layout children's spawner starts, so that each
/// child inherits it loaded and resolved. A library missing is an error.
int load_for_maps(bool raster) {
  std::string error;
  if (load_drawing_libraries(DrawingLibraries::kGraphviz, &error) &&
      (!raster || load_drawing_libraries(DrawingLibraries::kRaster, &error)))
    return kOk;
  std::cerr << error_tag() << error << "\n";
  return kDataError;
}

}  // namespace

int run_cli(int argc, char** argv) {
  remove_temporaries_on_signals();
  CLI::App app{"relmap: relationship maps of cybersecurity cooperation, from cited YAML facts", "relmap"};
  app.formatter(std::make_shared<HelpFormatter>());
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return error_tag() + e.what() + "\n"; });
  app.fallthrough();  // -q and -v also after the command
  app.add_flag("-q,--quiet", verbosity.quiet, "Print nothing but errors and the answers asked for");
  app.add_flag("-v,--verbose", verbosity.verbose, "Say more: every file written");
  app.set_version_flag("--version", std::string("relmap ") + kVersion);
  Options options;
  std::vector<Command> table = commands();
  std::vector<std::pair<CLI::App*, const Command*>> subcommands;
  for (const Command& c : table) {
    CLI::App* sub = app.add_subcommand(c.name, c.help)->group("Commands");
    c.setup(sub, &options);
    const std::string footer = sub->get_footer();
    sub->footer(footer + (footer.empty() || c.examples.empty() ? "" : "\n\n") + examples_text(c.examples));
    subcommands.emplace_back(sub, &c);
  }
  app.add_subcommand("help", "Show this help, or a command's: relmap help COMMAND")->group("Commands");
  CLI::App* completion =
      app.add_subcommand("completion", "Print the completion script for bash or zsh")->group("Commands");
  std::string shell;
  hint_values(
      completion->add_option("SHELL", shell, "The shell")->required()->check(CLI::IsMember({"bash", "zsh"})),
      {"the shell", {"bash", "zsh"}});
  completion->footer(
      examples_text({{"source <(relmap completion bash)", "Complete relmap's commands in this bash"}}));
  const HiddenCommands hidden = add_hidden_commands(&app, &options);
  std::vector<std::string> args(argv, argv + argc);
  if (args.empty()) args.emplace_back("relmap");
  if (const int code = read_command_word(app, &args); code != kOk) return code;
  try {
    app.parse(std::vector<std::string>(args.rbegin(), args.rend() - 1));
  } catch (const CLI::ParseError& e) {
    return parse_failed(app, e);
  }
  if (completion->parsed()) {
    const std::vector<CompletionCommand> commands = completion_commands(app);
    std::cout << (shell == "bash" ? bash_completion("relmap", commands) : zsh_completion("relmap", commands));
    return kOk;
  }
  if (hidden.man->parsed()) {
    std::vector<std::pair<std::string, std::vector<Example>>> examples;
    for (const Command& c : table) examples.emplace_back(c.name, c.examples);
    std::cout << man_sections(app, examples);
    return kOk;
  }
  if (hidden.actor_ids->parsed()) {
    const int code = locate_project(*hidden.actor_ids, &options);
    return code != kOk ? code : cmd_actor_ids(options);
  }
  const std::optional<MapFormat> drawn = map_format(options.format);
  if (drawn && is_raster(*drawn) && (options.output.empty() || options.output == "-") &&
      isatty(STDOUT_FILENO) != 0) {
    std::cerr
        << error_tag() << "-f " << name_of(options.format)
        << " is binary and would garble the terminal: name a file with -o FILE, or redirect the output\n";
    return kUsageError;
  }
  if (options.render.clusters && !engine_draws_clusters(options.engine)) {
    std::cerr << "error: --clusters needs --engine dot or fdp (or auto): " << name_of(options.engine)
              << " ignores clusters and would draw frames that overlap and hold the wrong actors\n";
    return kUsageError;
  }
  for (const auto& [sub, command] : subcommands) {
    if (!sub->parsed()) continue;
    if (command->draws_maps || drawn)
      if (const int code = load_for_maps(drawn && is_raster(*drawn)); code != kOk) return code;
    // Layouts run in children forked from a process started now, while
    // relmap is small: forked from relmap holding a large corpus, they cost
    // more than the layouts themselves.
    // One for each map laid out at once.
    if (command->draws_maps || (drawn && *drawn != MapFormat::kDot))
      start_child_spawner(sub->get_option_no_throw("--jobs") != nullptr ? map_jobs(options) : 1,
                          prepare_layout_children);
    if (const int code = locate_project(*sub, &options); code != kOk) return code;
    try {
      return command->run(options);
    } catch (const LibraryMissing& missing) {
      std::cerr << error_tag() << missing.what() << "\n";
      return kDataError;
    } catch (const SnapshotDamaged& damage) {
      // Found while reading: the snapshot goes, the facts are read again.
      const std::string snapshot =
          snapshot_path(cache_dir_for(options.load.schema_path, options.load.data_path));
      std::cerr << "relmap: " << damage.what() << " (" << visible_text(snapshot)
                << "); it is removed and the facts are read again\n";
      std::remove(snapshot.c_str());
      try {
        return command->run(options);
      } catch (const SnapshotDamaged& again) {
        std::cerr << "error: " << again.what() << "\n";
        return kDataError;
      }
    }
  }
  return kUsageError;
}

}  // namespace relmap
