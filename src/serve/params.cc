#include "serve/params.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "base/text.h"

namespace relmap::serve {

namespace {

/// The values of `name`, each split at commas, empty pieces left out.
std::vector<std::string> list_param(const Params& params, const std::string& name) {
  std::vector<std::string> out;
  auto [first, last] = params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    std::size_t start = 0;
    while (start <= it->second.size()) {
      const std::size_t comma = std::min(it->second.find(',', start), it->second.size());
      if (comma > start) out.push_back(it->second.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

/// A flag: absent, or one of 1/on/true/yes (set) or 0/off/false/no/"" (unset).
bool flag_param(const Params& params, const std::string& name, bool* out, Diagnostics* diags) {
  if (params.count(name) == 0) return true;
  const std::string value = ascii_lower(param(params, name));
  for (const char* yes : {"1", "on", "true", "yes"})
    if (value == yes) return *out = true;
  for (const char* no : {"0", "off", "false", "no", ""})
    if (value == no) return !(*out = false);
  diags->error({}, "bad " + name + " '" + visible_text(value) + "': expected 1 or 0");
  return false;
}

/// A whole number from `min` to `max`, when given.
template <typename T>
bool number_param(const Params& params, const std::string& name, T min, T max, T* out, Diagnostics* diags) {
  if (params.count(name) == 0 || param(params, name).empty()) return true;
  const std::string text = param(params, name);
  T value{};
  const auto [stop, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && stop == text.data() + text.size() && value >= min && value <= max) {
    *out = value;
    return true;
  }
  diags->error({}, "bad " + name + " '" + visible_text(text) + "': expected a whole number from " +
                       std::to_string(min) + " to " + std::to_string(max));
  return false;
}

void append_list(std::string* out, const char* name, const std::vector<std::string>& values) {
  if (values.empty()) return;
  std::string joined;
  for (const std::string& v : values) joined += (joined.empty() ? "" : ",") + v;
  *out += (out->empty() ? "" : "&") + std::string(name) + "=" + url_encode(joined);
}

void append_value(std::string* out, const char* name, const std::string& value) {
  if (!value.empty()) *out += (out->empty() ? "" : "&") + std::string(name) + "=" + url_encode(value);
}

}  // namespace

std::string param(const Params& params, std::string_view name) {
  const auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

std::string url_name(const FilterField& field) {
  std::string name = field.name;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

bool read_page_request(const Params& params, PageRequest* out, Diagnostics* diags) {
  PageRequest r;
  FilterRequest& f = r.filters;
  bool ok = true;
  for (const FilterField& field : filter_fields()) {
    const std::string name = url_name(field);
    switch (field.kind) {
      case FilterField::Kind::kList:
        f.*field.list = list_param(params, name);
        break;
      case FilterField::Kind::kText:
        f.*field.text = param(params, name);
        break;
      case FilterField::Kind::kFlag:
        ok = flag_param(params, name, &(f.*field.flag), diags) && ok;
        break;
      case FilterField::Kind::kCount:
        ok = number_param(params, name, std::size_t{0}, std::size_t{1000000000}, &(f.*field.count), diags) &&
             ok;
        break;
    }
  }
  ok = flag_param(params, "directed", &f.directed, diags) && ok;
  ok = flag_param(params, "all", &r.path.all, diags) && ok;
  ok = flag_param(params, "weighted", &r.path.weighted, diags) && ok;
  ok = flag_param(params, "parallel", &r.path.parallel, diags) && ok;
  ok = number_param(params, "k", 1, kMaxPaths, &r.path.k, diags) && ok;
  ok = number_param(params, "limit", std::size_t{1}, std::size_t{kMaxPaths}, &r.path.limit, diags) && ok;
  ok = number_param(params, "depth", 1, kMaxDepth, &r.depth, diags) && ok;
  const std::string rank = param(params, "rank");
  if (rank == "supported")
    r.path.rank = Rank::kSupported;
  else if (rank == "informative")
    r.path.rank = Rank::kInformative;
  else if (!rank.empty() && rank != "length") {
    diags->error({}, "bad rank '" + visible_text(rank) + "': expected length, supported or informative");
    ok = false;
  }
  if (r.path.all && r.path.k > 1) {
    diags->error({}, "all and k cannot be asked for together");
    ok = false;
  }
  if (r.path.weighted && r.path.rank == Rank::kInformative) {
    diags->error({}, "weighted and rank=informative cannot be asked for together");
    ok = false;
  }
  r.path.directed = f.directed;
  if (ok) *out = std::move(r);
  return ok;
}

std::string url_encode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string filter_query(const FilterRequest& f) {
  std::string out;
  for (const FilterField& field : filter_fields()) {
    if (!field.set_in(f)) continue;
    const std::string name = url_name(field);
    if (field.kind == FilterField::Kind::kFlag)
      append_value(&out, name.c_str(), "1");
    else if (field.kind == FilterField::Kind::kList)
      append_list(&out, name.c_str(), f.*field.list);
    else
      append_value(&out, name.c_str(), field.value_in(f));
  }
  if (f.directed) append_value(&out, "directed", "1");
  return out;
}

std::string path_query(const PathOptions& p) {
  std::string out;
  if (p.all) append_value(&out, "all", "1");
  if (p.all && p.limit != PathOptions{}.limit) append_value(&out, "limit", std::to_string(p.limit));
  if (p.k > 1) append_value(&out, "k", std::to_string(p.k));
  if (p.weighted) append_value(&out, "weighted", "1");
  if (p.parallel) append_value(&out, "parallel", "1");
  if (p.rank != Rank::kLength) append_value(&out, "rank", rank_name(p.rank));
  return out;
}

namespace {

/// %XX and '+' decoded; a '%' not followed by two hex digits stays as it is.
std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

}  // namespace

Params parse_query(std::string_view query) {
  Params params;
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    const std::size_t equals = std::min(pair.find('='), pair.size());
    if (!pair.empty())
      params.emplace(url_decode(pair.substr(0, equals)),
                     url_decode(pair.substr(std::min(equals + 1, pair.size()))));
    start = end + 1;
  }
  return params;
}

std::string query_without_empty(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params)
    if (!value.empty()) out += (out.empty() ? "?" : "&") + url_encode(name) + "=" + url_encode(value);
  return out;
}

bool has_empty(const Params& params) {
  return std::any_of(params.begin(), params.end(), [](const auto& p) { return p.second.empty(); });
}

std::string join_query(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& p : parts)
    if (!p.empty()) out += (out.empty() ? "?" : "&") + p;
  return out;
}

}  // namespace relmap::serve
