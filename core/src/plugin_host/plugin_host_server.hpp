// photobridge-plugin-host's side of process isolation: serves one plugin's
// C ABI calls (describe, create, destroy, invoke, the extensions) that the
// parent sends over the socket, and forwards the plugin's host-service calls
// (log, HTTP, cancellation) to the parent (sdk-docs/abi.md, "Process
// isolation").
#pragma once

#include "host/plugin_loader.hpp"

#include <string>

namespace photobridge::plugin_host {

// Serves calls on `fd` until the parent closes it, then ends the process
// (std::_Exit(0): calls still running are abandoned with it). `plugin` is
// null when it could not be loaded; `load_problem` then says why, and every
// describe answers with it. Thread contract: the calling thread reads every
// frame; calls run on a pool of worker threads that grows to the number of
// calls in flight, so a call waiting for the parent's HTTP never blocks the
// others.
[[noreturn]] void serve_plugin(int fd, host::LoadedPluginPtr plugin, std::string load_problem);

}  // namespace photobridge::plugin_host
