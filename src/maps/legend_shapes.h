// Node shapes in a map's legend. Graphviz's HTML-like labels draw only
// rectangles, so the legend's sample of each actor type is a cell marked
// with a link to "#relmap-shape:SHAPE:STYLES" (the type's Graphviz shape and
// style words), and the finished SVG draws that shape in the cell's box in
// the cell's fill and frame colours: a person's ellipse, a place's house, an
// agreement's note, a programme's component, an event's diagonals, dashed
// or bold frames. PNG and PDF, drawn from that SVG, show the same.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// The link that marks a legend cell as the sample of a node drawn with
/// Graphviz `shape` and `style` (e.g. "box", "rounded,filled,bold").
std::string shape_sample_link(std::string_view shape, std::string_view style);

/// An HTML-like label without the marks, for a DOT file that others draw.
std::string without_shape_links(std::string_view label);

/// The SVG with every marked legend cell drawn as its shape.
std::string draw_shape_samples(std::string_view svg);

}  // namespace relmap
