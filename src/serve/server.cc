#include "serve/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

namespace relmap::serve {

namespace {

/// The most a request may carry: the site takes only GET.
constexpr std::size_t kMaxPayload = std::size_t{64} * 1024;

/// Only the site's own script and style; nothing framed, posted elsewhere
/// or loaded from the network.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

/// An IPv4 address, or an IPv6 one in brackets, as a Host header names it.
bool is_ip_address(const std::string& name) {
  unsigned char address[sizeof(in6_addr)];
  if (inet_pton(AF_INET, name.c_str(), address) == 1) return true;
  return name.size() > 2 && name.front() == '[' && name.back() == ']' &&
         inet_pton(AF_INET6, name.substr(1, name.size() - 2).c_str(), address) == 1;
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

/// Stops `server` on SIGINT or SIGTERM, which every thread blocks and this
/// one waits for (looking every so often whether the server ended anyway).
class SignalStop {
 public:
  explicit SignalStop(httplib::Server* server) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    waiter_ = std::thread([this, server] {
      const timespec tick{0, 200L * 1000 * 1000};
      while (!done_)
        if (sigtimedwait(&set_, nullptr, &tick) > 0) {
          server->stop();
          return;
        }
    });
  }
  ~SignalStop() {
    done_ = true;
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SignalStop(const SignalStop&) = delete;
  SignalStop& operator=(const SignalStop&) = delete;

 private:
  sigset_t set_{}, old_{};
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

void send(const Reply& reply, httplib::Response& res) {
  res.status = reply.status;
  if (!reply.location.empty()) res.set_header("Location", reply.location);
  res.set_content(reply.body, reply.type.c_str());
}

}  // namespace

bool host_allowed(std::string_view header, const std::string& host, int port) {
  const std::string suffix = ":" + std::to_string(port);
  if (header.size() <= suffix.size() || header.substr(header.size() - suffix.size()) != suffix) return false;
  const std::string name(header.substr(0, header.size() - suffix.size()));
  if (name == bracketed(host)) return true;
  const bool everywhere = host == "0.0.0.0" || host == "::" || host == "[::]";
  if ((is_loopback(host) || everywhere) && (name == "localhost" || name == "127.0.0.1" || name == "[::1]"))
    return true;
  return everywhere && is_ip_address(name);
}

std::string server_url(const std::string& host, int port) {
  return "http://" + bracketed(host) + ":" + std::to_string(port) + "/";
}

bool serve(Site& site, const ServeOptions& options, const std::function<void(const std::string&)>& ready,
           Diagnostics* diags) {
  httplib::Server server;
  server.set_payload_max_length(kMaxPayload);
  // An answer goes out as written: with Nagle's algorithm its body waited
  // for the client's delayed acknowledgement of its headers, 40 ms.
  server.set_tcp_nodelay(true);
  // SO_REUSEADDR alone: httplib's default adds SO_REUSEPORT, with which a
  // second server could bind the same port and take some of its requests.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cache-Control", "no-store"}});
  int port = options.port;
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (host_allowed(req.get_header_value("Host"), options.host, port))
      return httplib::Server::HandlerResponse::Unhandled;
    res.status = 421;
    res.set_content(
        "relmap serve answers only requests addressed to " + server_url(options.host, port) + "\n",
        "text/plain");
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get(".*", [&site](const httplib::Request& req, httplib::Response& res) {
    Params params(req.params.begin(), req.params.end());
    send(site.respond(req.path, params), res);
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(std::move(e));
    } catch (const std::exception& x) {
      what = x.what();
    } catch (...) {
    }
    res.status = 500;
    res.set_content("relmap serve: " + what + "\n", "text/plain");
  });
  const SignalStop stop(&server);  // before the server's threads, which inherit the mask
  if (port == 0)
    port = server.bind_to_any_port(options.host);
  else if (!server.bind_to_port(options.host, port))
    port = -1;
  if (port < 0) {
    diags->error({}, "cannot listen on " + bracketed(options.host) + ":" + std::to_string(options.port) +
                         ": the address is in use or not this machine's");
    return false;
  }
  // Commands run in the project ask whether the snapshot is fresh while it
  // serves; started after SignalStop, so its thread blocks the signals too.
  const VouchListener watcher(watcher_socket(site.cache_dir()),
                              [&site](const VouchQuestion& q) { return site.vouches(q); });
  ready(server_url(options.host, port));
  server.listen_after_bind();
  return true;
}

}  // namespace relmap::serve
