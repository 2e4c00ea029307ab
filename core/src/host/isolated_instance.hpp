// Process isolation, the parent's side: a plugin instance that lives in a
// photobridge-plugin-host child. The child serves the plugin's C ABI calls
// over a socketpair (wire_frame.hpp); this side offers the same C ABI
// (a descriptor's destroy/invoke and the extension tables), so a
// PluginInstance drives an isolated plugin exactly as a loaded one, and the
// host services (log, HTTP, cancellation) the child calls back run here,
// with the instance's own pb_host table: rate limits, redaction, metrics
// and the journal stay in the parent.
//
// When the child crashes, exits, breaks the protocol or stays silent past
// the call deadline, the calls in flight fail with PB_ERR_UNAVAILABLE and a
// message saying what happened; the next call starts a new child (after a
// backoff that doubles with each failure in a row, 100 ms to 5 s) and
// creates the instance again from the same config.
#pragma once

#include "host/plugin_extensions.hpp"
#include "host/plugin_loader.hpp"

#include <photobridge/plugin.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace photobridge::host {

inline constexpr std::uint64_t kDefaultPluginMemoryLimitMb = 2048;
inline constexpr std::int64_t kDefaultCallDeadlineMs = 60000;

struct IsolationSettings {
    std::filesystem::path program;                            // empty: plugin_host_program()
    std::uint64_t memory_limit_mb = kDefaultPluginMemoryLimitMb;  // the child's RLIMIT_AS in MiB; 0: none
    // How long the child may stay silent on one call (time spent in the
    // parent's host services, e.g. HTTP, does not count).
    std::chrono::milliseconds call_deadline{kDefaultCallDeadlineMs};
};

// What a PluginInstance calls for an isolated plugin: the descriptor (only
// destroy and invoke are set) and the extension tables, one proxy for each
// extension `plugin` offers (null where it offers none). Static tables.
struct IsolatedCalls {
    const pb_plugin_descriptor* descriptor = nullptr;
    PluginExtensions extensions;
};
IsolatedCalls isolated_calls(const LoadedPlugin& plugin) noexcept;

// Starts a child for `plugin`, checks it loaded the same plugin, and creates
// the instance from `config_json` there. Returns the handle to pass to the
// IsolatedCalls functions, or NULL with `error` filled: the plugin's own
// error when it refused the config, PB_ERR_UNAVAILABLE when the child could
// not start or died. `host` is the instance's table (borrowed until
// destroy); `connection` names the instance in log lines; the limits are
// the caller's sink limits (the child refuses bigger output as the caller's
// sinks would). [any-thread]
pb_instance* create_isolated_instance(const LoadedPlugin& plugin, const IsolationSettings& settings,
                                      std::string_view connection, std::size_t max_response_json_bytes,
                                      std::size_t max_output_bytes, const pb_host* host, std::string_view config_json,
                                      pb_error* error) noexcept;

}  // namespace photobridge::host
