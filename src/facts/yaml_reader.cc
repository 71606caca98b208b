#include "facts/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "base/text.h"

namespace relmap {

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.is_scalar() && k.value == key) return &v;
  return nullptr;
}

const char* YamlNode::kind_name() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kScalar:
      return "a scalar";
    case Kind::kSequence:
      return "a sequence";
    case Kind::kMap:
      return "a mapping";
  }
  return "?";
}

namespace {

/// The text of one document with its line starts: turns yaml-cpp's 0-based
/// byte marks into 1-based character columns, and answers questions about
/// the source of a scalar that yaml-cpp does not (where a quote closes).
class SourceText {
 public:
  explicit SourceText(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }

  std::string_view text() const { return text_; }

  /// Byte offset of a mark, clamped to the text.
  std::size_t offset(const YAML::Mark& mark) const {
    if (mark.line < 0 || static_cast<std::size_t>(mark.line) >= starts_.size()) return text_.size();
    return std::min(text_.size(), starts_[static_cast<std::size_t>(mark.line)] +
                                      static_cast<std::size_t>(std::max(mark.column, 0)));
  }

  /// 1-based line of a byte offset.
  int line_of(std::size_t offset) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<int>(it - starts_.begin());
  }

  /// 1-based character column of a mark. Marks arrive mostly in order, so
  /// counting resumes from the previous mark on the same line.
  int column(const YAML::Mark& mark) {
    const std::size_t target = offset(mark);
    const std::size_t start = mark.line >= 0 && static_cast<std::size_t>(mark.line) < starts_.size()
                                  ? starts_[static_cast<std::size_t>(mark.line)]
                                  : text_.size();
    if (mark.line != cached_line_ || target < cached_offset_) {
      cached_line_ = mark.line;
      cached_offset_ = start;
      cached_col_ = 1;
    }
    for (; cached_offset_ < target; ++cached_offset_)
      if ((static_cast<unsigned char>(text_[cached_offset_]) & 0xC0) != 0x80) ++cached_col_;
    return cached_col_;
  }

  /// Byte offset where the 1-based line `line` starts.
  std::size_t line_start(int line) const { return starts_[static_cast<std::size_t>(line - 1)]; }

  /// Leading spaces of the line holding `offset`.
  std::size_t indent_of_line(std::size_t offset) const {
    std::size_t i = starts_[static_cast<std::size_t>(line_of(offset) - 1)];
    std::size_t n = 0;
    while (i + n < text_.size() && text_[i + n] == ' ') ++n;
    return n;
  }

  /// The offset just past the quote that closes the quoted scalar opening
  /// at `open`, or nullopt if the text ends first.
  std::optional<std::size_t> closing_quote(std::size_t open) const {
    const char quote = text_[open];
    for (std::size_t i = open + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
          continue;
        }
        return i + 1;
      }
    }
    return std::nullopt;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  int cached_line_ = -1;
  std::size_t cached_offset_ = 0;
  int cached_col_ = 1;
};

/// "!!binary" for "tag:yaml.org,2002:binary"; other tags as written.
std::string shown_tag(const std::string& tag) {
  static const std::string kCore = "tag:yaml.org,2002:";
  return tag.rfind(kCore, 0) == 0 ? "!!" + tag.substr(kCore.size()) : tag;
}

/// Builds YamlNodes from yaml-cpp's parser events and rejects, at their
/// position, the constructs relmap does not model.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, SourceText* source, Diagnostics* diags, const YamlItemSink& sink)
      : file_(file), source_(source), diags_(diags), sink_(sink) {}

  YamlNode take_root() { return std::move(root_); }
  int documents() const { return documents_; }
  const Location& second_document() const { return second_document_; }
  bool broken() const { return broken_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 2) second_document_ = at(mark);
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    add(make(YamlNode::Kind::kNull, mark));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    diags_->error(at(mark), "aliases are not supported: write the value out");
    add(make(YamlNode::Kind::kNull, mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    if (tag != "?" && tag != "!") reject_tag(mark, tag);
    YamlNode node = make(YamlNode::Kind::kScalar, mark);
    node.value = value;
    node.plain = tag == "?";
    check_scalar(mark, &node);
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(YamlNode::Kind::kSequence, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(YamlNode::Kind::kMap, mark, tag, anchor, style);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YamlNode node;
    std::optional<YamlNode> pending_key;  // a key awaiting its value
    std::unordered_set<std::string> keys;
    std::string stream_key;  // set when this sequence's items go to the sink
    bool block = true;       // block style, where indentation matters
  };

  Location at(const YAML::Mark& mark) const { return {file_, mark.line + 1, source_->column(mark)}; }

  YamlNode make(YamlNode::Kind kind, const YAML::Mark& mark) const {
    YamlNode node;
    node.kind = kind;
    node.line = mark.line + 1;
    node.col = source_->column(mark);
    return node;
  }

  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      diags_->error(at(mark), "anchors ('&name') are not supported: write each value out");
  }

  void reject_tag(const YAML::Mark& mark, const std::string& tag) {
    diags_->error(at(mark), "tags such as '" + visible_text(shown_tag(tag)) +
                                "' are not supported: write the value as plain text");
  }

  void open(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style) {
    check_anchor(mark, anchor);
    if (tag != "?" && !tag.empty()) reject_tag(mark, tag);
    Frame frame{make(kind, mark), {}, {}, {}, style != YAML::EmitterStyle::Flow};
    // A sequence that is the value of a top-level key streams its items.
    if (sink_ && kind == YamlNode::Kind::kSequence && stack_.size() == 1 && stack_[0].node.is_map() &&
        stack_[0].pending_key && stack_[0].pending_key->is_scalar())
      frame.stream_key = stack_[0].pending_key->value;
    stack_.push_back(std::move(frame));
  }

  void close() {
    YamlNode done = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(done));
  }

  /// Control characters, noncharacters and quotes that never close or run
  /// over the entries after them.
  void check_scalar(const YAML::Mark& mark, YamlNode* node) {
    const std::string_view text = source_->text();
    const std::size_t start = source_->offset(mark);
    const char first = start < text.size() ? text[start] : '\0';
    if (!node->plain && (first == '\'' || first == '"')) {
      const std::optional<std::size_t> end = source_->closing_quote(start);
      if (!end) {
        diags_->error(at(mark), std::string("this quoted text is never closed: add the closing ") +
                                    (first == '"' ? "\"" : "'") + " (it runs to the end of the file)");
        broken_ = true;
        return;
      }
      const int first_line = source_->line_of(start);
      const int last_line = source_->line_of(*end - 1);
      node->multiline = last_line > first_line;
      if (node->multiline && !stack_.empty() && stack_.back().block) {
        // In a block collection, the lines a quoted value continues on must
        // be indented more than its key or dash; a line that is not is an
        // entry the quote swallowed.
        const std::size_t key_indent = static_cast<std::size_t>(stack_.back().node.col - 1);
        for (int l = first_line + 1; l <= last_line; ++l) {
          const std::size_t line_start = source_->line_start(l);
          if (line_start < text.size() && text[line_start] != '\n' && text[line_start] != '\r' &&
              source_->indent_of_line(line_start) <= key_indent) {
            diags_->error(at(mark), std::string("this quoted text runs on to line ") + std::to_string(l) +
                                        " and swallows the entries there: is a closing " +
                                        (first == '"' ? "\"" : "'") + " missing?");
            broken_ = true;
            break;
          }
        }
      }
    } else if (node->plain) {
      // A plain scalar on one line is what the rest of its line starts with.
      const std::string_view rest = text.substr(start, text.find('\n', start) - start);
      node->multiline = rest.substr(0, node->value.size()) != node->value;
    } else {
      node->multiline = node->value.find('\n') != std::string::npos;  // a block scalar
    }
    for (std::size_t i = 0; i < node->value.size();) {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(node->value, i, &cp);
      if (len == 0) {
        diags_->error(at(mark), "invalid UTF-8 in this value");
        return;
      }
      if (is_forbidden_code_point(cp)) {
        diags_->error(at(mark), code_point_name(cp) + " (written as an escape sequence) is not allowed: " +
                                    (cp == '\r' ? "write line breaks as plain new lines"
                                                : "relmap accepts no control characters or noncharacters"));
        return;
      }
      i += len;
    }
  }

  void add(YamlNode node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      if (!top.stream_key.empty())
        sink_(top.stream_key, std::move(node));
      else
        top.node.items.push_back(std::move(node));
    } else if (!top.pending_key) {
      if (!node.is_scalar()) {
        diags_->error({file_, node.line, node.col}, std::string("a key must be a plain string, not ") +
                                                        node.kind_name() +
                                                        " ('? ...' complex keys are not supported)");
      } else if (!top.keys.insert(node.value).second) {
        diags_->error({file_, node.line, node.col},
                      "duplicate key '" + visible_text(node.value) + "' in this mapping");
      }
      top.pending_key = std::move(node);
    } else {
      top.node.entries.push_back({std::move(*top.pending_key), std::move(node)});
      top.pending_key.reset();
    }
  }

  const std::string& file_;
  SourceText* source_;
  Diagnostics* diags_;
  const YamlItemSink& sink_;
  std::vector<Frame> stack_;
  YamlNode root_;
  int documents_ = 0;
  Location second_document_;
  bool broken_ = false;
};

/// Report invalid UTF-8, control characters and noncharacters written
/// into the file, with their line and character column. A CR is accepted
/// only as part of a CRLF line end.
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
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, &cp);
    if (len == 0) {
      diags->error({file, line, col}, "invalid UTF-8 byte sequence");
      return false;
    }
    const bool crlf = cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (is_forbidden_code_point(cp) && !crlf) {
      diags->error({file, line, col},
                   (cp < 0x80 || (cp >= 0x80 && cp <= 0x9F) ? "control character " : "noncharacter ") +
                       code_point_name(cp) + " is not allowed");
      return false;
    }
    i += len;
    ++col;
  }
  return true;
}

}  // namespace

bool parse_yaml(const std::string& file, std::string_view text, YamlNode* root, Diagnostics* diags,
                const YamlItemSink& sink) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!check_encoding(file, text, diags)) return false;
  SourceText source(text);
  std::istringstream in{std::string(text)};
  TreeBuilder builder(file, &source, diags, sink);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      if (builder.documents() > 1) {
        diags->error(builder.second_document(), "expected one YAML document, found a second one here");
        return false;
      }
    }
  } catch (const YAML::Exception& e) {
    if (builder.broken()) return false;  // an unclosed quote explains it better
    std::string message = e.msg;
    if (!message.empty())
      message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    diags->error({file, e.mark.line + 1, e.mark.line >= 0 ? source.column(e.mark) : 0},
                 "YAML syntax: " + message);
    return false;
  }
  if (builder.broken()) return false;
  *root = builder.take_root();
  if (root->line == 0) root->line = root->col = 1;  // a file with no document: its start
  return true;
}

bool check_keys(const std::string& file, const YamlNode& map, const std::vector<std::string>& allowed,
                std::string_view what, Diagnostics* diags) {
  bool ok = true;
  for (const auto& [key, value] : map.entries) {
    if (!key.is_scalar()) {
      ok = false;  // reported by the reader
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key.value) == allowed.end()) {
      diags->error(location_of(file, key), "unknown " + std::string(what) + " '" + visible_text(key.value) +
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

bool require_line(const std::string& file, const YamlNode& node, std::string_view what, Diagnostics* diags) {
  if (!require_scalar(file, node, what, diags)) return false;
  if (!node.multiline && node.value.find('\n') == std::string::npos) return true;
  diags->error(location_of(file, node), std::string(what) + " must be written on one line");
  return false;
}

}  // namespace relmap
