// The timeline: the dated facts on a time axis, one lane per actor, per pair
// of actors or per source, and the facts that could be dated but are not,
// listed apart rather than guessed. Drawn as an SVG of its own (no layout
// engine) a report column wide, for the report, the interactive edition and
// `relmap render --view timeline`.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace relmap {

class QueryEngine;

/// One dated fact as the timeline places it.
struct TimelineMark {
  enum class Kind { kActor, kRelation, kReport };
  Kind kind = Kind::kActor;
  int first = 0, last = 0;       ///< Days (YYYYMMDD) it covers; `last` may be kDoom: open.
  std::string when;              ///< The dates as the facts write them ("2016-10", "2015 to 2019").
  std::string what;              ///< What happened, as one line.
  Vertex actor = 0;              ///< The actor, or the source for a report.
  std::optional<Edge> relation;  ///< The relation, for a relation's own dates.
  std::string source;         ///< Id of the source it cites (the actor's first citing source for an actor).
  std::size_t relations = 0;  ///< For a report: how many relations it dates.
};

/// A lane: an actor, a pair of actors, or a source, with its marks in date order.
struct TimelineLane {
  std::string label;
  std::vector<TimelineMark> marks;
};

struct Timeline {
  std::vector<TimelineLane> lanes;    ///< By first date, then label.
  int first = 0, last = 0;            ///< The days the dated facts span (kDoom ends left out).
  std::vector<std::string> undated;   ///< Events, agreements and sources that carry no date, by name.
  std::size_t undated_relations = 0;  ///< Relations with no date of their own, citing an undated source.
};

/// The dated facts of `graph`; with an engine, only the relations and actors
/// its filters allow.
Timeline timeline_of(const KnowledgeGraph& graph, const QueryEngine* engine = nullptr);

/// How a timeline is drawn.
struct TimelineStyle {
  std::string id_prefix = "timeline";  ///< Ids of its title and description.
  /// The link of a mark citing a source (its id); "" for none.
  std::function<std::string(const std::string&)> link = nullptr;
};

/// The timeline as an SVG 16 cm wide (its text 7 pt or more there), each
/// mark a group with its fact in data-* attributes and a <title>.
std::string timeline_svg(const KnowledgeGraph& graph, const Timeline& timeline, const TimelineStyle& style);

/// The same drawn in pages at most `page_height` points tall (the undated
/// facts under the last), each with its axis: for print.
std::vector<std::string> timeline_pages(const KnowledgeGraph& graph, const Timeline& timeline,
                                        const TimelineStyle& style, double page_height);

/// The day (YYYYMMDD) as a count of days since 1970-01-01.
long days_from_civil(int yyyymmdd);

}  // namespace relmap
