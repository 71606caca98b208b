// Edits that change relations only — a quote corrected, a relation added,
// removed or retyped — answered without reading the whole project again:
// when every data file that parses to something else still holds its
// actors exactly as the snapshot does, only those files' facts are
// validated, against the snapshot's actors and relation ids, and the
// snapshot is patched (patch_snapshot): their relations replaced, the
// warnings brought up to date. Whatever this cannot settle as a whole
// validation would (an error, an actor changed, a relation id added or
// removed, an actor left unlinked elsewhere) is left to that validation.
#pragma once

#include <memory>
#include <optional>

#include "facts/schema.h"
#include "project/restamp.h"
#include "store/snapshot.h"

namespace relmap {

/// The snapshot for the project `view` was compiled from, with the inputs
/// changed as `changes` says (each file reparsed changed in its relations
/// only): what compiling the whole project again would answer; nullopt
/// where only that can tell.
std::optional<SnapshotImage> patched_snapshot(const Schema& schema, std::shared_ptr<const GraphView> view,
                                              InputChanges changes);

}  // namespace relmap
