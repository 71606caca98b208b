#include "project.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

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

bool write_outputs(const std::vector<OutputFile>& files, Diagnostics* diags) {
  namespace fs = std::filesystem;
  for (const OutputFile& f : files) {
    const fs::path path(f.path);
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec) {
      diags->error({f.path, 0, 0}, "cannot create folder: " + ec.message());
      return false;
    }
    const std::string temp = f.path + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
      out.close();
      if (!out) {
        std::remove(temp.c_str());
        diags->error({f.path, 0, 0}, std::string("cannot write file: ") + std::strerror(errno));
        return false;
      }
    }
    fs::rename(temp, path, ec);
    if (ec) {
      std::remove(temp.c_str());
      diags->error({f.path, 0, 0}, "cannot write file: " + ec.message());
      return false;
    }
  }
  return true;
}

}  // namespace relmap
