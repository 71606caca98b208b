#include "project/restamp.h"

#include "base/files.h"
#include "base/hash.h"
#include "facts/facts.h"

namespace relmap {

namespace {

/// The content hash and parse hash of `file` as it is now, from the cache
/// or parsed (and then cached); false if it cannot be read.
bool parse_result(const std::string& file, const FileStamp& stamp, FactsCache* cache, std::uint64_t* hash,
                  std::uint64_t* parsed) {
  Facts facts;
  Diagnostics diags;
  std::string text;
  if (cache != nullptr && cache->take(file, stamp, &text, hash, &facts, &diags, parsed)) return true;
  if (text.empty() && !read_file(file, &text, &diags)) return false;
  *hash = hash64(text);
  load_facts_text(file, text, &facts, &diags);
  *parsed = cache != nullptr ? cache->put(file, stamp, *hash, facts, diags) : parse_hash(facts, diags);
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
                                           const std::vector<FileStamp>& stamps, FactsCache* cache) {
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
    InputFile& file = now.files[i];
    file.stamp = stamps[i];
    if (!parse_result(files[i], stamps[i], cache, &file.hash, &file.parsed) || file.parsed != recorded.parsed)
      return std::nullopt;
  }
  return now;
}

}  // namespace relmap
