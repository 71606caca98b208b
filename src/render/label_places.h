// Edge labels moved off what they could be read as part of: after a
// layout, a label crossed by another relation's line or by its own past
// the border by which it hangs on it, lying on an actor or a cluster's
// frame, or stacked on another label goes to the nearest free spot beside
// its own line.
#pragma once

#include <graphviz/cgraph.h>

#include <string>
#include <vector>

namespace relmap {

/// Move each edge label (and external label) of the laid-out graph `g`
/// that another edge's line crosses, that its own line crosses further in
/// than the border by which it hangs on it, that lies on a node, on a
/// cluster's frame or on the graph's label, or that sits on or right above
/// or below another edge's label, to the nearest point beside its own edge
/// where it is clear of all of them and no other line or node lies between
/// them. A label with no such point goes to the nearest clear point with
/// something between it and its edge, else, if it is in the way of
/// something else, to the nearest point where only its own line crosses
/// it, else stays. Labels are taken in the graph's order, so the same
/// layout gives the same places; a graph of more than 1,000 edges is left
/// as it is.
/// The graph's bounding box grows to hold a label moved past it. The edges
/// of labels with no clear point beside them get the class `crowded`, and
/// their ids go to `stuck_ids` when given. Returns how many they are, each
/// label left on something counted as more than all those set apart from
/// their edges, so that fewer is better.
int move_labels_off_lines(Agraph_t* g, std::vector<std::string>* stuck_ids = nullptr);

}  // namespace relmap
