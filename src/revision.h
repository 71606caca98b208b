// A project's schema and facts as a git revision holds them, for comparing
// editions: extracted with git into a temporary folder.
#pragma once

#include <string>

namespace relmap {

/// The schema and data folder of one git revision, in a temporary folder
/// that goes when this does.
class RevisionCheckout {
 public:
  RevisionCheckout() = default;
  RevisionCheckout(const RevisionCheckout&) = delete;
  RevisionCheckout& operator=(const RevisionCheckout&) = delete;
  ~RevisionCheckout();

  /// Extract `schema_path` and `data_path` (inside a git work tree) as
  /// `revision` (anything `git rev-parse` takes: HEAD~1, a tag, a commit)
  /// holds them. False, with why in `error`.
  bool open(const std::string& revision, const std::string& schema_path, const std::string& data_path,
            std::string* error);

  const std::string& schema_path() const { return schema_; }
  /// `path` as git names it in the revision ("HEAD~1:data/a.yaml") if it is
  /// one of the extracted files; else `path` itself.
  std::string name_in_git(const std::string& path) const;
  const std::string& data_path() const { return data_; }

 private:
  std::string revision_;
  std::string folder_;
  std::string schema_;
  std::string data_;
};

}  // namespace relmap
