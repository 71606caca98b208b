// Any bytes as git's answers about a revision — the `ls-tree -r -z` listing
// of data/, then (after a form feed) the `cat-file --batch-check
// --follow-symlinks` answers, then (after another) the `cat-file --batch`
// contents — read as `relmap diff` reads a revision: never a crash or an
// exception; a refusal always has an error, named as git names the file
// (HEAD~1:path) or naming the revision; only facts files the listing holds
// under data/ are read, never one that git says leads out of the tree; and
// what a terminal is shown of the diagnostics is free of raw control text.
#include <set>

#include "fuzz_util.h"
#include "project/revision.h"

namespace {

constexpr const char* kRevision = "HEAD~1";
const std::string kCommit(40, 'c');

/// The parts of the input between form feeds (missing ones empty).
std::vector<std::string_view> parts(std::string_view text) {
  std::vector<std::string_view> out;
  for (int i = 0; i < 2; ++i) {
    const std::size_t at = text.find('\f');
    out.push_back(text.substr(0, at));
    text = at == std::string_view::npos ? std::string_view() : text.substr(at + 1);
  }
  out.push_back(text);
  return out;
}

/// The facts files the listing holds under data/, as git would name them.
std::set<std::string> listed_names(std::string_view listing) {
  std::vector<relmap::TreeEntry> entries;
  std::set<std::string> names;
  if (!relmap::parse_tree_listing(listing, &entries)) return names;
  for (const relmap::TreeEntry& e : entries)
    if (e.path == "data" || e.path.rfind("data/", 0) == 0)
      names.insert(std::string(kRevision) + ":" + e.path);
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relmap;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> answers = parts(text);
  RevisionReader reader(kRevision, kCommit, "graph-schema.yaml", "data");
  RevisionFiles files;
  Diagnostics diags;
  const bool read = reader.plan(answers[0], &diags) && reader.check(answers[1], &diags) &&
                    reader.take(answers[2], &files, &diags);
  FUZZ_CHECK(read || diags.has_errors(), "revision refused without an error");
  const std::set<std::string> listed = listed_names(answers[0]);
  for (const Diagnostic& d : diags.items())
    FUZZ_CHECK(
        d.where.file.empty() || listed.count(d.where.file) || d.where.file == "HEAD~1:graph-schema.yaml",
        "a diagnostic at " + d.where.file);
  fuzz::check_plain_text(diags.format(), "diagnostics");
  if (!read) return 0;
  FUZZ_CHECK(files.schema.name == "HEAD~1:graph-schema.yaml", files.schema.name);
  for (const TextFile& f : files.facts)
    FUZZ_CHECK(listed.count(f.name), "read " + f.name + ", which is not listed");
  // What was read loads as `diff` loads it, with the same output checks as
  // the facts: every diagnostic is at a file of the revision.
  Project project;
  Diagnostics loaded;
  const bool ok = load_project_texts(files.schema, files.facts, &project, &loaded);
  FUZZ_CHECK(ok || loaded.has_errors(), "a revision's facts refused without an error");
  for (const Diagnostic& d : loaded.items())
    FUZZ_CHECK(d.where.file.empty() || d.where.file == files.schema.name || listed.count(d.where.file),
               "a diagnostic at " + d.where.file);
  fuzz::check_plain_text(loaded.format(), "diagnostics");
  fuzz::reached += ok;
  return 0;
}
