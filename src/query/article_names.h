#pragma once
// How relmap reads an article for names: its lines and sentences, the
// names, aliases and demonyms the actors go by (matched as folded words,
// across zero-width and bidi characters), and the runs of capitalised words
// that may name someone new.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "facts/schema.h"
#include "store/snapshot.h"

namespace relmap {

/// True for zero-width and bidi formatting characters (U+200B–U+200F,
/// U+202A–U+202E, U+2066–U+2069, U+FEFF, U+2060, U+00AD): they change how
/// text looks, not what it says.
bool is_invisible_format(char32_t cp);

/// `text` with each invisible formatting character as `\u{200B}`.
std::string invisible_escaped(std::string_view text);

/// A sentence of a line, as byte offsets, and the actors it names in the
/// order named, each once.
struct SentenceNames {
  std::size_t begin = 0, end = 0;
  std::vector<std::uint32_t> actors;
};

/// A run of capitalised words (and acronyms) that names no actor.
struct NewName {
  std::string text;             ///< As written, its words joined by single spaces.
  std::string key;              ///< Its folded words: the same name however written.
  bool opens_sentence = false;  ///< One word, not all capitals, first of its sentence.
};

/// What one line of an article names.
struct LineNames {
  std::vector<SentenceNames> sentences;
  std::vector<NewName> new_names;  ///< In the order met.
};

/// The lines of `text`, split at '\n'.
std::vector<std::string_view> lines_of(std::string_view text);

/// Every name, alias and demonym of the actors of a snapshot (not its
/// sources), read as an article's words are.
class NameIndex {
 public:
  NameIndex(const GraphView& view, const Schema& schema);

  /// The actors and new names of one line. Names side by side are told
  /// apart at known names and titles ("Philippines Takema Sakamoto",
  /// "President Ferdinand Marcos Jr"); a name that holds an organisation
  /// word is one name, and a known name inside it ("Japan International
  /// Cooperation Agency") is no mention. Linear in the line.
  LineNames read_line(std::string_view line) const;

  /// The actors named by `key` (folded words joined by spaces), or nullptr.
  const std::vector<std::uint32_t>* find(const std::string& key) const;
  /// True if `key` is the start of a longer name.
  bool starts_name(const std::string& key) const { return prefixes_.count(key) > 0; }
  /// True if `key` names a person.
  bool names_person(const std::string& key) const { return people_.count(key) > 0; }

 private:
  void add(std::string_view name, std::uint32_t v, bool person);

  std::unordered_map<std::string, std::vector<std::uint32_t>> names_;
  std::unordered_set<std::string> prefixes_;  ///< Every shorter run of words that starts a name.
  std::unordered_set<std::string> people_;    ///< Names of persons: never part of a longer name.
};

}  // namespace relmap
