// Shared pieces of the cloudcard contract tests.
#pragma once

#include "support/harness.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace cc_test {

namespace json = boost::json;
using photobridge::testing::MockServer;
using photobridge::testing::PluginUnderTest;

inline photobridge::mock::ServerOptions mock_options(std::optional<std::size_t> dataset = std::nullopt) {
    return photobridge::testing::single_provider_options("cloudcard", dataset);
}

// One replay-mode and one dataset-mode (1,000 records) mock per test
// process (shared_mock, support/harness.hpp): each case clears the journal
// before it looks at it and removes any fault rules it loads.
inline MockServer& replay_mock() { return photobridge::testing::shared_mock("cloudcard"); }
inline MockServer& dataset_mock() { return photobridge::testing::shared_mock("cloudcard", 1000); }

// Loads fault rules into `mock` for the lifetime of the guard.
struct FaultRules {
    FaultRules(const MockServer& m, const json::array& rules) : mock(m) {
        mock.admin("POST", "/__admin/faults", json::serialize(json::object{{"rules", rules}}));
    }
    ~FaultRules() { mock.admin("DELETE", "/__admin/faults"); }
    FaultRules(const FaultRules&) = delete;
    FaultRules& operator=(const FaultRules&) = delete;
    const MockServer& mock;
};

inline PluginUnderTest plugin_for(const std::string& base_url, const std::string& token = "mock-token") {
    return PluginUnderTest("cloudcard", json::object{{"base_url", base_url}, {"token", token}, {"timeout_ms", 10000}});
}

// One stream page through the host: {"records", "next_cursor", "total"}.
inline json::object page(const PluginUnderTest& p, json::object params, json::value cursor = nullptr,
                         json::value page_size = nullptr) {
    auto r = p.call("photos", json::object{{"params", std::move(params)}, {"cursor", cursor}, {"page_size", page_size}});
    REQUIRE(r.json.is_object());
    return r.json.as_object();
}

// The failure of `fn`, which must throw host::InvokeError.
inline photobridge::host::InvokeError failure_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const photobridge::host::InvokeError& e) {
        return e;
    }
    FAIL("expected an InvokeError");
    return photobridge::host::InvokeError(0, "unreachable");
}

inline json::object only_request(const MockServer& mock) {
    const json::array j = mock.journal();
    REQUIRE(j.size() == 1);
    return j.front().as_object();
}

inline std::string str(const json::value& v) { return std::string(v.as_string()); }

inline bool has_header(const json::object& entry, const std::string& lower_name) {
    return entry.at("headers").as_object().contains(lower_name);
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace cc_test
