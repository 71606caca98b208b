// Graphviz, librsvg and cairo, loaded when a map is first drawn rather than
// when relmap starts: the program is not linked with them, so a question
// answered in text loads none of their sixty-odd libraries. Calls to their
// functions go through relmap's own definitions of those functions, which
// load the library on first use and forward to it; its data (cgraph's
// default disciplines, the kind of a directed graph, the plugins linked in)
// are reached through the functions below, never by name.
#pragma once

#include <graphviz/cgraph.h>
#include <graphviz/gvplugin.h>

#include <stdexcept>
#include <string>

namespace relmap {

/// The libraries a map needs: Graphviz (gvc, cgraph and its layout and
/// core plugins) to build and lay it out; librsvg and cairo to make a PNG
/// or a PDF of it. (zlib, small and loaded anyway, is linked.)
enum class DrawingLibraries { kGraphviz, kRaster };

/// Load `which` now, unless it is loaded already, with every symbol
/// resolved: children forked afterwards inherit them loaded and resolved.
/// False if a library cannot be loaded, with `error` naming it and why.
bool load_drawing_libraries(DrawingLibraries which, std::string* error);

/// What a call into a library that cannot be loaded throws; the front ends
/// load the libraries before drawing to report that as an error instead.
class LibraryMissing : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// cgraph's description of a directed graph (its Agdirected).
Agdesc_t directed_graph_kind();

/// cgraph's default disciplines, the library's own objects: graphs opened
/// without a discipline of their own (the ones engines make inside too) use
/// what these hold when they are opened.
Agmemdisc_t& default_memory_discipline();
Agiddisc_t& default_id_discipline();
Agiodisc_t& default_io_discipline();

/// The Graphviz plugins relmap draws with, as their libraries define them.
struct GraphvizPlugins {
  gvplugin_library_t* core = nullptr;
  gvplugin_library_t* dot_layout = nullptr;
  gvplugin_library_t* neato_layout = nullptr;
};
const GraphvizPlugins& graphviz_plugins();

}  // namespace relmap
