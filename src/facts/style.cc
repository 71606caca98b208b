#include "facts/style.h"

#include <algorithm>
#include <unordered_map>

#include "base/spellcheck.h"
#include "base/text.h"

namespace relmap {

namespace {

/// The colour names of Graphviz 2.42's default (X11) scheme, from its
/// lib/common/color_names. A name ending in '*' stands for itself and its
/// variants 1 to 4; gray0..gray100 and grey0..grey100 are added in code.
constexpr std::string_view kX11Colours =
    "aliceblue antiquewhite* aquamarine* azure* beige bisque* black blanchedalmond blue* blueviolet "
    "brown* burlywood* cadetblue* chartreuse* chocolate* coral* cornflowerblue cornsilk* crimson cyan* "
    "darkgoldenrod* darkgreen darkkhaki darkolivegreen* darkorange* darkorchid* darksalmon darkseagreen* "
    "darkslateblue darkslategray* darkslategrey darkturquoise darkviolet deeppink* deepskyblue* dimgray "
    "dimgrey dodgerblue* firebrick* floralwhite forestgreen gainsboro ghostwhite gold* goldenrod* gray* "
    "green* greenyellow grey* honeydew* hotpink* indianred* indigo invis ivory* khaki* lavender "
    "lavenderblush* lawngreen lemonchiffon* lightblue* lightcoral lightcyan* lightgoldenrod* "
    "lightgoldenrodyellow lightgray lightgrey lightpink* lightsalmon* lightseagreen lightskyblue* "
    "lightslateblue lightslategray lightslategrey lightsteelblue* lightyellow* limegreen linen magenta* "
    "maroon* mediumaquamarine mediumblue mediumorchid* mediumpurple* mediumseagreen mediumslateblue "
    "mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose* moccasin "
    "navajowhite* navy navyblue none oldlace olivedrab* orange* orangered* orchid* palegoldenrod "
    "palegreen* paleturquoise* palevioletred* papayawhip peachpuff* peru pink* plum* powderblue purple* "
    "red* rosybrown* royalblue* saddlebrown salmon* sandybrown seagreen* seashell* sienna* skyblue* "
    "slateblue* slategray* slategrey snow* springgreen* steelblue* tan* thistle* tomato* transparent "
    "turquoise* violet violetred* wheat* white whitesmoke yellow* yellowgreen";

/// SVG colour names that are not X11 names, as the colours they stand for,
/// so that every format draws them.
constexpr std::pair<std::string_view, std::string_view> kSvgOnlyColours[] = {
    {"aqua", "#00ffff"},       {"darkblue", "#00008b"},    {"darkcyan", "#008b8b"}, {"darkgray", "#a9a9a9"},
    {"darkgrey", "#a9a9a9"},   {"darkmagenta", "#8b008b"}, {"darkred", "#8b0000"},  {"fuchsia", "#ff00ff"},
    {"lightgreen", "#90ee90"}, {"lime", "#00ff00"},        {"olive", "#808000"},    {"silver", "#c0c0c0"},
    {"teal", "#008080"}};

/// Every colour name: for look-ups (name to the value Graphviz gets) and
/// suggestions.
struct ColourNames {
  std::unordered_map<std::string, std::string> value;
  std::vector<std::string> names;

  ColourNames() {
    auto add = [&](std::string name, std::string_view to) {
      value.emplace(name, to.empty() ? name : std::string(to));
      names.push_back(std::move(name));
    };
    for (std::size_t start = 0; start < kX11Colours.size();) {
      std::size_t end = kX11Colours.find(' ', start);
      if (end == std::string_view::npos) end = kX11Colours.size();
      std::string_view name = kX11Colours.substr(start, end - start);
      start = end + 1;
      const bool variants = name.back() == '*';
      if (variants) name.remove_suffix(1);
      add(std::string(name), "");
      for (int i = 1; variants && i <= 4; ++i) add(std::string(name) + std::to_string(i), "");
    }
    for (int i = 0; i <= 100; ++i) {
      add("gray" + std::to_string(i), "");
      add("grey" + std::to_string(i), "");
    }
    for (const auto& [name, hex] : kSvgOnlyColours) add(std::string(name), hex);
  }
};

const ColourNames& colour_names() {
  static const ColourNames names;
  return names;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

std::optional<std::string> colour(std::string_view value, std::string* why) {
  const std::string lower = ascii_lower(value);
  if (!lower.empty() && lower[0] == '#') {
    const std::string_view digits = std::string_view(lower).substr(1);
    if (std::all_of(digits.begin(), digits.end(), is_hex)) {
      if (digits.size() == 6 || digits.size() == 8) return lower;
      // Graphviz 2.42 reads #rgb as black: write it out.
      if (digits.size() == 3)
        return std::string{'#', digits[0], digits[0], digits[1], digits[1], digits[2], digits[2]};
    }
    *why = "'" + sanitize_text(value) + "' is not a colour: use #rrggbb, #rrggbbaa, #rgb or a colour name";
    return std::nullopt;
  }
  const ColourNames& names = colour_names();
  if (auto it = names.value.find(lower); it != names.value.end()) return it->second;
  *why = "unknown colour '" + sanitize_text(value) + "'" + did_you_mean(lower, names.names) +
         ": use #rrggbb, #rrggbbaa, #rgb or a Graphviz (X11) or SVG colour name";
  return std::nullopt;
}

/// A name from `known`, exactly.
std::optional<std::string> one_of(std::string_view value, const std::vector<std::string>& known,
                                  const char* what, std::string* why) {
  if (std::find(known.begin(), known.end(), value) != known.end()) return std::string(value);
  *why = "unknown " + std::string(what) + " '" + sanitize_text(value) + "'" + did_you_mean(value, known);
  return std::nullopt;
}

/// Node shapes of Graphviz 2.42 (lib/common/shapes.c) but record shapes,
/// whose labels give '|', '{' and '}' a meaning, and user shapes.
const std::vector<std::string>& shapes() {
  // clang-format off
  static const std::vector<std::string> names = {
      "box", "polygon", "ellipse", "oval", "circle", "point", "egg", "triangle", "none", "plaintext", "plain",
      "diamond", "trapezium", "parallelogram", "house", "pentagon", "hexagon", "septagon", "octagon", "note",
      "tab", "folder", "box3d", "component", "cylinder", "rect", "rectangle", "square", "doublecircle",
      "doubleoctagon", "tripleoctagon", "invtriangle", "invtrapezium", "invhouse", "underline", "Mdiamond",
      "Msquare", "Mcircle", "promoter", "cds", "terminator", "utr", "insulator", "ribosite", "rnastab",
      "proteasesite", "proteinstab", "primersite", "restrictionsite", "fivepoverhang", "threepoverhang",
      "noverhang", "assembly", "signature", "rpromoter", "larrow", "rarrow", "lpromoter", "star"};
  // clang-format on
  return names;
}

/// Arrowheads as Graphviz 2.42 reads them (lib/common/arrows.c): up to four
/// shapes, each an optional 'o' (open), an optional 'l' or 'r' (half) and a
/// shape name; or one of the older names.
std::optional<std::string> arrowhead(std::string_view value, std::string* why) {
  static const std::vector<std::string> kShapes = {"normal", "inv",     "dot",  "tee", "empty",
                                                   "open",   "diamond", "crow", "box", "vee",
                                                   "curve",  "icurve",  "none"};
  static const std::vector<std::string> kOlder = {"invempty", "ediamond", "halfopen", "empty", "open"};
  static const std::vector<std::string> kPrimitive = {"normal", "inv", "dot",    "tee",   "diamond", "crow",
                                                      "box",    "vee", "icurve", "curve", "none"};
  std::string_view rest = value;
  for (int parts = 0; parts < 4 && !rest.empty(); ++parts) {
    auto take = [&](std::string_view word) {
      if (rest.substr(0, word.size()) != word) return false;
      rest.remove_prefix(word.size());
      return true;
    };
    if (std::any_of(kOlder.begin(), kOlder.end(), take)) continue;
    take("o");
    if (!take("l")) take("r");
    if (!std::any_of(kPrimitive.begin(), kPrimitive.end(), take)) break;
  }
  if (!value.empty() && rest.empty()) return std::string(value);
  std::vector<std::string> suggestions = kShapes;
  for (const std::string& s : kShapes) suggestions.push_back("o" + s);
  *why = "unknown arrowhead '" + sanitize_text(value) + "'" + did_you_mean(value, suggestions) +
         ": use up to four of [o][l|r]normal, inv, dot, tee, diamond, crow, box, vee, curve, icurve, none";
  return std::nullopt;
}

/// A comma-separated list of style keywords, written without spaces.
std::optional<std::string> style_keywords(std::string_view value, bool relation, std::string* why) {
  static const std::vector<std::string> kNode = {"filled",  "invis",   "invisible", "diagonals",
                                                 "rounded", "dashed",  "dotted",    "solid",
                                                 "bold",    "striped", "wedged",    "radial"};
  static const std::vector<std::string> kRelation = {"solid", "dashed", "dotted", "bold", "invis", "tapered"};
  const std::vector<std::string>& known = relation ? kRelation : kNode;
  std::string out;
  for (std::size_t start = 0; start <= value.size();) {
    std::size_t end = value.find(',', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(start, end - start);
    start = end + 1;
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (std::find(known.begin(), known.end(), word) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      *why = "unknown style '" + sanitize_text(word) + "'" + did_you_mean(word, known) + ": a " +
             (relation ? "relation" : "node") + "'s style is a comma-separated list of " + list;
      return std::nullopt;
    }
    out += (out.empty() ? "" : ",") + std::string(word);
  }
  return out;
}

/// A plain decimal number (digits, at most one '.').
bool decimal(std::string_view s, double* out) {
  if (s.empty() || s.size() > 12 || s == ".") return false;
  double value = 0, scale = 0;
  for (char c : s) {
    if (c == '.' && scale == 0) {
      scale = 1;
    } else if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      scale *= 10;
    } else {
      return false;
    }
  }
  *out = scale > 0 ? value / scale : value;
  return true;
}

/// A decimal in [min, max], or two separated by a comma if `pair`.
std::optional<std::string> numbers(std::string_view value, double min, double max, bool integer, bool pair,
                                   std::string* why) {
  const std::size_t comma = pair ? value.find(',') : std::string_view::npos;
  const std::string_view parts[] = {
      value.substr(0, comma), comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1)};
  bool ok = true;
  for (int i = 0; i < (comma == std::string_view::npos ? 1 : 2); ++i) {
    double x = 0;
    ok = ok && decimal(parts[i], &x) && x >= min && x <= max &&
         (!integer || parts[i].find('.') == std::string_view::npos);
  }
  if (ok) return std::string(value);
  auto show = [](double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
  };
  *why = "'" + sanitize_text(value) + "' is not " +
         (pair      ? "one or two numbers (x or x,y)"
          : integer ? "a whole number"
                    : "a number") +
         " from " + show(min) + " to " + show(max);
  return std::nullopt;
}

/// Font names reach the SVG as they are (Graphviz writes font-family
/// unescaped): a safe character set only.
std::optional<std::string> font_name(std::string_view value, std::string* why) {
  const bool ok =
      !value.empty() && value.size() <= 100 && std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
               c == '-' || c == '_' || c == '.' || c == ',';
      });
  if (ok) return std::string(value);
  *why = "font name '" + sanitize_text(value) +
         "' may hold only letters, digits, spaces and '-', '_', '.', ',' (at most 100)";
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& node_style_keys() {
  static const std::vector<std::string> keys = {"shape",       "color",    "fillcolor", "fontcolor",
                                                "style",       "penwidth", "fontname",  "fontsize",
                                                "peripheries", "width",    "height",    "margin"};
  return keys;
}

const std::vector<std::string>& relation_style_keys() {
  static const std::vector<std::string> keys = {"color",     "style",     "penwidth", "arrowhead",
                                                "arrowsize", "fontcolor", "fontsize", "fontname"};
  return keys;
}

std::optional<std::string> style_value(std::string_view key, std::string_view value, bool relation,
                                       std::string* why) {
  const std::vector<std::string>& keys = relation ? relation_style_keys() : node_style_keys();
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
    *why = "'" + sanitize_text(key) + "' is not a style key" + did_you_mean(key, keys);
    return std::nullopt;
  }
  if (key == "color" || key == "fillcolor" || key == "fontcolor") return colour(value, why);
  if (key == "shape") return one_of(value, shapes(), "shape", why);
  if (key == "arrowhead") return arrowhead(value, why);
  if (key == "style") return style_keywords(value, relation, why);
  if (key == "fontname") return font_name(value, why);
  if (key == "penwidth") return numbers(value, 0, 20, false, false, why);
  if (key == "fontsize") return numbers(value, 1, 144, false, false, why);
  if (key == "arrowsize") return numbers(value, 0, 10, false, false, why);
  if (key == "peripheries") return numbers(value, 0, 10, true, false, why);
  if (key == "margin") return numbers(value, 0, 5, false, true, why);
  return numbers(value, 0.01, 20, false, false, why);  // width, height (inches)
}

}  // namespace relmap
