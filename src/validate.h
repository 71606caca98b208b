// Validation of facts against the schema; every problem in one pass.
#pragma once

#include <string>
#include <string_view>

#include "dates.h"
#include "diagnostics.h"
#include "facts.h"
#include "schema.h"

namespace relmap {

/// Check `facts` against `schema`: types, endpoints, ids, properties and
/// provenance. Returns false if any error was reported.
bool validate(const Schema& schema, const Facts& facts, Diagnostics* diags);

/// Check that every relation's evidence occurs in the text of the source it
/// cites (the source's `file` property, read from `sources_dir`), with white
/// space and typographic quotes normalised.
bool check_evidence(const Facts& facts, const std::string& sources_dir, Diagnostics* diags);

}  // namespace relmap
