// Maps as pictures for documents: the SVG Graphviz drew, rasterised to PNG
// or printed to PDF with librsvg and cairo, so every format of a map shows
// the same layout. Only this module sees librsvg, cairo and zlib.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// The smallest text, in points, a map may be scaled down to (--width).
constexpr double kMinTextPoints = 6;

struct RasterOptions {
  std::string format = "png";  ///< png or pdf.
  double width_points = 0;     ///< Width on the page in points; 0 keeps the map's own size.
  double dpi = 150;            ///< PNG pixels per inch, written into its pHYs chunk.
};

/// Draw `svg` (with width and height in points, as Graphviz writes it) as a
/// PNG or a one-page PDF. Refuses a width that would make the map's
/// smallest text less than kMinTextPoints. False with `error` set on failure.
bool rasterise(std::string_view svg, const RasterOptions& options, std::string* out, std::string* error);

/// Insert a pHYs chunk saying `dpi` after the IHDR chunk of a PNG that has
/// none (read chunk by chunk). Returns the PNG unchanged if it is not one,
/// or not whole.
std::string png_with_dpi(std::string png, double dpi);

}  // namespace relmap
