// Validation of facts against the schema; every problem in one pass.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/dates.h"
#include "base/diagnostics.h"
#include "facts/facts.h"
#include "facts/schema.h"

namespace relmap {

/// Check `facts` against `schema`: types, endpoints, ids, properties and
/// provenance. Returns false if any error was reported.
bool validate(const Schema& schema, const Facts& facts, Diagnostics* diags);

/// What validating the facts of some files alone needs from the rest of
/// the project (validate_in_part).
struct Elsewhere {
  /// The files whose facts are checked; the entities of the others are
  /// there only to be linked to, as they are.
  std::function<bool(std::uint32_t file)> checked;
  /// True if a relation of the rest of the project has this id.
  std::function<bool(std::string_view id)> relation_id;
};

/// validate for the facts of the files `elsewhere` checks, against the
/// entities given beside them and the relation ids of the rest of the
/// project; a relation id given in two places is found only among these
/// facts, and no entity is reported unlinked. `*used` marks, for each
/// entity of `facts`, whether the facts checked link or cite it.
bool validate_in_part(const Schema& schema, const Facts& facts, const Elsewhere& elsewhere,
                      Diagnostics* diags, std::vector<char>* used);

/// The warning for an entity nothing links or cites (by its id).
std::string unlinked_message(std::string_view id);

/// One evidence quote to look for in the text of the source it cites.
struct QuoteCheck {
  std::string_view source;  ///< Id of the source.
  std::string_view file;    ///< The source's `file`; "" if it has none.
  std::string_view evidence;
  Location evidence_at;  ///< Where the quote is written.
  Location source_at;    ///< Where the relation names its source.
  Location file_at;      ///< Where the source's `file` is written.
};

/// Check that every quote occurs in the text of its source (`file`, read
/// from `sources_dir`), with white space and typographic quotes normalised.
bool check_quotes(const std::vector<QuoteCheck>& quotes, const std::string& sources_dir, Diagnostics* diags);

/// The quotes of every relation of the facts.
std::vector<QuoteCheck> quotes_of(const Facts& facts);

/// check_quotes on the quotes of the facts.
bool check_evidence(const Facts& facts, const std::string& sources_dir, Diagnostics* diags);

}  // namespace relmap
