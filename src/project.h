// The loading pipeline shared by every command: schema, facts, validation,
// graph.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "facts.h"
#include "graph.h"
#include "schema.h"

namespace relmap {

struct LoadOptions {
  std::string schema_path = "graph-schema.yaml";
  std::string data_path = "data";
  std::string sources_dir;  ///< If set, evidence quotes are checked against the sources' text.
};

struct Project {
  Schema schema;
  Facts facts;
  std::unique_ptr<KnowledgeGraph> graph;  ///< Set only when loading succeeded.
};

/// Load the schema, then the facts, then validate (each phase reports every
/// problem; later phases run only if earlier ones succeeded). The graph is
/// built only if there was no error.
bool load_project(const LoadOptions& options, Project* project, Diagnostics* diags);

}  // namespace relmap
