// Shared pieces of the snapbar contract tests.
#pragma once

#include "support/shared_mock.hpp"
#include "support/plugin_contract.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <future>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb_test {

namespace json = boost::json;
// MockServer, PluginUnderTest, CallError and the helpers shared with the
// other plugin suites (support/plugin_contract.hpp).
using namespace photobridge::testing::contract;

// Ids from the collection's examples (and the dataset's fixed records).
inline constexpr const char* kDocContact = "64f1a2b3c4d5e6f7g8h9i0j1";
inline constexpr const char* kDocV2Contact = "6931cc80f299c0770db44e2e";
inline constexpr const char* kDocSubmission = "64f1a2b3c4d5e6f7g8h9i0j1";
inline constexpr const char* kDocStudio = "64f1a2b3c4d5e6f7g8h9i0j2";
inline constexpr const char* kSecondStudio = "650a1b2c3d4e5f6a7b8c9d0e";

inline photobridge::testing::MockOptions mock_options(std::optional<std::size_t> dataset = std::nullopt) {
    return photobridge::testing::single_provider_options("snapbar", dataset);
}

inline json::object config_for(const std::string& base_url, const std::string& token = "mock-token") {
    return json::object{{"base_url", base_url}, {"token", token}, {"timeout_ms", 10000}};
}

inline PluginUnderTest plugin_for(const std::string& base_url, const std::string& token = "mock-token") {
    return PluginUnderTest("snapbar", config_for(base_url, token));
}

// The host keeps one keep-alive HTTP client per origin *per thread*
// (thread_local in host/http_service.cpp); its connection outlives the plugin
// instance, and the mock's stop() then waits out its 30 s keep-alive timeout.
// Each call therefore runs on a fresh thread whose exit closes the connection.
template <typename F>
auto on_fresh_thread(F f) {
    return std::async(std::launch::async, std::move(f)).get();
}

inline photobridge::testing::CallResult call(const PluginUnderTest& p, std::string_view operation,
                                            const json::value& request, std::string_view bytes = {}) {
    return on_fresh_thread([&] { return p.call(operation, request, bytes); });
}

inline json::array walk(const PluginUnderTest& p, std::string_view stream, json::object params,
                        std::optional<std::int64_t> page_size = std::nullopt) {
    return on_fresh_thread([&] { return photobridge::testing::read_all(p, stream, std::move(params), page_size); });
}

// One stream page through the host, on a fresh thread.
inline json::object page(const PluginUnderTest& p, const std::string& stream, json::object params,
                         json::value cursor = nullptr, json::value page_size = nullptr) {
    return on_fresh_thread([&] {
        return photobridge::testing::stream_page(p, stream, std::move(params), std::move(cursor), std::move(page_size));
    });
}

// A journal entry's raw query string decoded into key → values (keys and
// values percent-decoded; '+' is left as is, so a test sees what was sent).
inline std::multimap<std::string, std::string> query_of(const json::object& entry) {
    std::multimap<std::string, std::string> out;
    const std::string raw = str(entry.at("query"));
    if (raw.empty()) return out;
    auto parsed = boost::urls::parse_query(raw);
    REQUIRE(parsed.has_value());
    for (auto p : *parsed)  // encoded; decode() keeps '+' (space_as_plus is off by default)
        out.emplace(p.key.decode(), p.has_value ? p.value.decode() : std::string());
    return out;
}

// The credential header as the journal shows it (redacted), or "" when absent.
inline std::string auth_header(const json::object& entry) {
    const auto& h = entry.at("headers").as_object();
    const auto* v = h.if_contains("authorization");
    return v ? str(*v) : std::string();
}

// The canonical error line a testing::CallError carries must hold the
// provider's own message and never the credential.
inline void check_failure(const photobridge::testing::CallError& e, std::int32_t code, int http_status,
                          const std::string& provider_message) {
    CHECK(e.code() == code);
    CHECK(e.http_status() == http_status);
    CHECK(std::string(e.what()).find(provider_message) != std::string::npos);
    CHECK(std::string(e.what()).find("mock-token") == std::string::npos);
}

}  // namespace sb_test
