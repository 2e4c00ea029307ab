// Shared pieces of the cloudcard contract tests.
#pragma once

#include "support/shared_mock.hpp"
#include "support/plugin_contract.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <optional>
#include <string>

// The plugin under test: the C++ plugin, or a replica of it that must pass
// the same contract (tests/CMakeLists.txt, photobridge_add_declarative_variant).
#ifndef PHOTOBRIDGE_PLUGIN_UNDER_TEST
#define PHOTOBRIDGE_PLUGIN_UNDER_TEST "cloudcard"
#endif

namespace cc_test {

namespace json = boost::json;
// MockServer, PluginUnderTest, CallError and the helpers shared with the
// other plugin suites (support/plugin_contract.hpp).
using namespace photobridge::testing::contract;

// The plugin id (records' `provider`, `photobridge call <id>`); the mock's
// provider stays "cloudcard".
inline const std::string kPluginId = PHOTOBRIDGE_PLUGIN_UNDER_TEST;

inline photobridge::testing::MockOptions mock_options(std::optional<std::size_t> dataset = std::nullopt) {
    return photobridge::testing::single_provider_options("cloudcard", dataset);
}

// One replay-mode and one dataset-mode (1,000 records) mock per test
// process (shared_mock, support/shared_mock.hpp): each case clears the journal
// before it looks at it and removes any fault rules it loads.
inline MockServer& replay_mock() { return photobridge::testing::shared_mock("cloudcard"); }
inline MockServer& dataset_mock() { return photobridge::testing::shared_mock("cloudcard", 1000); }

inline PluginUnderTest plugin_for(const std::string& base_url, const std::string& token = "mock-token") {
    return PluginUnderTest(kPluginId, json::object{{"base_url", base_url}, {"token", token}, {"timeout_ms", 10000}});
}

// One page of the `photos` stream through the host.
inline json::object page(const PluginUnderTest& p, json::object params, json::value cursor = nullptr,
                         json::value page_size = nullptr) {
    return photobridge::testing::stream_page(p, "photos", std::move(params), std::move(cursor), std::move(page_size));
}

}  // namespace cc_test
