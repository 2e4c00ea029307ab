// Shared pieces of the generative_photos contract tests.
#pragma once

#include "support/shared_mock.hpp"
#include "support/plugin_contract.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gp_test {

namespace json = boost::json;
// MockServer, PluginUnderTest, CallError and the helpers shared with the
// other plugin suites (support/plugin_contract.hpp).
using namespace photobridge::testing::contract;

// The mocks are shared by the test cases of this process (shared_mock,
// support/shared_mock.hpp) and reset (journal, dataset, fault rules) by fresh()
// at the start of each case.
inline photobridge::testing::MockOptions mock_options(std::optional<std::size_t> dataset) {
    return photobridge::testing::single_provider_options("generative_photos", dataset);
}
inline MockServer& replay_mock() { return photobridge::testing::shared_mock("generative_photos"); }
inline MockServer& dataset_mock() { return photobridge::testing::shared_mock("generative_photos", 5); }

inline PluginUnderTest plugin(const std::string& base_url, const std::string& api_key = "mock-token") {
    return PluginUnderTest("generative_photos", json::object{{"base_url", base_url}, {"api_key", api_key}});
}

// The GalleryItem schema object, which the docs give as the 200 response of
// every JSON endpoint (Schemas > GalleryItem).
inline const char* const kDocGalleryItem =
    R"({"id":"string","data":{"pixels":"string","task":{"status":"string","error":{"code":"string"}}}})";

// The journal entries of generative_photos requests (admin calls left out).
inline json::array provider_requests(const MockServer& mock) {
    return photobridge::testing::contract::provider_requests(mock, "generative_photos");
}

// GETs of one gallery item in the mock's journal.
inline std::size_t gets_of(const MockServer& mock, const std::string& id) {
    std::size_t n = 0;
    for (const auto& e : provider_requests(mock))
        if (e.at("method") == "GET" && e.at("path") == json::value("/generative_photos/teams/me/gallery/" + id)) ++n;
    return n;
}

// Fast polling for tests.
inline json::object fast_wait(const std::string& id, int timeout_ms = 5000) {
    return json::object{{"id", id}, {"timeout_ms", timeout_ms}, {"initial_delay_ms", 5}, {"max_delay_ms", 20}};
}

}  // namespace gp_test
