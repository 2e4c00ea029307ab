// Shared pieces of the generative_photos contract tests.
#pragma once

#include "support/harness.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gp_test {

namespace json = boost::json;
using photobridge::host::InvokeError;
using photobridge::testing::PluginUnderTest;

using photobridge::testing::MockServer;

// The mocks are shared by the test cases of this process (shared_mock,
// support/harness.hpp) and reset (journal, dataset, fault rules) by fresh()
// at the start of each case.
inline photobridge::mock::ServerOptions mock_options(std::optional<std::size_t> dataset) {
    return photobridge::testing::single_provider_options("generative_photos", dataset);
}
inline MockServer& replay_mock() { return photobridge::testing::shared_mock("generative_photos"); }
inline MockServer& dataset_mock() { return photobridge::testing::shared_mock("generative_photos", 5); }
inline const MockServer& fresh(MockServer& mock) {
    mock.reset();
    return mock;
}

inline PluginUnderTest plugin(const std::string& base_url, const std::string& api_key = "mock-token",
                              photobridge::host::InstanceOptions options = {}) {
    return PluginUnderTest("generative_photos", json::object{{"base_url", base_url}, {"api_key", api_key}},
                           std::move(options));
}

// The GalleryItem schema object, which the docs give as the 200 response of
// every JSON endpoint (Schemas > GalleryItem).
inline const char* const kDocGalleryItem =
    R"({"id":"string","data":{"pixels":"string","task":{"status":"string","error":{"code":"string"}}}})";

// A 1x1 PNG.
inline std::string png_bytes() {
    static const unsigned char png[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
        0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0xE0, 0xE0, 0x00, 0x00, 0x00, 0x84, 0x00, 0x41, 0xE1,
        0x8D, 0xAF, 0x27, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    return std::string(reinterpret_cast<const char*>(png), sizeof png);
}

inline std::string jpeg_bytes(std::size_t size = 256) {
    std::string bytes("\xFF\xD8\xFF\xE0", 4);
    bytes.resize(size - 2, 'j');
    bytes.append("\xFF\xD9", 2);
    return bytes;
}

inline bool is_png(std::string_view bytes) { return bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8); }

inline json::array provider_requests(const photobridge::testing::MockServer& mock) {
    json::array out;
    for (auto& e : mock.journal())
        if (e.as_object().at("provider") == "generative_photos") out.push_back(e);
    return out;
}

template <class F>
InvokeError failure_of(F&& f) {
    try {
        f();
    } catch (const InvokeError& e) {
        return e;
    }
    throw std::runtime_error("the call succeeded but should have failed");
}

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// Fast polling for tests.
inline json::object fast_wait(const std::string& id, int timeout_ms = 5000) {
    return json::object{{"id", id}, {"timeout_ms", timeout_ms}, {"initial_delay_ms", 5}, {"max_delay_ms", 20}};
}

}  // namespace gp_test
