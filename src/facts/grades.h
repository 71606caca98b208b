// Grades of sources and citations, as the Admiralty code writes them: a
// source's reliability (A completely reliable … E unreliable, F cannot be
// judged) and a citation's credibility (1 confirmed … 5 improbable, 6 cannot
// be judged). For ranking and filters F and 6 count below E and 5. The names
// of the properties that carry them, and of a relation's id and the id of
// the relation it disputes.
#pragma once

#include <string>
#include <string_view>

namespace relmap {

/// Property of a source: its reliability grade (A–F), and why it has it.
inline constexpr std::string_view kReliabilityProperty = "reliability";
inline constexpr std::string_view kReliabilityReasonProperty = "reliability_reason";
/// Properties every relation may have: its credibility grade (1–6), its id
/// and the id of the relation it disputes.
inline constexpr std::string_view kCredibilityProperty = "credibility";
inline constexpr std::string_view kRelationIdProperty = "id";
inline constexpr std::string_view kDisputesProperty = "disputes";

/// The rank of an ungraded source: below every grade.
inline constexpr int kUngradedReliability = 7;

/// The rank of a reliability grade, 1 (A) to 6 (F, cannot be judged);
/// kUngradedReliability for none; 0 for a text that is no grade.
int reliability_rank(std::string_view grade);
/// The rank of a credibility grade, 1 to 6; 0 for a text that is no grade.
int credibility_rank(std::string_view grade);
/// The grade of a reliability rank ("A"…"F"), "" for an ungraded one.
std::string reliability_grade(int rank);

/// True for properties that belong to one citation, not to the claim:
/// credibility, id and disputes.
bool is_citation_property(std::string_view name);

}  // namespace relmap
