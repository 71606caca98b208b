// Edits of a few data files — a quote corrected, a relation added or
// removed, an actor renamed, an article added or removed — answered
// without reading the whole project again: only the facts of the files
// read again are validated, against the actors of the snapshot they name
// and its relation ids, and the snapshot is patched (patch_snapshot), the
// facts of those files replaced and the warnings brought up to date.
// Whatever this cannot settle as a whole validation would is left to that
// validation: any error, a relation id added or removed, an actor given an
// id another file gives, an actor removed or retyped that something
// elsewhere refers to, an actor renamed that a relation elsewhere links
// (whose quote would be checked again), an actor left without links whom a
// property elsewhere might name.
#pragma once

#include <memory>
#include <optional>

#include "facts/schema.h"
#include "project/restamp.h"
#include "store/snapshot.h"

namespace relmap {

/// The snapshot for the project `view` was compiled from, with the inputs
/// changed as `changes` says: what compiling the whole project again would
/// answer; nullopt where only that can tell.
std::optional<SnapshotImage> patched_snapshot(const Schema& schema, std::shared_ptr<const GraphView> view,
                                              InputChanges changes);

}  // namespace relmap
