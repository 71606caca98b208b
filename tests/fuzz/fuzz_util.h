// What every fuzz target shares: the project's schema, a checked failure that
// libFuzzer reports as a crash, and checks that an output reads back.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "base/files.h"
#include "base/output_set.h"
#include "base/text.h"
#include "facts/schema.h"
#include "output/explore.h"
#include "output_test_util.h"
#include "render/cgraph_stable.h"

/// Stop with `message` when `condition` fails: libFuzzer keeps the input.
#define FUZZ_CHECK(condition, message)                                                            \
  do {                                                                                            \
    if (!(condition)) ::relmap::fuzz::fail(__FILE__, __LINE__, #condition, std::string(message)); \
  } while (false)

namespace relmap::fuzz {

/// How many inputs got through to a target's last checks (valid input that
/// made outputs); the replay driver can require a minimum.
inline std::size_t reached = 0;

[[noreturn]] inline void fail(const char* file, int line, const char* condition, const std::string& message) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n%s\n", file, line, condition, message.c_str());
  std::abort();
}

/// The text of a file of the source tree, e.g. "graph-schema.yaml".
inline std::string source_file(const std::string& relative) {
  std::string text;
  Diagnostics diags;
  FUZZ_CHECK(read_file(std::string(RELMAP_SOURCE_DIR) + "/" + relative, &text, &diags), diags.format());
  return text;
}

/// The project's graph-schema.yaml, loaded once.
inline const Schema& project_schema() {
  static const Schema* schema = [] {
    auto* s = new Schema;
    Diagnostics diags;
    FUZZ_CHECK(s->load("graph-schema.yaml", source_file("graph-schema.yaml"), &diags), diags.format());
    return s;
  }();
  return *schema;
}

/// Every diagnostic names `file` and a line in it.
inline void check_positions(const Diagnostics& diags, const std::string& file) {
  for (const Diagnostic& d : diags.items()) {
    FUZZ_CHECK(d.where.file == file, d.where.file + ": " + d.message);
    FUZZ_CHECK(d.where.line > 0, d.message);
  }
}

/// Valid UTF-8 with no character relmap never shows as it is (controls other
/// than tab and newline, noncharacters); `allowed` is one more control a
/// format uses on purpose.
inline void check_plain_text(std::string_view text, const std::string& what, char32_t allowed = 0) {
  const std::size_t bad = find_invalid_utf8(text);
  FUZZ_CHECK(bad == std::string_view::npos, what + ": invalid UTF-8 at byte " + std::to_string(bad));
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    FUZZ_CHECK(cp == allowed || !is_forbidden_code_point(cp),
               what + ": " + code_point_name(cp) + " at byte " + std::to_string(i));
    i += len == 0 ? 1 : len;
  }
}

/// The fields of each line of RFC 4180 CSV; false if a quote is left open.
inline bool csv_rows(std::string_view csv, std::vector<std::size_t>* fields_per_row) {
  bool quoted = false;
  std::size_t fields = 1;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"')
        ++i;
      else if (c == '"')
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      ++fields;
    } else if (c == '\n') {
      fields_per_row->push_back(fields);
      fields = 1;
    }
  }
  return !quoted;
}

/// An XML output (SVG, GraphML, GEXF, the HTML report) is well-formed, runs
/// no script and links only within itself, to relative files or over http(s).
/// The interactive edition's own script as XML reads it (without the CDATA
/// markers): the one script explore.html may run.
inline bool is_explore_script(const testing::XmlElement& e) {
  if (e.name != "script") return false;
  const auto type = e.attributes.find("type");
  if (type != e.attributes.end()) return type->second == "application/json";
  std::string expected = explore_script();
  for (const char* marker : {"<![CDATA[", "]]>"}) expected.erase(expected.find(marker), std::strlen(marker));
  return e.text == expected;
}

inline void check_xml(const std::string& content, const std::string& what) {
  std::vector<testing::XmlElement> doc;
  std::string error;
  FUZZ_CHECK(testing::parse_xml(content, &doc, &error), what + ": " + error);
  const bool explore = what.ends_with("explore.html");
  for (const testing::XmlElement& e : doc) {
    if (explore && is_explore_script(e)) continue;
    FUZZ_CHECK(e.name != "script" && e.name != "foreignObject", what + ": <" + e.name + ">");
    for (const auto& [name, value] : e.attributes) {
      FUZZ_CHECK(name.rfind("on", 0) != 0, what + ": attribute " + name);
      if (name != "href" && name != "xlink:href" && name != "src") continue;
      const bool relative = value.find(':') == std::string::npos;
      FUZZ_CHECK(relative || value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0,
                 what + ": link " + value);
    }
  }
}

/// Each output reads back as its format: DOT by cgraph, XML by expat, JSON by
/// nlohmann, CSV with one field count per file; the rest is plain text. No
/// two outputs share a path.
inline void check_outputs(const std::vector<OutputFile>& files) {
  std::set<std::string> paths;
  for (const OutputFile& f : files) {
    FUZZ_CHECK(paths.insert(f.path).second, "two outputs at " + f.path);
    const std::string ext = f.path.substr(f.path.rfind('.') + 1);
    if (ext == "csv") {
      check_plain_text(f.content, f.path, U'\x1f');  // Neo4j's array delimiter
      std::vector<std::size_t> rows;
      FUZZ_CHECK(csv_rows(f.content, &rows), f.path + ": a quote left open");
      for (std::size_t n : rows) FUZZ_CHECK(n == rows.front(), f.path + ": rows of different lengths");
      continue;
    }
    check_plain_text(f.content, f.path);
    if (ext == "dot") {
      Agraph_t* g = read_dot(f.content);
      FUZZ_CHECK(g != nullptr, f.path + ": Graphviz cannot read it back\n" + f.content);
      agclose(g);
    } else if (ext == "svg" || ext == "html" || ext == "graphml" || ext == "gexf") {
      check_xml(f.content, f.path);
    } else if (ext == "json") {
      FUZZ_CHECK(nlohmann::json::accept(f.content), f.path + ": not JSON");
    }
  }
}

}  // namespace relmap::fuzz

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
