// photobridge::testing: the test harness for provider plugins, in this tree
// and outside it (target photobridge::testing, installed with the SDK;
// sdk-docs/writing-a-plugin.md, "Testing a plugin").
//
// A test starts the mock server in its own process (MockServer: the
// built-in providers plus the test's own fixture folders, replay or
// dataset mode), loads a plugin from a folder through the real host
// (PluginUnderTest), calls its streams and operations, and reads what the
// mock saw (journal, coverage) or makes it fail (fault rules).
//
// The library is a shared object that carries its own copy of the host and
// the mock; nothing of them is in this header, so a test needs only this
// header, Boost.JSON and the library.
#pragma once

#include <photobridge/plugin.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace photobridge::testing {

// ---------------------------------------------------------------- the mock

struct MockOptions {
    // Provider fixture folders (each holding a provider.json) or folders of
    // them, added to the built-in providers (sdk-docs/mockserver.md).
    std::vector<std::string> fixture_dirs;
    bool builtin_fixtures = true;         // false: serve only fixture_dirs
    std::vector<std::string> providers;   // empty: every provider found
    std::optional<std::size_t> dataset;   // records per collection; nullopt: replay the documented examples
    std::uint64_t seed = 1;               // dataset mode: same seed, same data
    std::string token = "mock-token";     // the credential every provider accepts
    std::string faults_file;              // fault rules loaded at start; empty: none
    // Dataset mode: selections (Shootbin's approvals) beyond this many get
    // the provider's documented refusal; 0: no limit.
    std::size_t dataset_selection_limit = 0;
    // Dataset mode, by the clock instead of by poll count (nullopt: by poll
    // count): generation jobs (generative.photos' variants) finish this long
    // after their creation; uploads show their faces this long after the
    // upload. Zero: at once; negative: the constructor throws.
    std::optional<std::chrono::milliseconds> dataset_generation_time;
    std::optional<std::chrono::milliseconds> dataset_face_detection_time;
    std::size_t journal_capacity = 10000;  // the journal keeps this many newest requests
    std::size_t max_body_bytes = 16 * 1024 * 1024;  // request bodies above are refused unread (413)
    // Dataset mode: every synthesized JPEG photo is a valid JPEG of about
    // this many bytes, unique per record (--image-bytes); 0: small portraits.
    std::size_t dataset_image_bytes = 0;
};

// The mock server on 127.0.0.1, on a free port, for the object's lifetime.
// Thread contract: the constructor and destructor on one thread; the other
// methods from any thread (each is one HTTP call to the admin API).
// Stopping waits for the clients' idle keep-alive connections to close;
// see on_own_thread().
class MockServer {
public:
    // Throws std::runtime_error naming the reason (a fixture file that does
    // not parse, a port that cannot be bound).
    explicit MockServer(MockOptions options = {});
    ~MockServer();
    MockServer(const MockServer&) = delete;
    MockServer& operator=(const MockServer&) = delete;

    std::string base_url() const;                               // http://127.0.0.1:PORT
    std::string provider_url(std::string_view provider) const;  // http://127.0.0.1:PORT/<provider>

    // The recorded requests, oldest first: {"provider", "method", "path",
    // "query", "headers" (lower-case names), "status", ...}.
    boost::json::array journal() const;
    void clear_journal() const;
    // Journal, dataset state and fault rules back to their start.
    void reset() const;
    // Which documented examples and endpoints were served, per provider.
    boost::json::value coverage() const;
    // Replaces the fault rules (format: sdk-docs/mockserver.md, "Faults").
    void set_faults(const boost::json::array& rules) const;
    void clear_faults() const;
    // Any admin call: method, path under the server, optional JSON body.
    // Throws std::runtime_error on a transport failure or an HTTP error.
    boost::json::value admin(const std::string& method, const std::string& path, const std::string& body = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Fault rules held in a mock for a scope: set by the constructor, cleared by
// the destructor. The mock must outlive the guard.
class FaultRules {
public:
    FaultRules(const MockServer& mock, const boost::json::array& rules);
    ~FaultRules();
    FaultRules(const FaultRules&) = delete;
    FaultRules& operator=(const FaultRules&) = delete;

private:
    const MockServer& mock_;
};

// ------------------------------------------------------------- the plugins

// What a call returned: the plugin's JSON result and its output bytes
// (a download's image), empty when it has none.
struct CallResult {
    boost::json::value json;
    std::string bytes;
};

// A call the plugin failed. code() is a PB_ERR_* status of
// <photobridge/plugin.h>; the message is the host's canonical error line,
// with every secret of the config redacted.
class CallError : public std::runtime_error {
public:
    CallError(std::int32_t code, const std::string& message, int http_status, std::string provider_code,
              std::uint32_t retry_after_ms);
    std::int32_t code() const noexcept { return code_; }
    int http_status() const noexcept { return http_status_; }            // 0: no HTTP response
    const std::string& provider_code() const noexcept { return provider_code_; }
    std::uint32_t retry_after_ms() const noexcept { return retry_after_ms_; }  // 0: none given

private:
    std::int32_t code_;
    int http_status_;
    std::string provider_code_;
    std::uint32_t retry_after_ms_;
};

struct PluginOptions {
    // The folder holding photobridge-<id>.so or <id>.provider.toml, searched
    // before the plugins that came with this library (so a provider file
    // finds the bundled declarative plugin, and a plugin of the folder wins
    // over a bundled one of the same id). Empty: only the plugins that came
    // with this library (an install's lib/photobridge/plugins, or the build
    // tree's plugins/ folder).
    std::string folder;
    std::string connection;  // the name in log lines; empty: the plugin id
};

// One configured instance of a plugin, loaded through the real host (the
// same loader, ABI checks, HTTP service and redaction as `photobridge`).
// Thread contract: the calls may run concurrently from any threads; the
// destructor must not race with them. The host keeps HTTP connections
// alive per calling thread.
class PluginUnderTest {
public:
    // Throws std::runtime_error when the folder has no loadable plugin with
    // that id (naming the files it refused and why), CallError when the
    // plugin refuses the config.
    PluginUnderTest(std::string plugin_id, boost::json::object config, PluginOptions options = {});
    ~PluginUnderTest();
    PluginUnderTest(PluginUnderTest&&) noexcept;
    PluginUnderTest& operator=(PluginUnderTest&&) noexcept;

    // A stream or operation by name. Throws CallError on failure.
    CallResult call(std::string_view operation, const boost::json::value& request,
                    std::string_view input_bytes = {}) const;
    // The webhook-verifier extension (or the 1.0 operation): the verdict
    // {"valid", "reason", "payload", ...}. Throws CallError.
    CallResult verify_webhook(std::string_view token, std::string_view body, std::int32_t leeway_seconds = 0) const;
    // The media-download extension (or the 1.0 operation): json has
    // "content_type", bytes the image. Throws CallError.
    CallResult download_media(std::string_view url, std::string_view variant = {}) const;
    // The step-check extension (ext/step_check.h): one look at what a
    // waiting operation ("check": true) waits for. json is the answer
    // ({"state": "done", "result"}, {"state": "pending", "check_after_ms",
    // "handle", "status", "id"}, or {"state": "failed" | "expired",
    // "status", "message", "provider_code"}); bytes a done answer's bytes.
    // `handle` is the previous pending answer's "handle" (null on the first
    // check). Throws CallError (PB_ERR_UNSUPPORTED without the extension).
    CallResult check(std::string_view operation, const boost::json::value& input,
                     const boost::json::value& handle = nullptr) const;
    // Whether the plugin offers a typed extension, by its id
    // (e.g. "photobridge.webhook-verifier/1"; <photobridge/ext/*.h>).
    bool offers(std::string_view extension_id) const;
    // The header a webhook's token comes in, as the webhook-verifier
    // extension names it; empty when the plugin does not offer it.
    std::string webhook_token_header() const;

    boost::json::value manifest() const;
    const std::string& id() const;
    std::string file() const;  // the .so that was loaded
    // HTTP requests this instance sent so far.
    std::uint64_t http_requests() const;
    // Cancels the calls in flight and every later call (they fail with
    // PB_ERR_CANCELLED). Any thread.
    void cancel() const;

private:
    friend boost::json::array read_all(const PluginUnderTest&, std::string_view, boost::json::object,
                                       std::optional<std::int64_t>);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One page of a stream: {"records", "next_cursor", "total"}. Throws CallError.
boost::json::object stream_page(const PluginUnderTest& plugin, std::string_view stream, boost::json::object params,
                                boost::json::value cursor = nullptr, boost::json::value page_size = nullptr);

// Walks a stream to its end with the host's own page loop (which refuses a
// cursor that does not advance); every record in order. Throws CallError.
boost::json::array read_all(const PluginUnderTest& plugin, std::string_view stream, boost::json::object params = {},
                            std::optional<std::int64_t> page_size = std::nullopt);

// Runs `fn` on a thread of its own and returns its result (or rethrows).
// The host keeps HTTP connections alive per thread; a short-lived thread
// closes them when it ends, so a MockServer stopped afterwards does not
// wait for the test thread's idle keep-alive connections.
template <typename Fn>
auto on_own_thread(Fn fn) -> decltype(fn()) {
    decltype(fn()) result;
    std::exception_ptr error;
    std::thread t([&] {
        try {
            result = fn();
        } catch (...) {
            error = std::current_exception();
        }
    });
    t.join();
    if (error) std::rethrow_exception(error);
    return result;
}

}  // namespace photobridge::testing
