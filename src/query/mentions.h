#pragma once
// What a new article names: the known actors, the names relmap does not know
// yet, and a facts file ready to fill.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "facts/schema.h"
#include "store/snapshot.h"

namespace relmap {

struct KnownMention {
  std::uint32_t vertex = 0;
  std::vector<int> lines;  ///< 1-based, ascending, each once.
};

struct CandidateName {
  std::string text;  ///< As first written in the article.
  std::size_t count = 0;
  int first_line = 0;
};

/// A sentence that names two known actors or more: a quote to start from.
struct Passage {
  int line = 0;
  std::string text;                     ///< The sentence, verbatim.
  std::vector<std::uint32_t> vertices;  ///< The actors it names, in the order named.
};

struct Mentions {
  std::vector<KnownMention> known;        ///< By first line, then id.
  std::vector<CandidateName> candidates;  ///< Most frequent first, then as first met.
  std::vector<Passage> passages;          ///< In the article's order.
};

/// The actors of `view` the article `text` names by name, alias or demonym
/// (whole words, without case or accents, across zero-width and bidi
/// characters), the capitalised names and acronyms in it that name no
/// actor, and the sentences that name two actors or more. Names side by
/// side are told apart at known names and titles; a known name inside an
/// organisation's name ("Japan International Cooperation Agency") is not a
/// mention. Linear in the text; sources are left out.
Mentions find_mentions(const GraphView& view, const Schema& schema, std::string_view text);

/// The answer as text for a terminal, with a facts-file skeleton for
/// `article` (its path as given: the skeleton's first line names it, its
/// source entity the file name) at the end. Zero-width and bidi characters
/// are shown as escapes.
std::string mentions_to_text(const GraphView& view, const Schema& schema, const Mentions& m,
                             const std::string& article);

/// The answer as JSON: {"article" (the file name), "known": [{"id", "name", "type", "lines"}],
/// "candidates": [{"text", "count", "first_line"}], "passages": [{"line",
/// "text", "actors"}], "skeleton"}.
std::string mentions_to_json(const GraphView& view, const Schema& schema, const Mentions& m,
                             const std::string& article);

}  // namespace relmap
