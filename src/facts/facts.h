// Facts: entities and relations read from the YAML files under data/.
//
// Facts hold their text as views into storage they own (or keep alive), so a
// million relations cost a few hundred bytes each: no string per field, one
// flat array of property values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/stamps.h"

namespace relmap {

/// A line and character column (1-based) within a known file.
struct LineCol {
  std::int32_t line = 0;
  std::int32_t col = 0;
};

/// One value of a property. A list property has one entry per item, in
/// order, all with the same name.
struct PropertyValue {
  std::string_view name;
  std::string_view value;
  LineCol where;        ///< Position of the key.
  LineCol value_where;  ///< Position of the value.
  bool is_list = false;
  bool multiline = false;  ///< Written over more than one line of the file.
};

/// A run of entries in one of the Facts' flat arrays.
struct Range {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

struct Entity {
  std::string_view id;
  std::string_view type;
  std::string_view name;
  Range aliases;           ///< In Facts::alias_values.
  Range properties;        ///< In Facts::property_values.
  std::uint32_t file = 0;  ///< Index into Facts::files.
  LineCol where;           ///< The start of the entity's mapping.
  LineCol id_where, type_where;
};

/// Whether the article states a relation in so many words or implies it
/// (an implied relation still cites the words it rests on).
enum class Basis : std::uint8_t { kStated, kImplied };

/// "stated" or "implied".
const char* basis_name(Basis basis);

struct Relation {
  std::string_view from;
  std::string_view type;
  std::string_view to;
  std::string_view source;    ///< Id of the source entity that states it.
  std::string_view evidence;  ///< A short quote copied verbatim from the source.
  Basis basis = Basis::kStated;
  Range properties;        ///< In Facts::property_values.
  std::uint32_t file = 0;  ///< Index into Facts::files.
  LineCol where;           ///< The start of the relation's mapping.
  LineCol from_where, type_where, to_where, source_where, evidence_where;
};

/// Storage for text that outlives the document it was read from: blocks
/// that never move, so views into them stay valid.
class TextStore {
 public:
  /// Copy `text` into the store; the view stays valid as long as the store.
  std::string_view add(std::string_view text);
  /// Make room for `size` bytes in one block.
  void reserve(std::size_t size);
  /// Take over the blocks of `other`; views into them stay valid.
  void absorb(TextStore&& other);

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t capacity_ = 0;
};

/// The facts of one or more files. Move-only: its views point into its own
/// storage or into storage it keeps alive.
class Facts {
 public:
  Facts() = default;
  Facts(Facts&&) = default;
  Facts& operator=(Facts&&) = default;
  Facts(const Facts&) = delete;
  Facts& operator=(const Facts&) = delete;

  std::vector<std::string> files;  ///< Files read, in reading order.
  std::vector<Entity> entities;    ///< In file order.
  std::vector<Relation> relations;
  std::vector<PropertyValue> property_values;
  std::vector<std::string_view> alias_values;
  bool complete = true;  ///< False if a file could not be read or parsed.

  std::span<const PropertyValue> properties(const Entity& e) const { return span_of(e.properties); }
  std::span<const PropertyValue> properties(const Relation& r) const { return span_of(r.properties); }
  std::span<const std::string_view> aliases(const Entity& e) const {
    return {alias_values.data() + e.aliases.first, e.aliases.count};
  }
  /// The first value of the property `name`, or nullptr.
  const PropertyValue* property(const Entity& e, std::string_view name) const;
  const PropertyValue* property(const Relation& r, std::string_view name) const;
  /// The first value of the property `name`, or "".
  std::string_view value(const Entity& e, std::string_view name) const;
  std::string_view value(const Relation& r, std::string_view name) const;

  /// A diagnostics location in one of the files.
  Location locate(std::uint32_t file, const LineCol& pos) const;

  /// Copy text into storage these facts own (or share, see share_text).
  std::string_view store(std::string_view text) { return (shared_text_ ? shared_text_ : &text_)->add(text); }
  /// Make room to store `size` bytes of text without further allocation.
  void reserve_text(std::size_t size) {
    if (!shared_text_) text_.reserve(size);
  }
  /// Store text in `store` from now on, which must then outlive these facts
  /// or be handed to them (keep_text) or to facts they are appended to.
  void share_text(TextStore* store) { shared_text_ = store; }
  /// Take over the blocks of `store`.
  void keep_text(TextStore&& store) { text_.absorb(std::move(store)); }
  /// Keep `owner` alive as long as these facts (views may point into it).
  void keep(std::shared_ptr<const void> owner) { owners_.push_back(std::move(owner)); }
  /// Append the facts of `other` (its file indices, ranges and storage).
  void append(Facts&& other);
  /// Append the facts of one file read on its own (`one`, its file 0) as
  /// those of file `file` of these facts, which must be listed already.
  void append_file(Facts&& one, std::uint32_t file);

 private:
  /// The records, values and storage of `other`, each record's file
  /// renumbered by `file_of`.
  template <class FileOf>
  void take_records(Facts&& other, FileOf file_of);
  std::span<const PropertyValue> span_of(const Range& r) const {
    return {property_values.data() + r.first, r.count};
  }

  TextStore text_;
  TextStore* shared_text_ = nullptr;
  std::vector<std::shared_ptr<const void>> owners_;
};

/// Load one facts document as file `file`; problems go to `diags`.
/// Entities and relations that are well-formed are kept even when others
/// in the file are not; a file that cannot be parsed marks the facts
/// incomplete. Returns false if any error was reported.
bool load_facts_text(const std::string& file, std::string_view text, Facts* facts, Diagnostics* diags);

/// The *.yaml / *.yml files under `path` (a folder, read recursively and
/// sorted, following symbolic links; or a single file). Entries that cannot
/// be read — a dangling link, a loop, a folder without permission — are
/// errors naming them, never skipped. False if there were any.
/// With `stamps`, each file's stamp too.
bool list_fact_files(const std::string& path, std::vector<std::string>* files, Diagnostics* diags,
                     std::vector<FileStamp>* stamps = nullptr);

/// A facts file as scan_fact_files finds it: its folder (as given, ending
/// in '/'), its name in that folder, and its stamp.
struct ScannedFile {
  std::string_view folder;
  std::string_view name;
  FileStamp stamp;
};

/// Whether a file of this name holds facts: NAME.yaml or NAME.yml.
bool is_fact_file(std::string_view name);

/// Visit the facts files under the folder `path` in the order, and with the
/// paths (folder + name) and stamps, that list_fact_files gives, but without
/// a string built per file: each folder is opened once and its files are
/// examined relative to it, on every core while the folders are listed. The quick way of telling that
/// nothing changed: it stops with false at anything it does not handle
/// (a symbolic link, an entry of unknown type, a file it cannot examine),
/// and when `visit` returns false; list_fact_files then says what it is.
bool scan_fact_files(const std::string& path, const std::function<bool(const ScannedFile&)>& visit);

class FactsCache;  // facts_cache.h

/// Load every file `list_fact_files` finds under `path`, parsing on all
/// cores; with `cache`, files whose content is unchanged are taken from it
/// and the files parsed are added to it. Files keep the sorted order and
/// diagnostics are the same either way. Returns false on any error.
/// The same for files already listed (with their stamps).
bool load_fact_files(const std::vector<std::string>& files, const std::vector<FileStamp>& stamps,
                     Facts* facts, Diagnostics* diags, FactsCache* cache = nullptr,
                     std::vector<InputFile>* inputs = nullptr);

/// With `inputs`, each file's stamp, content hash and parse_hash, in order.
bool load_facts(const std::string& path, Facts* facts, Diagnostics* diags, FactsCache* cache = nullptr,
                std::vector<InputFile>* inputs = nullptr);

}  // namespace relmap
