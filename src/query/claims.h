// Claims and their grades. A claim is what relations say alike: the same
// ends, type, dates and other properties. Each relation that says it is one
// citation of the claim, from its source. Grades follow the Admiralty code:
// a source's reliability (A completely reliable … E unreliable, F cannot be
// judged) and a citation's credibility (1 confirmed … 5 improbable, 6
// cannot be judged); without a grade of its own a stated citation counts as
// 2 and an implied one as 3. For ranking and filters F and 6 count below E
// and 5. The sources of a claim are independent when their publishers
// differ. A relation may say that it `disputes` another by that one's `id`:
// the claim of the other is then disputed.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "facts/grades.h"
#include "facts/schema.h"
#include "store/snapshot.h"

namespace relmap {

/// A source's reliability grade as written, "" if it has none.
std::string_view source_reliability(const GraphView& view, std::uint32_t source);
/// The rank of the reliability of the source relation `e` cites.
int citation_reliability(const GraphView& view, std::uint32_t e);
/// The credibility of relation `e`: its own grade, else 2 if stated and 3 if implied.
int citation_credibility(const GraphView& view, std::uint32_t e);
/// Who published a source: its `publisher`, else its `url`'s host, else
/// its id (a source that names no publisher stands alone).
std::string publisher_of(const GraphView& view, std::uint32_t source);

/// The relations that say the same claim as `e` (e among them), in fact
/// order: found among the relations of e's ends.
std::vector<std::uint32_t> citations_of(const GraphView& view, const Schema& schema, std::uint32_t e);

/// citations_of for many relations, each claim's relations looked up once:
/// for answers that cite every relation of a listing, several of them of
/// one claim.
class CitationCache {
 public:
  CitationCache(const GraphView& view, const Schema& schema) : view_(view), schema_(schema) {}
  /// What citations_of(view, schema, e) gives.
  const std::vector<std::uint32_t>& of(std::uint32_t e);

 private:
  const GraphView& view_;
  const Schema& schema_;
  std::deque<std::vector<std::uint32_t>> claims_;            ///< Claims looked up, each its relations.
  std::unordered_map<std::uint32_t, std::size_t> claim_of_;  ///< A relation's claim among claims_.
};

/// The number of distinct publishers among the sources of `citations`.
std::size_t independent_sources(const GraphView& view, std::span<const std::uint32_t> citations);

/// How well a claim is supported, from its citations: the best credibility
/// and reliability among them, and its independent sources.
struct Support {
  int credibility = 6;
  int reliability = kUngradedReliability;
  std::size_t sources = 0;      ///< Distinct sources cited.
  std::size_t independent = 0;  ///< Distinct publishers among them.
  bool disputed = false;
};

/// Claims made from a set of relations: which relations say the same, and
/// which relations dispute a claim.
class Claims {
 public:
  /// Group `edges` (relations of the view) into claims, in order of their
  /// first citation; without `edges`, every relation of the view.
  Claims(const GraphView& view, const Schema& schema, std::span<const std::uint32_t> edges);
  Claims(const GraphView& view, const Schema& schema);

  std::size_t size() const { return citations_.size(); }
  /// The claim relation `e` is a citation of; e must be among the edges.
  std::uint32_t claim_of(std::uint32_t e) const { return claim_.at(e); }
  /// The citations of a claim, in fact order.
  const std::vector<std::uint32_t>& citations(std::uint32_t claim) const { return citations_[claim]; }
  /// The relations (of the whole view) that dispute one of the claim's citations.
  std::vector<std::uint32_t> disputed_by(std::uint32_t claim) const;
  Support support(std::uint32_t claim) const;

 private:
  const GraphView& view_;
  std::vector<std::vector<std::uint32_t>> citations_;
  std::unordered_map<std::uint32_t, std::uint32_t> claim_;
};

/// The support of the claim relation `e` says, without a Claims (a query's hop).
Support support_of(const GraphView& view, const Schema& schema, std::uint32_t e);
/// The support of the claim with these citations.
Support support_of_citations(const GraphView& view, std::span<const std::uint32_t> citations);
/// The relations of the view that dispute one of `citations`.
std::vector<std::uint32_t> disputes_of(const GraphView& view, std::span<const std::uint32_t> citations);
/// Whether a relation of the view disputes one of `citations`.
bool is_disputed(const GraphView& view, std::span<const std::uint32_t> citations);

/// A claim's support as one rank, lower is better: undisputed claims
/// first, then by credibility, then by reliability, then by more
/// independent sources (up to 9 count).
int support_rank(const Support& support);

/// The support rank of each relation's claim (support_rank), worked out on
/// first use, an actor's relations at a time: what ranking paths by their
/// weakest hop asks of every hop it tries.
class SupportRanks {
 public:
  SupportRanks(const GraphView& view, const Schema& schema);
  int rank(std::uint32_t e);

 private:
  void rank_relations_of(std::uint32_t v);

  const GraphView& view_;
  const Schema& schema_;
  std::vector<int> rank_;  ///< By relation; 0 until worked out.
};

/// "reliability B, credibility 2" and the like, for one citation.
std::string citation_grades(const GraphView& view, std::uint32_t e);

/// "1 source", "3 independent sources", "2 sources, 1 publisher".
std::string sources_text(const Support& support);

}  // namespace relmap
