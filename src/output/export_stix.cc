// STIX 2.1: a bundle for OpenCTI and other threat-intelligence platforms.
//
// Actors become identity objects (people: individual; organisations and
// government bodies: organization; groups of countries: class), countries and
// places location objects (with the ISO 3166-1 code where known; a country
// without one is an organization, as STIX's vocabulary describes countries;
// a place whose country is unknown cannot be a location and is a grouping);
// events, programmes, agreements and policies grouping objects (context
// "unspecified") of the objects linked to them. Relations become relationship
// objects (relationship_type: the relation's name in lower-case-hyphen form),
// their evidence quote the description, with the cited article as an external
// reference; `reported_by` links to articles become external references of
// the entity. Source articles are not objects of their own.
//
// Ids are UUIDv5 in relmap's namespace of the fact id (of a relation: its
// from, type, to, source and evidence). `created` and `modified` are the first
// instant of the date of the cited article (an entity: of the earliest article
// citing it; undated: of the earliest article in the data, else 1970), so the
// same facts give the same bundle.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "output/export.h"
#include "base/text.h"
#include "base/uuid.h"

namespace relmap {

namespace {

/// relmap's namespace for STIX ids.
constexpr const char* kNamespace = "1b74abeb-8d1e-4e52-9b07-fd56470e6c99";
constexpr const char* kEpoch = "1970-01-01T00:00:00.000Z";

using Json = nlohmann::ordered_json;

/// "2016", "2016-10" or "2016-10-31" as the first instant of that period;
/// "" for anything else.
std::string timestamp(const std::string& date) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= date.size() || date[i] < '0' || date[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4)) return "";
  std::string month = "01", day = "01";
  if (date.size() >= 7) {
    if (date[4] != '-' || !digits(5, 2)) return "";
    month = date.substr(5, 2);
  }
  if (date.size() == 10) {
    if (date[7] != '-' || !digits(8, 2)) return "";
    day = date.substr(8, 2);
  }
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return "";
  return date.substr(0, 4) + "-" + month + "-" + day + "T00:00:00.000Z";
}

/// "member_of" → "member-of".
std::string stix_name(const std::string& name) {
  std::string out = ascii_lower(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

/// An ISO 3166-1 alpha-2 code in upper case, or "".
std::string country_code(const std::string& code) {
  if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isalpha(static_cast<unsigned char>(code[1])))
    return "";
  std::string out = code;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

class StixWriter {
 public:
  explicit StixWriter(const KnowledgeGraph& graph) : kg_(graph) {}

  std::string write() {
    index();
    Json objects = Json::array();
    objects.push_back(dataset_identity());
    for (auto v : kg_.vertices())
      if (!source_[v]) objects.push_back(entity(v));
    for (std::size_t i = 0; i < kg_.edges().size(); ++i)
      if (!relationship_id_[i].empty()) objects.push_back(relationship(i));
    std::string all_ids;
    for (const Json& o : objects) all_ids += o["id"].get<std::string>() + "\n";
    Json bundle;
    bundle["type"] = "bundle";
    bundle["id"] = "bundle--" + uuid5(kNamespace, all_ids);
    bundle["objects"] = std::move(objects);
    return bundle.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }

 private:
  /// What each actor is in STIX, the first date citing it, and the ids.
  void index() {
    const Schema& schema = kg_.schema();
    const std::size_t n = kg_.node_count();
    source_.assign(n, false);
    first_date_.assign(n, "");
    kind_.assign(n, "");
    stix_id_.assign(n, "");
    country_.assign(n, "");
    for (auto v : kg_.vertices()) {
      const std::string& type = kg_.node_type(v).name;
      source_[v] = schema.is_a(type, "source");
      if (source_[v]) {
        const std::string t = timestamp(first_value(kg_.node(v).properties, "date"));
        if (!t.empty() && (earliest_.empty() || t < earliest_)) earliest_ = t;
        if (!t.empty() && t > latest_) latest_ = t;
      }
      if (schema.is_a(type, "country")) country_[v] = country_code(first_value(kg_.node(v).properties, "iso_code"));
    }
    // Places take the country they are located in or part of.
    for (Edge e : kg_.edges()) {
      const Vertex a = kg_.source(e), b = kg_.target(e);
      if (schema.is_a(kg_.node_type(a).name, "place") && !country_[b].empty() &&
          schema.is_a(kg_.node_type(b).name, "country") && country_[a].empty())
        country_[a] = country_[b];
    }
    for (auto v : kg_.vertices()) {
      if (source_[v]) continue;
      const std::string& type = kg_.node_type(v).name;
      if (schema.is_a(type, "country")) kind_[v] = country_[v].empty() ? "identity" : "location";
      else if (schema.is_a(type, "place")) kind_[v] = country_[v].empty() ? "grouping" : "location";
      else if (schema.is_a(type, "actor")) kind_[v] = "identity";
      else kind_[v] = "grouping";
      stix_id_[v] = kind_[v] + "--" + uuid5(kNamespace, kg_.node(v).id);
    }
    // Relationships between objects; links to articles become references.
    relationship_id_.assign(kg_.edges().size(), "");
    references_.assign(n, {});
    links_.assign(n, {});
    std::unordered_map<std::string, int> seen;
    for (std::size_t i = 0; i < kg_.edges().size(); ++i) {
      const Edge e = kg_.edges()[i];
      const Vertex a = kg_.source(e), b = kg_.target(e);
      const std::string date = timestamp(source_date(e));
      for (Vertex v : {a, b})
        if (!date.empty() && (first_date_[v].empty() || date < first_date_[v])) first_date_[v] = date;
      if (source_[a] || source_[b]) {
        const Vertex article = source_[b] ? b : a, other = source_[b] ? a : b;
        if (!source_[other]) add_reference(other, article);
        continue;
      }
      const EdgeProps& p = kg_.edge(e);
      const std::string name = nlohmann::json({kg_.node(a).id, kg_.relation_type(e).name, kg_.node(b).id, p.source, p.evidence})
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      const int count = ++seen[name];
      relationship_id_[i] = "relationship--" + uuid5(kNamespace, count == 1 ? name : name + "#" + std::to_string(count));
      links_[a].push_back(i);
      links_[b].push_back(i);
    }
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
  std::string fallback_time() const { return earliest_.empty() ? kEpoch : earliest_; }

  Json dataset_identity() const {
    Json o;
    o["type"] = "identity";
    o["spec_version"] = "2.1";
    o["id"] = dataset_id();
    o["created"] = fallback_time();
    o["modified"] = latest_.empty() ? fallback_time() : latest_;
    o["name"] = "relmap dataset";
    o["description"] = "Curated facts about cybersecurity cooperation, each citing a news article and quoting it.";
    o["identity_class"] = "system";
    return o;
  }

  /// The external reference to a source article.
  Json reference(Vertex article) const {
    const NodeProps& s = kg_.node(article);
    Json r;
    r["source_name"] = s.name;
    std::string about;
    for (const char* key : {"title", "publisher", "author", "date"}) {
      const std::string v = first_value(s.properties, key);
      if (!v.empty()) about += (about.empty() ? "" : " · ") + v;
    }
    if (!about.empty()) r["description"] = about;
    const std::string url = first_value(s.properties, "url");
    if (is_http_url(url)) r["url"] = url;
    r["external_id"] = s.id;
    return r;
  }

  void common(Json* o, const std::string& type, const std::string& id, const std::string& time) const {
    (*o)["type"] = type;
    (*o)["spec_version"] = "2.1";
    (*o)["id"] = id;
    (*o)["created_by_ref"] = dataset_id();
    (*o)["created"] = time;
    (*o)["modified"] = time;
  }

  Json properties(const Properties& props, const std::vector<Column>& cols) const {
    Json out = Json::object();
    for (const Column& c : cols)
      if (const std::vector<std::string>* values = find_property(props, c.name)) out[c.name] = column_json(c, *values);
    return out;
  }

  Json entity(Vertex v) {
    const NodeProps& n = kg_.node(v);
    const std::string& type = kg_.node_type(v).name;
    const Schema& schema = kg_.schema();
    Json o;
    common(&o, kind_[v], stix_id_[v], first_date_[v].empty() ? fallback_time() : first_date_[v]);
    o["name"] = n.name;
    const std::string description = first_value(n.properties, "description");
    if (!description.empty()) o["description"] = description;
    if (kind_[v] == "identity") {
      if (schema.is_a(type, "person")) o["identity_class"] = "individual";
      else if (schema.is_a(type, "country_group")) o["identity_class"] = "class";
      else o["identity_class"] = "organization";
      if (schema.is_a(type, "government_body")) o["sectors"] = {"government"};
      else if (schema.is_a(type, "foundation")) o["sectors"] = {"non-profit"};
      else if (schema.is_a(type, "academic_institution")) o["sectors"] = {"education"};
    } else if (kind_[v] == "location") {
      if (schema.is_a(type, "place")) o["city"] = n.name;
      o["country"] = country_[v];
    } else {
      o["context"] = "unspecified";
      Json refs = Json::array();
      std::vector<std::string> added;
      auto add = [&](const std::string& id) {
        if (std::find(added.begin(), added.end(), id) != added.end()) return;
        added.push_back(id);
        refs.push_back(id);
      };
      for (std::size_t i : links_[v]) {
        const Edge e = kg_.edges()[i];
        const Vertex other = kg_.source(e) == v ? kg_.target(e) : kg_.source(e);
        if (other != v) add(stix_id_[other]);
        add(relationship_id_[i]);
      }
      if (refs.empty()) add(dataset_id());
      o["object_refs"] = std::move(refs);
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

  Json relationship(std::size_t i) const {
    const Edge e = kg_.edges()[i];
    const EdgeProps& p = kg_.edge(e);
    const RelationType& rel = kg_.relation_type(e);
    const std::string date = timestamp(source_date(e));
    Json o;
    common(&o, "relationship", relationship_id_[i], date.empty() ? fallback_time() : date);
    o["relationship_type"] = stix_name(rel.name);
    o["description"] = p.evidence;
    o["source_ref"] = stix_id_[kg_.source(e)];
    o["target_ref"] = stix_id_[kg_.target(e)];
    if (const auto article = kg_.find_id(p.source)) o["external_references"] = {reference(*article)};
    o["x_relmap_relation"] = rel.name;
    o["x_relmap_label"] = rel.label;
    o["x_relmap_symmetric"] = rel.symmetric;
    o["x_relmap_weight"] = rel.weight;
    o["x_relmap_basis"] = basis_name(p.basis);
    o["x_relmap_evidence"] = p.evidence;
    o["x_relmap_cites"] = p.source;
    if (!p.properties.empty()) o["x_relmap_properties"] = properties(p.properties, edge_cols_);
    return o;
  }

  const KnowledgeGraph& kg_;
  const std::vector<Column> node_cols_ = node_columns(kg_, {});
  const std::vector<Column> edge_cols_ = edge_columns(kg_, {});
  std::vector<bool> source_;
  std::vector<std::string> first_date_, kind_, stix_id_, country_;
  std::vector<std::string> relationship_id_;      ///< By fact order; "" for links to articles.
  std::vector<std::vector<Vertex>> references_;   ///< Articles reporting each entity.
  std::vector<std::vector<std::size_t>> links_;   ///< Relationships of each entity.
  std::string earliest_, latest_;
};

}  // namespace

std::string to_stix(const KnowledgeGraph& graph) { return StixWriter(graph).write(); }

}  // namespace relmap
