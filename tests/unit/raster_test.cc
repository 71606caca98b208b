#include "render/raster.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <regex>

namespace relmap {
namespace {

const char* const kSvg = R"svg(<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="200pt" height="100pt" viewBox="0.00 0.00 200.00 100.00" xmlns="http://www.w3.org/2000/svg">
<g transform="translate(4 96)">
<polygon fill="#fde68a" stroke="#b45309" points="0,0 0,-92 192,-92 192,0 0,0"/>
<text text-anchor="middle" x="96" y="-40" font-family="DejaVu Sans" font-size="9.00">Japan</text>
</g>
</svg>
)svg";

std::uint32_t u32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

TEST(RasterTest, PngHasTheScaledSizeAndSaysItsDpi) {
  std::string png, error;
  ASSERT_TRUE(rasterise(kSvg, {MapFormat::kPng, 0, 144}, &png, &error)) << error;
  ASSERT_EQ(png.compare(0, 8, "\x89PNG\r\n\x1a\n"), 0);
  EXPECT_EQ(u32(png, 16), 400u);  // 200 pt at 144 dpi
  EXPECT_EQ(u32(png, 20), 200u);
  // pHYs right after IHDR: 144 dpi = 5669 pixels per metre, unit metre.
  ASSERT_EQ(png.compare(37, 4, "pHYs"), 0);
  EXPECT_EQ(u32(png, 41), 5669u);
  EXPECT_EQ(u32(png, 45), 5669u);
  EXPECT_EQ(png[49], 1);
}

TEST(RasterTest, WidthScalesPdfPages) {
  std::string pdf, error;
  ASSERT_TRUE(rasterise(kSvg, {MapFormat::kPdf, 300, 150}, &pdf, &error)) << error;
  EXPECT_EQ(pdf.compare(0, 5, "%PDF-"), 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(pdf, m, std::regex(R"(/MediaBox \[ 0 0 (\S+) (\S+) \])")));
  EXPECT_DOUBLE_EQ(std::stod(m[1]), 300);
  EXPECT_DOUBLE_EQ(std::stod(m[2]), 150);
  EXPECT_EQ(pdf.find("CreationDate"), std::string::npos);  // the same map gives the same file
}

TEST(RasterTest, RefusesToShrinkTextBelowSixPoints) {
  std::string out, error;
  // 9 pt text at 2/3 of the size is 6 pt: allowed; any smaller is not.
  EXPECT_TRUE(rasterise(kSvg, {MapFormat::kPng, 200.0 * 2 / 3, 72}, &out, &error)) << error;
  out.clear();
  EXPECT_FALSE(rasterise(kSvg, {MapFormat::kPng, 100, 72}, &out, &error));
  EXPECT_EQ(error,
            "at 3.5 cm (1.4 in) wide, the map's smallest text would be 4.5 pt, under 6 pt; it needs at "
            "least 4.7 cm (1.9 in): draw a part of it (--source, --focus, --relations) or leave out --width");
  EXPECT_TRUE(out.empty());
}

TEST(RasterTest, RefusesPngsTooLargeToDraw) {
  std::string out, error;
  EXPECT_FALSE(rasterise(kSvg, {MapFormat::kPng, 0, 12000}, &out, &error));  // 33,333 pixels wide
  EXPECT_EQ(error,
            "the map would be 33334 x 16667 pixels, too large for a PNG: lower --dpi or --width, draw a "
            "part of it (--source, --focus), or use svg or pdf");
}

TEST(RasterTest, BadSvgIsAnError) {
  std::string out, error;
  EXPECT_FALSE(rasterise("<svg", {MapFormat::kPng, 0, 72}, &out, &error));
  EXPECT_NE(error.find("cannot read the map's SVG"), std::string::npos) << error;
}

/// A PNG chunk: length, type, data and a CRC (not checked by png_with_dpi).
std::string chunk(const std::string& type, const std::string& data) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((data.size() >> shift) & 0xFF));
  return out + type + data + "CRC!";
}

TEST(RasterTest, PngWithDpiReadsChunksNotBytes) {
  const std::string head = std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", std::string(13, '\1'));
  const std::string tail = chunk("IDAT", "compressed pHYs bytes") + chunk("IEND", "");
  // "pHYs" inside the image data is no pHYs chunk: one is added after IHDR.
  const std::string png = png_with_dpi(head + tail, 144);
  ASSERT_EQ(png.size(), head.size() + 21 + tail.size());
  EXPECT_EQ(png.compare(37, 4, "pHYs"), 0);
  EXPECT_EQ(u32(png, 41), 5669u);
  EXPECT_EQ(png.substr(png.size() - tail.size()), tail);
  // A PNG with its own pHYs chunk, or cut short, is left as it is.
  const std::string own = head + chunk("pHYs", std::string(9, '\0')) + tail;
  EXPECT_EQ(png_with_dpi(own, 144), own);
  const std::string cut = head + tail.substr(0, 10);
  EXPECT_EQ(png_with_dpi(cut, 144), cut);
}

TEST(RasterTest, PngWithDpiLeavesOtherDataAlone) { EXPECT_EQ(png_with_dpi("not a png", 150), "not a png"); }

}  // namespace
}  // namespace relmap
