#include "render/figure.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/child.h"
#include "base/text.h"
#include "maps/layout_cache.h"
#include "maps/panels.h"
#include "render/layout.h"
#include "render/raster.h"
#include "render/svg.h"

namespace relmap {

namespace {

/// What the name of a map's layout in the edition before the previous one
/// adds to the map's (layout_cache.h).
constexpr const char* kEarlierLayout = ".earlier";

/// Draw one map as SVG into `figure`, from `memory`'s layouts and its new
/// layout into `memory` (when given) and `laid_out` (when not null); `fit`
/// gets how far it fits its page.
bool draw_part(const KnowledgeGraph& graph, const MapSpec& spec, RenderOptions options,
               const LayoutMemory* memory, Figure* figure, double* fit, Diagnostics* diags,
               Layout* laid_out = nullptr) {
  std::string* svg = &figure->drawings.emplace_back();
  options.format = MapFormat::kSvg;
  Layout previous, earlier, next;
  const std::string kept = spec.name + (memory != nullptr ? memory->suffix : "");
  const bool cached = memory != nullptr && !memory->cache_dir.empty();
  if (cached && read_layout(memory->cache_dir, kept, &previous)) options.previous = &previous;
  if (cached && read_layout(memory->cache_dir, kept + kEarlierLayout, &earlier)) options.earlier = &earlier;
  if ((memory != nullptr && memory->keep != nullptr) || laid_out != nullptr) options.laid_out = &next;
  if (!render_map(graph, spec, options, svg, diags)) return false;
  if (laid_out != nullptr) *laid_out = next;
  if (cached && memory->keep != nullptr) {
    memory->keep->push_back({layout_path(memory->cache_dir, kept), layout_text(next)});
    // The layout of a map that changed is kept one edition more.
    if (options.previous != nullptr && previous.key != next.key)
      memory->keep->push_back({layout_path(memory->cache_dir, kept + kEarlierLayout), layout_text(previous)});
  }
  *fit = fit_factor(*svg, spec.page);
  return true;
}

/// An <svg> element without the width and height of its opening tag.
std::string without_size(std::string element) {
  const std::size_t end = element.find('>');
  for (const char* name : {" width=\"", " height=\""}) {
    const std::size_t at = element.find(name);
    if (at == std::string::npos || at > end) continue;
    element.erase(at, element.find('"', at + std::strlen(name)) + 1 - at);
  }
  return element;
}

/// The parts' SVGs one under the other in one SVG document titled `title`:
/// each an <svg> element of its own, placed by x, y, width and height.
std::string stacked_svg(const Figure& figure, const std::string& title, bool fixed_size) {
  double width = 0, height = 0;
  for (const std::string& svg : figure.drawings) {
    const PageBox size = svg_size(svg);
    width = std::max(width, size.width);
    height += size.height;
  }
  char box[160];
  std::snprintf(box, sizeof box, "viewBox=\"0 0 %.2f %.2f\"", width, height);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg " + std::string(box);
  if (fixed_size) {
    std::snprintf(box, sizeof box, " width=\"%.2fpt\" height=\"%.2fpt\"", width, height);
    out += box;
  }
  out +=
      " xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" role=\"group\">\n";
  out += "<title>" + xml_escape(sanitize_text(title)) + "</title>\n";
  double top = 0;
  for (const std::string& svg : figure.drawings) {
    const PageBox size = svg_size(svg);
    std::string element = without_size(svg_element(svg));
    std::snprintf(box, sizeof box, "<svg x=\"0\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" ", top, size.width,
                  size.height);
    element.replace(0, 5, box);  // "<svg " placed where it belongs
    out += element + "\n";
    top += size.height;
  }
  return out + "</svg>\n";
}

/// The child's work: rasterise_pages of the SVGs after the format, width,
/// height and dpi; returns ok ("1" or "0"), the error and the document.
std::vector<std::string> rasterise_in_child(const std::vector<std::string>& job) {
  const std::optional<MapFormat> format = value_named<MapFormat>(job.empty() ? "" : job[0]);
  if (job.size() < 5 || !format || !is_raster(*format)) return {"0", "a malformed job", ""};
  RasterOptions options{*format, std::strtod(job[1].c_str(), nullptr), std::strtod(job[3].c_str(), nullptr)};
  options.height_points = std::strtod(job[2].c_str(), nullptr);
  const std::vector<std::string_view> svgs(job.begin() + 4, job.end());
  std::string out, error;
  const bool ok = rasterise_pages(svgs, options, &out, &error);
  return {ok ? "1" : "0", error, out};
}

}  // namespace

double fit_factor(std::string_view svg, PageBox page) {
  const PageBox size = svg_size(svg);
  const double smallest = smallest_font(svg);
  if (size.width <= 0 || size.height <= 0 || smallest <= 0) return 1;
  const PageBox box = layout_box(page, smallest);
  return std::min(box.width / size.width, box.height / size.height);
}

namespace {

/// Draw `other` in place of the last part of `figure`, `part`, and keep
/// that drawing instead if it fits its page better (`fit`).
bool keep_if_better(const KnowledgeGraph& graph, const RenderOptions& options, MapSpec other, MapSpec* part,
                    Figure* figure, double* fit, Diagnostics* diags) {
  Figure drawn;
  double other_fit = 0;
  if (!draw_part(graph, other, options, nullptr, &drawn, &other_fit, diags)) return false;
  if (other_fit <= *fit) return true;
  *fit = other_fit;
  *part = std::move(other);
  figure->drawings.back() = std::move(drawn.drawings.back());
  return true;
}

/// The last part of `figure`, `part`, with its ranks the other way, if
/// that fits its page better.
bool draw_other_way(const KnowledgeGraph& graph, const RenderOptions& options, MapSpec* part, Figure* figure,
                    double* fit, Diagnostics* diags) {
  MapSpec turned = *part;
  turned.ranks = part->page.width > part->page.height ? MapSpec::Ranks::kDown : MapSpec::Ranks::kAcross;
  return keep_if_better(graph, options, std::move(turned), part, figure, fit, diags);
}

/// The map of `figure`, drawn whole, compact (MapSpec::compact) if that
/// fits its page better: a map a little too large for its page is then
/// read whole, not in parts.
bool draw_compact(const KnowledgeGraph& graph, const RenderOptions& options, Figure* figure, double* fit,
                  Diagnostics* diags) {
  MapSpec compact = figure->parts.back();
  compact.compact = true;
  return keep_if_better(graph, options, std::move(compact), &figure->parts.back(), figure, fit, diags);
}

/// Split `spec` into the fewest parts, 2 to kMaxParts, that each fit its
/// page, else the split whose worst part comes nearest: into `figure` when
/// that beats `best` (a fit_factor), which it raises. Parts are laid out
/// afresh, from no earlier layout: which parts a map is split into then
/// depends on its facts and the whole map's kept layout alone.
bool fit_by_splitting(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options,
                      Figure* figure, double* best, Diagnostics* diags) {
  // A summary (lines standing for several relations) stays whole: in parts,
  // the links it chose would hide behind stand-ins.
  if (spec.nodes.size() < kMinActorsToSplit || !spec.edge_bundles.empty()) return true;
  for (std::size_t count = 2; count <= kMaxParts && *best < 1; ++count) {
    Figure split;
    split.parts = split_map(graph, spec, count);
    double worst = 1;
    for (MapSpec& part : split.parts) {
      double fit = 0;
      if (!draw_part(graph, part, options, nullptr, &split, &fit, diags)) return false;
      if (fit < 1 && !draw_other_way(graph, options, &part, &split, &fit, diags)) return false;
      worst = std::min(worst, fit);
      if (worst <= *best) break;  // this split cannot win: its other parts need no layout
    }
    if (worst > *best) {
      *best = worst;
      *figure = std::move(split);
    }
  }
  return true;
}

/// draw_figure without the map drawn instead; `fitted` gets the
/// fit_factor of its worst part.
bool draw_fitted(const KnowledgeGraph& graph, const MapSpec& spec, RenderOptions options,
                 const LayoutMemory* memory, Figure* figure, double* fitted, Diagnostics* diags) {
  // librsvg draws PNG and PDF from SVG sized in points.
  if (is_raster(options.format)) options.fixed_size = true;
  *figure = {{spec}, {}, {}};
  double best = 0;
  Layout laid_out;
  if (!draw_part(graph, spec, options, memory, figure, &best, diags, &laid_out)) return false;
  // Only the whole map's layout is kept, whatever is drawn: the next
  // edition starts from it, and the same facts and cache give the same figure.
  // A map drawn on given places (the changes map) is never split: its parts
  // would be laid out afresh, away from those places.
  const bool may_fit = !options.whole && !spec.placed && spec.nodes.size() <= kMaxActorsForPage;
  if (may_fit && best < 1 && !draw_compact(graph, options, figure, &best, diags)) return false;
  if (may_fit && best < 1 && !fit_by_splitting(graph, spec, options, figure, &best, diags)) return false;
  if (may_fit && best < 1 && spec.labels_optional) {
    // Relations told apart by the legend alone: whole, else split.
    MapSpec unlabelled = spec;
    unlabelled.relation_labels = false;
    unlabelled.title += " (relations by colour and line style)";
    Figure whole{{unlabelled}, {}, {}};
    double fit = 0;
    if (!draw_part(graph, unlabelled, options, nullptr, &whole, &fit, diags)) return false;
    if (fit > best) {
      best = fit;
      *figure = std::move(whole);
    }
    if (best < 1 && !fit_by_splitting(graph, unlabelled, options, figure, &best, diags)) return false;
  }
  *fitted = best;
  figure->layout = std::move(laid_out);
  return true;
}

}  // namespace

bool draw_figure(const KnowledgeGraph& graph, const MapSpec& spec, RenderOptions options,
                 const LayoutMemory* memory, Figure* figure, Diagnostics* diags) {
  double best = 0;
  if (!draw_fitted(graph, spec, options, memory, figure, &best, diags)) return false;
  if (best >= 1 || options.whole || spec.instead == nullptr) return true;
  Figure instead;
  double fit = 0;
  if (!draw_fitted(graph, *spec.instead, options, nullptr, &instead, &fit, diags)) return false;
  if (fit > best)
    *figure = {std::move(instead.parts), std::move(instead.drawings), std::move(figure->layout)};
  return true;
}

bool figure_output(const KnowledgeGraph& graph, const MapSpec& spec, const Figure& figure,
                   const RenderOptions& options, std::string* out, Diagnostics* diags) {
  if (options.format == MapFormat::kDot) {
    *out = map_to_dot(graph, spec, options);
    return true;
  }
  if (options.format == MapFormat::kSvg) {
    *out = figure.drawings.size() == 1 ? figure.drawings.front()
                                       : stacked_svg(figure, spec.title, options.fixed_size);
    return true;
  }
  // A page no taller for its width than the map's page is.
  const double height = options.width_points * spec.page.height / spec.page.width;
  char number[64];
  std::vector<std::string> job = {name_of(options.format)};
  std::snprintf(number, sizeof number, "%.17g", options.width_points);
  job.push_back(number);
  std::snprintf(number, sizeof number, "%.17g", height);
  job.push_back(number);
  std::snprintf(number, sizeof number, "%.17g", options.dpi);
  job.push_back(number);
  job.insert(job.end(), figure.drawings.begin(), figure.drawings.end());
  const ChildResult child = run_in_child(rasterise_in_child, job, options.timeout_seconds, options.on_wait);
  if (child.end != ChildResult::End::kDone || child.frames.size() != 3) {
    diags->error({}, "cannot draw the map as " + name_of(options.format) + ": " +
                         (child.error.empty() ? std::string("the drawing stopped") : child.error));
    return false;
  }
  if (child.frames[0] != "1") {
    diags->error({}, child.frames[1]);
    return false;
  }
  *out = child.frames[2];
  return true;
}

}  // namespace relmap
