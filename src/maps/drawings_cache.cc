#include "maps/drawings_cache.h"

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cstdio>

#include "base/files.h"
#include "base/hash.h"
#include "base/stamps.h"

namespace relmap {

namespace {

// A header line, then for each job: "digest hash size size…\n" (the hash
// of its answer's frames, then each frame's size) and the frames' bytes.
constexpr std::string_view kHeader = "relmap drawings 1\n";
constexpr std::size_t kMaxDrawingsBytes = std::size_t{1} << 30;

/// The hash of the frames one after another, each after its size.
std::uint64_t frames_hash(const std::vector<std::string>& frames, std::uint64_t seed = 0) {
  Hasher hasher(seed);
  for (const std::string& frame : frames) {
    const std::string size = std::to_string(frame.size()) + ":";
    hasher.update(size.data(), size.size());
    hasher.update(frame.data(), frame.size());
  }
  return hasher.digest();
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}

/// The next space-separated word of `line` from `*at`, as a number.
bool next_number(std::string_view line, std::size_t* at, std::uint64_t* value, int base = 10) {
  const std::size_t end = std::min(line.find(' ', *at), line.size());
  const auto [stop, ec] = std::from_chars(line.data() + *at, line.data() + end, *value, base);
  const bool ok = ec == std::errc() && stop == line.data() + end && end > *at;
  *at = end + 1;
  return ok;
}

/// Parse one job's record at the start of `*text`, taking it off.
bool parse_record(std::string_view* text, std::string* digest, std::vector<std::string>* frames) {
  const std::size_t eol = text->find('\n');
  if (eol == std::string_view::npos || eol < 33 || (*text)[32] != ' ') return false;
  const std::string_view line = text->substr(0, eol);
  *digest = std::string(line.substr(0, 32));
  std::size_t at = 33;
  std::uint64_t hash = 0;
  if (!next_number(line, &at, &hash, 16)) return false;
  std::size_t pos = eol + 1;
  while (at <= line.size()) {
    std::uint64_t size = 0;
    if (!next_number(line, &at, &size) || size > text->size() - pos) return false;
    frames->emplace_back(text->substr(pos, size));
    pos += size;
  }
  text->remove_prefix(pos);
  return frames_hash(*frames) == hash;
}

}  // namespace

const std::vector<std::string>* KeptDrawings::find(const std::string& digest) {
  // A job drawn already in this edition (a part two splits share).
  const auto drawn = now_.find(digest);
  if (drawn != now_.end()) return &drawn->second;
  const auto it = before_.find(digest);
  if (it == before_.end()) return nullptr;
  return &now_.insert(*it).first->second;
}

void KeptDrawings::keep(const std::string& digest, std::vector<std::string> answer) {
  const auto before = before_.find(digest);
  if (before == before_.end() || before->second != answer) kept_new_ = true;
  now_[digest] = std::move(answer);
}

// now_ holds what find() took from before_, as it was, and what keep() was
// given: it equals before_ unless keep() was given something new or find()
// took fewer entries than before_ holds.
bool KeptDrawings::changed() const { return kept_new_ || now_.size() != before_.size(); }

std::string KeptDrawings::text() const {
  std::string out(kHeader);
  for (const auto& [digest, frames] : now_) {
    out += digest + " " + hex(frames_hash(frames));
    for (const std::string& frame : frames) out += " " + std::to_string(frame.size());
    out += "\n";
    for (const std::string& frame : frames) out += frame;
  }
  return out;
}

bool KeptDrawings::parse(std::string_view text) {
  before_.clear();
  if (!text.starts_with(kHeader)) return false;
  text.remove_prefix(kHeader.size());
  while (!text.empty()) {
    std::string digest;
    std::vector<std::string> frames;
    if (!parse_record(&text, &digest, &frames)) {
      before_.clear();
      return false;
    }
    before_[digest] = std::move(frames);
  }
  return true;
}

std::string job_digest(const std::vector<std::string>& frames) {
  const std::uint64_t program = program_identity();
  return hex(frames_hash(frames, program)) + hex(frames_hash(frames, ~program));
}

std::string drawings_path(const std::string& cache_dir, const std::string& map) {
  return cache_dir + "/drawn-" + map + ".bin";
}

bool read_drawings(const std::string& cache_dir, const std::string& map, KeptDrawings* drawings) {
  std::string text, error;
  return !cache_dir.empty() &&
         read_bounded(drawings_path(cache_dir, map), kMaxDrawingsBytes, &text, &error) &&
         drawings->parse(text);
}

}  // namespace relmap
