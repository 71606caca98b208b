#include "maps/text_metrics.h"

#include <algorithm>
#include <cstdint>

#include "base/text.h"

namespace relmap {

namespace {

struct SansWidth {
  std::uint32_t code_point;
  std::uint16_t regular, bold;  // 1/1000 em
};

#include "maps/sans_metrics.inc"

/// Width of one character in 1/1000 em.
int char_width(std::uint32_t cp, bool bold) {
  const auto* end = std::end(kSansWidths);
  const auto* it = std::lower_bound(std::begin(kSansWidths), end, cp,
                                    [](const SansWidth& w, std::uint32_t c) { return w.code_point < c; });
  if (it == end || it->code_point != cp) return 1000;
  return bold ? it->bold : it->regular;
}

}  // namespace

const char* map_font_family() { return "Helvetica,Arial,Liberation Sans,DejaVu Sans,Noto Sans,sans-serif"; }

double text_width(std::string_view utf8, double size, bool bold) {
  long total = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(utf8, i, &cp);
    if (len == 0) {  // invalid byte: drawn as U+FFFD
      total += char_width(0xFFFD, bold);
      ++i;
      continue;
    }
    total += char_width(cp, bold);
    i += len;
  }
  return static_cast<double>(total) * size / 1000.0;
}

double text_ascent(double size) { return kSansAscent * size / 1000.0; }
double text_descent(double size) { return kSansDescent * size / 1000.0; }

std::string wrap_to_width(std::string_view utf8, double width, double size, bool bold) {
  std::string out, line;
  for (std::size_t i = 0; i <= utf8.size();) {
    std::size_t space = utf8.find(' ', i);
    if (space == std::string_view::npos) space = utf8.size();
    const std::string_view word = utf8.substr(i, space - i);
    const std::string longer = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && text_width(longer, size, bold) > width) {
      out += line + "\n";
      line = std::string(word);
    } else {
      line = longer;
    }
    i = space + 1;
  }
  return out + line;
}

}  // namespace relmap
