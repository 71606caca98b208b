// Query results as text for people and JSON for programs, written straight
// from the snapshot. Text for a terminal never carries control characters.
#pragma once

#include <string>
#include <vector>

#include "query/query.h"
#include "query/stats.h"

namespace relmap {

/// What the writers read: a snapshot and its schema, and the engine whose
/// filters decide which citations of a claim are shown (all without one).
struct Answers {
  const GraphView& view;
  const Schema& schema;
  const QueryEngine* engine = nullptr;
};

/// The relations that say the same claim as `e` (e among them, in fact
/// order) that the engine's filters allow; all of them without an engine.
std::vector<EdgeId> allowed_citations(const Answers& g, EdgeId e);

/// `A —[label]→ B` lines with the source and evidence of each hop; implied
/// relations say so. A hop is a claim: every source that says it is cited,
/// with its grade, and with several the number of independent sources; a
/// disputed claim says what disputes it.
/// Ranked otherwise than by length (options.rank), the answer says how
/// first, and each path what ranked it.
std::string paths_to_text(const Answers& g, NodeId from, NodeId to, const std::vector<Path>& paths,
                          const PathOptions& options = {});
/// {"from", "to", "rank", "ranked_by", "paths": [{"length", "cost", ["weakest_hop": {"credibility",
///  "reliability", "independent_sources", "disputed"}], ["degree_product_weight"], "hops": [{"from", "to",
///  "relation", "label", "direction", "basis", "cites", "evidence", "citations": [{"cites", "evidence",
///  "basis", "credibility", "reliability"}], "sources", "independent_sources", "disputed_by": [{"cites",
///  "evidence"}]}]}]}: `basis`, `cites` and `evidence` are the first citation's.
std::string paths_to_json(const Answers& g, NodeId from, NodeId to, const std::vector<Path>& paths,
                          const PathOptions& options = {});

std::string neighbors_to_text(const Answers& g, const QueryEngine::Neighborhood& n, int depth);
/// {"center", "depth", "nodes": [{"id", "type", "label", "distance"}],
///  "relations": [{"from", "to", "relation", "label", "basis", "cites", "evidence"}]}.
std::string neighbors_to_json(const Answers& g, const QueryEngine::Neighborhood& n, int depth);

std::string common_to_text(const Answers& g, NodeId a, NodeId b,
                           const std::vector<QueryEngine::Common>& common);
/// {"a", "b", "common": [{"id", "type", "label", "via_a": [hop], "via_b": [hop]}]}.
std::string common_to_json(const Answers& g, NodeId a, NodeId b,
                           const std::vector<QueryEngine::Common>& common);

std::string stats_to_text(const Answers& g, const GraphStats& stats);
/// {"nodes", "relations", "node_types": {..}, "relation_types": {..},
///  "components": {"count", "sizes"}, "top_degree": [{"id", "label", "degree"}],
///  "top_betweenness": [{"id", "label", "betweenness"}], "betweenness_sampled",
///  "betweenness_sources"}.
std::string stats_to_json(const Answers& g, const GraphStats& stats);

/// A string as a JSON string literal: quotes, backslashes and control
/// characters escaped, invalid UTF-8 replaced by U+FFFD.
void append_json_string(std::string* out, std::string_view text);

}  // namespace relmap
