// A relmap project: where its schema, facts, article texts, output and cache
// are, and the loading pipeline every command shares — the schema, then a
// fresh snapshot from the cache, or the snapshot kept when the files that
// changed read as before (restamp.h), or else the facts (only changed files
// parsed again), validation and a new snapshot.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "facts/facts.h"
#include "facts/schema.h"
#include "graph/graph.h"
#include "store/snapshot.h"

namespace relmap {

/// The file that marks a project's root and may set its paths.
inline constexpr const char* kProjectFile = "relmap.yaml";
inline constexpr const char* kSchemaFile = "graph-schema.yaml";
/// The cache folder relmap keeps in a project's root.
inline constexpr const char* kCacheFolder = ".relmap-cache";

/// Where a project's parts are. Paths are as given or relative to the
/// current folder.
struct ProjectPaths {
  std::string root;  ///< "" when no project root was found.
  std::string schema = kSchemaFile;
  std::string data = "data";
  std::string sources;  ///< Article texts; "" when not set.
  std::string out = "out";
};

/// The nearest folder at or above `start` holding relmap.yaml or
/// graph-schema.yaml, as git finds its root; "" if none.
std::string find_project_root(const std::string& start);

/// The paths of the project at `root`: defaults under it, overridden by its
/// relmap.yaml (keys schema, data, sources, out; relative to the root).
/// Problems with relmap.yaml go to `diags`.
ProjectPaths project_paths(const std::string& root, Diagnostics* diags);

/// The data path that reads one facts document from standard input, with
/// no cache or snapshot.
inline constexpr const char* kDataFromStdin = "-";

struct LoadOptions {
  std::string schema_path = kSchemaFile;
  std::string data_path = "data";  ///< A folder, a file, or kDataFromStdin.
  /// With a single facts file as data_path: the folder of facts it is read
  /// among (its ids resolve against them); "" reads it alone.
  std::string context_data;
  std::string sources_dir;  ///< If set, evidence quotes are checked against the sources' text.
  std::string cache_dir;    ///< Parse cache and snapshot; "" keeps everything in memory.
  /// How much of a fresh snapshot to check when it is opened: all of it
  /// (commands that read everything anyway), or each block as it is read
  /// (queries, which then touch only what they read).
  GraphView::Check check = GraphView::Check::kAll;
  /// Where to tell that the cache could not be written (it only makes the
  /// next run faster, so this is no warning); nullptr to keep quiet.
  Diagnostics* cache_notes = nullptr;
  /// Asked of the snapshot found for these inputs (by its identity) before
  /// they are examined: the process id of a watcher that has seen none of
  /// them change since it found that snapshot fresh (vouch.h); 0 if it
  /// has not; nullopt when no watcher answers. Unset: the inputs are
  /// always examined.
  std::function<std::optional<long>(std::uint64_t snapshot)> vouch;
};

/// A path made absolute and normal, as the cache folder's name and a
/// watcher know an input by.
std::string absolute_input(const std::string& path);

/// The cache folder for these inputs under the project root that holds the
/// data: one per schema and data folder. "" when the data is in no project.
std::string cache_dir_for(const std::string& schema_path, const std::string& data_path);

/// The snapshot file in a cache folder.
std::string snapshot_path(const std::string& cache_dir);

/// What loading gives: the schema and the snapshot of the valid facts.
class Project {
 public:
  Schema schema;
  std::shared_ptr<const GraphView> view;               ///< Set only when loading succeeded.
  std::size_t entities = 0, relations = 0, files = 0;  ///< As read, also when invalid.
  bool fresh_snapshot = false;                         ///< The stored snapshot matched the inputs.
  long vouched_by = 0;  ///< The process id of the watcher that said so, if one did (LoadOptions::vouch).

  /// The Boost multigraph of the facts, built on first use.
  const KnowledgeGraph& graph();

 private:
  std::unique_ptr<KnowledgeGraph> graph_;
};

/// A file's name and content, read from somewhere other than the disk.
struct TextFile {
  std::string name;
  std::string content;
};

/// Load a schema and facts files given in memory, named as given: checked as
/// load_project checks them (no quotes, nothing cached). False on an error.
bool load_project_texts(const TextFile& schema, const std::vector<TextFile>& facts, Project* project,
                        Diagnostics* diags);

/// Load the schema, then the snapshot or the facts (see above). Every
/// problem goes to `diags` (a fresh snapshot gives back the warnings stored
/// with it). False if there was an error; then project->view is null.
bool load_project(const LoadOptions& options, Project* project, Diagnostics* diags);

}  // namespace relmap
