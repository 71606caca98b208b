// Diagnostics shared by every stage: schema loading, fact loading, validation,
// rendering. Reporting never throws; callers check has_errors() between phases.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace relmap {

enum class Severity { kWarning, kError };

/// The file name diagnostics give standard input (`--data -`).
inline constexpr const char* kStandardInput = "<stdin>";

/// A position in a source file; line and col are 1-based, 0 when unknown.
struct Location {
  std::string file;
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  Location where;
  std::string message;
  /// Lines shown under the message, indented: candidates, hints.
  std::vector<std::string> notes;
};

/// Collects diagnostics from every phase; printed sorted by file, line, column.
class Diagnostics {
 public:
  void error(const Location& where, std::string message, std::vector<std::string> notes = {});
  void warning(const Location& where, std::string message);
  /// Add every diagnostic of `other`, in its order.
  void append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return items_.size() - errors_; }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

  /// Return the diagnostics sorted by file, line, column, then message.
  std::vector<Diagnostic> sorted() const;

  /// Format as `file:line:col: error: message`, one per line, sorted. With
  /// `with_source`, each is followed by the source line and a caret; with
  /// `colour`, the position, severity and caret are coloured for a terminal.
  std::string format(bool with_source = false, bool colour = false) const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

/// Format one diagnostic as `file:line:col: severity: message`, coloured
/// for a terminal with `colour`; each note on a line of its own below it,
/// indented by two spaces.
std::string format_diagnostic(const Diagnostic& d, bool colour = false);

}  // namespace relmap
