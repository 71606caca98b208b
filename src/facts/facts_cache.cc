#include "facts/facts_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/files.h"
#include "base/hash.h"
#include "base/temporaries.h"
#include "facts/yaml_reader.h"

namespace relmap {

namespace {

// The layout: a header, the payloads (one per data file), the index. A
// delta has the same layout; its header names the cache file it is a delta
// of (by the hash of its index), and its index says of each entry whether
// the payload is its own or that file's.
constexpr char kMagic[8] = {'R', 'E', 'L', 'M', 'A', 'P', 'F', 'C'};
// Bump whenever parsing gives different facts or the payload changes shape.
constexpr std::uint32_t kVersion = 4;
constexpr std::uint32_t kEndian = 0x01020304;
constexpr std::size_t kHeaderSize = 56;
// A delta is merged into the cache file once its payloads pass this share
// of the cache file's, or the cache file's unused payloads pass kUnused.
constexpr std::uint64_t kDeltaShare = 8;
constexpr std::uint64_t kUnusedShare = 4;

// Records are runs of 32-bit words.
constexpr std::size_t kEntityWords = 16;
constexpr std::size_t kRelationWords = 25;
constexpr std::size_t kPropertyWords = 9;
constexpr std::size_t kAliasWords = 2;
constexpr std::size_t kDiagWords = 5;
constexpr std::size_t kCountWords = 7;

/// Appends words and strings; strings go to a blob, deduplicated.
class PayloadWriter {
 public:
  void word(std::uint32_t w) { words_.push_back(w); }
  void pos(const LineCol& p) {
    word(static_cast<std::uint32_t>(p.line));
    word(static_cast<std::uint32_t>(p.col));
  }
  void text(std::string_view s) {
    auto [it, inserted] = offsets_.try_emplace(s, static_cast<std::uint32_t>(blob_.size()));
    if (inserted) blob_.append(s);
    word(it->second);
    word(static_cast<std::uint32_t>(s.size()));
  }
  std::string finish() const {
    std::string out(words_.size() * 4, '\0');
    std::memcpy(out.data(), words_.data(), out.size());
    return out + blob_;
  }
  std::vector<std::uint32_t> words_;

 private:
  std::string blob_;
  std::unordered_map<std::string_view, std::uint32_t> offsets_;
};

std::string encode(const Facts& facts, const Diagnostics& diags) {
  PayloadWriter w;
  w.word(facts.complete ? 1 : 0);
  w.word(static_cast<std::uint32_t>(facts.entities.size()));
  w.word(static_cast<std::uint32_t>(facts.relations.size()));
  w.word(static_cast<std::uint32_t>(facts.property_values.size()));
  w.word(static_cast<std::uint32_t>(facts.alias_values.size()));
  w.word(static_cast<std::uint32_t>(diags.items().size()));
  w.word(0);  // strings size, set below
  for (const Entity& e : facts.entities) {
    w.text(e.id);
    w.text(e.type);
    w.text(e.name);
    w.word(e.aliases.first);
    w.word(e.aliases.count);
    w.word(e.properties.first);
    w.word(e.properties.count);
    w.pos(e.where);
    w.pos(e.id_where);
    w.pos(e.type_where);
  }
  for (const Relation& r : facts.relations) {
    w.text(r.from);
    w.text(r.type);
    w.text(r.to);
    w.text(r.source);
    w.text(r.evidence);
    w.word(static_cast<std::uint32_t>(r.basis));
    w.word(r.properties.first);
    w.word(r.properties.count);
    for (const LineCol* p :
         {&r.where, &r.from_where, &r.type_where, &r.to_where, &r.source_where, &r.evidence_where})
      w.pos(*p);
  }
  for (const PropertyValue& p : facts.property_values) {
    w.text(p.name);
    w.text(p.value);
    w.pos(p.where);
    w.pos(p.value_where);
    w.word((p.is_list ? 1u : 0u) | (p.multiline ? 2u : 0u));
  }
  for (std::string_view a : facts.alias_values) w.text(a);
  for (const Diagnostic& d : diags.items()) {
    w.word(d.severity == Severity::kError ? 1 : 0);
    w.word(static_cast<std::uint32_t>(d.where.line));
    w.word(static_cast<std::uint32_t>(d.where.col));
    w.text(d.message);
  }
  std::string out = w.finish();
  const auto strings = static_cast<std::uint32_t>(out.size() - w.words_.size() * 4);
  std::memcpy(out.data() + 6 * 4, &strings, 4);
  return out;
}

/// Reads a payload back, checking every count and string against its size.
class PayloadReader {
 public:
  PayloadReader(std::string_view bytes) : bytes_(bytes) {}

  bool open() {
    if (bytes_.size() < kCountWords * 4) return false;
    for (std::size_t i = 0; i < kCountWords; ++i) counts_[i] = at(i);
    const std::uint64_t words =
        kCountWords + std::uint64_t{counts_[1]} * kEntityWords + std::uint64_t{counts_[2]} * kRelationWords +
        std::uint64_t{counts_[3]} * kPropertyWords + std::uint64_t{counts_[4]} * kAliasWords +
        std::uint64_t{counts_[5]} * kDiagWords;
    if (words * 4 + counts_[6] != bytes_.size()) return false;
    blob_ = bytes_.substr(words * 4);
    next_ = kCountWords;
    return true;
  }
  std::uint32_t count(std::size_t i) const { return counts_[i]; }
  std::uint32_t word() { return at(next_++); }
  LineCol pos() {
    LineCol p;
    p.line = static_cast<std::int32_t>(word());
    p.col = static_cast<std::int32_t>(word());
    return p;
  }
  std::string_view text() {
    const std::uint32_t offset = word(), size = word();
    if (std::uint64_t{offset} + size > blob_.size()) {
      bad_ = true;
      return {};
    }
    return blob_.substr(offset, size);
  }
  bool bad() const { return bad_; }

 private:
  std::uint32_t at(std::size_t i) const {
    std::uint32_t w;
    std::memcpy(&w, bytes_.data() + i * 4, 4);
    return w;
  }

  std::string_view bytes_, blob_;
  std::uint32_t counts_[kCountWords] = {};
  std::size_t next_ = 0;
  bool bad_ = false;
};

template <class T>
void put_raw(std::string* out, const T& value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <class T>
bool get_raw(std::string_view bytes, std::size_t* pos, T* value) {
  if (bytes.size() - *pos < sizeof(T)) return false;
  std::memcpy(value, bytes.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool FactsCache::read_index(std::string_view bytes, bool delta, Entries* entries, std::uint64_t* index_hash,
                            std::uint64_t* payload_end) const {
  std::uint32_t version = 0, endian = 0;
  std::uint64_t program = 0, index_offset = 0, index_size = 0, base = 0;
  std::size_t pos = 8;
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, 8) != 0 ||
      !get_raw(bytes, &pos, &version) || !get_raw(bytes, &pos, &endian) || !get_raw(bytes, &pos, &program) ||
      !get_raw(bytes, &pos, &index_offset) || !get_raw(bytes, &pos, &index_size) ||
      !get_raw(bytes, &pos, index_hash) || !get_raw(bytes, &pos, &base) || version != kVersion ||
      endian != kEndian || program != program_identity() || index_offset < kHeaderSize ||
      index_offset > bytes.size() || index_size != bytes.size() - index_offset ||
      hash64(bytes.substr(index_offset)) != *index_hash || (delta ? base != base_id_ : base != 0))
    return false;
  *payload_end = index_offset;
  const std::string_view index = bytes.substr(index_offset);
  pos = 0;
  std::uint32_t count = 0;
  if (!get_raw(index, &pos, &count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t length = 0, in_base = 0;
    Entry e;
    if (!get_raw(index, &pos, &length) || index.size() - pos < length) return false;
    std::string file(index.substr(pos, length));
    pos += length;
    if (!get_raw(index, &pos, &e.stamp.size) || !get_raw(index, &pos, &e.stamp.mtime_ns) ||
        !get_raw(index, &pos, &e.stamp.ctime_ns) || !get_raw(index, &pos, &e.hash) ||
        !get_raw(index, &pos, &e.offset) || !get_raw(index, &pos, &e.size) ||
        !get_raw(index, &pos, &e.payload_hash) || !get_raw(index, &pos, &in_base) || in_base > 1 ||
        (in_base == 1 && !delta))
      return false;
    e.where = in_base == 1 || !delta ? Where::kBase : Where::kDelta;
    const std::uint64_t end = in_base == 1 ? base_end_ : index_offset;
    if (e.offset < kHeaderSize || e.offset > end || e.size > end - e.offset) return false;
    e.stamp.ok = true;
    entries->emplace(std::move(file), e);
  }
  return true;
}

FactsCache::FactsCache(std::string path) : path_(std::move(path)) {
  old_ = std::make_shared<MappedFile>(path_);
  Entries entries;
  std::uint64_t index_hash = 0, end = 0;
  if (!read_index(old_->bytes(), false, &entries, &index_hash, &end)) return;
  base_id_ = index_hash;
  base_end_ = end;
  delta_ = std::make_shared<MappedFile>(path_ + ".delta");
  Entries changed;
  if (read_index(delta_->bytes(), true, &changed, &index_hash, &end))
    entries = std::move(changed);
  else
    delta_.reset();
  for (const auto& [file, e] : entries) by_hash_.emplace(e.hash, file);
  entries_ = std::move(entries);
}

FactsCache::~FactsCache() {
  if (new_fd_ >= 0) {
    ::close(new_fd_);
    ::unlink(new_path_.c_str());
    forget_temporary(new_path_);
  }
}

bool FactsCache::create_new() {
  for (int attempt = 0; attempt < 8; ++attempt) {
    new_path_ = unique_name(path_ + ".", 6);
    // Remembered before it exists, so that a signal that comes once it does
    // removes it (see temporaries.h).
    remember_temporary(new_path_);
    new_fd_ = ::open(new_path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
    if (new_fd_ >= 0) {
      hold_temporary(new_fd_);  // held until it is renamed
      return true;
    }
    const int error = errno;
    forget_temporary(new_path_);
    errno = error;
    if (error != EEXIST) return false;
  }
  return false;
}

bool FactsCache::open_new() {
  if (new_fd_ >= 0 && new_size_ >= kHeaderSize) return true;
  if (new_fd_ < 0 && !create_new()) return false;
  const std::string header(kHeaderSize, '\0');  // written last, over these zeros
  if (!write_all(new_fd_, header.data(), header.size())) return false;
  new_size_ = kHeaderSize;
  return true;
}

bool FactsCache::decode(const Entry& entry, const std::string& file, Facts* facts, Diagnostics* diags) const {
  if (entry.where == Where::kNew) return false;
  const std::shared_ptr<MappedFile>& holder = entry.where == Where::kBase ? old_ : delta_;
  const std::string_view payload = holder->bytes().substr(entry.offset, entry.size);
  if (hash64(payload) != entry.payload_hash) return false;
  PayloadReader in(payload);
  if (!in.open()) return false;
  Facts out;
  out.files.push_back(file);
  out.complete = in.count(0) != 0;
  out.entities.reserve(in.count(1));
  out.relations.reserve(in.count(2));
  for (std::uint32_t i = 0; i < in.count(1); ++i) {
    Entity e;
    e.id = in.text();
    e.type = in.text();
    e.name = in.text();
    e.aliases = {in.word(), in.word()};
    e.properties = {in.word(), in.word()};
    e.where = in.pos();
    e.id_where = in.pos();
    e.type_where = in.pos();
    if (std::uint64_t{e.aliases.first} + e.aliases.count > in.count(4) ||
        std::uint64_t{e.properties.first} + e.properties.count > in.count(3))
      return false;
    out.entities.push_back(e);
  }
  for (std::uint32_t i = 0; i < in.count(2); ++i) {
    Relation r;
    r.from = in.text();
    r.type = in.text();
    r.to = in.text();
    r.source = in.text();
    r.evidence = in.text();
    r.basis = in.word() == 1 ? Basis::kImplied : Basis::kStated;
    r.properties = {in.word(), in.word()};
    for (LineCol* p :
         {&r.where, &r.from_where, &r.type_where, &r.to_where, &r.source_where, &r.evidence_where})
      *p = in.pos();
    if (std::uint64_t{r.properties.first} + r.properties.count > in.count(3)) return false;
    out.relations.push_back(r);
  }
  out.property_values.reserve(in.count(3));
  for (std::uint32_t i = 0; i < in.count(3); ++i) {
    PropertyValue p;
    p.name = in.text();
    p.value = in.text();
    p.where = in.pos();
    p.value_where = in.pos();
    const std::uint32_t flags = in.word();
    p.is_list = (flags & 1) != 0;
    p.multiline = (flags & 2) != 0;
    out.property_values.push_back(p);
  }
  for (std::uint32_t i = 0; i < in.count(4); ++i) out.alias_values.push_back(in.text());
  Diagnostics found;
  for (std::uint32_t i = 0; i < in.count(5); ++i) {
    const bool error = in.word() == 1;
    const Location where{file, static_cast<int>(in.word()), static_cast<int>(in.word())};
    std::string message(in.text());
    if (error)
      found.error(where, std::move(message));
    else
      found.warning(where, std::move(message));
  }
  if (in.bad()) return false;
  out.keep(holder);
  *facts = std::move(out);
  diags->append(found);
  return true;
}

bool FactsCache::take(const std::string& file, const FileStamp& stamp, std::string* text, std::uint64_t* hash,
                      Facts* facts, Diagnostics* diags, std::uint64_t* parsed) {
  if (!stamp.ok) return false;
  auto it = entries_.find(file);
  const Entry* entry = nullptr;
  if (it != entries_.end() && it->second.stamp == stamp) {
    entry = &it->second;
  } else {
    // Changed stamp, or a file not seen before (renamed, copied): the
    // content decides.
    Diagnostics unread;
    if (!read_file(file, text, &unread)) return false;
    *hash = hash64(*text);
    auto same = by_hash_.find(*hash);
    if (same == by_hash_.end()) return false;
    entry = &entries_.at(same->second);
  }
  *hash = entry->hash;
  if (!decode(*entry, file, facts, diags)) return false;
  if (parsed != nullptr) *parsed = entry->payload_hash;
  Entry used = *entry;
  const bool moved = it == entries_.end() || !(it->second.stamp == stamp);
  used.stamp = stamp;
  std::lock_guard<std::mutex> lock(mutex_);
  dirty_ = dirty_ || moved;
  used_[file] = used;
  ++hits_;
  return true;
}

std::uint64_t FactsCache::put(const std::string& file, const FileStamp& stamp, std::uint64_t hash,
                              const Facts& facts, const Diagnostics& diags) {
  const std::string payload = encode(facts, diags);
  const std::uint64_t payload_hash = hash64(payload);
  if (!stamp.ok) return payload_hash;
  Entry e;
  e.stamp = stamp;
  e.hash = hash;
  e.size = payload.size();
  e.payload_hash = payload_hash;
  e.where = Where::kNew;
  std::lock_guard<std::mutex> lock(mutex_);
  ++misses_;
  dirty_ = true;
  if (!open_new()) return payload_hash;
  e.offset = new_size_;
  if (!write_all(new_fd_, payload.data(), payload.size())) return payload_hash;
  new_size_ += payload.size();
  used_[file] = e;
  return payload_hash;
}

void FactsCache::keep(const std::vector<std::string>& files) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string& file : files) {
    if (used_.count(file) != 0) continue;
    auto it = entries_.find(file);
    if (it != entries_.end()) used_.emplace(file, it->second);
  }
}

bool FactsCache::small_change() const {
  if (base_end_ == 0) return false;
  const std::uint64_t payloads = base_end_ - kHeaderSize;
  std::uint64_t own = 0, in_base = 0;
  for (const auto& [file, e] : used_) (e.where == Where::kBase ? in_base : own) += e.size;
  const std::uint64_t unused = in_base < payloads ? payloads - in_base : 0;
  return own * kDeltaShare <= payloads && unused * kUnusedShare <= payloads;
}

bool FactsCache::write_out(bool as_delta) {
  std::vector<std::string> files;
  files.reserve(used_.size());
  for (const auto& [file, entry] : used_) files.push_back(file);
  std::sort(files.begin(), files.end());
  std::string index;
  put_raw(&index, static_cast<std::uint32_t>(files.size()));
  for (const std::string& file : files) {
    Entry& e = used_[file];
    const bool in_base = as_delta && e.where == Where::kBase;
    if (e.where != Where::kNew && !in_base) {  // copy the payload over from the old files
      const std::string_view payload =
          (e.where == Where::kBase ? old_ : delta_)->bytes().substr(e.offset, e.size);
      if (!write_all(new_fd_, payload.data(), payload.size())) return false;
      e.offset = new_size_;
      new_size_ += payload.size();
    }
    put_raw(&index, static_cast<std::uint32_t>(file.size()));
    index += file;
    put_raw(&index, e.stamp.size);
    put_raw(&index, e.stamp.mtime_ns);
    put_raw(&index, e.stamp.ctime_ns);
    put_raw(&index, e.hash);
    put_raw(&index, e.offset);
    put_raw(&index, e.size);
    put_raw(&index, e.payload_hash);
    put_raw(&index, static_cast<std::uint32_t>(in_base ? 1 : 0));
  }
  if (!write_all(new_fd_, index.data(), index.size())) return false;
  std::string header(kMagic, 8);
  put_raw(&header, kVersion);
  put_raw(&header, kEndian);
  put_raw(&header, program_identity());
  put_raw(&header, new_size_);
  put_raw(&header, static_cast<std::uint64_t>(index.size()));
  put_raw(&header, hash64(index));
  put_raw(&header, as_delta ? base_id_ : std::uint64_t{0});
  if (::pwrite(new_fd_, header.data(), header.size(), 0) != static_cast<ssize_t>(header.size())) return false;
  // Renamed while still open and locked, so that no sweep takes it first.
  // A new cache file makes any delta stale: it names the old one.
  if (::rename(new_path_.c_str(), (as_delta ? path_ + ".delta" : path_).c_str()) != 0) return false;
  if (!as_delta) ::unlink((path_ + ".delta").c_str());
  return true;
}

void FactsCache::save(Diagnostics* diags) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (used_.size() != entries_.size()) dirty_ = true;  // files removed
  if (!dirty_) return;
  auto fail = [&](const char* what) {
    diags->warning({path_, 0, 0}, std::string("cannot ") + what + " the parse cache: " +
                                      std::strerror(errno) + " (it only makes the next run faster)");
    if (new_fd_ >= 0) ::close(new_fd_);
    ::unlink(new_path_.c_str());
    forget_temporary(new_path_);
    new_fd_ = -1;
  };
  if (!open_new()) return fail(new_fd_ < 0 ? "create" : "write");
  if (!write_out(small_change())) return fail("write");
  forget_temporary(new_path_);
  ::close(new_fd_);
  new_fd_ = -1;
  dirty_ = false;
}

std::uint64_t parse_hash(const Facts& facts, const Diagnostics& diags) {
  return hash64(encode(facts, diags));
}

}  // namespace relmap
