// For tests of what the writers make of hostile text: facts that never went
// through validation, and a real XML parser (expat) to read outputs back.
#pragma once

#include <expat.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "test_util.h"

namespace relmap::testing {

/// Names, a type label, evidence, a title and a description holding control
/// characters (ESC and OSC 8 sequences, BEL, CR, C1, DEL), noncharacters,
/// text that looks like markup or entities, and Graphviz escapes.
struct Hostile {
  std::vector<std::string> names = {
      "AT&amp;T &lt;b&gt; &#38; &foo; & &amp", "]]> \"dq\" 'sq' <i>x</i> <!-- c --> <![CDATA[ y ]]>",
      "\\N \\G \\E \\\\ back\\slash trailing\\",
      "esc\x1b[31m osc\x1b]8;;http://x\x07 cr\r c1\xc2\x85\xc2\x9b del\x7f",
      "non\xef\xbf\xbe\xef\xbf\xbf \xef\xb7\x90\xef\xb7\x91 \xf4\x8f\xbf\xbf kept\xef\xb7\xba\xef\xb7\x8f"};
  std::string type_label = "R&amp;D <\"country\"> ]]>";  ///< Schema text is loaded, so only markup.
  std::string evidence = "q&amp;q ]]> \x1b[0m \r \"x\" <y> \xef\xbf\xbe";
  std::string title = "T&amp;T ]]> \x1b]0;title\x07";
  std::string description = "D&lt;D \r\x1b[2J";
  std::unique_ptr<Loaded> loaded;         ///< The schema (with the hostile label) and valid facts.
  std::unique_ptr<KnowledgeGraph> graph;  ///< The facts with the hostile text put in by hand.

  Hostile() {
    std::string schema = kTestSchema;
    schema.replace(schema.find("label: Country"), 14, "label: 'R&amp;D <\"country\"> ]]>'");
    loaded = load(R"(entities:
  - {id: src, type: source, name: Article, file: a.txt}
  - {id: japan, type: country, name: Japan}
  - {id: laos, type: country, name: Laos}
  - {id: p, type: person, name: P}
  - {id: mpt, type: organisation, name: M}
relations:
  - {from: japan, type: cooperates_with, to: laos, source: src, evidence: e}
  - {from: p, type: holds_position, to: mpt, role: Minister, source: src, evidence: e}
  - {from: laos, type: member_of, to: mpt, source: src, evidence: e}
)",
                  schema);
    Facts facts = std::move(loaded->facts);  // views into the strings above
    for (std::size_t i = 0; i < names.size(); ++i) facts.entities[i].name = names[i];
    facts.relations[0].evidence = evidence;
    graph = std::make_unique<KnowledgeGraph>(loaded->schema, facts);
  }
};

struct XmlElement {
  std::string name;  ///< Without namespace handling: "svg", "xlink:title" stay as written.
  std::map<std::string, std::string> attributes;  ///< Decoded values.
  std::string text;                               ///< Its own character data, decoded.
  int parent = -1;                                ///< Index in the document, -1 for the root.
};

/// Parse `xml`; false with `*error` ("line N: message") if it is not
/// well-formed. Elements are listed in document order.
inline bool parse_xml(std::string_view xml, std::vector<XmlElement>* elements, std::string* error) {
  struct State {
    std::vector<XmlElement>* elements;
    std::vector<int> open;
  } state{elements, {}};
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char** attributes) {
        auto* s = static_cast<State*>(data);
        XmlElement element;
        element.name = name;
        element.parent = s->open.empty() ? -1 : s->open.back();
        for (int i = 0; attributes[i] != nullptr; i += 2)
          element.attributes[attributes[i]] = attributes[i + 1];
        s->open.push_back(static_cast<int>(s->elements->size()));
        s->elements->push_back(std::move(element));
      },
      [](void* data, const XML_Char*) { static_cast<State*>(data)->open.pop_back(); });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int length) {
    auto* s = static_cast<State*>(data);
    if (!s->open.empty())
      (*s->elements)[static_cast<std::size_t>(s->open.back())].text.append(text,
                                                                           static_cast<std::size_t>(length));
  });
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  if (!ok)
    *error = "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ": " +
             XML_ErrorString(XML_GetErrorCode(parser));
  XML_ParserFree(parser);
  return ok;
}

/// True if element `index` is `ancestor` or inside it.
inline bool inside(const std::vector<XmlElement>& elements, int index, int ancestor) {
  for (; index >= 0; index = elements[static_cast<std::size_t>(index)].parent)
    if (index == ancestor) return true;
  return false;
}

}  // namespace relmap::testing
