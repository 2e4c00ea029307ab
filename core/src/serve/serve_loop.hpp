// The foreground loop of `photobridge serve`: starts the service, prints
// "listening on http://HOST:PORT" as the first stdout line (flushed), with
// --admin-listen "admin on http://HOST:PORT (/healthz, /metrics)" next, then
// waits for SIGINT/SIGTERM (host::SignalScope) or `stop`, and shuts the
// service down: stop accepting, interrupt the runs under way (they
// checkpoint; their webhook events stay pending for the next start), join.
// A second signal also cuts off in-flight requests.
//
// Thread contract: the calling (main) thread; one at a time per process.
#pragma once

#include "serve/serve_service.hpp"

#include <ostream>

namespace photobridge::serve {

// Returns the exit code: 0 after a clean stop. Throws what start() throws.
int serve_until_stopped(ServeService& service, std::ostream& out);

}  // namespace photobridge::serve
