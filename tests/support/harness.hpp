// Test helpers shared by every suite: an in-process mock server on
// 127.0.0.1:0, and plugins loaded through the real host.
#pragma once

#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"

#ifdef PHOTOBRIDGE_HAVE_MOCK
#include <photobridge/mock/server.hpp>
#endif

#include <boost/json.hpp>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace photobridge::testing {

// Every plugin of the build, loaded once per test process. [any-thread] read-only.
const host::PluginRegistry& built_plugins();

#ifdef PHOTOBRIDGE_HAVE_MOCK
// The mock server, started in-process on 127.0.0.1 port 0; stopped by the
// destructor.
class MockServer {
public:
    explicit MockServer(mock::ServerOptions options = {});
    ~MockServer();
    MockServer(const MockServer&) = delete;
    MockServer& operator=(const MockServer&) = delete;

    std::string base_url() const;                                // http://127.0.0.1:PORT
    std::string provider_url(std::string_view provider) const;   // http://127.0.0.1:PORT/<provider>
    boost::json::array journal() const;                          // GET /__admin/requests, oldest first
    void clear_journal() const;                                  // DELETE /__admin/requests
    void reset() const;                                          // POST /__admin/reset
    // Any admin call: method, path under the server, optional JSON body.
    boost::json::value admin(const std::string& method, const std::string& path, const std::string& body = {}) const;

private:
    std::unique_ptr<mock::Server> server_;
    int port_ = 0;
};

// Options for a mock that serves only `provider`: replay mode (the documented
// examples), or dataset mode with `dataset` records.
mock::ServerOptions single_provider_options(const std::string& provider, std::optional<std::size_t> dataset = std::nullopt);

// One mock per (provider, dataset) for the whole test process, started on
// first use and shared by the test cases, which reset or clear what they
// look at. Shared because a mock the host has talked to keeps idle
// keep-alive connections open, so stopping it takes that long; at exit the
// host's thread-local connections close first and the mocks then stop at
// once. Threads: any; the first call for a key starts that mock.
MockServer& shared_mock(const std::string& provider, std::optional<std::size_t> dataset = std::nullopt);
#endif

// One instance of a built plugin, created through the host like the CLI does.
class PluginUnderTest {
public:
    PluginUnderTest(std::string plugin_id, boost::json::object config, host::InstanceOptions options = {});

    // Throws host::InvokeError on failure.
    host::InvokeResult call(std::string_view operation, const boost::json::value& request,
                            std::string_view input_bytes = {}) const;
    boost::json::value manifest() const;
    const host::PluginInstance& instance() const { return *instance_; }

private:
    std::shared_ptr<host::PluginInstance> instance_;
};

// Runs `fn` on a thread of its own and returns its result (or rethrows).
// The host keeps HTTP connections alive per thread; a short-lived thread
// closes them when it ends, so the mock's shutdown does not wait for idle
// keep-alive connections of the test thread.
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

// Walks a stream to its end through the host's page loop; all records in order.
boost::json::array read_all(const PluginUnderTest& plugin, std::string_view stream, boost::json::object params,
                            std::optional<std::int64_t> page_size = std::nullopt);

}  // namespace photobridge::testing
