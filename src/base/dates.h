// Dates as facts give them: a year, a month or a day (YYYY, YYYY-MM,
// YYYY-MM-DD), and the span of days each stands for.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace relmap {

/// A date written as YYYY, YYYY-MM or YYYY-MM-DD.
struct PartialDate {
  int year = 0;
  int month = 0;  ///< 0 when not given.
  int day = 0;    ///< 0 when not given.
};

/// The first year a date may have: earlier ones (0000, 0201) are taken for
/// typos, as no fact relmap maps is that old.
inline constexpr int kFirstYear = 1000;

/// Parse a full or partial date; false if malformed or out of range (a
/// year before kFirstYear included).
bool parse_date(std::string_view text, PartialDate* out);

/// Earliest and latest full dates a partial date may stand for, as YYYYMMDD.
int date_floor(const PartialDate& d);
int date_ceiling(const PartialDate& d);

/// A date's first and last day as YYYYMMDD; nullopt if malformed.
std::optional<std::pair<int, int>> date_span(std::string_view text);

}  // namespace relmap
