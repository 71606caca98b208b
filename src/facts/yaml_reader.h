// A YAML reader that keeps positions: the only place that sees yaml-cpp.
//
// relmap models only plain YAML: mappings with string keys, sequences and
// scalars. Everything else a YAML library would accept is an error at its
// position: tags, anchors and aliases, complex keys, a second document,
// control characters and noncharacters (raw or written as escapes), a quoted
// string that is never closed or that runs over the entries after it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "base/files.h"
#include "base/spellcheck.h"

namespace relmap {

struct YamlEntry;

/// One node of a YAML document, with its 1-based position (columns count
/// characters, not bytes).
struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  std::string value;       ///< Scalar text (kScalar only).
  bool plain = true;       ///< Scalar written without quotes or block style.
  bool multiline = false;  ///< Scalar written over more than one line of the file.
  int line = 0;
  int col = 0;
  std::vector<YamlNode> items;     ///< kSequence.
  std::vector<YamlEntry> entries;  ///< kMap, in file order.

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_map() const { return kind == Kind::kMap; }
  /// Value of `key` in a map, or nullptr.
  const YamlNode* find(std::string_view key) const;
  /// "a mapping", "a sequence", "a scalar" or "null", for messages.
  const char* kind_name() const;
};

/// A key and its value in a map.
struct YamlEntry {
  YamlNode first;   ///< The key.
  YamlNode second;  ///< The value.
};

/// Receives each item of a sequence that is the value of a top-level key
/// (`entities: [...]`), as soon as the item is complete; such items are not
/// kept in the tree. `key` is the top-level key.
using YamlItemSink = std::function<void(const std::string& key, YamlNode&& item)>;

/// Parse one YAML document. Every construct relmap does not model is
/// reported to `diags` at file:line:col. Returns false if the document
/// could not be read into a tree; errors that leave a complete tree (a
/// duplicate key, a tag) are reported but return true. With `sink`, the
/// items of top-level sequences go to the sink instead of the tree.
bool parse_yaml(const std::string& file, std::string_view text, YamlNode* root, Diagnostics* diags,
                const YamlItemSink& sink = nullptr);

/// Location of a node in `file`.
inline Location location_of(const std::string& file, const YamlNode& node) {
  return {file, node.line, node.col};
}

/// Report each key of `map` that is not in `allowed` as "unknown <what> 'k'",
/// with a suggestion. Returns false if any was unknown.
bool check_keys(const std::string& file, const YamlNode& map, const std::vector<std::string>& allowed,
                std::string_view what, Diagnostics* diags);

/// Read `true` or `false`; anything else is reported. Returns false on error.
bool read_bool(const std::string& file, const YamlNode& node, bool* out, Diagnostics* diags);

/// Require a non-empty scalar; report "<what> must be a non-empty string".
bool require_scalar(const std::string& file, const YamlNode& node, std::string_view what, Diagnostics* diags);

/// Require a non-empty scalar written on one line of the file.
bool require_line(const std::string& file, const YamlNode& node, std::string_view what, Diagnostics* diags);

}  // namespace relmap
