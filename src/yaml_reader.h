// A YAML reader that keeps positions: the only place that sees yaml-cpp.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diagnostics.h"
#include "spellcheck.h"

namespace relmap {

/// One node of a YAML document, with its 1-based position.
struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  std::string value;  ///< Scalar text (kScalar only).
  bool plain = true;  ///< Scalar written without quotes or block style.
  int line = 0;
  int col = 0;
  std::vector<YamlNode> items;                          ///< kSequence.
  std::vector<std::pair<YamlNode, YamlNode>> entries;   ///< kMap, in file order.

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_map() const { return kind == Kind::kMap; }
  /// Value of `key` in a map, or nullptr.
  const YamlNode* find(std::string_view key) const;
  /// "a mapping", "a sequence", "a scalar" or "null", for messages.
  const char* kind_name() const;
};

/// Parse one YAML document. Syntax errors, duplicate keys, aliases, invalid
/// UTF-8 and control characters are reported to `diags` at file:line:col.
/// Returns false if the document could not be read into a tree; duplicate
/// keys and aliases are errors but leave a complete tree.
bool parse_yaml(const std::string& file, std::string_view text, YamlNode* root,
                Diagnostics* diags);

/// Location of a node in `file`.
inline Location location_of(const std::string& file, const YamlNode& node) {
  return {file, node.line, node.col};
}

/// Report each key of `map` that is not in `allowed` as "unknown <what> 'k'",
/// with a suggestion. Returns false if any was unknown.
bool check_keys(const std::string& file, const YamlNode& map,
                const std::vector<std::string>& allowed, std::string_view what,
                Diagnostics* diags);

/// Read `true` or `false`; anything else is reported. Returns false on error.
bool read_bool(const std::string& file, const YamlNode& node, bool* out, Diagnostics* diags);

/// Require a non-empty scalar; report "<what> must be a non-empty string".
bool require_scalar(const std::string& file, const YamlNode& node, std::string_view what,
                    Diagnostics* diags);

}  // namespace relmap
