#include "maps/layout_cache.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <optional>

#include "base/files.h"

namespace relmap {

namespace {

// Format 3: dot draws top to bottom (format 2's dot positions were left to
// right, which kept ranks would misread).
constexpr std::string_view kHeader = "relmap layout 3\n";
constexpr std::size_t kMaxLayoutBytes = 64u << 20;
constexpr std::string_view kBasisLine = "from\n";  ///< Before the basis's positions.

/// The next whitespace-separated word of `line` from `*at`.
std::string_view word(std::string_view line, std::size_t* at) {
  while (*at < line.size() && line[*at] == ' ') ++*at;
  const std::size_t start = *at;
  while (*at < line.size() && line[*at] != ' ') ++*at;
  return line.substr(start, *at - start);
}

template <typename T>
bool number(std::string_view text, T* value, int base = 10) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value, base);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

/// "name x y" lines, in name order.
std::string position_lines(const std::map<std::string, std::pair<long, long>>& positions) {
  std::string out;
  for (const auto& [name, xy] : positions)
    out += name + " " + std::to_string(xy.first) + " " + std::to_string(xy.second) + "\n";
  return out;
}

}  // namespace

std::string layout_path(const std::string& cache_dir, const std::string& map) {
  return cache_dir + "/layout-" + map + ".txt";
}

std::string layout_text(const Layout& layout) {
  char head[64];
  std::snprintf(head, sizeof head, "%016" PRIx64 " %s ", layout.key, layout.pinned ? "pinned" : "fresh");
  std::string out =
      std::string(kHeader) + head + name_of(layout.engine) + "\n" + position_lines(layout.positions);
  if (!layout.basis.empty()) out += std::string(kBasisLine) + position_lines(layout.basis);
  return out;
}

bool parse_positions(std::string_view text, std::map<std::string, std::pair<long, long>>* positions) {
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    std::size_t at = 0;
    const std::string_view name = word(line, &at);
    long x = 0, y = 0;
    if (name.empty() || !number(word(line, &at), &x) || !number(word(line, &at), &y) || at != line.size())
      return false;
    (*positions)[std::string(name)] = {x, y};
  }
  return true;
}

bool parse_layout(std::string_view text, Layout* layout) {
  *layout = Layout();
  if (text.substr(0, kHeader.size()) != kHeader) return false;
  text.remove_prefix(kHeader.size());
  const std::size_t end = text.find('\n');
  if (end == std::string_view::npos) return false;
  const std::string_view head = text.substr(0, end);
  std::size_t at = 0;
  const std::string_view key = word(head, &at);
  const std::string_view mode = word(head, &at);
  const std::string_view engine = word(head, &at);
  const std::optional<Engine> placed_by = value_named<Engine>(engine);
  Layout read;
  if (!number(key, &read.key, 16) || (mode != "pinned" && mode != "fresh") || !placed_by ||
      *placed_by == Engine::kAuto || at != head.size())
    return false;
  read.pinned = mode == "pinned";
  read.engine = *placed_by;
  std::string_view lines = text.substr(end + 1);
  // The basis starts at a line "from": the first line, or after a newline.
  std::size_t from =
      lines.substr(0, kBasisLine.size()) == kBasisLine ? 0 : lines.find("\n" + std::string(kBasisLine));
  if (from != std::string_view::npos) {
    if (from > 0) ++from;  // past the newline ending the last position
    const std::string_view basis = lines.substr(from + kBasisLine.size());
    lines = lines.substr(0, from);
    if (basis.empty() || !parse_positions(basis, &read.basis)) return false;
  }
  if (!parse_positions(lines, &read.positions)) return false;
  *layout = std::move(read);
  return true;
}

bool read_layout(const std::string& cache_dir, const std::string& map, Layout* layout) {
  std::string text, error;
  *layout = Layout();
  return !cache_dir.empty() && read_bounded(layout_path(cache_dir, map), kMaxLayoutBytes, &text, &error) &&
         parse_layout(text, layout);
}

}  // namespace relmap
