// Exports of the knowledge graph: GraphML and node-link JSON.
#pragma once

#include <string>

#include "graph.h"

namespace relmap {

/// GraphML for NetworkX, Gephi and yEd: node ids are fact ids; node keys
/// `type`, `label` and every property; edge keys `relation`, `label`,
/// `cites`, `evidence` and every relation property. List values are written
/// as JSON arrays.
std::string to_graphml(const KnowledgeGraph& graph);

/// Node-link JSON: {"directed", "multigraph", "graph", "nodes": [{id, type,
/// label, aliases?, …properties}], "links": [{source, target, key, relation,
/// label, cites, evidence, …properties}]}.
std::string to_json(const KnowledgeGraph& graph);

}  // namespace relmap
