#include "project/restamp.h"

#include "base/files.h"
#include "base/hash.h"
#include "facts/facts.h"
#include "facts/facts_cache.h"

namespace relmap {

namespace {

/// The record of `recorded` brought up to date with `stamp`: its content
/// hash and, if that changed, the hash of what it parses to now; false if
/// it cannot be read.
bool restamped(const InputFile& recorded, const FileStamp& stamp, InputFile* now) {
  std::string text;
  Diagnostics diags;
  if (!read_file(recorded.path, &text, &diags)) return false;
  now->stamp = stamp;
  now->hash = hash64(text);
  if (now->hash == recorded.hash) return true;
  Facts facts;
  load_facts_text(recorded.path, text, &facts, &diags);
  now->parsed = parse_hash(facts, diags);
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

std::optional<Manifest> restamped_manifest(const GraphView& view, const std::string& schema_path,
                                           const std::vector<std::string>& files,
                                           const std::vector<FileStamp>& stamps) {
  const Manifest& was = view.manifest();
  Manifest now = was;
  if (was.program != program_identity() || was.files.size() != files.size() ||
      !same_schema(was.schema, schema_path, &now.schema))
    return std::nullopt;
  ++now.restamps;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const InputFile& recorded = was.files[i];
    if (recorded.path != files[i] || !stamps[i].ok) return std::nullopt;
    if (stamps[i] == recorded.stamp) continue;
    if (!restamped(recorded, stamps[i], &now.files[i]) || now.files[i].parsed != recorded.parsed)
      return std::nullopt;
  }
  return now;
}

}  // namespace relmap
