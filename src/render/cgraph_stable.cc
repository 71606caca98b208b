#include "render/cgraph_stable.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "render/libraries.h"

namespace relmap {

namespace {

/// Ids in the order names first appear: even for named objects, odd for
/// anonymous ones, as cgraph expects. One table per root graph. The names
/// are the graph's own shared strings (agstrdup), as with cgraph's default,
/// for the writers look at them as such (aghtmlstr).
class NameIds {
 public:
  static Agiddisc_t discipline() { return {open, map, alloc, release, print, close, enroll}; }

 private:
  explicit NameIds(Agraph_t* root) : root_(root) {}

  static void* open(Agraph_t* root, Agdisc_t*) { return new NameIds(root); }
  static long map(void* state, int, char* name, IDTYPE* id, int create) {
    auto* self = static_cast<NameIds*>(state);
    if (name == nullptr) {
      *id = self->next_anonymous_;
      self->next_anonymous_ += 2;
      return 1;
    }
    if (auto it = self->ids_.find(name); it != self->ids_.end()) {
      *id = it->second;
      return 1;
    }
    if (create == 0) return 0;
    char* shared = agstrdup(self->root_, name);
    self->names_.push_back(shared);
    *id = 2 * self->names_.size();
    self->ids_.emplace(shared, *id);
    return 1;
  }
  static long alloc(void*, int, IDTYPE) { return 0; }  // no ids chosen by callers
  static void release(void*, int, IDTYPE) {}           // names live as long as the graph
  static char* print(void* state, int, IDTYPE id) {
    const auto* self = static_cast<NameIds*>(state);
    if (id == 0 || id % 2 != 0 || id / 2 > self->names_.size()) return nullptr;
    return self->names_[id / 2 - 1];
  }
  static void close(void* state) { delete static_cast<NameIds*>(state); }
  static void enroll(void*, int, void*) {}

  Agraph_t* root_;
  std::vector<char*> names_;  ///< By id / 2 - 1; freed with the graph's strings.
  std::unordered_map<std::string_view, IDTYPE> ids_;
  IDTYPE next_anonymous_ = 1;
};

/// Memory for cgraph objects from one reserved region: addresses follow the
/// sequence of requests alone. Freed blocks are reused by exact size class,
/// last freed first, which depends on that sequence too.
class Arena {
 public:
  static Arena* reserve() {
    for (std::size_t bytes : {std::size_t{1} << 40, std::size_t{1} << 36, std::size_t{1} << 32}) {
      void* p =
          mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p != MAP_FAILED) return new Arena(static_cast<char*>(p), bytes);
    }
    return nullptr;
  }

  static Agmemdisc_t discipline() { return {open, allocate, resize, release, nullptr}; }

  /// The one arena of this process, once reserved.
  static Arena*& instance() {
    static Arena* arena = nullptr;
    return arena;
  }

 private:
  static constexpr std::size_t kUnit = 16;  ///< Alignment, and the header's size.

  Arena(char* base, std::size_t bytes) : base_(base), next_(base), end_(base + bytes) {}

  bool owns(const void* block) const {
    const auto* p = static_cast<const char*>(block);
    return p >= base_ && p < end_;
  }

  static void* open(Agdisc_t*) { return instance(); }

  static std::size_t& units_of(void* block) {
    return *reinterpret_cast<std::size_t*>(static_cast<char*>(block) - kUnit);
  }

  static void* allocate(void* state, std::size_t bytes) {
    auto* self = static_cast<Arena*>(state);
    const std::size_t units = std::max<std::size_t>(1, (bytes + kUnit - 1) / kUnit);
    if (units < self->free_.size() && !self->free_[units].empty()) {
      void* block = self->free_[units].back();
      self->free_[units].pop_back();
      std::memset(block, 0, units * kUnit);
      return block;
    }
    if (static_cast<std::size_t>(self->end_ - self->next_) < (units + 1) * kUnit) return nullptr;
    char* block = self->next_ + kUnit;  // fresh pages are zero
    self->next_ += (units + 1) * kUnit;
    units_of(block) = units;
    return block;
  }
  static void* resize(void* state, void* block, std::size_t old_bytes, std::size_t bytes) {
    if (block == nullptr) return allocate(state, bytes);
    auto* self = static_cast<Arena*>(state);
    if (!self->owns(block)) {  // from malloc, before the arena took over
      void* moved = allocate(state, bytes);
      if (moved == nullptr) return nullptr;
      std::memcpy(moved, block, std::min(old_bytes, bytes));
      std::free(block);
      return moved;
    }
    const std::size_t units = units_of(block);
    if (bytes <= units * kUnit) {
      if (bytes > old_bytes) std::memset(static_cast<char*>(block) + old_bytes, 0, bytes - old_bytes);
      return block;
    }
    void* moved = allocate(state, bytes);
    if (moved == nullptr) return nullptr;
    std::memcpy(moved, block, std::min(old_bytes, units * kUnit));
    release(state, block);
    return moved;
  }
  static void release(void* state, void* block) {
    if (block == nullptr) return;
    auto* self = static_cast<Arena*>(state);
    if (!self->owns(block)) {  // from malloc, before the arena took over
      std::free(block);
      return;
    }
    const std::size_t units = units_of(block);
    if (units >= self->free_.size()) self->free_.resize(units + 1);
    self->free_[units].push_back(block);
  }

  char* base_;
  char* next_;
  char* end_;
  std::vector<std::vector<void*>> free_;  ///< By size in units.
};

struct MemoryReader {
  std::string_view rest;

  /// A line at a time, as agmemread reads.
  static int read(void* chan, char* buf, int size) {
    auto* self = static_cast<MemoryReader*>(chan);
    if (size <= 0 || self->rest.empty()) return 0;
    const std::size_t line = self->rest.find('\n');
    std::size_t n = line == std::string_view::npos ? self->rest.size() : line + 1;
    n = std::min(n, static_cast<std::size_t>(size));
    std::copy_n(self->rest.data(), n, buf);
    self->rest.remove_prefix(n);
    return static_cast<int>(n);
  }
};

}  // namespace

void use_stable_disciplines() {
  default_id_discipline() = NameIds::discipline();
  if (Arena::instance() == nullptr) Arena::instance() = Arena::reserve();
  if (Arena::instance() != nullptr) default_memory_discipline() = Arena::discipline();
}

Agraph_t* open_graph(const std::string& name, Agdesc_t kind) {
  static Agiddisc_t ids = NameIds::discipline();
  Agdisc_t disc = {&default_memory_discipline(), &ids, &default_io_discipline()};
  return agopen(cstr(name), kind, &disc);
}

Agraph_t* read_dot(const std::string& dot) {
  MemoryReader reader{dot};
  static Agiodisc_t io = {MemoryReader::read, default_io_discipline().putstr, default_io_discipline().flush};
  Agdisc_t disc = {&default_memory_discipline(), &default_id_discipline(), &io};
  return agread(&reader, &disc);
}

}  // namespace relmap
