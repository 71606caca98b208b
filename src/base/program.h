// Running another program (git) to its end: its input given, its standard
// output and error output read at the same time, so that a child filling
// either pipe never waits on relmap while relmap waits on the other.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace relmap {

/// What a program run gave back.
struct ProgramResult {
  bool started = false;    ///< False if it could not be run; `errors` says why.
  int status = -1;         ///< Its exit status; -1 if it died of a signal.
  std::string output;      ///< Its standard output.
  std::string errors;      ///< Its error output (at most `max_errors` bytes).
  bool too_large = false;  ///< Its output passed `max_output`: it was stopped.

  bool ok() const { return started && status == 0 && !too_large; }
};

/// Run `args` (no shell; args[0] found on PATH) with `input` on its
/// standard input (none: /dev/null), reading its outputs concurrently. A
/// program whose output passes `max_output` bytes is killed.
ProgramResult run_program(const std::vector<std::string>& args, const std::string* input = nullptr,
                          std::size_t max_output = std::size_t{1} << 20,
                          std::size_t max_errors = std::size_t{64} << 10);

}  // namespace relmap
