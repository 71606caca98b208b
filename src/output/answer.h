// Answers ready to paste into a draft: a path answer as a short paragraph
// per path, in the stored direction of each relation ("Japan cooperates
// with Laos"), with a footnote per hop that cites every source of its claim
// (quote, title, publisher, date, link, basis and grades), in Markdown with
// footnotes (as GitHub, Pandoc and Python-Markdown read them) or in HTML.
#pragma once

#include <string>
#include <vector>

#include "query/query.h"
#include "query/query_output.h"

namespace relmap {

/// What a pasted answer is about and what goes beside it.
struct PastedAnswer {
  NodeId from = 0, to = 0;
  const std::vector<Path>* paths = nullptr;
  PathOptions options;
  /// The path figure's file name, relative to the answer's ("answer.svg"),
  /// shown under the paragraphs; "" for none.
  std::string figure;
};

/// The answer in Markdown: paragraphs, the figure, then the footnotes
/// `[^N]: “quote” — title, publisher, date, <link> (basis; grades)`.
std::string answer_to_markdown(const Answers& g, const PastedAnswer& answer);

/// The same as an HTML fragment (paragraphs, figure and an ordered list of
/// notes linked both ways), every text from the data escaped.
std::string answer_to_html(const Answers& g, const PastedAnswer& answer);

}  // namespace relmap
