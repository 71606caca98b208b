// Any bytes as a facts file, read and validated against graph-schema.yaml as
// `relmap validate` does: never a crash or an exception, every diagnostic at
// a line of the file, and what a terminal is shown (messages, the echoed
// source line and its caret) free of raw control text.
#include <unistd.h>

#include <fstream>

#include "facts/facts.h"
#include "facts/validate.h"
#include "fuzz_util.h"

namespace {

std::string input_path;  // the input is written here, for the caret echo

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  relmap::fuzz::project_schema();
  input_path = "/tmp/relmap-fuzz-facts-" + std::to_string(::getpid()) + ".yaml";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relmap;
  const std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream out(input_path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  Facts facts;
  Diagnostics diags;
  const bool read = load_facts_text(input_path, text, &facts, &diags);
  if (facts.complete) validate(fuzz::project_schema(), facts, &diags);
  fuzz::check_positions(diags, input_path);
  FUZZ_CHECK(read || diags.has_errors(), "facts refused without an error");
  fuzz::check_plain_text(diags.format(/*with_source=*/true), "diagnostics");
  ::unlink(input_path.c_str());
  fuzz::reached += !diags.has_errors();
  return 0;
}
