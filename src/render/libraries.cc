#include "render/libraries.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <dlfcn.h>
#include <graphviz/gvc.h>
#include <librsvg/rsvg.h>

#include <cstring>
#include <vector>

// The functions relmap calls in each group of libraries. For each, relmap
// defines the function itself (below), forwarding to the library's.
// clang-format off
#define RELMAP_GRAPHVIZ_FUNCTIONS(X) \
  X(agattr)                          \
  X(agclose)                         \
  X(agedge)                          \
  X(agfstedge)                       \
  X(agfstnode)                       \
  X(agfstout)                        \
  X(agget)                           \
  X(agnameof)                        \
  X(agnedges)                        \
  X(agnnodes)                        \
  X(agnode)                          \
  X(agnxtedge)                       \
  X(agnxtnode)                       \
  X(agnxtout)                        \
  X(agopen)                          \
  X(agread)                          \
  X(agreseterrors)                   \
  X(agsafeset)                       \
  X(agseterr)                        \
  X(agseterrf)                       \
  X(agstrdup)                        \
  X(agstrdup_html)                   \
  X(agstrfree)                       \
  X(agsubg)                          \
  X(agsubnode)                       \
  X(agwrite)                         \
  X(gvContextPlugins)                \
  X(gvFreeContext)                   \
  X(gvFreeLayout)                    \
  X(gvFreeRenderData)                \
  X(gvLayout)                        \
  X(gvRenderData)
#define RELMAP_RASTER_FUNCTIONS(X)            \
  X(cairo_create)                             \
  X(cairo_destroy)                            \
  X(cairo_image_surface_create)               \
  X(cairo_pdf_surface_create_for_stream)      \
  X(cairo_pdf_surface_set_metadata)           \
  X(cairo_pdf_surface_set_size)               \
  X(cairo_show_page)                          \
  X(cairo_status_to_string)                   \
  X(cairo_surface_destroy)                    \
  X(cairo_surface_finish)                     \
  X(cairo_surface_status)                     \
  X(cairo_surface_write_to_png_stream)        \
  X(g_error_free)                             \
  X(g_object_unref)                           \
  X(rsvg_handle_get_intrinsic_size_in_pixels) \
  X(rsvg_handle_new_from_data)                \
  X(rsvg_handle_render_document)              \
  X(rsvg_handle_set_dpi)
// clang-format on
#define RELMAP_SLOT(name) decltype(&::name) name = nullptr;
#define RELMAP_RESOLVE(name) ok = ok && resolve(handles, #name, &calls->name, error);

namespace relmap {

namespace {

/// Graphviz's libraries by soname; the plugins are found through the
/// program's run path (their folder).
const char* const kGraphvizLibraries[] = {"libcgraph.so.6", "libgvc.so.6", "libgvplugin_core.so.6",
                                          "libgvplugin_dot_layout.so.6", "libgvplugin_neato_layout.so.6"};
/// cairo's and librsvg's; GLib comes with librsvg.
const char* const kRasterLibraries[] = {"libcairo.so.2", "librsvg-2.so.2"};

struct GraphvizCalls {
  RELMAP_GRAPHVIZ_FUNCTIONS(RELMAP_SLOT)
  Agdesc_t* directed = nullptr;
  Agmemdisc_t* memory = nullptr;
  Agiddisc_t* ids = nullptr;
  Agiodisc_t* io = nullptr;
  GraphvizPlugins plugins;
};

struct RasterCalls {
  RELMAP_RASTER_FUNCTIONS(RELMAP_SLOT)
};

/// A group of libraries once loaded: its calls, or why it could not be.
template <typename Calls>
struct Loaded {
  Calls calls;
  std::string error;
};

/// Open each library, with every symbol resolved now (RTLD_NOW) so that
/// children forked later find them resolved, and kept for the life of the
/// process. False, with `error` naming the one that failed, if one cannot be.
template <std::size_t N>
bool open_all(const char* const (&sonames)[N], std::vector<void*>* handles, std::string* error) {
  for (const char* soname : sonames) {
    void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      *error = why != nullptr ? why : std::string(soname) + ": cannot be loaded";
      return false;
    }
    handles->push_back(handle);
  }
  return true;
}

/// Point `slot` at what `name` is in the first of `handles` (or the
/// libraries they depend on) that defines it; false with `error` if none does.
template <typename T>
bool resolve(const std::vector<void*>& handles, const char* name, T* slot, std::string* error) {
  for (void* handle : handles) {
    if (void* address = dlsym(handle, name); address != nullptr) {
      static_assert(sizeof(T) == sizeof address);
      std::memcpy(slot, &address, sizeof address);  // a function's address, from a data pointer
      return true;
    }
  }
  *error = std::string("no symbol ") + name;
  return false;
}

bool resolve_graphviz(const std::vector<void*>& handles, GraphvizCalls* calls, std::string* error) {
  bool ok = true;
  RELMAP_GRAPHVIZ_FUNCTIONS(RELMAP_RESOLVE)
  return ok && resolve(handles, "Agdirected", &calls->directed, error) &&
         resolve(handles, "AgMemDisc", &calls->memory, error) &&
         resolve(handles, "AgIdDisc", &calls->ids, error) &&
         resolve(handles, "AgIoDisc", &calls->io, error) &&
         resolve(handles, "gvplugin_core_LTX_library", &calls->plugins.core, error) &&
         resolve(handles, "gvplugin_dot_layout_LTX_library", &calls->plugins.dot_layout, error) &&
         resolve(handles, "gvplugin_neato_layout_LTX_library", &calls->plugins.neato_layout, error);
}

bool resolve_raster(const std::vector<void*>& handles, RasterCalls* calls, std::string* error) {
  bool ok = true;
  RELMAP_RASTER_FUNCTIONS(RELMAP_RESOLVE)
  return ok;
}

/// Load a group of libraries and resolve its calls; `what` says what cannot
/// be done without them.
template <typename Calls, std::size_t N>
Loaded<Calls> load(const char* const (&sonames)[N],
                   bool (*resolve_calls)(const std::vector<void*>&, Calls*, std::string*), const char* what) {
  Loaded<Calls> loaded;
  std::vector<void*> handles;
  if (!open_all(sonames, &handles, &loaded.error)) {
    loaded.error = std::string("cannot ") + what + ": " + loaded.error;
  } else if (!resolve_calls(handles, &loaded.calls, &loaded.error)) {
    std::string names;
    for (const char* soname : sonames) names += (names.empty() ? "" : ", ") + std::string(soname);
    loaded.error = std::string("cannot ") + what + ": " + loaded.error + " in " + names;
  }
  return loaded;
}

const Loaded<GraphvizCalls>& graphviz_loaded() {
  static const Loaded<GraphvizCalls> loaded = load(kGraphvizLibraries, resolve_graphviz, "draw maps");
  return loaded;
}

const Loaded<RasterCalls>& raster_loaded() {
  static const Loaded<RasterCalls> loaded = load(kRasterLibraries, resolve_raster, "make a PNG or a PDF");
  return loaded;
}

template <typename Calls>
const Calls& calls_of(const Loaded<Calls>& loaded) {
  if (!loaded.error.empty()) throw LibraryMissing(loaded.error);
  return loaded.calls;
}

const GraphvizCalls& graphviz() { return calls_of(graphviz_loaded()); }
const RasterCalls& raster() { return calls_of(raster_loaded()); }

}  // namespace

bool load_drawing_libraries(DrawingLibraries which, std::string* error) {
  *error = which == DrawingLibraries::kGraphviz ? graphviz_loaded().error : raster_loaded().error;
  return error->empty();
}

Agdesc_t directed_graph_kind() { return *graphviz().directed; }
Agmemdisc_t& default_memory_discipline() { return *graphviz().memory; }
Agiddisc_t& default_id_discipline() { return *graphviz().ids; }
Agiodisc_t& default_io_discipline() { return *graphviz().io; }
const GraphvizPlugins& graphviz_plugins() { return graphviz().plugins; }

}  // namespace relmap

// relmap's definitions of the libraries' functions, each forwarding to the
// library's own.
using relmap::graphviz;
using relmap::raster;

extern "C" {

Agsym_t* agattr(Agraph_t* g, int kind, char* name, char* value) {
  return graphviz().agattr(g, kind, name, value);
}
int agclose(Agraph_t* g) { return graphviz().agclose(g); }
Agedge_t* agedge(Agraph_t* g, Agnode_t* t, Agnode_t* h, char* name, int create) {
  return graphviz().agedge(g, t, h, name, create);
}
Agedge_t* agfstedge(Agraph_t* g, Agnode_t* n) { return graphviz().agfstedge(g, n); }
Agnode_t* agfstnode(Agraph_t* g) { return graphviz().agfstnode(g); }
Agedge_t* agfstout(Agraph_t* g, Agnode_t* n) { return graphviz().agfstout(g, n); }
char* agget(void* obj, char* name) { return graphviz().agget(obj, name); }
char* agnameof(void* obj) { return graphviz().agnameof(obj); }
int agnedges(Agraph_t* g) { return graphviz().agnedges(g); }
int agnnodes(Agraph_t* g) { return graphviz().agnnodes(g); }
Agnode_t* agnode(Agraph_t* g, char* name, int create) { return graphviz().agnode(g, name, create); }
Agedge_t* agnxtedge(Agraph_t* g, Agedge_t* e, Agnode_t* n) { return graphviz().agnxtedge(g, e, n); }
Agnode_t* agnxtnode(Agraph_t* g, Agnode_t* n) { return graphviz().agnxtnode(g, n); }
Agedge_t* agnxtout(Agraph_t* g, Agedge_t* e) { return graphviz().agnxtout(g, e); }
Agraph_t* agopen(char* name, Agdesc_t desc, Agdisc_t* disc) { return graphviz().agopen(name, desc, disc); }
Agraph_t* agread(void* chan, Agdisc_t* disc) { return graphviz().agread(chan, disc); }
int agreseterrors(void) { return graphviz().agreseterrors(); }
int agsafeset(void* obj, char* name, char* value, char* def) {
  return graphviz().agsafeset(obj, name, value, def);
}
agerrlevel_t agseterr(agerrlevel_t level) { return graphviz().agseterr(level); }
agusererrf agseterrf(agusererrf f) { return graphviz().agseterrf(f); }
char* agstrdup(Agraph_t* g, char* s) { return graphviz().agstrdup(g, s); }
char* agstrdup_html(Agraph_t* g, char* s) { return graphviz().agstrdup_html(g, s); }
int agstrfree(Agraph_t* g, char* s) { return graphviz().agstrfree(g, s); }
Agraph_t* agsubg(Agraph_t* g, char* name, int create) { return graphviz().agsubg(g, name, create); }
Agnode_t* agsubnode(Agraph_t* g, Agnode_t* n, int create) { return graphviz().agsubnode(g, n, create); }
int agwrite(Agraph_t* g, void* chan) { return graphviz().agwrite(g, chan); }
GVC_t* gvContextPlugins(const lt_symlist_t* builtins, int demand_loading) {
  return graphviz().gvContextPlugins(builtins, demand_loading);
}
int gvFreeContext(GVC_t* gvc) { return graphviz().gvFreeContext(gvc); }
int gvFreeLayout(GVC_t* gvc, graph_t* g) { return graphviz().gvFreeLayout(gvc, g); }
void gvFreeRenderData(char* data) { graphviz().gvFreeRenderData(data); }
int gvLayout(GVC_t* gvc, graph_t* g, const char* engine) { return graphviz().gvLayout(gvc, g, engine); }
int gvRenderData(GVC_t* gvc, graph_t* g, const char* format, char** result, unsigned int* length) {
  return graphviz().gvRenderData(gvc, g, format, result, length);
}

cairo_t* cairo_create(cairo_surface_t* target) { return raster().cairo_create(target); }
void cairo_destroy(cairo_t* cr) { raster().cairo_destroy(cr); }
cairo_surface_t* cairo_image_surface_create(cairo_format_t format, int width, int height) {
  return raster().cairo_image_surface_create(format, width, height);
}
cairo_surface_t* cairo_pdf_surface_create_for_stream(cairo_write_func_t write, void* closure, double width,
                                                     double height) {
  return raster().cairo_pdf_surface_create_for_stream(write, closure, width, height);
}
void cairo_pdf_surface_set_metadata(cairo_surface_t* surface, cairo_pdf_metadata_t metadata,
                                    const char* utf8) {
  raster().cairo_pdf_surface_set_metadata(surface, metadata, utf8);
}
void cairo_pdf_surface_set_size(cairo_surface_t* surface, double width, double height) {
  raster().cairo_pdf_surface_set_size(surface, width, height);
}
void cairo_show_page(cairo_t* cr) { raster().cairo_show_page(cr); }
const char* cairo_status_to_string(cairo_status_t status) { return raster().cairo_status_to_string(status); }
void cairo_surface_destroy(cairo_surface_t* surface) { raster().cairo_surface_destroy(surface); }
void cairo_surface_finish(cairo_surface_t* surface) { raster().cairo_surface_finish(surface); }
cairo_status_t cairo_surface_status(cairo_surface_t* surface) {
  return raster().cairo_surface_status(surface);
}
cairo_status_t cairo_surface_write_to_png_stream(cairo_surface_t* surface, cairo_write_func_t write,
                                                 void* closure) {
  return raster().cairo_surface_write_to_png_stream(surface, write, closure);
}
void g_error_free(GError* error) { raster().g_error_free(error); }
void g_object_unref(gpointer object) { raster().g_object_unref(object); }
gboolean rsvg_handle_get_intrinsic_size_in_pixels(RsvgHandle* handle, gdouble* width, gdouble* height) {
  return raster().rsvg_handle_get_intrinsic_size_in_pixels(handle, width, height);
}
RsvgHandle* rsvg_handle_new_from_data(const guint8* data, gsize length, GError** error) {
  return raster().rsvg_handle_new_from_data(data, length, error);
}
gboolean rsvg_handle_render_document(RsvgHandle* handle, cairo_t* cr, const RsvgRectangle* viewport,
                                     GError** error) {
  return raster().rsvg_handle_render_document(handle, cr, viewport, error);
}
void rsvg_handle_set_dpi(RsvgHandle* handle, double dpi) { raster().rsvg_handle_set_dpi(handle, dpi); }

}  // extern "C"
