#include "serve/wording.h"

#include <utility>

#include "base/text.h"

namespace relmap::serve {

namespace {

/// Each filter's name (filter_fields(), and "directed") and its form's words.
constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
    {"relations", "relation types"},
    {"exclude-relations", "relation types left out"},
    {"node-types", "actor types"},
    {"exclude-node-types", "actor types left out"},
    {"avoid", "actors avoided"},
    {"max-degree", "most relations of an actor passed"},
    {"as-of", "as of"},
    {"reported-by", "reported by"},
    {"stated-only", "stated only"},
    {"min-reliability", "lowest reliability"},
    {"min-credibility", "lowest credibility"},
    {"corroborated", "independent sources"},
    {"source", "sources"},
    {"directed", "directed"},
};

/// The choices of `filter`, "A, B or C"; "" for a filter without a fixed set.
std::string choices_of(std::string_view filter) {
  for (const FilterField& field : filter_fields()) {
    if (field.name != filter || field.choices.empty()) continue;
    std::string out;
    for (std::size_t i = 0; i < field.choices.size(); ++i)
      out += (i == 0 ? "" : i + 1 == field.choices.size() ? " or " : ", ") + field.choices[i];
    return out;
  }
  return "";
}

std::string form_bad_value(std::string_view filter, std::string_view what, std::string_view value,
                           std::string_view expected) {
  const std::string takes = expected.empty() ? choices_of(filter) : std::string(expected);
  return "the " + std::string(what) + " '" + form_label(filter) + "' must be " +
         (takes.empty() ? "another" : takes) + ", not '" + visible_text(value) + "'";
}

}  // namespace

std::string form_label(std::string_view filter) {
  for (const auto& [name, label] : kLabels)
    if (name == filter) return std::string(label);
  return std::string(filter);
}

const FilterNaming& form_naming() {
  static const FilterNaming naming{form_label, form_bad_value};
  return naming;
}

}  // namespace relmap::serve
