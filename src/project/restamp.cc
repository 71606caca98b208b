#include "project/restamp.h"

#include <unordered_map>

#include "base/files.h"
#include "base/hash.h"
#include "facts/facts.h"
#include "facts/facts_cache.h"

namespace relmap {

namespace {

/// The record of the file at `path`, as it is now with `stamp`, into
/// `*now`: its content hash and, unless that is `recorded`'s (if given),
/// the hash of what it parses to, with the facts and diagnostics in
/// `*reparsed`; false if it cannot be read.
bool reread(const std::string& path, const FileStamp& stamp, const InputFile* recorded, InputFile* now,
            Reparsed* reparsed) {
  std::string text;
  Diagnostics diags;
  if (!read_file(path, &text, &diags)) return false;
  now->path = path;
  now->stamp = stamp;
  now->hash = hash64(text);
  if (recorded != nullptr && now->hash == recorded->hash) return true;
  load_facts_text(path, text, &reparsed->facts, &reparsed->diags);
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

bool InputChanges::none() const {
  if (!reparsed.empty() || was.size() != files_then) return false;
  for (std::size_t i = 0; i < was.size(); ++i)
    if (was[i] != static_cast<std::int64_t>(i)) return false;
  return true;
}

std::optional<InputChanges> input_changes(const GraphView& view, const std::string& schema_path,
                                          const std::vector<std::string>& files,
                                          const std::vector<FileStamp>& stamps) {
  const Manifest& was = view.manifest();
  InputChanges changes{was, {}, {}, was.files.size()};
  Manifest& now = changes.manifest;
  if (was.program != program_identity() || !same_schema(was.schema, schema_path, &now.schema))
    return std::nullopt;
  // Where each file was: in its place, as it nearly always is, else found by its path.
  bool in_place = was.files.size() == files.size();
  for (std::size_t i = 0; in_place && i < files.size(); ++i) in_place = was.files[i].path == files[i];
  std::unordered_map<std::string_view, std::size_t> index;
  if (!in_place)
    for (std::size_t i = 0; i < was.files.size(); ++i) index.emplace(was.files[i].path, i);
  now.files.clear();
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!stamps[i].ok) return std::nullopt;
    std::int64_t at = static_cast<std::int64_t>(i);
    if (!in_place) {
      const auto found = index.find(files[i]);
      at = found == index.end() ? -1 : static_cast<std::int64_t>(found->second);
    }
    changes.was.push_back(at);
    Reparsed reparsed;
    const InputFile* recorded = at < 0 ? nullptr : &was.files[static_cast<std::size_t>(at)];
    now.files.push_back(recorded ? *recorded : InputFile{});
    if (recorded && stamps[i] == recorded->stamp) continue;
    if (!reread(files[i], stamps[i], recorded, &now.files.back(), &reparsed)) return std::nullopt;
    if (recorded && now.files.back().parsed == recorded->parsed) continue;
    reparsed.file = static_cast<std::uint32_t>(i);
    changes.reparsed.push_back(std::move(reparsed));
  }
  return changes;
}

}  // namespace relmap
