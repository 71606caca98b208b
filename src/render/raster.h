// Maps as pictures for documents: the SVG Graphviz drew, rasterised to PNG
// or printed to PDF with librsvg and cairo, so every format of a map shows
// the same layout. Only this module sees librsvg, cairo and zlib.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "maps/map_kinds.h"
#include "maps/page.h"

namespace relmap {

struct RasterOptions {
  MapFormat format = MapFormat::kPng;  ///< png or pdf.
  double width_points = 0;             ///< Width on the page in points; 0 keeps the map's own size.
  double dpi = 150;                    ///< PNG pixels per inch, written into its pHYs chunk.
  double height_points = 0;            ///< With a width: the most a page may be tall, in points.
};

/// Draw `svg` (with width and height in points, as Graphviz writes it) as a
/// PNG or a one-page PDF. Refuses a width that would make the map's
/// smallest text less than kMinTextPoints. False with `error` set on failure.
bool rasterise(std::string_view svg, const RasterOptions& options, std::string* out, std::string* error);

/// Draw several SVGs as one document: a PDF with a page each, or a PNG with
/// each under the one before, each `options.width_points` wide when given
/// (narrower if that would make it taller than `options.height_points`).
bool rasterise_pages(const std::vector<std::string_view>& svgs, const RasterOptions& options,
                     std::string* out, std::string* error);

/// Insert a pHYs chunk saying `dpi` after the IHDR chunk of a PNG that has
/// none (read chunk by chunk). Returns the PNG unchanged if it is not one,
/// or not whole.
std::string png_with_dpi(std::string png, double dpi);

}  // namespace relmap
