#include "maps/map_kinds.h"

namespace relmap {

Engine choose_engine(std::size_t nodes, std::size_t edges, bool clusters) {
  // Measured with scripts/engine_timing.py (README, "Speed"): dot places
  // labels without overlaps and takes under 2 s up to 300 relations even
  // when dense (2 per actor), and on sparse maps (1.4 per actor) up to
  // 1,500; beyond, it can take minutes. neato with curved edges takes 10-20 s
  // at 150-200 actors; sfdp scales to tens of thousands.
  if (edges <= 300 || (edges <= 1500 && edges * 2 <= nodes * 3)) return Engine::kDot;
  if (clusters) return Engine::kFdp;
  if (nodes <= 300 && edges <= 1200) return Engine::kNeato;
  return Engine::kSfdp;
}

bool engine_draws_clusters(Engine engine) {
  return engine == Engine::kAuto || engine == Engine::kDot || engine == Engine::kFdp;
}

}  // namespace relmap
