#include "base/dates.h"

#include <algorithm>
#include <charconv>

namespace relmap {

bool parse_date(std::string_view text, PartialDate* out) {
  auto number = [](std::string_view s, int* value) {
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    return std::from_chars(s.data(), s.data() + s.size(), *value).ec == std::errc();
  };
  PartialDate d;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  if (!number(text.substr(0, 4), &d.year) || d.year < kFirstYear) return false;
  if (text.size() >= 7 && (text[4] != '-' || !number(text.substr(5, 2), &d.month))) return false;
  if (text.size() == 10 && (text[7] != '-' || !number(text.substr(8, 2), &d.day))) return false;
  if (text.size() >= 7 && (d.month < 1 || d.month > 12)) return false;
  if (text.size() == 10) {
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int days = d.month == 2 && !leap ? 28 : kDays[d.month - 1];
    if (d.day < 1 || d.day > days) return false;
  }
  *out = d;
  return true;
}

int date_floor(const PartialDate& d) {
  return d.year * 10000 + std::max(d.month, 1) * 100 + std::max(d.day, 1);
}

int date_ceiling(const PartialDate& d) {
  return d.year * 10000 + (d.month == 0 ? 12 : d.month) * 100 + (d.day == 0 ? 31 : d.day);
}

std::optional<std::pair<int, int>> date_span(std::string_view text) {
  PartialDate d;
  if (!parse_date(text, &d)) return std::nullopt;
  return std::make_pair(date_floor(d), date_ceiling(d));
}

}  // namespace relmap
