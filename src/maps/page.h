// The pages maps are drawn for: a report column, or for the overview an A4
// text block turned landscape; and the smallest text a map may print at.
// Maps are laid out to fit their page at that size, so that they can be
// read where they are put.
#pragma once

namespace relmap {

/// A width and a height in points.
struct PageBox {
  double width = 0, height = 0;
};

constexpr double kPointsPerCm = 72 / 2.54;

/// A report column 16 cm wide, no taller than an A4 text block (24.7 cm).
constexpr PageBox kColumnPage{16 * kPointsPerCm, 24.7 * kPointsPerCm};
/// An A4 text block turned landscape (25.7 × 18 cm).
constexpr PageBox kLandscapePage{25.7 * kPointsPerCm, 18 * kPointsPerCm};

/// The smallest text, in points, a map may print at (render --width refuses less).
constexpr double kMinTextPoints = 6;
/// The smallest text drawn on maps: relation labels and the legend (a
/// point more where relations go without labels).
constexpr double kSmallestMapText = 9;

/// The box a map whose smallest text is `smallest_text` points is laid out
/// to fit, in the map's own points, for it to print on `page` with no text
/// under kMinTextPoints.
constexpr PageBox layout_box(PageBox page, double smallest_text = kSmallestMapText) {
  return {page.width * smallest_text / kMinTextPoints, page.height * smallest_text / kMinTextPoints};
}

}  // namespace relmap
