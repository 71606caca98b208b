// The HTTP server of `relmap serve` (cpp-httplib, seen by this folder
// alone): binds one address, refuses requests whose Host header names
// another (DNS rebinding), sends every reply with a Content-Security-Policy
// that allows only the site's own script, and stops on SIGINT or SIGTERM.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "serve/site.h"

namespace relmap::serve {

/// Where to listen.
struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port.
};

/// The Host header values a server bound to `host` and `port` answers:
/// "HOST:PORT", and for a loopback address also localhost, 127.0.0.1 and
/// [::1] with the port.
std::vector<std::string> allowed_hosts(const std::string& host, int port);

/// "http://HOST:PORT/", IPv6 addresses in brackets.
std::string server_url(const std::string& host, int port);

/// Serve `site` until SIGINT or SIGTERM; `ready` is called with the URL once
/// the address is bound. False, with why in `diags`, if it cannot be bound.
bool serve(Site& site, const ServeOptions& options, const std::function<void(const std::string&)>& ready,
           Diagnostics* diags);

}  // namespace relmap::serve
