#include "project.h"

#include "validate.h"

namespace relmap {

bool load_project(const LoadOptions& options, Project* project, Diagnostics* diags) {
  const bool schema_ok = load_schema_file(options.schema_path, &project->schema, diags);
  bool ok = load_facts(options.data_path, &project->facts, diags) && schema_ok;
  // Validation runs on whatever was read, unless a missing file or schema
  // would make every reference to it look wrong.
  if (!schema_ok || !project->facts.complete) return false;
  ok = validate(project->schema, project->facts, diags) && ok;
  if (!options.sources_dir.empty()) ok = check_evidence(project->facts, options.sources_dir, diags) && ok;
  if (!ok) return false;
  project->graph = std::make_unique<KnowledgeGraph>(project->schema, project->facts);
  return true;
}

}  // namespace relmap
