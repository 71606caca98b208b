// A project's schema and facts as a git revision holds them, for comparing
// editions: read through git itself (`ls-tree`, `cat-file`), never from a
// tree extracted onto the disk, so nothing in a revision can make relmap
// read a file outside it. A symbolic link in the revision is followed only
// within the revision's tree and only to a file; a link that leads out of
// the tree, to a folder, nowhere or round in a loop is an error at its path.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "project/project.h"

namespace relmap {

/// One record of `git ls-tree -r -z`.
struct TreeEntry {
  std::string mode;    ///< "100644", "100755", "120000" (a link), "160000" (a submodule).
  std::string type;    ///< "blob", "commit".
  std::string object;  ///< Its object id.
  std::string path;    ///< From the top of the tree.
};

/// Parse the output of `git ls-tree -r -z`; false if a record is malformed.
bool parse_tree_listing(std::string_view listing, std::vector<TreeEntry>* entries);

/// One answer of `git cat-file --batch-check --follow-symlinks` (with
/// `with_content`, of `--batch`).
struct GitObject {
  /// The object's type ("blob", "tree"), or what git says of a name it could
  /// not resolve within the tree: "symlink" (a link out of it), "dangling",
  /// "loop", "notdir", "missing".
  std::string kind;
  std::string object;  ///< Its id, when found.
  std::size_t size = 0;
  /// The object's bytes (with --batch); for "symlink" where the link leads.
  std::string content;
};

/// Parse `count` answers of cat-file; false if the output is malformed.
bool parse_cat_file(std::string_view output, std::size_t count, bool with_content,
                    std::vector<GitObject>* objects);

/// The schema and facts files of one revision, held in memory and named as
/// git names them ("HEAD~1:data/a.yaml").
struct RevisionFiles {
  TextFile schema;
  std::vector<TextFile> facts;  ///< In path order.
};

/// What a revision's files are, worked out from git's answers in three
/// steps (see read_revision). Kept apart from running git so that any
/// answer can be tried.
class RevisionReader {
 public:
  /// `revision` as the user named it; `commit` its id; the paths from the
  /// top of the repository.
  RevisionReader(std::string revision, std::string commit, std::string schema_in_git,
                 std::string data_in_git);

  /// Pick the entries under the data folder from `listing` (ls-tree -r -z
  /// of the data path). False, with why in `diags`, if there are none.
  bool plan(std::string_view listing, Diagnostics* diags);
  /// What to ask `cat-file --batch-check --follow-symlinks`, one per line.
  std::string check_requests() const;
  /// Take its answers: links resolved, sizes checked. False, with the
  /// errors at their paths in `diags`, if a file cannot be read.
  bool check(std::string_view answers, Diagnostics* diags);
  /// What to ask `cat-file --batch` for the content of the files, and the
  /// most it may answer.
  std::string content_requests() const;
  std::size_t content_bytes() const;
  /// Take its answers into `files`; false with why in `diags`.
  bool take(std::string_view answers, RevisionFiles* files, Diagnostics* diags);

 private:
  /// A file to read: the name it goes by, what to ask git for it.
  struct Wanted {
    std::string path;
    std::string request;
    bool link = false;
    std::string object;  ///< Known after check().
  };
  std::string name(const std::string& path) const { return revision_ + ":" + path; }
  bool check_one(const Wanted& w, const GitObject& answer, bool is_schema, Diagnostics* diags) const;

  std::string revision_, commit_, schema_, data_;
  std::vector<Wanted> wanted_;  ///< The schema first, then the facts in path order.
  std::size_t bytes_ = 0;
};

/// Read `schema_path` and the facts under `data_path` (inside a git work
/// tree) as `revision` (anything `git rev-parse` takes: HEAD~1, a tag, a
/// commit) holds them. False, with why in `diags`.
bool read_revision(const std::string& revision, const std::string& schema_path, const std::string& data_path,
                   RevisionFiles* files, Diagnostics* diags);

}  // namespace relmap
