// The timeline drawn: lanes of marks over a time axis, written as SVG text.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/text.h"
#include "maps/page.h"
#include "maps/text_metrics.h"
#include "render/timeline.h"
#include "store/snapshot.h"

namespace relmap {

namespace {

/// Geometry in points: a 16 cm column, its smallest text 7 pt.
constexpr double kWidth = 16 * kPointsPerCm;
constexpr double kLabelWidth = 140, kPlotLeft = 150, kPlotRight = kWidth - 18;
constexpr double kLaneHeight = 16, kTop = 44;
constexpr double kTitleSize = 10, kLabelSize = 8, kSmallSize = 7;

std::string h(std::string_view text) { return xml_escape(sanitize_text(text)); }

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

std::string text_at(double x, double y, double size, std::string_view text, const char* extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\"" + extra + ">" +
         h(text) + "</text>\n";
}

/// `text` shortened to fit `width` at `size` points.
std::string fit(std::string_view text, double width, double size) {
  std::string out = sanitize_text(text);
  for (std::size_t n = out.size(); n > 4 && text_width(out, size) > width;
       n = std::min(n - 1, out.size() - 1))
    out = shorten(text, n);
  return out;
}

/// A lane's label in at most two lines of the label column, the second
/// shortened if it must be.
std::vector<std::string> label_lines(std::string_view label) {
  const std::string wrapped = wrap_to_width(sanitize_text(label), kLabelWidth, kLabelSize);
  const std::size_t cut = wrapped.find('\n');
  if (cut == std::string::npos) return {fit(wrapped, kLabelWidth, kLabelSize)};
  std::string rest = wrapped.substr(cut + 1);
  std::replace(rest.begin(), rest.end(), '\n', ' ');
  return {fit(wrapped.substr(0, cut), kLabelWidth, kLabelSize), fit(rest, kLabelWidth, kLabelSize)};
}

/// The axis: days `from`..`to` mapped onto the plot, and its ticks.
struct Axis {
  long from = 0, to = 1;
  double x(int day) const {
    if (day == kDawn) return kPlotLeft;
    if (day == kDoom) return kPlotRight;
    const double f = static_cast<double>(days_from_civil(day) - from) / static_cast<double>(to - from);
    return kPlotLeft + std::clamp(f, 0.0, 1.0) * (kPlotRight - kPlotLeft);
  }
};

/// Whole years around the facts' dates.
Axis axis_for(const Timeline& t, int* first_year, int* last_year) {
  *first_year = t.first == 0 ? 2000 : t.first / 10000;
  *last_year = t.last == 0 ? 2001 : t.last / 10000 + 1;
  return {days_from_civil(*first_year * 10000 + 101), days_from_civil(*last_year * 10000 + 101)};
}

std::string axis_svg(const Axis& axis, int first_year, int last_year, double y) {
  std::string o = "<g class=\"axis\" stroke=\"#6b7280\">\n<line x1=\"" + num(kPlotLeft) + "\" y1=\"" +
                  num(y) + "\" x2=\"" + num(kPlotRight) + "\" y2=\"" + num(y) + "\"/>\n";
  const int years = last_year - first_year;
  if (years <= 2) {  // months, a label every quarter
    for (int m = 0; m <= years * 12; ++m) {
      const int day = (first_year + m / 12) * 10000 + (m % 12 + 1) * 100 + 1;
      const double x = axis.x(day);
      o += "<line x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(y + (m % 3 ? 2 : 4)) + "\"/>\n";
      if (m % 3 == 0 && m < years * 12) {
        char label[16];
        std::snprintf(label, sizeof label, "%04d-%02d", first_year + m / 12, m % 12 + 1);
        o +=
            text_at(x, y + 12, kSmallSize, label, " text-anchor=\"middle\" stroke=\"none\" fill=\"#374151\"");
      }
    }
  } else {
    const int step = std::max(1, (years + 7) / 8);
    for (int year = first_year; year <= last_year; ++year) {
      const double x = axis.x(year * 10000 + 101);
      o += "<line x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y + 4) +
           "\"/>\n";
      if ((year - first_year) % step == 0 && year < last_year)
        o += text_at(x, y + 12, kSmallSize, std::to_string(year),
                     " text-anchor=\"middle\" stroke=\"none\" fill=\"#374151\"");
    }
  }
  return o + "</g>\n";
}

const char* kind_name(TimelineMark::Kind k) {
  switch (k) {
    case TimelineMark::Kind::kActor:
      return "actor";
    case TimelineMark::Kind::kRelation:
      return "relation";
    case TimelineMark::Kind::kReport:
      return "report";
  }
  return "";
}

const char* kind_colour(TimelineMark::Kind k) {
  switch (k) {
    case TimelineMark::Kind::kActor:
      return "#c2410c";
    case TimelineMark::Kind::kRelation:
      return "#1d4ed8";
    case TimelineMark::Kind::kReport:
      return "#4b5563";
  }
  return "#111827";
}

/// One mark: a dot for a day or a month, a bar for a longer span, its dates
/// written beside it, inside a link to its source where there is one.
std::string mark_svg(const KnowledgeGraph& kg, const TimelineMark& m, const Axis& axis, double y,
                     const TimelineStyle& style) {
  const double x1 = axis.x(m.first), x2 = axis.x(m.last);
  const char* colour = kind_colour(m.kind);
  std::string o =
      "<g class=\"mark " + std::string(kind_name(m.kind)) + "\" data-first=\"" + std::to_string(m.first) +
      "\" data-last=\"" + std::to_string(m.last) + "\" data-actor=\"" + h(kg.node(m.actor).id) + "\"" +
      (m.relation ? " data-relation=\"" + std::to_string(m.relation->index) + "\"" : std::string()) +
      " data-source=\"" + h(m.source) + "\">\n<title>" + h(m.when + ": " + m.what) +
      (m.source.empty() ? "" : " [" + h(m.source) + "]") + "</title>\n";
  if (x2 - x1 < 6) {
    o += "<circle cx=\"" + num((x1 + x2) / 2) + "\" cy=\"" + num(y) + "\" r=\"3.5\" fill=\"" + colour +
         "\"/>\n";
  } else {
    o += "<rect x=\"" + num(x1) + "\" y=\"" + num(y - 3.5) + "\" width=\"" + num(x2 - x1) +
         "\" height=\"7\" rx=\"2\" fill=\"" + colour + "\" fill-opacity=\"" +
         (m.last == kDoom ? "0.45" : "0.85") + "\"/>\n";
  }
  const std::string when =
      m.kind == TimelineMark::Kind::kReport ? m.when + ", " + std::to_string(m.relations) + " rel." : m.when;
  const double w = text_width(when, kSmallSize);
  const double right = std::max(x1, x2) + 6;
  const bool after = right + w <= kWidth - 2;
  o += text_at(after ? right : std::max(kPlotLeft, std::min(x1, x2) - 4 - w), y + 2.5, kSmallSize, when,
               " fill=\"#374151\"");
  o += "</g>\n";
  const std::string href = style.link && !m.source.empty() ? style.link(m.source) : std::string();
  return href.empty() ? o : "<a href=\"" + h(href) + "\">\n" + o + "</a>\n";
}

std::string legend_svg(double y) {
  std::string o = "<g class=\"legend\">\n";
  double x = 6;
  for (auto [kind, label] : {std::pair{TimelineMark::Kind::kActor, "event or actor's own dates"},
                             std::pair{TimelineMark::Kind::kRelation, "relation's own dates"},
                             std::pair{TimelineMark::Kind::kReport, "date a source reports its relations"}}) {
    o += "<circle cx=\"" + num(x + 3.5) + "\" cy=\"" + num(y - 2.5) + "\" r=\"3.5\" fill=\"" +
         kind_colour(kind) + "\"/>\n" + text_at(x + 10, y, kSmallSize, label, " fill=\"#111827\"");
    x += 10 + text_width(label, kSmallSize) + 14;
  }
  return o + "</g>\n";
}

/// The facts that are not placed, wrapped under the axis; returns the height used.
std::string undated_svg(const Timeline& t, double y, double* height) {
  std::string o = "<g class=\"undated\">\n";
  std::string head = "Not dated, so not placed: ";
  if (t.undated.empty() && t.undated_relations == 0) head = "Every fact that could be dated is placed.";
  o += text_at(6, y, kLabelSize, head, " font-weight=\"bold\" fill=\"#111827\"");
  std::string list;
  for (const std::string& name : t.undated) list += (list.empty() ? "" : "; ") + name;
  if (t.undated_relations > 0)
    list += (list.empty() ? "" : "; ") + std::to_string(t.undated_relations) +
            (t.undated_relations == 1 ? " relation" : " relations") +
            " with no date of its own, citing an undated source";
  double dy = 0;
  if (!list.empty()) {
    const std::string wrapped = wrap_to_width(list, kWidth - 12, kLabelSize);
    for (std::size_t start = 0, end; start <= wrapped.size(); start = end + 1) {
      end = std::min(wrapped.find('\n', start), wrapped.size());
      dy += kLabelSize * 1.35;
      o += text_at(6, y + dy, kLabelSize, std::string_view(wrapped).substr(start, end - start),
                   " class=\"undated-line\" fill=\"#111827\"");
    }
  }
  *height = dy + kLabelSize;
  return o + "</g>\n";
}

}  // namespace

namespace {

double lane_height(const TimelineLane& lane) {
  return kLaneHeight + static_cast<double>(label_lines(lane.label).size() - 1) * kLabelSize * 1.2;
}

/// One drawing: the lanes [first, last) of `t` over the whole axis, and the
/// undated facts when `undated`; part `part` of `parts` (both 1 when whole).
std::string draw(const KnowledgeGraph& kg, const Timeline& t, std::size_t first, std::size_t last,
                 bool undated, std::size_t part, std::size_t parts, const TimelineStyle& style) {
  int first_year = 0, last_year = 0;
  const Axis axis = axis_for(t, &first_year, &last_year);
  const std::string title =
      "Timeline of the dated facts" +
      (parts > 1 ? ", part " + std::to_string(part) + " of " + std::to_string(parts) : "");
  std::string body = text_at(6, 16, kTitleSize, title, " font-weight=\"bold\" fill=\"#111827\"");
  body += legend_svg(32);
  double y = kTop;
  std::size_t marks = 0;
  for (std::size_t k = first; k < last; ++k) {
    const TimelineLane& lane = t.lanes[k];
    const std::vector<std::string> label = label_lines(lane.label);
    const double height = lane_height(lane);
    const double mid = y + height / 2;
    body += "<g class=\"lane\">\n<line x1=\"" + num(kPlotLeft) + "\" y1=\"" + num(mid) + "\" x2=\"" +
            num(kPlotRight) + "\" y2=\"" + num(mid) + "\" stroke=\"#e5e7eb\"/>\n";
    for (std::size_t i = 0; i < label.size(); ++i)
      body += text_at(
          6,
          mid + 3 + (static_cast<double>(i) - static_cast<double>(label.size() - 1) / 2) * kLabelSize * 1.2,
          kLabelSize, label[i], " fill=\"#111827\"");
    for (const TimelineMark& m : lane.marks) body += mark_svg(kg, m, axis, mid, style);
    body += "</g>\n";
    marks += lane.marks.size();
    y += height;
  }
  if (t.lanes.empty()) {
    body += text_at(kPlotLeft, y + 10, kLabelSize, "No fact carries a date.", " fill=\"#111827\"");
    y += kLaneHeight;
  }
  body += axis_svg(axis, first_year, last_year, y + 4);
  double undated_height = 0;
  if (undated) body += undated_svg(t, y + 34, &undated_height);
  const double height = y + (undated ? 34 + undated_height : 20);
  const std::string id = h(style.id_prefix) + (parts > 1 ? "-part-" + std::to_string(part) : "");
  const std::string desc = std::to_string(marks) + (marks == 1 ? " dated fact" : " dated facts") + " in " +
                           std::to_string(last - first) + (last - first == 1 ? " lane" : " lanes") + ".";
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
         "\" width=\"" + num(kWidth) + "pt\" height=\"" + num(height) +
         "pt\" role=\"img\" aria-labelledby=\"" + id + "--title " + id +
         "--desc\" class=\"relmap-timeline\" data-from=\"" + std::to_string(first_year * 10000 + 101) +
         "\" data-to=\"" + std::to_string(last_year * 10000 + 101) + "\" data-left=\"" + num(kPlotLeft) +
         "\" data-right=\"" + num(kPlotRight) + "\" font-family=\"" + map_font_family() +
         "\">\n<title id=\"" + id + "--title\">" + h(title) + "</title>\n<desc id=\"" + id + "--desc\">" +
         h(desc) + "</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n";
}

}  // namespace

std::string timeline_svg(const KnowledgeGraph& kg, const Timeline& t, const TimelineStyle& style) {
  return draw(kg, t, 0, t.lanes.size(), true, 1, 1, style);
}

std::vector<std::string> timeline_pages(const KnowledgeGraph& kg, const Timeline& t,
                                        const TimelineStyle& style, double page_height) {
  // Lanes go on a page while they fit between its title and its axis.
  const double room = std::max(kLaneHeight * 4, page_height - kTop - 40);
  std::vector<std::size_t> starts{0};
  double used = 0;
  for (std::size_t k = 0; k < t.lanes.size(); ++k) {
    const double height = lane_height(t.lanes[k]);
    if (used + height > room && used > 0) {
      starts.push_back(k);
      used = 0;
    }
    used += height;
  }
  std::vector<std::string> pages;
  for (std::size_t p = 0; p < starts.size(); ++p) {
    const std::size_t last = p + 1 < starts.size() ? starts[p + 1] : t.lanes.size();
    pages.push_back(draw(kg, t, starts[p], last, p + 1 == starts.size(), p + 1, starts.size(), style));
  }
  return pages;
}

}  // namespace relmap
