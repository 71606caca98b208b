// Maps cited on paper: where a printed map has no tooltips, each line carries
// a mark with the numbers of the articles its relations cite, and the list
// under the map's legend says which article each number is (publisher,
// title, date, link). Numbers are given per map, in fact order.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/graph.h"

namespace relmap {

struct MapSpec;

/// The most sources a map lists (a line each, under its legend, where they
/// take room from the map); a map citing more lists these and says how many
/// more, and its marks count the others ("+N").
inline constexpr std::size_t kMaxSourcesListed = 12;
/// The most numbers a line's mark shows; further sources are counted ("+N").
inline constexpr std::size_t kMaxMarkNumbers = 3;

/// The sources one map cites, numbered from 1.
struct MapCitations {
  std::vector<std::string> listed;                      ///< Source ids, number k at index k - 1.
  std::unordered_map<std::string, std::size_t> number;  ///< Of the listed ids.
  std::size_t unlisted = 0;                             ///< Cited beyond kMaxSourcesListed.
};

/// The relations drawn as the map's `i`th edge: its bundle (a summary's
/// pair), else the relation itself.
std::vector<KnowledgeGraph::Edge> relations_of_edge(const MapSpec& spec, std::size_t i);

/// The sources cited by the map's relations and quotes, in the order of
/// their entities in the graph (fact order); ids the graph does not hold last.
MapCitations cite_sources(const KnowledgeGraph& graph, const MapSpec& spec);

/// The mark of a line standing for `relations`: "[1]", "[1,3]", "[1,2,4 +2]".
std::string source_mark(const KnowledgeGraph& graph, const MapCitations& citations,
                        const std::vector<KnowledgeGraph::Edge>& relations);

/// A source as listed under a map: publisher, title in quotes, date and
/// http(s) link, those it has; its id where the graph has no such source.
std::string source_entry(const KnowledgeGraph& graph, const std::string& source_id);

/// A relation as quoted under a path map: "A → B, member of: “quote”".
std::string quote_entry(const KnowledgeGraph& graph, KnowledgeGraph::Edge relation);

}  // namespace relmap
