// Temporary files relmap writes before renaming them into place: removed
// however a run ends that can be caught (an error, SIGINT, SIGTERM, SIGHUP,
// a closed pipe), and swept from relmap's cache folder by a later run when
// the run that wrote them could not clean (kill -9, a power cut). A writer
// holds a lock on its temporary file until it is renamed, so a sweep never
// takes a file that a live run is writing.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// Remove `path` should this process end by a signal it can catch, until
/// forget_temporary(path).
void remember_temporary(const std::string& path);
void forget_temporary(const std::string& path);

/// Remove the remembered temporaries now; safe in a signal handler, and
/// does nothing in a process forked from this one.
void remove_temporaries() noexcept;

/// From now on, SIGINT, SIGTERM, SIGHUP and SIGPIPE (those not ignored)
/// remove the remembered temporaries, then end relmap as they would have.
void remove_temporaries_on_signals();

/// Lock the temporary file open at `fd` as this run's, until it is closed.
void hold_temporary(int fd);

/// Whether `name` is one relmap gives its temporary files: "facts.cache."
/// and six characters (mkstemp), or ".NAME.tmp-" and twelve (write_file).
bool is_temporary_name(std::string_view name);

/// Remove from `folder` the temporary files that no live run holds and that
/// have not changed for `min_age_seconds`; returns how many.
int sweep_temporaries(const std::string& folder, int min_age_seconds = 10);

}  // namespace relmap
