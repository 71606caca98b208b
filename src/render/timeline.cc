#include "render/timeline.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "base/dates.h"
#include "base/text.h"
#include "maps/page.h"
#include "maps/text_metrics.h"
#include "maps/views.h"
#include "query/query.h"

namespace relmap {

namespace {

/// The first and last day of a date as the facts write it, if it is one.
std::optional<std::pair<int, int>> span_of(const Properties& props, const char* name) {
  const std::string text = first_value(props, name);
  return text.empty() ? std::nullopt : date_span(text);
}

/// A fact's own dates: a day (`date`, or `signed`, or `expected`) or a span
/// (`start`, `end`, either open); nullopt if it has none.
std::optional<TimelineMark> dated(const Properties& props) {
  TimelineMark m;
  for (const char* day : {"date", "signed", "expected"}) {
    if (auto span = span_of(props, day)) {
      m.first = span->first;
      m.last = span->second;
      m.when = (std::string(day) == "expected" ? "expected " : "") + first_value(props, day);
      return m;
    }
  }
  const auto start = span_of(props, "start"), end = span_of(props, "end");
  if (!start && !end) return std::nullopt;
  m.first = start ? start->first : kDawn;
  m.last = end ? end->second : kDoom;
  m.when = start && end ? first_value(props, "start") + " to " + first_value(props, "end")
           : start      ? "from " + first_value(props, "start")
                        : "until " + first_value(props, "end");
  return m;
}

/// True if the actor's type, or a type it extends, has a `date` property:
/// an event, an agreement, a source — something a date is expected of.
bool expects_date(const Schema& schema, std::uint32_t type) {
  for (const NodeType* t = &schema.node_types()[type]; t != nullptr;
       t = t->parent.empty() ? nullptr : schema.node_type(t->parent)) {
    for (const PropertyDef& p : t->properties)
      if (p.name == "date") return true;
  }
  return false;
}

/// The id of the source cited by the first relation of `v`, or "".
std::string first_source(const KnowledgeGraph& kg, Vertex v) {
  std::string best;
  std::uint32_t index = UINT32_MAX;
  for (const std::vector<Edge>& edges : {kg.out_edges(v), kg.in_edges(v)})
    for (Edge e : edges)
      if (e.index < index && !is_source(kg, kg.source(e)) && !is_source(kg, kg.target(e))) {
        index = e.index;
        best = kg.edge(e).source;
      }
  return best;
}

struct Collector {
  const KnowledgeGraph& kg;
  const QueryEngine* engine;
  std::map<std::string, TimelineLane> lanes;  ///< By a key that keeps actors, pairs and sources apart.
  Timeline out;

  bool edge_ok(Edge e) const { return engine == nullptr || engine->edge_allowed(e.index); }
  bool vertex_ok(Vertex v) const {
    return engine == nullptr || engine->vertex_allowed(static_cast<NodeId>(v));
  }

  void add(const std::string& key, const std::string& label, TimelineMark mark) {
    TimelineLane& lane = lanes[key];
    lane.label = label;
    lane.marks.push_back(std::move(mark));
  }

  void actors() {
    for (Vertex v : kg.vertices()) {
      const NodeProps& n = kg.node(v);
      if (is_source(kg, v) || !vertex_ok(v)) continue;
      if (auto mark = dated(n.properties)) {
        mark->kind = TimelineMark::Kind::kActor;
        mark->actor = v;
        mark->what = n.name + " (" + kg.node_type(v).label + ")";
        mark->source = first_source(kg, v);
        add("a " + n.id, n.name, std::move(*mark));
      } else if (expects_date(kg.schema(), n.type)) {
        out.undated.push_back(n.name);
      }
    }
  }

  void relations() {
    std::map<std::string, std::size_t> reported;  // source id: relations it dates
    for (Edge e : kg.edges()) {
      if (!edge_ok(e) || is_source(kg, kg.source(e)) || is_source(kg, kg.target(e))) continue;
      const EdgeProps& p = kg.edge(e);
      const NodeProps& a = kg.node(kg.source(e));
      const NodeProps& b = kg.node(kg.target(e));
      if (auto mark = dated(p.properties)) {
        mark->kind = TimelineMark::Kind::kRelation;
        mark->actor = kg.source(e);
        mark->relation = e;
        mark->what = a.name + " " + kg.relation_type(e).label + " " + b.name;
        mark->source = p.source;
        const bool swap = b.id < a.id;
        add("p " + (swap ? b.id + " " + a.id : a.id + " " + b.id),
            (swap ? b.name : a.name) + " \u2014 " + (swap ? a.name : b.name), std::move(*mark));
      } else if (kg.view().edge(e.index).reported != kDoom) {
        ++reported[p.source];
      } else {
        ++out.undated_relations;
      }
    }
    for (const auto& [id, count] : reported) report(id, count);
  }

  void report(const std::string& id, std::size_t count) {
    const auto s = kg.find_id(id);
    if (!s) return;
    const NodeProps& n = kg.node(*s);
    auto mark = dated(n.properties);
    if (!mark) return;
    mark->kind = TimelineMark::Kind::kReport;
    mark->actor = *s;
    mark->source = id;
    mark->relations = count;
    mark->what =
        n.name + ": " + std::to_string(count) + (count == 1 ? " relation" : " relations") + " reported";
    add("s " + id, "Reported: " + n.name, std::move(*mark));
  }

  void undated_sources() {
    for (Vertex s : sources_of(kg))
      if (!dated(kg.node(s).properties)) out.undated.push_back("Source: " + kg.node(s).name);
  }

  Timeline finish() {
    out.first = kDoom;
    out.last = kDawn;
    for (auto& [key, lane] : lanes) {
      std::stable_sort(lane.marks.begin(), lane.marks.end(),
                       [](const TimelineMark& x, const TimelineMark& y) { return x.first < y.first; });
      for (const TimelineMark& m : lane.marks)
        for (int day : {m.first, m.last})
          if (day != kDawn && day != kDoom) {
            out.first = std::min(out.first, day);
            out.last = std::max(out.last, day);
          }
      out.lanes.push_back(std::move(lane));
    }
    std::stable_sort(out.lanes.begin(), out.lanes.end(), [](const TimelineLane& x, const TimelineLane& y) {
      return std::make_pair(x.marks.front().first, x.label) < std::make_pair(y.marks.front().first, y.label);
    });
    if (out.first > out.last) out.first = out.last = 0;
    return std::move(out);
  }
};

}  // namespace

Timeline timeline_of(const KnowledgeGraph& kg, const QueryEngine* engine) {
  Collector c{kg, engine, {}, {}};
  c.actors();
  c.relations();
  c.undated_sources();
  return c.finish();
}

long days_from_civil(int yyyymmdd) {
  // Howard Hinnant's days_from_civil, for the proleptic Gregorian calendar.
  int y = yyyymmdd / 10000;
  const int m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace relmap
