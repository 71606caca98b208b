#include "maps/map_spec.h"

#include "base/text.h"

namespace relmap {

std::string graphviz_label(std::string_view text) {
  std::string clean = sanitize_text(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string wrap_label(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t space = text.find(' ', i);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(i, space - i);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(word);
    line += word.size();
    i = space + 1;
  }
  return out;
}

const std::vector<std::string>& render_formats() {
  static const std::vector<std::string> formats = {"dot", "svg", "png", "pdf"};
  return formats;
}

const std::vector<std::string>& layout_engines() {
  static const std::vector<std::string> engines = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
  return engines;
}

const std::vector<std::string>& themes() {
  static const std::vector<std::string> names = {"light", "dark"};
  return names;
}

std::string choose_engine(std::size_t nodes, std::size_t edges, bool clusters) {
  // Measured with scripts/engine_timing.py (README, "Speed"): dot places
  // labels without overlaps and takes under 2 s up to 300 relations even
  // when dense (2 per actor), and on sparse maps (1.4 per actor) up to
  // 1,500; beyond, it can take minutes. neato with curved edges takes 10-20 s
  // at 150-200 actors; sfdp scales to tens of thousands.
  if (edges <= 300 || (edges <= 1500 && edges * 2 <= nodes * 3)) return "dot";
  if (clusters) return "fdp";
  if (nodes <= 300 && edges <= 1200) return "neato";
  return "sfdp";
}

bool engine_draws_clusters(const std::string& engine) {
  return engine == "auto" || engine == "dot" || engine == "fdp";
}

}  // namespace relmap
