// A main for the fuzz targets where libFuzzer is not available (g++): run
// each file given, and each file in each folder given (sorted, not
// recursive), through the target once, as libFuzzer does with files.
// `-min_reached=N` fails the run unless N inputs got through to the
// target's last checks, so that valid seeds keep testing the outputs.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_util.h"

int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> inputs;
  std::size_t min_reached = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = "-min_reached=";
    if (std::string(argv[i]).rfind(flag, 0) == 0) {
      min_reached = std::stoul(argv[i] + flag.size());
      continue;
    }
    const std::filesystem::path arg = argv[i];
    if (!std::filesystem::is_directory(arg)) {
      inputs.push_back(arg.string());
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(arg))
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    inputs.insert(inputs.end(), files.begin(), files.end());
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  for (const std::string& path : inputs) {
    std::string bytes, error;
    if (!relmap::read_bounded(path, relmap::kMaxDataFileBytes, &bytes, &error)) {
      std::fprintf(stderr, "cannot read %s: %s\n", path.c_str(), error.c_str());
      return 1;
    }
    std::fprintf(stderr, "Running: %s\n", path.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::fprintf(stderr, "Executed %zu inputs, %zu reached the last checks\n", inputs.size(),
               relmap::fuzz::reached);
  if (relmap::fuzz::reached < min_reached) {
    std::fprintf(stderr, "expected at least %zu to reach them\n", min_reached);
    return 1;
  }
  return 0;
}
