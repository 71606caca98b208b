// Validation of facts against the schema; every problem in one pass.
#pragma once

#include <string>
#include <string_view>

#include "diagnostics.h"
#include "facts.h"
#include "schema.h"

namespace relmap {

/// The node type every source of evidence must be (or inherit from).
inline constexpr std::string_view kSourceType = "source";

/// A date written as YYYY, YYYY-MM or YYYY-MM-DD.
struct PartialDate {
  int year = 0;
  int month = 0;  ///< 0 when not given.
  int day = 0;    ///< 0 when not given.
};

/// Parse a full or partial date; false if malformed or out of range.
bool parse_date(std::string_view text, PartialDate* out);

/// Earliest and latest full dates a partial date may stand for, as YYYYMMDD.
int date_floor(const PartialDate& d);
int date_ceiling(const PartialDate& d);

/// Check `facts` against `schema`: types, endpoints, ids, properties and
/// provenance. Returns false if any error was reported.
bool validate(const Schema& schema, const Facts& facts, Diagnostics* diags);

/// Check that every relation's evidence occurs in the text of the source it
/// cites (the source's `file` property, read from `sources_dir`), with white
/// space and typographic quotes normalised.
bool check_evidence(const Facts& facts, const std::string& sources_dir, Diagnostics* diags);

}  // namespace relmap
