#include "render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "text.h"

extern "C" {
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
}

namespace relmap {

namespace {

/// Graphviz takes char* for strings it does not modify.
char* cstr(const std::string& s) { return const_cast<char*>(s.c_str()); }
char* cstr(const char* s) { return const_cast<char*>(s); }

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

struct ContextFreer {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};
using ContextPtr = std::unique_ptr<GVC_t, ContextFreer>;

/// Graphviz reports messages in fragments through one process-wide callback.
std::string* g_messages = nullptr;
int collect_message(char* fragment) {
  if (g_messages != nullptr) *g_messages += fragment;
  return 0;
}

/// Turn "Warning: x\nError: y\n" into diagnostics.
void report_messages(const std::string& text, const std::string& engine, Diagnostics* diags) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    bool is_error = false;
    if (line.rfind("Error: ", 0) == 0) {
      is_error = true;
      line.erase(0, 7);
    } else if (line.rfind("Warning: ", 0) == 0) {
      line.erase(0, 9);
    }
    std::string message = "graphviz (" + engine + "): " + sanitize_text(line);
    if (is_error) diags->error({}, message);
    else diags->warning({}, message);
  }
}

void set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, cstr(name), cstr(value), cstr(""));
}

std::string edge_label(const KnowledgeGraph& graph, KnowledgeGraph::Edge e) {
  std::string label = graphviz_label(graph.relation_type(e).label);
  for (const auto& [name, values] : graph.edge(e).properties)
    if (name == "role" && !values.empty()) label += "\\n(" + graphviz_label(values.front()) + ")";
  return label;
}

/// One pass of the child: parse DOT, lay out, render. Writes the result or
/// nothing; messages go to `messages`.
bool layout_and_render(const std::string& dot, const std::string& engine,
                       const std::string& format, std::string* out, std::string* messages) {
  g_messages = messages;
  agseterrf(collect_message);
  agseterr(AGWARN);
  static const lt_symlist_t kBuiltins[] = {
      {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
      {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
      {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library},
      {nullptr, nullptr}};
  // SVG and DOT use only the built-in plugins: no font measurement, so the
  // output does not depend on the fonts installed. PNG and PDF need the
  // machine's cairo plugins.
  const bool builtin_only = format == "svg" || format == "dot";
  ContextPtr gvc(builtin_only ? gvContextPlugins(kBuiltins, 0) : gvContext());
  if (!gvc) {
    *messages += "Error: cannot create a Graphviz context\n";
    return false;
  }
  GraphPtr g(agmemread(dot.c_str()));
  if (!g) {
    *messages += "Error: Graphviz could not read the generated graph\n";
    return false;
  }
  agreseterrors();
  if (gvLayout(gvc.get(), g.get(), engine.c_str()) != 0) {
    *messages += "Error: layout with engine '" + engine + "' failed\n";
    return false;
  }
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), g.get(), format.c_str(), &data, &length);
  if (rc == 0 && data != nullptr) out->assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rc != 0) {
    *messages += "Error: format '" + format + "' is not supported by the installed plugins\n";
    return false;
  }
  return true;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void write_frame(int fd, const std::string& s) {
  const std::uint64_t size = s.size();
  write_all(fd, &size, sizeof size);
  write_all(fd, s.data(), s.size());
}

/// Read one length-prefixed frame from `buffer` at `*pos`.
bool read_frame(const std::string& buffer, std::size_t* pos, std::string* out) {
  std::uint64_t size = 0;
  if (buffer.size() - *pos < sizeof size) return false;
  std::memcpy(&size, buffer.data() + *pos, sizeof size);
  *pos += sizeof size;
  if (buffer.size() - *pos < size) return false;
  out->assign(buffer, *pos, size);
  *pos += size;
  return true;
}

}  // namespace

std::string graphviz_label(std::string_view text) {
  std::string clean = sanitize_text(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += ' ';
    else out += c;
  }
  return out;
}

const std::vector<std::string>& render_formats() {
  static const std::vector<std::string> formats = {"dot", "svg", "png", "pdf"};
  return formats;
}

const std::vector<std::string>& layout_engines() {
  static const std::vector<std::string> engines = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
  return engines;
}

std::string choose_engine(std::size_t nodes, std::size_t edges) {
  return nodes <= 150 && edges <= 400 ? "dot" : "sfdp";
}

MapSpec full_map(const KnowledgeGraph& graph, std::string name, std::string title) {
  MapSpec spec{std::move(name), std::move(title), {}, graph.edges(), {}};
  for (auto v : boost::make_iterator_range(boost::vertices(graph.graph()))) spec.nodes.push_back(v);
  return spec;
}

std::string map_to_dot(const KnowledgeGraph& graph, const MapSpec& spec, const std::string& engine) {
  GraphPtr g(agopen(cstr(sanitize_text(spec.name)), Agdirected, nullptr));
  Agraph_t* root = g.get();
  agattr(root, AGRAPH, cstr("layout"), cstr(engine));
  agattr(root, AGRAPH, cstr("fontname"), cstr("Helvetica"));
  agattr(root, AGRAPH, cstr("fontsize"), cstr("16"));
  agattr(root, AGRAPH, cstr("labelloc"), cstr("t"));
  agattr(root, AGRAPH, cstr("outputorder"), cstr("edgesfirst"));
  if (!spec.title.empty()) agattr(root, AGRAPH, cstr("label"), cstr(graphviz_label(spec.title)));
  if (engine == "dot") {
    agattr(root, AGRAPH, cstr("rankdir"), cstr("LR"));
    agattr(root, AGRAPH, cstr("nodesep"), cstr("0.3"));
    agattr(root, AGRAPH, cstr("ranksep"), cstr("0.6"));
  } else {
    agattr(root, AGRAPH, cstr("overlap"), cstr("prism"));
    agattr(root, AGRAPH, cstr("splines"), cstr("true"));
    agattr(root, AGRAPH, cstr("sep"), cstr("+8"));
    agattr(root, AGRAPH, cstr("start"), cstr("1"));  // fixed seed: same layout every run
  }
  agattr(root, AGNODE, cstr("fontname"), cstr("Helvetica"));
  agattr(root, AGNODE, cstr("fontsize"), cstr("11"));
  agattr(root, AGNODE, cstr("shape"), cstr("box"));
  agattr(root, AGNODE, cstr("style"), cstr("filled"));
  agattr(root, AGNODE, cstr("fillcolor"), cstr("#ffffff"));
  agattr(root, AGEDGE, cstr("fontname"), cstr("Helvetica"));
  agattr(root, AGEDGE, cstr("fontsize"), cstr("9"));
  agattr(root, AGEDGE, cstr("color"), cstr("#555555"));
  agattr(root, AGEDGE, cstr("arrowsize"), cstr("0.7"));

  const Schema& schema = graph.schema();
  std::vector<Style> type_styles;
  for (const NodeType& t : schema.node_types()) type_styles.push_back(schema.node_style(t.name));

  std::vector<Agnode_t*> made(graph.node_count(), nullptr);
  for (auto v : spec.nodes) {
    const NodeProps& node = graph.node(v);
    Agnode_t* n = agnode(root, cstr(sanitize_text(node.id)), 1);
    made[v] = n;
    for (const auto& [key, value] : type_styles[node.type]) set(n, key.c_str(), value);
    set(n, "label", graphviz_label(node.name));
    set(n, "tooltip", graphviz_label(node.name + " (" + graph.node_type(v).label + ")"));
  }
  for (std::size_t i = 0; i < spec.edges.size(); ++i) {
    const auto e = spec.edges[i];
    const auto s = boost::source(e, graph.graph());
    const auto t = boost::target(e, graph.graph());
    if (made[s] == nullptr || made[t] == nullptr) continue;
    Agedge_t* edge = agedge(root, made[s], made[t], nullptr, 1);
    const RelationType& rel = graph.relation_type(e);
    for (const auto& [key, value] : rel.style) set(edge, key.c_str(), value);
    set(edge, "label", i < spec.edge_labels.size() ? graphviz_label(spec.edge_labels[i]) : edge_label(graph, e));
    if (rel.symmetric) set(edge, "dir", "none");
    set(edge, "tooltip", graphviz_label(rel.label + ": \u201C" + graph.edge(e).evidence + "\u201D [" +
                                        graph.edge(e).source + "]"));
  }

  char* buffer = nullptr;
  std::size_t size = 0;
  FILE* stream = open_memstream(&buffer, &size);
  agwrite(root, stream);
  std::fclose(stream);
  std::string dot(buffer, size);
  std::free(buffer);
  return dot;
}

bool render_map(const KnowledgeGraph& graph, const MapSpec& spec, const RenderOptions& options,
                std::string* out, Diagnostics* diags) {
  const std::string engine = options.engine == "auto"
                                 ? choose_engine(spec.nodes.size(), spec.edges.size())
                                 : options.engine;
  const std::string dot = map_to_dot(graph, spec, engine);
  if (options.format == "dot") {
    *out = dot;
    return true;
  }
  int fds[2];
  if (pipe(fds) != 0) {
    diags->error({}, std::string("cannot start the layout: ") + std::strerror(errno));
    return false;
  }
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    diags->error({}, std::string("cannot start the layout: ") + std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::string result, messages;
    bool ok = false;
    try {
      ok = layout_and_render(dot, engine, options.format, &result, &messages);
    } catch (...) {
      messages += "Error: layout failed with an exception\n";
    }
    write_frame(fds[1], ok ? "1" : "0");
    write_frame(fds[1], messages);
    write_frame(fds[1], result);
    ::close(fds[1]);
    _exit(0);
  }
  ::close(fds[1]);
  std::string buffer;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  char chunk[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    diags->error({}, "layout with engine '" + engine + "' did not finish within " +
                         std::to_string(options.timeout_seconds) +
                         " s; try --engine sfdp or a smaller map");
    return false;
  }
  std::size_t pos = 0;
  std::string ok, messages, result;
  if (!read_frame(buffer, &pos, &ok) || !read_frame(buffer, &pos, &messages) ||
      !read_frame(buffer, &pos, &result)) {
    std::string how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                          : "exited with status " + std::to_string(WEXITSTATUS(status));
    diags->error({}, "Graphviz " + how + " during layout with engine '" + engine + "'");
    return false;
  }
  report_messages(messages, engine, diags);
  if (ok != "1") return false;
  *out = std::move(result);
  return true;
}

}  // namespace relmap
