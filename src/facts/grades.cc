#include "facts/grades.h"

namespace relmap {

int reliability_rank(std::string_view grade) {
  if (grade.empty()) return kUngradedReliability;
  if (grade.size() != 1 || grade[0] < 'A' || grade[0] > 'F') return 0;
  return grade[0] - 'A' + 1;
}

int credibility_rank(std::string_view grade) {
  if (grade.size() != 1 || grade[0] < '1' || grade[0] > '6') return 0;
  return grade[0] - '0';
}

std::string reliability_grade(int rank) {
  return rank >= 1 && rank <= 6 ? std::string(1, static_cast<char>('A' + rank - 1)) : std::string();
}

bool is_citation_property(std::string_view name) {
  return name == kCredibilityProperty || name == kRelationIdProperty || name == kDisputesProperty;
}

}  // namespace relmap
