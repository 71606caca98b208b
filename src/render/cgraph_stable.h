#pragma once
// Graphviz graphs whose layout does not depend on where memory lies.

#include <graphviz/cgraph.h>

#include <memory>
#include <string>

namespace relmap {

/// Graphviz takes char* for strings it does not modify.
inline char* cstr(const std::string& s) { return const_cast<char*>(s.c_str()); }
inline char* cstr(const char* s) { return const_cast<char*>(s); }

/// Owns a root graph: closes it when it goes.
struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

/// Make every cgraph graph this process creates from now on (the ones
/// engines derive internally included) number its objects in the order their
/// names first appear and take its memory from one arena in allocation
/// order. For a layout child only: the arena is never returned.
///
/// Why: Graphviz 2.42 orders by address where it should not. cgraph makes a
/// named object's id the address of its interned name and keeps subgraphs in
/// a dictionary ordered by id (lib/cgraph/id.c, agraphidcmpf in graph.c), so
/// the clusters dot and fdp lay out came in heap order; neato's edge router
/// bundles parallel edges under the lower node address (equivEdge in
/// neatosplines.c), which decides the end a bundle is routed from. A
/// forked child inherits its parent's heap, so the same DOT drew different
/// maps after a YAML load, a snapshot load or another thread's allocations.
void use_stable_disciplines();

/// A new root graph whose subgraphs keep the order they were made in (see
/// above); for building graphs in a process that goes on.
Agraph_t* open_graph(const std::string& name, Agdesc_t kind);

/// Parse DOT text (as agmemread does) with the current default disciplines.
/// Null when Graphviz cannot read it.
Agraph_t* read_dot(const std::string& dot);

}  // namespace relmap
