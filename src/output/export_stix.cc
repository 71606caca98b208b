// STIX 2.1: a bundle that OpenCTI and other threat-intelligence platforms
// import as it is.
//
// Actors become identity objects, so that they can act: people `individual`,
// organisations and countries `organization`, groups of countries `group`
// (an informal set of countries, which OpenCTI reads as an organisation, not
// a sector as `class` would be). A country with an ISO 3166-1 code also has a
// location object (`country`), which its identity is `located-at`; a place
// whose country is known is a location (`city`). Events and agreements are
// OpenCTI's `event` object (a new SDO of OpenCTI's extension definition: a
// dated occasion that actors take part in, with `start_time` and
// `stop_time`); programmes, policies and places in no known country are
// `grouping` objects of what is linked to them.
//
// A relation becomes a relationship object of the STIX and OpenCTI term where
// one exists and OpenCTI allows it between the two objects (located_in is
// `located-at`; part_of, member_of and holds_position are `part-of`;
// consists_of is `part-of` read the other way), else `related-to`; relmap's
// relation type is always `x_relmap_type`. Its evidence is the description,
// the cited article an external reference, `start`/`end` its `start_time`/
// `stop_time`, and its basis its `confidence`: stated 85, implied 50 (High
// and Medium of STIX's None/Low/Med/High scale). Each source article is a
// `report` (published on the article's date) whose `object_refs` are the
// relationships citing it, their ends, and the actors reported by it.
//
// Ids are UUIDv5 in relmap's namespace of the fact id (of a relation: its
// from, type, to, source and evidence). Times come from the articles' dates,
// each object's from its own: a relationship's and a report's from its
// article, an actor's `created` from the earliest article citing it and
// `modified` from the latest; where no article gives a date, 1970-01-01
// stands for "unknown" (a report then says `x_relmap_date_unknown`). So the
// same facts give the same bundle.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "base/dates.h"
#include "base/text.h"
#include "base/uuid.h"
#include "output/export.h"
#include "query/claims.h"

namespace relmap {

namespace {

/// relmap's namespace for STIX ids.
constexpr const char* kNamespace = "1b74abeb-8d1e-4e52-9b07-fd56470e6c99";
constexpr const char* kEpoch = "1970-01-01T00:00:00.000Z";
/// OpenCTI's extension definition, which defines its `event` object
/// (STIX_EXT_OCTI in OpenCTI's types/stix-extensions.ts).
constexpr const char* kOpenCtiExtension = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba";
/// The confidence of a relationship from its credibility, as STIX 2.1
/// appendix A maps the Admiralty credibility scale: 1 (confirmed) 90, 2
/// 70, 3 50, 4 30, 5 (improbable) 10; 6 (cannot be judged) has none.
std::optional<int> admiralty_confidence(int credibility) {
  if (credibility < 1 || credibility > 5) return std::nullopt;
  return 110 - 20 * credibility;
}

using Json = nlohmann::ordered_json;

/// A day given as YYYYMMDD at the time "HH:MM:SS.mmm".
std::string instant(int day, const char* time) {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%sZ", day / 10000, day / 100 % 100, day % 100, time);
  return text;
}

/// The first instant of a date ("2016" → 2016-01-01T00:00:00.000Z), or "".
std::string first_instant(std::string_view date) {
  const auto span = date_span(date);
  return span ? instant(span->first, "00:00:00.000") : "";
}

/// The last instant of a date ("2016" → 2016-12-31T23:59:59.999Z), or "".
std::string last_instant(std::string_view date) {
  const auto span = date_span(date);
  return span ? instant(span->second, "23:59:59.999") : "";
}

/// The last instant of `days` days from a full date, or "".
std::string last_instant_of_days(std::string_view date, std::string_view count) {
  PartialDate d;
  int n = 0;
  for (char c : count) {
    if (c < '0' || c > '9' || n > 10000) return "";
    n = n * 10 + (c - '0');
  }
  if (n < 1 || !parse_date(date, &d) || d.day == 0) return "";
  namespace chrono = std::chrono;
  const chrono::sys_days first{chrono::year{d.year} / d.month / d.day};
  const chrono::year_month_day last{first + chrono::days{n - 1}};
  const int day = int{last.year()} * 10000 + static_cast<int>(unsigned{last.month()}) * 100 +
                  static_cast<int>(unsigned{last.day()});
  return instant(day, "23:59:59.999");
}

/// An ISO 3166-1 alpha-2 code in upper case, or "".
std::string country_code(const std::string& code) {
  if (code.size() != 2) return "";
  std::string out = code;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return "";
  }
  return out;
}

/// What an actor is in OpenCTI, which decides the relationships it may have.
enum class Kind { kSource, kIndividual, kOrganization, kCountry, kCity, kEvent, kGrouping };

/// Whether OpenCTI allows a relationship of `type` from `from` to `to`: the
/// pairs of its stixCoreRelationshipsMapping (database/stix.ts) and of its
/// Organization and Event modules, for the kinds relmap writes; `related-to`
/// links any two objects.
bool opencti_allows(std::string_view type, Kind from, Kind to) {
  if (type == "related-to") return true;
  if (type == "located-at")
    return (to == Kind::kCountry && (from == Kind::kIndividual || from == Kind::kOrganization ||
                                     from == Kind::kEvent || from == Kind::kCity)) ||
           (to == Kind::kCity &&
            (from == Kind::kIndividual || from == Kind::kOrganization || from == Kind::kEvent));
  if (type == "part-of")
    return to == Kind::kOrganization && (from == Kind::kIndividual || from == Kind::kOrganization);
  return false;
}

/// A relmap relation with a term of STIX and OpenCTI's vocabulary;
/// `reversed` when the term reads the other way round ("CLMV consists of
/// Laos" is "Laos part-of CLMV").
struct StandardTerm {
  std::string_view relation;
  std::string_view stix;
  bool reversed;
};
constexpr std::array<StandardTerm, 5> kStandardTerms{{
    {"located_in", "located-at", false},
    {"part_of", "part-of", false},
    {"member_of", "part-of", false},
    {"holds_position", "part-of", false},
    {"consists_of", "part-of", true},
}};

const StandardTerm* standard_term(std::string_view relation) {
  for (const StandardTerm& t : kStandardTerms)
    if (t.relation == relation) return &t;
  return nullptr;
}

/// One object's end of a relationship: its id and what it is in OpenCTI.
struct End {
  std::string id;
  Kind kind = Kind::kGrouping;
};

/// A relation as a relationship object.
struct Relationship {
  std::string id;  ///< "" for links to articles, which are references instead.
  std::string type;
  End from, to;
  bool reversed = false;
};

class StixWriter {
 public:
  explicit StixWriter(const KnowledgeGraph& graph) : kg_(graph) {}

  std::string write() {
    index();
    Json objects = facts();
    add_reports(&objects);
    std::string all_ids;
    for (const Json& o : objects) all_ids += o["id"].get<std::string>() + "\n";
    Json bundle;
    bundle["type"] = "bundle";
    bundle["id"] = "bundle--" + uuid5(kNamespace, all_ids);
    bundle["objects"] = std::move(objects);
    return bundle.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }

 private:
  /// The dataset's identity, then each actor (a country with its location),
  /// then the relationships.
  Json facts() const {
    Json objects = Json::array();
    objects.push_back(dataset_identity());
    for (auto v : kg_.vertices()) {
      if (kind_[v] == Kind::kSource) continue;
      objects.push_back(entity(v));
      if (!location_id_[v].empty()) {
        objects.push_back(country_location(v));
        objects.push_back(country_located_at(v));
      }
    }
    for (std::size_t i = 0; i < rels_.size(); ++i)
      if (!rels_[i].id.empty()) objects.push_back(relationship(i));
    return objects;
  }

  void add_reports(Json* objects) const {
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < objects->size(); ++i)
      position.emplace((*objects)[i]["id"].get<std::string>(), i);
    for (auto v : kg_.vertices())
      if (kind_[v] == Kind::kSource) objects->push_back(report(v, *objects, position));
  }

  void index() {
    const std::size_t n = kg_.node_count();
    kind_.assign(n, Kind::kGrouping);
    stix_id_.assign(n, "");
    location_id_.assign(n, "");
    country_.assign(n, "");
    first_date_.assign(n, "");
    last_date_.assign(n, "");
    references_.assign(n, {});
    reported_.assign(n, {});
    cited_by_.assign(n, {});
    links_.assign(n, {});
    index_articles();
    index_countries();
    for (auto v : kg_.vertices()) index_entity(v);
    index_relations();
  }

  void index_articles() {
    for (auto v : kg_.vertices()) {
      if (!kg_.schema().is_a(kg_.node_type(v).name, "source")) continue;
      kind_[v] = Kind::kSource;
      stix_id_[v] = "report--" + uuid5(kNamespace, kg_.node(v).id);
      const std::string t = first_instant(first_value(kg_.node(v).properties, "date"));
      if (!t.empty() && (earliest_.empty() || t < earliest_)) earliest_ = t;
      if (!t.empty() && t > latest_) latest_ = t;
    }
  }

  /// Countries' codes; places take the country they are located in or part of.
  void index_countries() {
    const Schema& schema = kg_.schema();
    for (auto v : kg_.vertices())
      if (schema.is_a(kg_.node_type(v).name, "country"))
        country_[v] = country_code(first_value(kg_.node(v).properties, "iso_code"));
    for (Edge e : kg_.edges()) {
      const Vertex a = kg_.source(e), b = kg_.target(e);
      if (schema.is_a(kg_.node_type(a).name, "place") && schema.is_a(kg_.node_type(b).name, "country") &&
          country_[a].empty())
        country_[a] = country_[b];
    }
  }

  void index_entity(Vertex v) {
    if (kind_[v] == Kind::kSource) return;
    const Schema& schema = kg_.schema();
    const std::string& type = kg_.node_type(v).name;
    if (schema.is_a(type, "place"))
      kind_[v] = country_[v].empty() ? Kind::kGrouping : Kind::kCity;
    else if (schema.is_a(type, "person"))
      kind_[v] = Kind::kIndividual;
    else if (schema.is_a(type, "actor"))
      kind_[v] = Kind::kOrganization;
    else if (schema.is_a(type, "event") || schema.is_a(type, "agreement"))
      kind_[v] = Kind::kEvent;
    stix_id_[v] = stix_type(kind_[v]) + "--" + uuid5(kNamespace, kg_.node(v).id);
    if (schema.is_a(type, "country") && !country_[v].empty())
      location_id_[v] = "location--" + uuid5(kNamespace, kg_.node(v).id + "#location");
  }

  static std::string stix_type(Kind kind) {
    switch (kind) {
      case Kind::kIndividual:
      case Kind::kOrganization:
        return "identity";
      case Kind::kCountry:
      case Kind::kCity:
        return "location";
      case Kind::kEvent:
        return "event";
      case Kind::kSource:
        return "report";
      case Kind::kGrouping:
        break;
    }
    return "grouping";
  }

  /// Relationships between objects, their dates; links to articles become references.
  void index_relations() {
    rels_.assign(kg_.edges().size(), {});
    std::unordered_map<std::string, int> seen;
    for (std::size_t i = 0; i < kg_.edges().size(); ++i) {
      const Edge e = kg_.edges()[i];
      const Vertex a = kg_.source(e), b = kg_.target(e);
      const std::string date = first_instant(source_date(e));
      for (Vertex v : {a, b}) note_date(v, date);
      if (kind_[a] == Kind::kSource || kind_[b] == Kind::kSource) {
        const bool b_is_article = kind_[b] == Kind::kSource;
        const Vertex article = b_is_article ? b : a, other = b_is_article ? a : b;
        if (kind_[other] != Kind::kSource) add_reference(other, article);
        reported_[article].push_back(other);
        continue;
      }
      const EdgeProps& p = kg_.edge(e);
      const std::string name =
          nlohmann::json({kg_.node(a).id, kg_.relation_type(e).name, kg_.node(b).id, p.source, p.evidence})
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      const int count = ++seen[name];
      rels_[i] = typed(e);
      rels_[i].id =
          "relationship--" + uuid5(kNamespace, count == 1 ? name : name + "#" + std::to_string(count));
      links_[a].push_back(i);
      links_[b].push_back(i);
      if (const auto article = kg_.find_id(p.source)) cited_by_[*article].push_back(i);
    }
  }

  /// The relationship type, and its ends in STIX's reading.
  Relationship typed(Edge e) const {
    const Vertex a = kg_.source(e), b = kg_.target(e);
    const StandardTerm* term = standard_term(kg_.relation_type(e).name);
    if (term != nullptr) {
      Relationship r;
      r.type = std::string(term->stix);
      r.reversed = term->reversed;
      r.from = end(term->reversed ? b : a, r.type);
      r.to = end(term->reversed ? a : b, r.type);
      if (opencti_allows(r.type, r.from.kind, r.to.kind)) return r;
    }
    Relationship r;
    r.type = "related-to";
    r.from = end(a, r.type);
    r.to = end(b, r.type);
    return r;
  }

  /// An actor as the end of a relationship: a country is its location where
  /// it is where something is located, else its identity.
  End end(Vertex v, const std::string& type) const {
    if (type == "located-at" && !location_id_[v].empty()) return {location_id_[v], Kind::kCountry};
    return {stix_id_[v], kind_[v]};
  }

  void note_date(Vertex v, const std::string& date) {
    if (date.empty()) return;
    if (first_date_[v].empty() || date < first_date_[v]) first_date_[v] = date;
    if (date > last_date_[v]) last_date_[v] = date;
  }

  std::string source_date(Edge e) const {
    const auto s = kg_.find_id(kg_.edge(e).source);
    return s ? first_value(kg_.node(*s).properties, "date") : "";
  }

  void add_reference(Vertex v, Vertex article) {
    std::vector<Vertex>& refs = references_[v];
    if (std::find(refs.begin(), refs.end(), article) == refs.end()) refs.push_back(article);
  }

  std::string dataset_id() const { return "identity--" + uuid5(kNamespace, "relmap dataset"); }
  std::string created(Vertex v) const { return first_date_[v].empty() ? kEpoch : first_date_[v]; }
  std::string modified(Vertex v) const { return last_date_[v].empty() ? kEpoch : last_date_[v]; }

  Json dataset_identity() const {
    Json o;
    o["type"] = "identity";
    o["spec_version"] = "2.1";
    o["id"] = dataset_id();
    o["created"] = earliest_.empty() ? kEpoch : earliest_;
    o["modified"] = latest_.empty() ? kEpoch : latest_;
    o["name"] = "relmap dataset";
    o["description"] =
        "Curated facts about cybersecurity cooperation, each citing a news article and quoting it.";
    o["identity_class"] = "system";
    return o;
  }

  /// "title · publisher · author · date" of an article.
  std::string about(Vertex article) const {
    std::string out;
    for (const char* key : {"title", "publisher", "author", "date"}) {
      const std::string v = first_value(kg_.node(article).properties, key);
      if (!v.empty()) out += (out.empty() ? "" : " · ") + v;
    }
    return out;
  }

  /// The external reference to a source article.
  Json reference(Vertex article) const {
    const NodeProps& s = kg_.node(article);
    Json r;
    r["source_name"] = s.name;
    const std::string description = about(article);
    if (!description.empty()) r["description"] = description;
    const std::string url = first_value(s.properties, "url");
    if (is_http_url(url)) r["url"] = url;
    r["external_id"] = s.id;
    return r;
  }

  void common(Json* o, const std::string& type, const std::string& id, const std::string& created,
              const std::string& modified) const {
    (*o)["type"] = type;
    (*o)["spec_version"] = "2.1";
    (*o)["id"] = id;
    (*o)["created_by_ref"] = dataset_id();
    (*o)["created"] = created;
    (*o)["modified"] = modified;
  }

  Json properties(const Properties& props, const std::vector<Column>& cols) const {
    Json out = Json::object();
    for (const Column& c : cols)
      if (const std::vector<std::string>* values = find_property(props, c.name))
        out[c.name] = column_json(c, *values);
    return out;
  }

  Json entity(Vertex v) const {
    const NodeProps& n = kg_.node(v);
    const std::string& type = kg_.node_type(v).name;
    Json o;
    common(&o, stix_type(kind_[v]), stix_id_[v], created(v), modified(v));
    o["name"] = n.name;
    const std::string description = first_value(n.properties, "description");
    if (!description.empty()) o["description"] = description;
    switch (kind_[v]) {
      case Kind::kIndividual:
      case Kind::kOrganization:
        identity_properties(v, &o);
        break;
      case Kind::kCity:
        o["city"] = n.name;
        o["country"] = country_[v];
        o["x_opencti_location_type"] = "City";
        break;
      case Kind::kEvent:
        event_properties(v, &o);
        break;
      default:
        o["context"] = "unspecified";
        o["object_refs"] = grouped(v);
    }
    o["labels"] = {type};
    if (!references_[v].empty()) {
      Json refs = Json::array();
      for (Vertex article : references_[v]) refs.push_back(reference(article));
      o["external_references"] = std::move(refs);
    }
    o["x_relmap_id"] = n.id;
    o["x_relmap_type"] = type;
    if (!n.aliases.empty()) o["x_relmap_aliases"] = n.aliases;
    if (!n.properties.empty()) o["x_relmap_properties"] = properties(n.properties, node_cols_);
    return o;
  }

  void identity_properties(Vertex v, Json* o) const {
    const Schema& schema = kg_.schema();
    const std::string& type = kg_.node_type(v).name;
    if (schema.is_a(type, "person"))
      (*o)["identity_class"] = "individual";
    else if (schema.is_a(type, "country_group"))
      (*o)["identity_class"] = "group";
    else
      (*o)["identity_class"] = "organization";
    if (schema.is_a(type, "government_body"))
      (*o)["sectors"] = {"government"};
    else if (schema.is_a(type, "foundation"))
      (*o)["sectors"] = {"non-profit"};
    else if (schema.is_a(type, "academic_institution"))
      (*o)["sectors"] = {"education"};
  }

  /// An event's or agreement's span: its date (and days), else its start and end.
  void event_properties(Vertex v, Json* o) const {
    const Properties& props = kg_.node(v).properties;
    const std::string date = first_value(props, "date");
    std::string start = first_instant(date.empty() ? first_value(props, "start") : date);
    std::string stop = date.empty() ? last_instant(first_value(props, "end"))
                                    : last_instant_of_days(date, first_value(props, "days"));
    if (!start.empty()) (*o)["start_time"] = start;
    if (!stop.empty() && stop > start) (*o)["stop_time"] = stop;
    (*o)["extensions"] = {{kOpenCtiExtension, {{"extension_type", "new-sdo"}}}};
  }

  /// A grouping's objects: what is linked to it and the relationships.
  Json grouped(Vertex v) const {
    Json refs = Json::array();
    std::vector<std::string> added;
    auto add = [&](const std::string& id) {
      if (std::find(added.begin(), added.end(), id) != added.end()) return;
      added.push_back(id);
      refs.push_back(id);
    };
    for (std::size_t i : links_[v]) {
      const Relationship& r = rels_[i];
      add(r.from.id == stix_id_[v] ? r.to.id : r.from.id);
      add(r.id);
    }
    if (refs.empty()) add(dataset_id());
    return refs;
  }

  /// The country as a place, for what is located in it.
  Json country_location(Vertex v) const {
    Json o;
    common(&o, "location", location_id_[v], created(v), modified(v));
    o["name"] = kg_.node(v).name;
    o["country"] = country_[v];
    o["x_opencti_location_type"] = "Country";
    o["labels"] = {kg_.node_type(v).name};
    return o;
  }

  std::string country_link_id(Vertex v) const {
    return "relationship--" + uuid5(kNamespace, kg_.node(v).id + "#located-at");
  }

  /// The country's identity located at the country.
  Json country_located_at(Vertex v) const {
    Json o;
    common(&o, "relationship", country_link_id(v), created(v), modified(v));
    o["relationship_type"] = "located-at";
    o["source_ref"] = stix_id_[v];
    o["target_ref"] = location_id_[v];
    return o;
  }

  Json relationship(std::size_t i) const {
    const Edge e = kg_.edges()[i];
    const EdgeProps& p = kg_.edge(e);
    const RelationType& rel = kg_.relation_type(e);
    const Relationship& r = rels_[i];
    const std::string date = first_instant(source_date(e));
    Json o;
    const std::string time = date.empty() ? kEpoch : date;
    common(&o, "relationship", r.id, time, time);
    o["relationship_type"] = r.type;
    o["description"] = p.evidence;
    o["source_ref"] = r.from.id;
    o["target_ref"] = r.to.id;
    const std::string start = first_instant(first_value(p.properties, "start"));
    const std::string stop = last_instant(first_value(p.properties, "end"));
    if (!start.empty()) o["start_time"] = start;
    if (!stop.empty() && stop > start) o["stop_time"] = stop;
    const int credibility = citation_credibility(kg_.view(), p.index);
    if (const auto confidence = admiralty_confidence(credibility)) o["confidence"] = *confidence;
    if (const auto article = kg_.find_id(p.source)) o["external_references"] = {reference(*article)};
    o["x_relmap_type"] = rel.name;
    if (r.reversed) o["x_relmap_reversed"] = true;
    o["x_relmap_label"] = rel.label;
    o["x_relmap_symmetric"] = rel.symmetric;
    o["x_relmap_weight"] = rel.weight;
    o["x_relmap_basis"] = basis_name(p.basis);
    o["x_relmap_evidence"] = p.evidence;
    o["x_relmap_cites"] = p.source;
    o["x_relmap_credibility"] = credibility;
    if (const auto article = kg_.find_id(p.source)) {
      const std::string_view reliability =
          source_reliability(kg_.view(), static_cast<std::uint32_t>(*article));
      if (!reliability.empty()) o["x_relmap_reliability"] = std::string(reliability);
    }
    if (!p.properties.empty()) o["x_relmap_properties"] = properties(p.properties, edge_cols_);
    return o;
  }

  /// The report of one article: what it supports, in the bundle's order.
  Json report(Vertex article, const Json& objects,
              const std::unordered_map<std::string, std::size_t>& position) const {
    std::vector<std::size_t> at;
    auto add = [&](const std::string& id) { at.push_back(position.at(id)); };
    auto add_actor = [&](Vertex v) {
      if (kind_[v] == Kind::kSource) return;
      add(stix_id_[v]);
      if (!location_id_[v].empty()) {
        add(location_id_[v]);
        add(country_link_id(v));
      }
    };
    for (Vertex v : reported_[article]) add_actor(v);
    for (std::size_t i : cited_by_[article]) {
      const Edge e = kg_.edges()[i];
      add(rels_[i].id);
      add_actor(kg_.source(e));
      add_actor(kg_.target(e));
    }
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    Json refs = Json::array();
    for (std::size_t i : at) refs.push_back(objects[i]["id"]);
    if (refs.empty()) refs.push_back(dataset_id());
    const std::string date = first_instant(first_value(kg_.node(article).properties, "date"));
    const std::string time = date.empty() ? kEpoch : date;
    Json o;
    common(&o, "report", stix_id_[article], time, time);
    o["name"] = kg_.node(article).name;
    const std::string description = about(article);
    if (!description.empty()) o["description"] = description;
    o["published"] = time;
    // STIX requires a publication time: an undated article says so rather
    // than pass the stand-in time off as its date.
    if (date.empty()) o["x_relmap_date_unknown"] = true;
    o["object_refs"] = std::move(refs);
    o["labels"] = {kg_.node_type(article).name};
    o["external_references"] = {reference(article)};
    o["x_relmap_id"] = kg_.node(article).id;
    o["x_relmap_type"] = kg_.node_type(article).name;
    const Properties& props = kg_.node(article).properties;
    if (!props.empty()) o["x_relmap_properties"] = properties(props, node_cols_);
    return o;
  }

  const KnowledgeGraph& kg_;
  const std::vector<Column> node_cols_ = node_columns(kg_, {});
  const std::vector<Column> edge_cols_ = edge_columns(kg_, {});
  std::vector<Kind> kind_;
  std::vector<std::string> stix_id_, location_id_, country_, first_date_, last_date_;
  std::vector<Relationship> rels_;                  ///< By fact order; id "" for links to articles.
  std::vector<std::vector<Vertex>> references_;     ///< Articles reporting each entity.
  std::vector<std::vector<Vertex>> reported_;       ///< Entities each article reports.
  std::vector<std::vector<std::size_t>> cited_by_;  ///< Relationships citing each article.
  std::vector<std::vector<std::size_t>> links_;     ///< Relationships of each entity.
  std::string earliest_, latest_;
};

}  // namespace

std::string to_stix(const KnowledgeGraph& graph) { return StixWriter(graph).write(); }

}  // namespace relmap
