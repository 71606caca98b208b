// Reading files: regular files only, up to a size cap, with the system's
// cause when a file cannot be read.
#pragma once

#include <cstddef>
#include <string>

#include "diagnostics.h"

namespace relmap {

/// Largest schema or facts file relmap reads.
inline constexpr std::size_t kMaxDataFileBytes = std::size_t{64} << 20;
/// Largest source text (an article) relmap reads.
inline constexpr std::size_t kMaxSourceFileBytes = std::size_t{16} << 20;

/// Read the regular file at `path`, at most `max_bytes` long. Returns false
/// on failure, with `out` empty and the cause in `error` ("No such file or
/// directory", "not a regular file (a folder)", "larger than 16 MiB").
bool read_bounded(const std::string& path, std::size_t max_bytes, std::string* out,
                  std::string* error);

/// Read a schema or facts file; false with "cannot read file: <cause>" at
/// `path` in `diags` on failure.
bool read_file(const std::string& path, std::string* out, Diagnostics* diags);

/// The real path of `relative` inside the folder whose real path is `root`,
/// with symbolic links and `..` resolved. False with the cause in `error` if
/// it does not exist or lies outside `root` ("outside /srv/articles").
bool resolve_inside(const std::string& root, const std::string& relative, std::string* resolved,
                    std::string* error);

}  // namespace relmap
