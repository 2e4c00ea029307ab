// Every connection of `photobridge serve` is a file descriptor. This raises
// the process's soft RLIMIT_NOFILE to its hard limit (systemd's default soft
// limit is 1024) and, where even that is too low for
// limits.max_connections, lowers max_connections so that the shed allowance,
// the state store, plugins and logs keep descriptors to work with. A change
// is logged at warn.
//
// Thread contract: the main thread, before the listeners start.
#pragma once

#include "serve/listener_limits.hpp"

namespace photobridge::serve {

void fit_connections_to_open_file_limit(ListenerLimits& limits);

}  // namespace photobridge::serve
