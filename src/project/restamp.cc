#include "project/restamp.h"

#include "base/files.h"
#include "base/hash.h"
#include "facts/facts.h"
#include "facts/facts_cache.h"

namespace relmap {

namespace {

/// The record of `recorded` brought up to date with `stamp`: its content
/// hash and, if that changed, the hash of what it parses to now, with the
/// facts and diagnostics in `*reparsed`; false if it cannot be read.
bool restamped(const InputFile& recorded, const FileStamp& stamp, InputFile* now, Reparsed* reparsed) {
  std::string text;
  Diagnostics diags;
  if (!read_file(recorded.path, &text, &diags)) return false;
  now->stamp = stamp;
  now->hash = hash64(text);
  if (now->hash == recorded.hash) return true;
  load_facts_text(recorded.path, text, &reparsed->facts, &reparsed->diags);
  now->parsed = parse_hash(reparsed->facts, reparsed->diags);
  return true;
}

/// The schema's record brought up to date, if its content is the same.
bool same_schema(const InputFile& recorded, const std::string& path, InputFile* now) {
  const FileStamp stamp = stamp_of(path);
  if (recorded.path != path || !stamp.ok) return false;
  if (stamp == recorded.stamp) return true;
  const InputFile read = input_file(path);
  if (!read.stamp.ok || read.hash != recorded.hash) return false;
  now->stamp = read.stamp;
  return true;
}

}  // namespace

std::optional<InputChanges> input_changes(const GraphView& view, const std::string& schema_path,
                                          const std::vector<std::string>& files,
                                          const std::vector<FileStamp>& stamps) {
  const Manifest& was = view.manifest();
  InputChanges changes{was, {}};
  Manifest& now = changes.manifest;
  if (was.program != program_identity() || was.files.size() != files.size() ||
      !same_schema(was.schema, schema_path, &now.schema))
    return std::nullopt;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const InputFile& recorded = was.files[i];
    if (recorded.path != files[i] || !stamps[i].ok) return std::nullopt;
    if (stamps[i] == recorded.stamp) continue;
    Reparsed reparsed;
    if (!restamped(recorded, stamps[i], &now.files[i], &reparsed)) return std::nullopt;
    if (now.files[i].parsed == recorded.parsed) continue;
    reparsed.file = static_cast<std::uint32_t>(i);
    changes.reparsed.push_back(std::move(reparsed));
  }
  return changes;
}

}  // namespace relmap
