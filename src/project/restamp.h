// What changed in the inputs of a snapshot since it was compiled: each
// data file whose stamp differs from the snapshot's manifest is read
// again, and parsed if its content changed. Edits that change nothing the
// snapshot holds — the words of a comment, a comment or white space added,
// a file touched — parse exactly as the snapshot was compiled from, facts
// and parse diagnostics with their positions; the snapshot is then kept
// as it is, with its manifest brought up to date recorded beside it
// (write_restamped). Files that parse to something else are handed on
// with their facts, for a patch (patch.h) or a compile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/stamps.h"
#include "facts/facts.h"
#include "store/snapshot.h"

namespace relmap {

/// A data file whose content parses to something else than what a
/// snapshot was compiled from, read again.
struct Reparsed {
  std::uint32_t file = 0;  ///< Its index among the data files now.
  Facts facts;             ///< Its facts now, as file 0.
  Diagnostics diags;       ///< What reading them reported.
};

/// What changed in the inputs of a snapshot: its manifest brought up to
/// date, the files that parse to something else now or are new, in order,
/// and where each file now was among the snapshot's.
struct InputChanges {
  Manifest manifest;
  std::vector<Reparsed> reparsed;
  std::vector<std::int64_t> was;  ///< For each file now, its index among the snapshot's; -1 if new.
  std::size_t files_then = 0;     ///< How many files the snapshot was compiled from.

  /// True if the files are the snapshot's, each parsing as it did.
  bool none() const;
};

/// The changes in the inputs of `view` with the schema at `schema_path`
/// and the data files as they are now (`files`, sorted, with their
/// `stamps`), if this relmap compiled it and the schema is the same: each
/// file whose stamp changed is read again, and parsed if its content
/// changed, and each new file is read and parsed; nullopt otherwise.
std::optional<InputChanges> input_changes(const GraphView& view, const std::string& schema_path,
                                          const std::vector<std::string>& files,
                                          const std::vector<FileStamp>& stamps);

}  // namespace relmap
