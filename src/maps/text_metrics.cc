#include "maps/text_metrics.h"

#include <algorithm>
#include <array>
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
int looked_up_width(std::uint32_t cp, bool bold) {
  const auto* end = std::end(kSansWidths);
  const auto* it = std::lower_bound(std::begin(kSansWidths), end, cp,
                                    [](const SansWidth& w, std::uint32_t c) { return w.code_point < c; });
  if (it == end || it->code_point != cp) return 1000;
  return bold ? it->bold : it->regular;
}

/// The widths of the ASCII characters, regular and bold, looked up once.
struct AsciiWidths {
  std::array<std::array<int, 2>, 128> width{};
  AsciiWidths() {
    for (std::uint32_t cp = 0; cp < 128; ++cp)
      width[cp] = {looked_up_width(cp, false), looked_up_width(cp, true)};
  }
};

int char_width(std::uint32_t cp, bool bold) {
  static const AsciiWidths ascii;
  return cp < 128 ? ascii.width[cp][bold ? 1 : 0] : looked_up_width(cp, bold);
}

/// The width of `utf8` in 1/1000 em.
long width_in_thousandths(std::string_view utf8, bool bold) {
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
  return total;
}

}  // namespace

const char* map_font_family() { return "Helvetica,Arial,Liberation Sans,DejaVu Sans,Noto Sans,sans-serif"; }

double text_width(std::string_view utf8, double size, bool bold) {
  return static_cast<double>(width_in_thousandths(utf8, bold)) * size / 1000.0;
}

double text_ascent(double size) { return kSansAscent * size / 1000.0; }
double text_descent(double size) { return kSansDescent * size / 1000.0; }

std::string wrap_to_width(std::string_view utf8, double width, double size, bool bold) {
  // Widths add up character by character, so a line's grows by its words'.
  const long space_width = width_in_thousandths(" ", bold);
  std::string out, line;
  long line_width = 0;
  for (std::size_t i = 0; i <= utf8.size();) {
    std::size_t space = utf8.find(' ', i);
    if (space == std::string_view::npos) space = utf8.size();
    const std::string_view word = utf8.substr(i, space - i);
    const long word_width = width_in_thousandths(word, bold);
    const long longer = line.empty() ? word_width : line_width + space_width + word_width;
    if (!line.empty() && static_cast<double>(longer) * size / 1000.0 > width) {
      out += line + "\n";
      line = std::string(word);
      line_width = word_width;
    } else {
      if (!line.empty()) line += ' ';
      line += word;
      line_width = longer;
    }
    i = space + 1;
  }
  return out + line;
}

}  // namespace relmap
