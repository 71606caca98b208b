// How a map may be drawn, as values: the file format, the Graphviz layout
// engine and the colour theme, each an enum with its names (base/named.h).
#pragma once

#include <cstddef>
#include <span>

#include "base/named.h"

namespace relmap {

/// The file a map is drawn as.
enum class MapFormat { kDot, kSvg, kPng, kPdf };

/// The Graphviz layout engine; kAuto picks one by the map's size (choose_engine).
enum class Engine { kAuto, kDot, kNeato, kFdp, kSfdp, kCirco, kTwopi };

/// The colour theme.
enum class ColourTheme { kLight, kDark };

inline constexpr EnumName<MapFormat> kMapFormatNames[] = {
    {MapFormat::kDot, "dot"}, {MapFormat::kSvg, "svg"}, {MapFormat::kPng, "png"}, {MapFormat::kPdf, "pdf"}};
inline constexpr EnumName<Engine> kEngineNames[] = {
    {Engine::kAuto, "auto"}, {Engine::kDot, "dot"},     {Engine::kNeato, "neato"}, {Engine::kFdp, "fdp"},
    {Engine::kSfdp, "sfdp"}, {Engine::kCirco, "circo"}, {Engine::kTwopi, "twopi"}};
inline constexpr EnumName<ColourTheme> kThemeNames[] = {{ColourTheme::kLight, "light"},
                                                        {ColourTheme::kDark, "dark"}};

template <>
inline std::span<const EnumName<MapFormat>> names_table<MapFormat>() {
  return kMapFormatNames;
}
template <>
inline std::span<const EnumName<Engine>> names_table<Engine>() {
  return kEngineNames;
}
template <>
inline std::span<const EnumName<ColourTheme>> names_table<ColourTheme>() {
  return kThemeNames;
}

/// PNG and PDF: drawn from the SVG by librsvg and cairo, to a size on the page.
inline bool is_raster(MapFormat format) { return format == MapFormat::kPng || format == MapFormat::kPdf; }

/// The engine used for "auto": dot while it is fast (up to 300 relations,
/// or 1,500 sparse ones), then neato, then sfdp for large maps; with
/// clusters, fdp where dot would be slow.
Engine choose_engine(std::size_t nodes, std::size_t edges, bool clusters = false);

/// True for the engines that draw clusters faithfully (dot, fdp, and auto,
/// which picks one of them when clusters are asked for).
bool engine_draws_clusters(Engine engine);

}  // namespace relmap
