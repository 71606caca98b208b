#include "project/project.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "base/files.h"
#include "base/hash.h"
#include "base/temporaries.h"
#include "base/text.h"
#include "facts/facts_cache.h"
#include "facts/validate.h"
#include "facts/yaml_reader.h"
#include "project/patch.h"
#include "project/restamp.h"

namespace relmap {

namespace fs = std::filesystem;

namespace {

/// The quotes of every relation of a snapshot, to check against the sources.
std::vector<QuoteCheck> quotes_of(const GraphView& view) {
  std::vector<QuoteCheck> out;
  out.reserve(view.edge_count());
  for (std::uint32_t e = 0; e < view.edge_count(); ++e) {
    const EdgeRecord& r = view.edge(e);
    QuoteCheck q{view.id(r.source),     {},
                 view.text(r.evidence), view.locate({r.where.file, r.evidence_line, r.evidence_col}),
                 view.locate(r.where),  {}};
    for (const PropRecord& p : view.node_properties(r.source)) {
      if (view.text(p.name) != "file") continue;
      q.file = view.text(p.value);
      q.file_at = view.locate({view.node(r.source).where.file, p.line, p.col});
      break;
    }
    out.push_back(q);
  }
  return out;
}

bool has_marker(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kProjectFile, ec) || fs::is_regular_file(dir / kSchemaFile, ec);
}

}  // namespace

std::string find_project_root(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start.empty() ? "." : start, ec);
  if (ec) return {};
  dir = dir.lexically_normal();
  for (;;) {
    if (has_marker(dir)) return dir.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

ProjectPaths project_paths(const std::string& root, Diagnostics* diags) {
  ProjectPaths paths;
  paths.root = root;
  const fs::path base(root);
  paths.schema = (base / kSchemaFile).string();
  paths.data = (base / "data").string();
  paths.out = (base / "out").string();
  const std::string file = (base / kProjectFile).string();
  std::error_code ec;
  if (!fs::exists(file, ec)) return paths;
  std::string text;
  YamlNode doc;
  if (!read_file(file, &text, diags) || !parse_yaml(file, text, &doc, diags) || doc.is_null()) return paths;
  if (!doc.is_map()) {
    diags->error(location_of(file, doc), "relmap.yaml must be a mapping of schema, data, sources and out");
    return paths;
  }
  check_keys(file, doc, {"schema", "data", "sources", "out"}, "project key", diags);
  for (auto [key, target] : {std::pair{"schema", &paths.schema},
                             {"data", &paths.data},
                             {"sources", &paths.sources},
                             {"out", &paths.out}}) {
    const YamlNode* node = doc.find(key);
    if (node == nullptr || !require_line(file, *node, std::string("'") + key + "'", diags)) continue;
    *target = (base / node->value).lexically_normal().string();
  }
  return paths;
}

std::string absolute_input(const std::string& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  return ec ? std::string() : absolute.string();
}

std::string cache_dir_for(const std::string& schema_path, const std::string& data_path) {
  if (data_path == kDataFromStdin) return {};
  const fs::path data = absolute_input(data_path);
  const fs::path schema = absolute_input(schema_path);
  if (data.empty() || schema.empty()) return {};
  std::error_code ec;
  const std::string root =
      find_project_root(fs::is_directory(data, ec) ? data.string() : data.parent_path().string());
  if (root.empty()) return {};
  char key[24];
  std::snprintf(key, sizeof key, "%016llx",
                static_cast<unsigned long long>(hash64(schema.string() + "\n" + data.string())));
  const std::string name = data.filename().empty() ? "data" : data.filename().string();
  return (fs::path(root) / kCacheFolder / (name + "-" + std::string(key, 8))).string();
}

std::string snapshot_path(const std::string& cache_dir) {
  return cache_dir.empty() ? std::string() : cache_dir + "/graph.snap";
}

const KnowledgeGraph& Project::graph() {
  if (!graph_) graph_ = std::make_unique<KnowledgeGraph>(schema, view);
  return *graph_;
}

namespace {

/// Add the facts files of `folder` to `files` (with their stamps), but for
/// those already there, keeping the order by path.
bool add_context(const std::string& folder, std::vector<std::string>* files, std::vector<FileStamp>* stamps,
                 Diagnostics* diags) {
  std::vector<std::string> more;
  std::vector<FileStamp> more_stamps;
  if (!list_fact_files(folder, &more, diags, &more_stamps)) return false;
  std::error_code ec;
  std::vector<std::pair<std::string, FileStamp>> all;
  std::set<fs::path> seen;
  for (std::size_t i = 0; i < files->size(); ++i) {
    seen.insert(fs::weakly_canonical((*files)[i], ec));
    all.emplace_back((*files)[i], (*stamps)[i]);
  }
  for (std::size_t i = 0; i < more.size(); ++i)
    if (!seen.count(fs::weakly_canonical(more[i], ec))) all.emplace_back(more[i], more_stamps[i]);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  files->clear();
  stamps->clear();
  for (auto& [path, stamp] : all) {
    files->push_back(std::move(path));
    stamps->push_back(stamp);
  }
  return true;
}

/// Open a compiled snapshot kept in memory as the project's view.
bool open_in_memory(SnapshotImage image, Project* project, Diagnostics* diags) {
  auto bytes = std::make_shared<std::string>(image.bytes());
  image = SnapshotImage();
  const std::string_view view_bytes(*bytes);
  std::string why;
  project->view = GraphView::open(std::move(bytes), view_bytes, &why);
  if (!project->view) diags->error({}, "internal error: the compiled snapshot does not open: " + why);
  return project->view != nullptr;
}

/// The project from its snapshot, fresh as it is: the schema's warnings,
/// the snapshot's, and the quotes' check. False if there were errors.
bool from_snapshot(const LoadOptions& options, std::shared_ptr<const GraphView> view, Project* project,
                   Diagnostics* diags) {
  project->view = std::move(view);
  project->fresh_snapshot = true;
  project->entities = project->view->node_count();
  project->relations = project->view->edge_count();
  project->view->replay(diags);
  if (!options.sources_dir.empty()) check_quotes(quotes_of(*project->view), options.sources_dir, diags);
  if (diags->has_errors()) project->view.reset();
  return !diags->has_errors();
}

/// Whether a watcher vouches for the snapshot `*opened`, setting
/// `*vouched_by`. Where it does not, it may have just made another, having
/// seen the inputs change: that one is opened instead and asked about once.
bool vouched(const LoadOptions& options, const std::string& snapshot,
             std::shared_ptr<const GraphView>* opened, long* vouched_by) {
  for (int ask = 0; ask < 2; ++ask) {
    if (ask > 0) {
      std::string why;
      std::shared_ptr<const GraphView> again = GraphView::open_file(snapshot, &why, options.check);
      if (!again || again->identity() == (*opened)->identity()) return false;
      *opened = std::move(again);
    }
    if (!built_for(**opened, options.schema_path, options.data_path)) return false;
    const std::optional<long> watcher = options.vouch((*opened)->identity());
    if (!watcher) return false;  // no watcher answers
    if (*watcher != 0) {
      *vouched_by = *watcher;
      return true;
    }
  }
  return false;
}

/// The snapshot of a data folder, if a watcher vouches for it (setting
/// `*vouched_by`) or the quick walk finds it fresh: with every file as it
/// was, nothing needs listing first. `*opened` keeps the snapshot opened,
/// fresh or not; where the walk found the same files, changed or not,
/// `*files` and `*stamps` list them (list_fact_files).
std::shared_ptr<const GraphView> quickly_fresh(const LoadOptions& options, const std::string& snapshot,
                                               std::shared_ptr<const GraphView>* opened,
                                               std::vector<std::string>* files,
                                               std::vector<FileStamp>* stamps, long* vouched_by) {
  if (snapshot.empty() || !options.context_data.empty() || options.data_path == kDataFromStdin)
    return nullptr;
  std::string why;
  *opened = GraphView::open_file(snapshot, &why, options.check);
  if (*opened && options.vouch && vouched(options, snapshot, opened, vouched_by)) return *opened;
  bool restamp = false;  // then the manifest is brought up to date, below
  if (!*opened ||
      !inputs_unchanged(**opened, options.schema_path, options.data_path, &restamp, files, stamps) || restamp)
    return nullptr;
  return *opened;
}

/// The parse cache of the cache folder, the folder made if need be and the
/// temporaries of killed runs swept; null without a cache folder.
std::unique_ptr<FactsCache> open_cache(const LoadOptions& options) {
  std::error_code ec;
  if (options.cache_dir.empty()) return nullptr;
  fs::create_directories(options.cache_dir, ec);
  if (!ec) {
    sweep_temporaries(options.cache_dir);  // left by runs killed while writing the cache
    return std::make_unique<FactsCache>(options.cache_dir + "/facts.cache");
  }
  if (options.cache_notes)
    options.cache_notes->warning({options.cache_dir, 0, 0},
                                 "cannot create the cache folder: " + ec.message());
  return nullptr;
}

/// The snapshot kept for data files that changed in nothing it holds (see
/// restamp.h), its manifest brought up to date recorded beside it (else
/// only in this run, if that cannot be written).
std::shared_ptr<const GraphView> kept_snapshot(const LoadOptions& options,
                                               std::shared_ptr<const GraphView> view, Manifest manifest) {
  ++manifest.restamps;
  Diagnostics unsaved;
  sweep_temporaries(options.cache_dir);  // left by runs killed while writing the cache
  // Recorded for the next run; this one goes on with the view it has,
  // whose every other section is the same.
  write_restamped(snapshot_path(options.cache_dir), *view, manifest, &unsaved);
  if (options.cache_notes)
    for (const Diagnostic& d : unsaved.items()) options.cache_notes->warning(d.where, d.message);
  return view;
}

/// Store a compiled snapshot in the cache folder and open it as the
/// project's view; kept in memory only when it cannot be stored.
bool store_snapshot(const LoadOptions& options, SnapshotImage image, Project* project, Diagnostics* diags) {
  const std::string snapshot = snapshot_path(options.cache_dir);
  // Written piece by piece and mapped back, so that it is never in memory
  // twice.
  Diagnostics unwritten;
  std::string why;
  if (snapshot.empty() || !write_file(snapshot, image.pieces(), &unwritten)) {
    if (options.cache_notes)
      for (const Diagnostic& d : unwritten.items()) options.cache_notes->warning(d.where, d.message);
    return open_in_memory(std::move(image), project, diags);
  }
  image = SnapshotImage();
  std::error_code ignored;  // recorded for the snapshot replaced, which it names
  fs::remove(restamped_path(snapshot), ignored);
  project->view = GraphView::open_file(snapshot, &why, options.check);
  if (!project->view) diags->error({}, "internal error: the compiled snapshot does not open: " + why);
  return project->view != nullptr;
}

/// The snapshot for data files of which some changed since `view` was
/// compiled: kept if they changed in nothing it holds, patched if only
/// their relations changed (patch.h); null if it must be compiled again.
std::shared_ptr<const GraphView> updated_snapshot(const LoadOptions& options, const Schema& schema,
                                                  std::shared_ptr<const GraphView> view,
                                                  const std::vector<std::string>& files,
                                                  const std::vector<FileStamp>& stamps) {
  if (view->data_path() != options.data_path) return nullptr;
  std::optional<InputChanges> changes = input_changes(*view, options.schema_path, files, stamps);
  if (!changes) return nullptr;
  if (changes->none()) return kept_snapshot(options, std::move(view), std::move(changes->manifest));
  std::optional<SnapshotImage> image = patched_snapshot(schema, std::move(view), std::move(*changes));
  if (!image) return nullptr;
  sweep_temporaries(options.cache_dir);  // left by runs killed while writing the cache
  Project patched;
  Diagnostics unopened;  // a full compile then tells what is wrong
  if (!store_snapshot(options, std::move(*image), &patched, &unopened)) return nullptr;
  return patched.view;
}

}  // namespace

bool load_project(const LoadOptions& options, Project* project, Diagnostics* diags) {
  const bool schema_ok = load_schema_file(options.schema_path, &project->schema, diags);
  std::shared_ptr<const GraphView> opened;
  std::vector<std::string> files;
  std::vector<FileStamp> stamps;
  if (schema_ok) {
    if (auto view = quickly_fresh(options, snapshot_path(options.cache_dir), &opened, &files, &stamps,
                                  &project->vouched_by)) {
      project->files = view->data_files().left();
      return from_snapshot(options, std::move(view), project, diags);
    }
  }
  const bool walked = !files.empty();
  Diagnostics listing;
  const bool from_stdin = options.data_path == kDataFromStdin;
  bool listed = from_stdin || walked || list_fact_files(options.data_path, &files, &listing, &stamps);
  if (listed && !options.context_data.empty())
    listed = add_context(options.context_data, &files, &stamps, &listing);
  project->files = from_stdin ? 1 : files.size();
  const std::string snapshot = snapshot_path(options.cache_dir);
  if (schema_ok && listed && !snapshot.empty()) {
    std::string why;
    auto view = opened ? std::move(opened) : GraphView::open_file(snapshot, &why, options.check);
    bool restamp = false;
    // Files the quick walk listed are the snapshot's, some of them changed:
    // nothing to compare again.
    if (view && !walked && view->data_path() == options.data_path &&
        inputs_match(view->manifest(), options.schema_path, files, stamps, &restamp) && !restamp)
      return from_snapshot(options, std::move(view), project, diags);
    if (view) view = updated_snapshot(options, project->schema, std::move(view), files, stamps);
    if (view) return from_snapshot(options, std::move(view), project, diags);
  }
  diags->append(listing);
  if (!schema_ok) return false;
  std::unique_ptr<FactsCache> cache = open_cache(options);
  Facts facts;
  std::vector<InputFile> inputs;
  std::string text;
  if (from_stdin && !read_standard_input(&text, diags)) return false;
  bool ok = from_stdin ? load_facts_text(kStandardInput, text, &facts, diags)
                       : load_fact_files(files, stamps, &facts, diags, cache.get(), &inputs) && listed;
  Diagnostics unsaved;
  if (cache) cache->save(&unsaved);
  if (options.cache_notes) options.cache_notes->append(unsaved);
  project->entities = facts.entities.size();
  project->relations = facts.relations.size();
  // Validation runs on whatever was read, unless a file that could not be
  // read would make every reference to it look wrong.
  if (!facts.complete || !listed) return false;
  ok = validate(project->schema, facts, diags) && ok;
  const Diagnostics kept = *diags;  // what a fresh snapshot gives back
  if (!options.sources_dir.empty()) ok = check_evidence(facts, options.sources_dir, diags) && ok;
  if (!ok) return false;
  Manifest manifest{program_identity(), input_file(options.schema_path), options.data_path,
                    std::move(inputs)};
  SnapshotImage image = compile_snapshot(project->schema, facts, kept, manifest);
  facts = Facts();  // the snapshot holds everything from here on
  return store_snapshot(options, std::move(image), project, diags);
}

bool load_project_texts(const TextFile& schema, const std::vector<TextFile>& files, Project* project,
                        Diagnostics* diags) {
  if (!project->schema.load(schema.name, schema.content, diags)) return false;
  Facts facts;
  bool ok = true;
  for (const TextFile& f : files) ok = load_facts_text(f.name, f.content, &facts, diags) && ok;
  project->files = files.size();
  project->entities = facts.entities.size();
  project->relations = facts.relations.size();
  if (!facts.complete) return false;
  ok = validate(project->schema, facts, diags) && ok;
  if (!ok) return false;
  InputFile schema_input{schema.name, {}, hash64(schema.content)};
  const Manifest manifest{program_identity(), std::move(schema_input), "", {}};
  SnapshotImage image = compile_snapshot(project->schema, facts, *diags, manifest);
  facts = Facts();
  return open_in_memory(std::move(image), project, diags);
}

}  // namespace relmap
