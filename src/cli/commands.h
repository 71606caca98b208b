// The commands of the command line (cli.cc holds their table and options):
// what each does with the options it was given, and what they share.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/named.h"
#include "maps/map_kinds.h"
#include "output/report_pages.h"
#include "project/project.h"
#include "project/request.h"
#include "query/query.h"
#include "render/render.h"

namespace relmap::cli {

constexpr int kOk = 0;
constexpr int kDataError = 1;
constexpr int kUsageError = 2;

/// What a query or a map is written as (--format); export names its
/// formats from its table of exporters instead.
enum class Format { kText, kJson, kMd, kHtml, kDot, kSvg, kPng, kPdf };

/// The map format that `format` draws, or nothing for text, JSON and pasted answers.
std::optional<MapFormat> map_format(Format format);

}  // namespace relmap::cli

namespace relmap {

inline constexpr EnumName<cli::Format> kFormatNames[] = {
    {cli::Format::kText, "text"}, {cli::Format::kJson, "json"}, {cli::Format::kMd, "md"},
    {cli::Format::kHtml, "html"}, {cli::Format::kDot, "dot"},   {cli::Format::kSvg, "svg"},
    {cli::Format::kPng, "png"},   {cli::Format::kPdf, "pdf"}};
template <>
inline std::span<const EnumName<cli::Format>> names_table<cli::Format>() {
  return kFormatNames;
}

}  // namespace relmap

namespace relmap::cli {

/// Options shared by the subcommands; each subcommand binds the ones it uses.
struct Options {
  LoadOptions load;
  std::string out_dir = "out";
  std::string output;  // -o FILE; "" or "-" for standard output
  Format format = Format::kText;
  std::string exporter;  // export --format
  Engine engine = Engine::kAuto;
  int timeout = 120;
  // Queries.
  std::vector<std::string> actors;  // positional A [B]
  PathOptions path;
  int depth = 1;
  std::size_t top = 10;
  FilterRequest filters;
  std::string missing_sources;  // the project's sources folder, when it is not there
  std::string article;          // mentions ARTICLE.txt
  // Maps.
  RenderOptions render;
  std::vector<std::string> path_ends;  // render --path A B
  std::string focus;                   // render --focus A
  std::string view;                    // render --view timeline
  std::string title;
  bool no_legend = false;
  bool full_map = false;
  std::size_t sources_per_page = kSourcesPerPage;
  std::size_t jobs = 0;               // build, report --jobs: maps laid out at once; 0 for one per core
  std::vector<std::string> editions;  // diff OLD NEW
  std::string project_data;           // the project's data folder, "" outside a project
  double width_points = 0;            // --width, in points
  double dpi = 0;                     // --dpi; 0 when not given
  bool answers_only = false;          // a query that reads only what it needs from the snapshot
  // serve
  std::string serve_host = "127.0.0.1";
  int serve_port = 8080;
  bool open_browser = false;
};

/// How much relmap says besides its answers: -q only errors, -v every file.
struct Verbosity {
  bool quiet = false;
  bool verbose = false;
};
extern Verbosity verbosity;  ///< Set once, from the command line.

/// Whether what goes to `fd` may be coloured: only on a terminal, and never
/// when NO_COLOR is set (https://no-color.org) or the terminal is dumb.
bool colour_on(int fd);

/// "error: " to begin a message on stderr, coloured as diagnostics are.
std::string error_tag();

/// The exit code for how a request ended: 2 for a bad request, 1 for
/// what the data does not have or has wrong.
int exit_code(Outcome outcome);

/// Print the diagnostics to stderr, with their source lines on a terminal
/// (`with_source`: when the files are on the disk); with -q, the errors only.
void print_diagnostics(const Diagnostics& diags, bool with_source = true);

/// The commands, each run with the options its entry in cli.cc's table
/// bound; they return the exit code.
int cmd_validate(Options& o);
int cmd_export(Options& o);
int cmd_path(Options& o);
int cmd_neighbors(Options& o);
int cmd_common(Options& o);
int cmd_mentions(Options& o);
int cmd_stats(Options& o);
int cmd_render(Options& o);
int cmd_diff(Options& o);
int cmd_build(Options& o);
/// How many maps build and report lay out at once: --jobs, else one per core.
std::size_t map_jobs(const Options& o);
/// The project's actor ids, sorted, one a line: what completions offer.
int cmd_actor_ids(Options& o);
int cmd_report(Options& o);
int cmd_serve(Options& o);

}  // namespace relmap::cli
