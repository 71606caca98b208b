// Edge labels moved off what they could be read as part of: after a
// layout, a label crossed by another relation's line, lying on an actor or
// a cluster's frame, or stacked on another label goes to the nearest free
// spot beside its own line.
#pragma once

#include <graphviz/cgraph.h>

#include <string>
#include <vector>

namespace relmap {

/// Move each edge label (and external label) of the laid-out graph `g`
/// that another edge's line crosses, that lies on a node, on a cluster's
/// frame or on the graph's label, or that sits on or right above or below
/// another edge's label, to the nearest point beside its own edge where it
/// is clear of all of them; a label with no such point stays. Labels are
/// taken in the graph's order, so the same layout gives the same places;
/// a graph of more than 1,000 edges is left as it is.
/// The graph's bounding box grows to hold a label moved past it. Returns
/// how many labels stay where something else is; their edges' ids go to
/// `stuck_ids` when given.
int move_labels_off_lines(Agraph_t* g, std::vector<std::string>* stuck_ids = nullptr);

}  // namespace relmap
