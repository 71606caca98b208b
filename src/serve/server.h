// The HTTP server of `relmap serve` (cpp-httplib, seen by this folder
// alone): binds one address, refuses requests whose Host header names
// another (DNS rebinding), sends every reply with a Content-Security-Policy
// that allows only the site's own script, and stops on SIGINT or SIGTERM.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "serve/site.h"

namespace relmap::serve {

/// Where to listen.
struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port.
};

/// Whether a request with this Host header is addressed to a server bound
/// to `host` and `port`: the port must be its own, and the name the address
/// bound; for a loopback address also localhost, 127.0.0.1 or [::1]; for
/// every address (0.0.0.0, ::) any IP address or localhost. A domain name
/// other than localhost never is: that is how DNS rebinding comes in.
bool host_allowed(std::string_view header, const std::string& host, int port);

/// "http://HOST:PORT/", IPv6 addresses in brackets.
std::string server_url(const std::string& host, int port);

/// Serve `site` until SIGINT or SIGTERM; `ready` is called with the URL once
/// the address is bound. False, with why in `diags`, if it cannot be bound.
bool serve(Site& site, const ServeOptions& options, const std::function<void(const std::string&)>& ready,
           Diagnostics* diags);

}  // namespace relmap::serve
