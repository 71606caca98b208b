#include "project/revision.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "base/files.h"
#include "base/program.h"
#include "facts/facts.h"

namespace relmap {

namespace fs = std::filesystem;

namespace {

/// The most of git's answers about names read: a path, a commit, a listing.
constexpr std::size_t kMaxListing = std::size_t{256} << 20;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

/// The text of `*rest` up to `end` into `field`, and `*rest` moved past
/// `end`; false if `end` is not there.
bool take_until(std::string_view* rest, char end, std::string_view* field) {
  const std::size_t at = rest->find(end);
  if (at == std::string_view::npos) return false;
  *field = rest->substr(0, at);
  rest->remove_prefix(at + 1);
  return true;
}

/// A size written in decimal digits, all of `text`.
bool parse_size(std::string_view text, std::size_t* size) {
  const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), *size);
  return err == std::errc() && end == text.data() + text.size() && !text.empty();
}

/// A SHA-1 or SHA-256 object id in lower-case hex.
bool is_object_id(std::string_view text) {
  return (text.size() == 40 || text.size() == 64) && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

/// The last part of a path.
std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// Whether a file of this name is read as facts (as in a data folder).
bool is_fact_name(std::string_view path) {
  const std::string_view name = base_name(path);
  return (name.size() > 5 && name.ends_with(".yaml")) || (name.size() > 4 && name.ends_with(".yml"));
}

/// What a link's target shows as in a message: at most 200 bytes.
std::string shown_target(const std::string& target) {
  return target.size() > 200 ? target.substr(0, 200) + "..." : target;
}

}  // namespace

bool parse_tree_listing(std::string_view listing, std::vector<TreeEntry>* entries) {
  entries->clear();
  while (!listing.empty()) {
    std::string_view mode, type, object, path;
    if (!take_until(&listing, ' ', &mode) || !take_until(&listing, ' ', &type) ||
        !take_until(&listing, '\t', &object) || !take_until(&listing, '\0', &path) || path.empty() ||
        !is_object_id(object))
      return false;
    entries->push_back({std::string(mode), std::string(type), std::string(object), std::string(path)});
  }
  return true;
}

bool parse_cat_file(std::string_view output, std::size_t count, bool with_content,
                    std::vector<GitObject>* objects) {
  objects->clear();
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view line;
    if (!take_until(&output, '\n', &line)) return false;
    GitObject o;
    const std::size_t first = line.find(' '), last = line.rfind(' ');
    if (first == std::string_view::npos) return false;
    const std::string_view head = line.substr(0, first);
    const bool named_only = head == "symlink" || head == "dangling" || head == "loop" || head == "notdir";
    if (named_only && first == last && parse_size(line.substr(first + 1), &o.size)) {
      // "symlink SIZE", then SIZE bytes naming the target, then a newline.
      o.kind = std::string(head);
      if (output.size() < o.size + 1 || output[o.size] != '\n') return false;
      o.content = std::string(output.substr(0, o.size));
      output.remove_prefix(o.size + 1);
    } else if (line.ends_with(" missing") || line.ends_with(" ambiguous")) {
      o.kind = "missing";
    } else if (is_object_id(head) && first != last && parse_size(line.substr(last + 1), &o.size)) {
      o.object = std::string(head);
      o.kind = std::string(line.substr(first + 1, last - first - 1));
      if (with_content) {
        if (output.size() < o.size + 1 || output[o.size] != '\n') return false;
        o.content = std::string(output.substr(0, o.size));
        output.remove_prefix(o.size + 1);
      }
    } else {
      return false;
    }
    objects->push_back(std::move(o));
  }
  return output.empty();
}

RevisionReader::RevisionReader(std::string revision, std::string commit, std::string schema_in_git,
                               std::string data_in_git)
    : revision_(std::move(revision)),
      commit_(std::move(commit)),
      schema_(std::move(schema_in_git)),
      data_(std::move(data_in_git)) {}

bool RevisionReader::plan(std::string_view listing, Diagnostics* diags) {
  std::vector<TreeEntry> entries;
  if (!parse_tree_listing(listing, &entries)) {
    diags->error({}, "git lists the files of revision '" + revision_ + "' in a form relmap does not know");
    return false;
  }
  const std::size_t errors_before = diags->error_count();
  wanted_.clear();
  if (schema_.find('\n') != std::string::npos) {
    diags->error({}, "cannot read a schema whose name holds a line break from a revision");
    return false;
  }
  wanted_.push_back({schema_, commit_ + ":" + schema_, false, {}});  // asked by name, links followed
  const std::string prefix = data_ == "." ? "" : data_ + "/";
  bool found = false;
  for (const TreeEntry& e : entries) {
    if (e.path != data_ && e.path.rfind(prefix, 0) != 0) continue;
    found = true;
    if (e.type != "blob") continue;  // a submodule is not part of this repository
    const bool link = e.mode == "120000";
    // Every link is looked at (one may lead out of the tree, whatever its
    // name); a plain file only if it is a facts file, or the data itself.
    // cat-file takes one name a line: a link whose name holds a line break
    // cannot be asked about.
    if (link && e.path.find('\n') != std::string::npos)
      diags->error({name(e.path), 0, 0}, "cannot follow link: its name holds a line break");
    else if (link)
      wanted_.push_back({e.path, commit_ + ":" + e.path, true, {}});
    else if (is_fact_name(e.path) || e.path == data_)
      wanted_.push_back({e.path, e.object, false, e.object});
  }
  if (!found) diags->error({}, "revision '" + revision_ + "' has no " + data_);
  std::sort(wanted_.begin() + 1, wanted_.end(),
            [](const Wanted& a, const Wanted& b) { return a.path < b.path; });
  return found && errors_before == diags->error_count();
}

std::string RevisionReader::check_requests() const {
  std::string out;
  for (const Wanted& w : wanted_) out += w.request + "\n";
  return out;
}

bool RevisionReader::check_one(const Wanted& w, const GitObject& answer, bool is_schema,
                               Diagnostics* diags) const {
  const Location at{name(w.path), 0, 0};
  if (answer.kind == "symlink") {
    diags->error(at, "a link to '" + shown_target(answer.content) + "', outside the revision: not followed");
  } else if (answer.kind == "dangling" || answer.kind == "notdir") {
    diags->error(at, "cannot follow link: it leads to nothing in the revision");
  } else if (answer.kind == "loop") {
    diags->error(at, "cannot follow link: too many levels of links");
  } else if (answer.kind == "missing") {
    diags->error(is_schema ? Location{} : at, is_schema ? "revision '" + revision_ + "' has no " + w.path
                                                        : std::string("no such file in the revision"));
  } else if (answer.kind == "tree") {
    diags->error(at, w.link ? "a link to a folder: a revision's links are followed to files only"
                            : "not a regular file: it is a folder");
  } else if (answer.kind != "blob") {
    diags->error(at, "not a regular file: git holds a " + shown_target(answer.kind) + " there");
  } else if (answer.size > kMaxDataFileBytes) {
    diags->error(at, "cannot read file: larger than " + std::to_string(kMaxDataFileBytes >> 20) + " MiB");
  } else {
    return true;
  }
  return false;
}

bool RevisionReader::check(std::string_view answers, Diagnostics* diags) {
  std::vector<GitObject> objects;
  if (!parse_cat_file(answers, wanted_.size(), false, &objects)) {
    diags->error({},
                 "git describes the files of revision '" + revision_ + "' in a form relmap does not know");
    return false;
  }
  const std::size_t errors_before = diags->error_count();
  std::vector<Wanted> files;
  bytes_ = 0;
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    const Wanted& w = wanted_[i];
    const GitObject& answer = objects[i];
    const bool readable = check_one(w, answer, i == 0, diags);
    // A link that leads to a file inside the tree stands for that file; one
    // that is not named as a facts file is not read, as in a folder.
    if (!readable || (i > 0 && !is_fact_name(w.path) && w.path != data_)) continue;
    files.push_back({w.path, answer.object, w.link, answer.object});
    bytes_ += answer.size + 128;
  }
  wanted_ = std::move(files);
  return diags->error_count() == errors_before;
}

std::string RevisionReader::content_requests() const {
  std::string out;
  for (const Wanted& w : wanted_) out += w.object + "\n";
  return out;
}

std::size_t RevisionReader::content_bytes() const { return bytes_; }

bool RevisionReader::take(std::string_view answers, RevisionFiles* files, Diagnostics* diags) {
  std::vector<GitObject> objects;
  if (wanted_.empty() || !parse_cat_file(answers, wanted_.size(), true, &objects)) {
    diags->error({}, "git gives the files of revision '" + revision_ + "' in a form relmap does not know");
    return false;
  }
  files->facts.clear();
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    if (objects[i].kind != "blob" || objects[i].object != wanted_[i].object) {
      diags->error({name(wanted_[i].path), 0, 0}, "git gave another object than the one asked for");
      return false;
    }
    TextFile file{name(wanted_[i].path), std::move(objects[i].content)};
    if (i == 0)
      files->schema = std::move(file);
    else
      files->facts.push_back(std::move(file));
  }
  return true;
}

namespace {

/// Run git in `top` with `args` (and `input`); true with its output in
/// `output`, or false with why in `error`.
bool git(const std::string& top, std::vector<std::string> args, const std::string* input,
         std::size_t max_output, std::string* output, std::string* error) {
  args.insert(args.begin(), {"git", "--literal-pathspecs", "-C", top});
  ProgramResult r = run_program(args, input, max_output);
  if (!r.ok()) {
    *error = !r.started    ? r.errors
             : r.too_large ? "git answers with more than " + std::to_string(max_output >> 20) + " MiB"
                           : first_line(r.errors.empty() ? "git failed" : r.errors);
    return false;
  }
  *output = std::move(r.output);
  return true;
}

}  // namespace

bool read_revision(const std::string& revision, const std::string& schema_path, const std::string& data_path,
                   RevisionFiles* files, Diagnostics* diags) {
  if (revision.empty() || revision[0] == '-') {
    diags->error({}, "'" + revision + "' is neither a folder nor a git revision");
    return false;
  }
  std::error_code ec;
  const fs::path data = fs::absolute(data_path, ec).lexically_normal();
  const fs::path schema = fs::absolute(schema_path, ec).lexically_normal();
  const fs::path start = fs::is_directory(data, ec) ? data : data.parent_path();
  std::string top, commit, why;
  if (!git(start.string(), {"rev-parse", "--show-toplevel"}, nullptr, kMaxListing, &top, &why)) {
    diags->error({}, "'" + revision + "' is not a folder, and " + data_path +
                         " is not in a git repository to take it as a revision of: " + why);
    return false;
  }
  top = first_line(top);
  if (!git(top, {"rev-parse", "--verify", "--quiet", revision + "^{commit}"}, nullptr, kMaxListing, &commit,
           &why)) {
    diags->error({}, "'" + revision + "' is neither a folder nor a revision of the git repository " + top);
    return false;
  }
  commit = first_line(commit);
  std::string data_in_git = data.lexically_relative(top).generic_string();
  if (data_in_git.size() > 1 && data_in_git.back() == '/') data_in_git.pop_back();  // "data/"
  const std::string schema_in_git = schema.lexically_relative(top).generic_string();
  if (data_in_git.empty() || data_in_git.rfind("..", 0) == 0 || schema_in_git.empty() ||
      schema_in_git.rfind("..", 0) == 0) {
    diags->error({}, data_path + " and " + schema_path + " must be inside the git repository " + top);
    return false;
  }
  RevisionReader reader(revision, commit, schema_in_git, data_in_git);
  std::string listing, answers, contents;
  if (!git(top, {"ls-tree", "-r", "-z", commit, "--", data_in_git}, nullptr, kMaxListing, &listing, &why)) {
    diags->error({}, "cannot list the files of revision '" + revision + "': " + why);
    return false;
  }
  if (!reader.plan(listing, diags)) return false;
  const std::string checks = reader.check_requests();
  if (!git(top, {"cat-file", "--batch-check", "--follow-symlinks"}, &checks, kMaxListing, &answers, &why)) {
    diags->error({}, "cannot read the files of revision '" + revision + "': " + why);
    return false;
  }
  if (!reader.check(answers, diags)) return false;
  const std::string wanted = reader.content_requests();
  if (!git(top, {"cat-file", "--batch"}, &wanted, reader.content_bytes(), &contents, &why)) {
    diags->error({}, "cannot read the files of revision '" + revision + "': " + why);
    return false;
  }
  return reader.take(contents, files, diags);
}

}  // namespace relmap
