#include "yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "text.h"

namespace relmap {

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.is_scalar() && k.value == key) return &v;
  return nullptr;
}

const char* YamlNode::kind_name() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kScalar: return "a scalar";
    case Kind::kSequence: return "a sequence";
    case Kind::kMap: return "a mapping";
  }
  return "?";
}

namespace {

/// Builds a YamlNode tree from yaml-cpp's parser events.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, Diagnostics* diags) : file_(file), diags_(diags) {}

  YamlNode take_root() { return std::move(root_); }
  int documents() const { return documents_; }
  const Location& second_document() const { return second_document_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 2) second_document_ = at(mark);
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    add(make(YamlNode::Kind::kNull, mark));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    diags_->error(at(mark), "aliases are not supported: write the value out");
    add(make(YamlNode::Kind::kNull, mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    YamlNode node = make(YamlNode::Kind::kScalar, mark);
    node.value = value;
    node.plain = tag == "?";
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    stack_.push_back({make(YamlNode::Kind::kSequence, mark), {}, {}});
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    stack_.push_back({make(YamlNode::Kind::kMap, mark), {}, {}});
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YamlNode node;
    std::optional<YamlNode> pending_key;  // a key awaiting its value
    std::unordered_set<std::string> keys;
  };

  Location at(const YAML::Mark& mark) const { return {file_, mark.line + 1, mark.column + 1}; }

  static YamlNode make(YamlNode::Kind kind, const YAML::Mark& mark) {
    YamlNode node;
    node.kind = kind;
    node.line = mark.line + 1;
    node.col = mark.column + 1;
    return node;
  }

  void close() {
    YamlNode done = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(done));
  }

  void add(YamlNode node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(node));
    } else if (!top.pending_key) {
      if (node.is_scalar() && !top.keys.insert(node.value).second)
        diags_->error({file_, node.line, node.col},
                      "duplicate key '" + node.value + "' in this mapping");
      top.pending_key = std::move(node);
    } else {
      top.node.entries.emplace_back(std::move(*top.pending_key), std::move(node));
      top.pending_key.reset();
    }
  }

  const std::string& file_;
  Diagnostics* diags_;
  std::vector<Frame> stack_;
  YamlNode root_;
  int documents_ = 0;
  Location second_document_;
};

/// Report invalid UTF-8 and control characters with their line and column.
bool check_encoding(const std::string& file, std::string_view text, Diagnostics* diags) {
  int line = 1;
  int col = 1;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      diags->error({file, line, col}, "invalid UTF-8 byte sequence");
      return false;
    }
    const long code = text[i] == '\r' ? -1 : control_code_point(text, i, len);
    if (code >= 0) {
      char name[24];
      std::snprintf(name, sizeof name, "U+%04lX", code);
      diags->error({file, line, col}, std::string("control character ") + name + " is not allowed");
      return false;
    }
    i += len;
    ++col;
  }
  return true;
}

}  // namespace

bool parse_yaml(const std::string& file, std::string_view text, YamlNode* root,
                Diagnostics* diags) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!check_encoding(file, text, diags)) return false;
  std::istringstream in{std::string(text)};
  TreeBuilder builder(file, diags);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      if (builder.documents() > 1) {
        diags->error(builder.second_document(), "expected one YAML document, found a second one here");
        return false;
      }
    }
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    diags->error({file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + message);
    return false;
  }
  *root = builder.take_root();
  return true;
}

bool check_keys(const std::string& file, const YamlNode& map,
                const std::vector<std::string>& allowed, std::string_view what,
                Diagnostics* diags) {
  bool ok = true;
  for (const auto& [key, value] : map.entries) {
    if (!key.is_scalar()) {
      diags->error(location_of(file, key), std::string("a ") + std::string(what) + " name must be a string");
      ok = false;
      continue;
    }
    bool known = false;
    for (const std::string& a : allowed) known = known || a == key.value;
    if (!known) {
      diags->error(location_of(file, key), "unknown " + std::string(what) + " '" + key.value +
                                               "'" + did_you_mean(key.value, allowed));
      ok = false;
    }
  }
  return ok;
}

bool read_bool(const std::string& file, const YamlNode& node, bool* out, Diagnostics* diags) {
  if (node.is_scalar() && node.plain && (node.value == "true" || node.value == "false")) {
    *out = node.value == "true";
    return true;
  }
  diags->error(location_of(file, node), "expected true or false");
  return false;
}

bool require_scalar(const std::string& file, const YamlNode& node, std::string_view what,
                    Diagnostics* diags) {
  if (node.is_scalar() && !node.value.empty()) return true;
  diags->error(location_of(file, node), std::string(what) + " must be a non-empty string, not " +
                                            (node.is_scalar() ? "an empty string" : node.kind_name()));
  return false;
}

}  // namespace relmap
