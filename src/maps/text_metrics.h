// How wide map text is: per-character widths of the sans-serif fonts a
// reader's system is likely to draw the maps with, so that layout does not
// depend on the fonts installed where relmap runs.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// The font-family list maps name; text_width() fits every font in it.
const char* map_font_family();

/// Width in points of one line of UTF-8 text at `size` points: the sum of
/// the widest advance each character has in DejaVu Sans, Liberation Sans
/// (Arial, Helvetica) and Noto Sans; 1 em for characters none of them has.
double text_width(std::string_view utf8, double size, bool bold = false);

/// `utf8` broken into lines ('\n') at spaces, each at most `width` points
/// wide at `size` points where its words allow.
std::string wrap_to_width(std::string_view utf8, double width, double size, bool bold = false);

/// How far ink reaches above (ascent) and below (descent) the baseline, in
/// points, for Latin text at `size` points.
double text_ascent(double size);
double text_descent(double size);

}  // namespace relmap
