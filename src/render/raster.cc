#include "render/raster.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "render/svg.h"

namespace relmap {

namespace {

struct HandleFreer {
  void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceFreer {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFreer {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using HandlePtr = std::unique_ptr<RsvgHandle, HandleFreer>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFreer>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFreer>;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string format_length(double points) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f cm (%.1f in)", points / 72 * 2.54, points / 72);
  return text;
}

void put_u32(std::string* out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

std::uint32_t get_u32(std::string_view bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

/// Whether the chunks of `png` from `at` (each a length, a type, the data
/// and a CRC) run whole to IEND, none of them a pHYs.
bool chunks_without_phys(std::string_view png, std::size_t at) {
  while (png.size() - at >= 12) {
    const std::uint64_t length = get_u32(png, at);
    const std::string_view type = png.substr(at + 4, 4);
    if (type == "pHYs" || length > png.size() - at - 12) return false;
    at += 12 + length;
    if (type == "IEND") return true;
  }
  return false;
}

}  // namespace

std::string png_with_dpi(std::string png, double dpi) {
  static constexpr std::string_view kSignature = "\x89PNG\r\n\x1a\n";
  constexpr std::size_t kAfterHeader = 8 + 4 + 4 + 13 + 4;  // signature, IHDR length, type, data, CRC
  // Chunk by chunk: the bytes "pHYs" may occur inside compressed data.
  if (png.size() < kAfterHeader || png.compare(0, kSignature.size(), kSignature) != 0 ||
      get_u32(png, 8) != 13 || png.compare(12, 4, "IHDR") != 0 || !chunks_without_phys(png, kAfterHeader))
    return png;
  const auto per_metre = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
  std::string chunk = "pHYs";
  put_u32(&chunk, per_metre);
  put_u32(&chunk, per_metre);
  chunk.push_back('\x01');  // unit: metre
  std::string block;
  put_u32(&block, 9);
  block += chunk;
  put_u32(&block, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(chunk.data()),
                                                   static_cast<uInt>(chunk.size()))));
  png.insert(kAfterHeader, block);
  return png;
}

namespace {

/// One SVG read by librsvg, with its size in points and the scale it is drawn at.
struct Page {
  HandlePtr handle;
  double width = 0, height = 0, scale = 1;
};

/// The width in the SVG's own points that sets the page's scale: its
/// width, or where a page as tall for its width as `height_points` is for
/// `width_points` would be too short, the width of that page at its height.
double needed_width(const Page& page, double width_points, double height_points) {
  if (height_points <= 0 || width_points <= 0) return page.width;
  return std::max(page.width, page.height * width_points / height_points);
}

/// Read `svg` into `page`, at the scale that makes it `width_points` wide
/// and at most `height_points` tall (or its own size), refusing one whose
/// smallest text would be under kMinTextPoints. False with `error` set.
bool read_page(std::string_view svg, double width_points, double height_points, Page* page,
               std::string* error) {
  GError* gerror = nullptr;
  page->handle.reset(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &gerror));
  if (!page->handle) {
    *error = std::string("cannot read the map's SVG: ") + (gerror ? gerror->message : "unknown error");
    if (gerror) g_error_free(gerror);
    return false;
  }
  rsvg_handle_set_dpi(page->handle.get(), 72);  // one SVG point is one unit
  if (!rsvg_handle_get_intrinsic_size_in_pixels(page->handle.get(), &page->width, &page->height) ||
      page->width <= 0 || page->height <= 0) {
    *error = "the map's SVG has no size";
    return false;
  }
  if (width_points <= 0) return true;
  page->scale = width_points / page->width;
  if (height_points > 0) page->scale = std::min(page->scale, height_points / page->height);
  const double smallest = smallest_font(svg);
  if (smallest * page->scale < kMinTextPoints - 1e-9) {
    char text[64];
    std::snprintf(text, sizeof text, "%.1f", smallest * page->scale);
    *error = "at " + format_length(width_points) + " wide, the map's smallest text would be " + text +
             " pt, under " + std::to_string(static_cast<int>(kMinTextPoints)) + " pt; it needs at least " +
             format_length(needed_width(*page, width_points, height_points) * kMinTextPoints / smallest) +
             ": draw a part of it (--source, --focus, --relations) or leave out --width";
    return false;
  }
  return true;
}

/// Draw `page` with its top left corner at `top` points down the surface of `cr`.
bool draw_page(const Page& page, cairo_t* cr, double top, double pixels_per_point, std::string* error) {
  GError* gerror = nullptr;
  const double s = page.scale * pixels_per_point;
  const RsvgRectangle viewport{0, top, page.width * s, page.height * s};
  if (!rsvg_handle_render_document(page.handle.get(), cr, &viewport, &gerror)) {
    *error = std::string("cannot draw the map: ") + (gerror ? gerror->message : "unknown error");
    if (gerror) g_error_free(gerror);
    return false;
  }
  return true;
}

}  // namespace

bool rasterise(std::string_view svg, const RasterOptions& options, std::string* out, std::string* error) {
  return rasterise_pages({svg}, options, out, error);
}

bool rasterise_pages(const std::vector<std::string_view>& svgs, const RasterOptions& options,
                     std::string* out, std::string* error) {
  std::vector<Page> pages(svgs.size());
  for (std::size_t i = 0; i < svgs.size(); ++i)
    if (!read_page(svgs[i], options.width_points, options.height_points, &pages[i], error)) return false;
  if (pages.empty()) {
    *error = "no map to draw";
    return false;
  }
  SurfacePtr surface;
  std::string data;
  const double pixels_per_point = options.format == MapFormat::kPdf ? 1 : options.dpi / 72;
  if (options.format == MapFormat::kPdf) {
    surface.reset(cairo_pdf_surface_create_for_stream(append, &data, pages[0].width * pages[0].scale,
                                                      pages[0].height * pages[0].scale));
    // No creation date: the same map gives the same file.
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
  } else {
    // One image, the pages one under the other. cairo draws images up to
    // 32,767 pixels a side; past 256 megapixels the image alone would take
    // over a gigabyte.
    double w = 0, h = 0;
    for (const Page& p : pages) {
      w = std::max(w, std::ceil(p.width * p.scale * pixels_per_point));
      h += std::ceil(p.height * p.scale * pixels_per_point);
    }
    if (w > 32767 || h > 32767 || w * h > 256e6) {
      char text[96];
      std::snprintf(text, sizeof text, "%.0f x %.0f pixels", w, h);
      *error = std::string("the map would be ") + text +
               ", too large for a PNG: lower --dpi or --width, draw a part of it (--source, --focus), or use "
               "svg or pdf";
      return false;
    }
    surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(w), static_cast<int>(h)));
  }
  CairoPtr cr(cairo_create(surface.get()));
  double top = 0;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const Page& page = pages[i];
    if (options.format == MapFormat::kPdf && i > 0) {
      cairo_pdf_surface_set_size(surface.get(), page.width * page.scale, page.height * page.scale);
    }
    if (!draw_page(page, cr.get(), top, pixels_per_point, error)) return false;
    if (options.format == MapFormat::kPdf)
      cairo_show_page(cr.get());
    else
      top += std::ceil(page.height * page.scale * pixels_per_point);
  }
  cr.reset();
  if (options.format == MapFormat::kPdf) {
    cairo_surface_finish(surface.get());
  } else if (cairo_surface_write_to_png_stream(surface.get(), append, &data) != CAIRO_STATUS_SUCCESS) {
    *error = "cannot write the PNG";
    return false;
  }
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    *error =
        std::string("cannot draw the map: ") + cairo_status_to_string(cairo_surface_status(surface.get()));
    return false;
  }
  *out = options.format == MapFormat::kPdf ? std::move(data) : png_with_dpi(std::move(data), options.dpi);
  return true;
}

}  // namespace relmap
