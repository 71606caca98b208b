// Edits that change nothing a snapshot holds — the words of a comment, a
// comment or white space added, a file touched — answered without
// compiling it again: each data file whose stamp differs from the
// snapshot's manifest is read again, and parsed if its content changed;
// when every one gives exactly the parse result the snapshot was compiled
// from, facts and parse diagnostics with their positions, the snapshot is
// kept as it is, with its manifest brought up to date recorded beside it
// (write_restamped).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/stamps.h"
#include "store/snapshot.h"

namespace relmap {

/// The manifest of `view` brought up to date with the schema at
/// `schema_path` and the data files as they are now (`files`, sorted, with
/// their `stamps`), if this relmap compiled it, the schema and the list of
/// files are the same and each file whose stamp changed parses to what the
/// snapshot was compiled from; nullopt otherwise.
std::optional<Manifest> restamped_manifest(const GraphView& view, const std::string& schema_path,
                                           const std::vector<std::string>& files,
                                           const std::vector<FileStamp>& stamps);

}  // namespace relmap
