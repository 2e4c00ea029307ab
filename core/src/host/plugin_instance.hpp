// One live plugin instance (one configured connection) and the host service
// table it was given.
#pragma once

#include "host/cancellation.hpp"
#include "host/http_exchange.hpp"
#include "host/http_service.hpp"
#include "host/invoke_error.hpp"
#include "host/isolated_instance.hpp"
#include "host/plugin_loader.hpp"
#include "host/request_gate.hpp"
#include "host/secret_redactor.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::host {

struct InvokeResult {
    boost::json::value json;
    std::string bytes;
};

// A result as the plugin wrote it, JSON unparsed.
struct InvokeTextResult {
    std::string json_text;
    std::string bytes;
};

// One page of a sink lookup: found (with the id of what the write made, ""
// when the provider gives none), or not found and, when there is more to
// search, where to go on.
struct WriteLookupPage {
    bool found = false;
    std::string id;
    std::optional<std::string> next_cursor;
};

// One answer of the step-check extension (ext/step_check.h).
struct StepCheckAnswer {
    enum class State { done, pending, failed, expired };
    State state = State::pending;
    InvokeResult result;               // done: what invoke() would have returned
    std::int64_t check_after_ms = 0;   // pending: look again this long from now (>= 0)
    std::string handle_json;           // pending: give back on the next check (JSON text)
    std::string status;                // the provider's status ("" when the plugin gave none)
    std::string id;                    // the provider's id of the job ("" when none)
    std::string message;               // failed, expired (redacted)
    std::string provider_code;         // failed (redacted)
};

struct InstanceOptions {
    std::string connection;  // name used in log lines, e.g. "hp"; defaults to the plugin id
    std::shared_ptr<const HttpService> http;        // null: a default HttpService
    CancellationTokenPtr cancel;                    // null: never cancelled
    std::shared_ptr<RequestGate> gate;              // null: no rate limit, no pause on a provider's rate limit
    HttpExchangeListener on_http_exchange;          // empty: requests are not described (no cost)
    std::size_t max_response_json_bytes = 64u * 1024 * 1024;
    std::size_t max_output_bytes = 512u * 1024 * 1024;
    // Set: the plugin runs in a photobridge-plugin-host child process
    // (isolated_instance.hpp); a crash there fails calls with
    // PB_ERR_UNAVAILABLE instead of ending this process.
    std::optional<IsolationSettings> isolation;
};

// Thread contract: invoke() is [any-thread] and may run concurrently; the
// destructor must not race with invoke(). Holds the LoadedPlugin, so the
// shared library outlives the instance.
class PluginInstance {
public:
    // Creates the plugin's instance from `config`. The values of config keys
    // the manifest marks "secret" are registered with the redactor first.
    // Throws InvokeError when the plugin refuses the config.
    PluginInstance(LoadedPluginPtr plugin, const boost::json::object& config, InstanceOptions options = {});
    ~PluginInstance();
    PluginInstance(const PluginInstance&) = delete;
    PluginInstance& operator=(const PluginInstance&) = delete;

    // Throws InvokeError (redacted message) on any failure, including
    // exceptions the plugin let escape as error statuses.
    InvokeResult invoke(std::string_view operation, const boost::json::value& request,
                        std::string_view input_bytes = {}) const;

    // The same call with JSON as text both ways: no serialising or parsing on
    // the host's side. `operation` must be NUL-terminated-safe (it is copied).
    InvokeTextResult invoke_text(std::string_view operation, std::string_view request_json,
                                 std::string_view input_bytes = {}) const;

    // Checks one webhook delivery and returns the verdict ({"valid", "reason",
    // "payload", ...}; ext/webhook_verifier.h). Uses the plugin's
    // webhook-verifier extension, or for an ABI 1.0 plugin its
    // verify_webhook operation. An empty `body` means the delivery had none.
    // Throws InvokeError like invoke().
    InvokeResult verify_webhook(std::string_view token, std::string_view body, std::int32_t leeway_seconds) const;

    // Fetches one media item's bytes; json holds at least "content_type"
    // (ext/media_download.h). Uses the plugin's media-download extension, or
    // for an ABI 1.0 plugin its download_media operation. Throws InvokeError
    // like invoke().
    InvokeResult download_media(std::string_view url, std::string_view variant) const;

    // The sink-lookup extension (ext/sink_lookup.h); both require that the
    // plugin offers it (plugin().extensions.sink_lookup != nullptr).
    // can_find_write: whether a write of `action` with `input` can be looked
    // up; no I/O, never throws. find_write: one page of the lookup, from
    // `cursor` (nullopt: the start). Throws InvokeError like invoke(),
    // PB_ERR_PROTOCOL for a malformed answer.
    bool can_find_write(std::string_view action, const boost::json::object& input) const noexcept;
    WriteLookupPage find_write(std::string_view action, const boost::json::object& input,
                               const std::optional<std::string>& cursor) const;

    // The step-check extension (ext/step_check.h): whether the plugin offers
    // it, and one look at what `operation` waits for. `handle_json` is ""
    // on the first check, then the previous pending answer's handle_json.
    // Throws InvokeError like invoke() (the look failed: retry it),
    // PB_ERR_PROTOCOL for a malformed answer.
    bool can_check() const noexcept { return extensions_.step_check != nullptr; }
    StepCheckAnswer check(std::string_view operation, const boost::json::object& input,
                          std::string_view handle_json) const;

    const LoadedPlugin& plugin() const noexcept { return *plugin_; }
    const SecretRedactor& redactor() const noexcept { return redactor_; }
    const std::string& connection() const noexcept { return options_.connection; }
    // HTTP requests sent through the host by this instance so far.
    std::uint64_t http_requests() const noexcept { return http_requests_.load(std::memory_order_relaxed); }

private:
    static void host_log(const pb_host* host, std::int32_t level, const char* message);
    static std::int32_t host_http(const pb_host* host, const pb_http_request* request, pb_http_response* response,
                                  pb_error* error);
    static std::int32_t host_is_cancelled(const pb_host* host);
    static const void* host_get_extension(const pb_host* host, const char* id);

    InvokeError error_from(std::int32_t code, const pb_error& error) const;
    InvokeResult parsed(std::string_view operation, InvokeTextResult text) const;

    LoadedPluginPtr plugin_;
    InstanceOptions options_;
    SecretRedactor redactor_;
    pb_host table_{};  // handed to the plugin; lives exactly as long as the instance
    pb_instance* handle_ = nullptr;
    // What calls go through: the plugin's own descriptor and extensions, or
    // for an isolated instance the proxies that forward them to its child.
    const pb_plugin_descriptor* calls_ = nullptr;
    PluginExtensions extensions_;
    mutable std::atomic<std::uint64_t> http_requests_{0};
};

}  // namespace photobridge::host
