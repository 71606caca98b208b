// The relmap command line: a table of subcommands over the library.
#pragma once

namespace relmap {

/// Run the command line; returns the process exit code (0 ok, 1 data or
/// schema errors, 2 usage errors).
int run_cli(int argc, char** argv);

}  // namespace relmap
