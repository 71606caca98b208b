#include "base/diagnostics.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>

#include "base/text.h"

namespace relmap {

void Diagnostics::error(const Location& where, std::string message, std::vector<std::string> notes) {
  items_.push_back({Severity::kError, where, std::move(message), std::move(notes)});
  ++errors_;
}

void Diagnostics::warning(const Location& where, std::string message) {
  items_.push_back({Severity::kWarning, where, std::move(message), {}});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  errors_ += other.errors_;
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.col, a.message) <
           std::tie(b.where.file, b.where.line, b.where.col, b.message);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.severity == b.severity && a.where.file == b.where.file &&
                                 a.where.line == b.where.line && a.where.col == b.where.col &&
                                 a.message == b.message && a.notes == b.notes;
                        }),
            out.end());
  return out;
}

namespace {

/// Terminal colours (SGR) for the parts of a diagnostic.
constexpr const char* kBold = "\033[1m";
constexpr const char* kRed = "\033[1;31m";
constexpr const char* kMagenta = "\033[1;35m";
constexpr const char* kGreen = "\033[1;32m";
constexpr const char* kReset = "\033[0m";

}  // namespace

std::string format_diagnostic(const Diagnostic& d, bool colour) {
  auto paint = [colour](const char* sgr, const std::string& text) {
    return colour ? sgr + text + kReset : text;
  };
  std::string out;
  if (!d.where.file.empty()) {
    std::string where = visible_text(d.where.file);
    if (d.where.line > 0) {
      where += ':' + std::to_string(d.where.line);
      if (d.where.col > 0) where += ':' + std::to_string(d.where.col);
    }
    out += paint(kBold, where + ":") + " ";
  }
  out += d.severity == Severity::kError ? paint(kRed, "error:") : paint(kMagenta, "warning:");
  out += " " + visible_text(d.message);
  for (const std::string& note : d.notes) out += "\n  " + visible_text(note);
  return out;
}

namespace {

/// Lines of the files named by diagnostics, read once each.
class SourceLines {
 public:
  const std::string* line(const std::string& file, int n) {
    auto it = files_.find(file);
    if (it == files_.end()) {
      std::vector<std::string> lines;
      std::ifstream in(file, std::ios::binary);
      for (std::string l; std::getline(in, l);) lines.push_back(std::move(l));
      it = files_.emplace(file, std::move(lines)).first;
    }
    if (n < 1 || static_cast<std::size_t>(n) > it->second.size()) return nullptr;
    return &it->second[static_cast<std::size_t>(n) - 1];
  }

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

}  // namespace

std::string Diagnostics::format(bool with_source, bool colour) const {
  std::string out;
  SourceLines sources;
  for (const Diagnostic& d : sorted()) {
    out += format_diagnostic(d, colour);
    out += '\n';
    if (!with_source || d.where.line < 1 || d.where.col < 1 || d.where.file == kStandardInput) continue;
    const std::string* text = sources.line(d.where.file, d.where.line);
    if (text == nullptr || text->size() > 400) continue;
    std::string_view line = *text;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // The line as the terminal will show it, and the caret under the
    // character at the column (columns count characters).
    std::size_t prefix = 0;
    for (int c = 1; c < d.where.col && prefix < line.size(); ++c) {
      const std::size_t len = utf8_sequence_length(line, prefix);
      prefix += len == 0 ? 1 : len;
    }
    std::string caret;
    for (const char c : visible_text(line.substr(0, prefix)))
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) caret += c == '\t' ? '\t' : ' ';
    out += "    " + visible_text(line) + "\n    " + caret +
           (colour ? std::string(kGreen) + "^" + kReset : "^") + "\n";
  }
  return out;
}

}  // namespace relmap
