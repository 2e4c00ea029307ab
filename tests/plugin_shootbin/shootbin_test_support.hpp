// Shared pieces of the shootbin contract tests: plugin configs, the
// documented examples (copied from shootbin.md, independent of the mock's
// fixtures), images, journal filters and failure capture.
#pragma once

#include "support/shared_mock.hpp"
#include "support/plugin_contract.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

// The plugin under test: the C++ plugin, or a replica of it that must pass
// the same contract (tests/CMakeLists.txt, photobridge_add_declarative_variant).
#ifndef PHOTOBRIDGE_PLUGIN_UNDER_TEST
#define PHOTOBRIDGE_PLUGIN_UNDER_TEST "shootbin"
#endif

namespace shootbin_test {

namespace json = boost::json;
// MockServer, PluginUnderTest, CallError and the helpers shared with the
// other plugin suites (support/plugin_contract.hpp).
using namespace photobridge::testing::contract;

// The plugin id (records' `provider`, `photobridge call <id>`); the mock's
// provider stays "shootbin".
inline const std::string kPluginId = PHOTOBRIDGE_PLUGIN_UNDER_TEST;

// The mocks are shared by the test cases of this process (shared_mock,
// support/shared_mock.hpp) and reset (journal, dataset, fault rules) by fresh()
// at the start of each case.
inline photobridge::testing::MockOptions mock_options(std::optional<std::size_t> dataset) {
    return photobridge::testing::single_provider_options("shootbin", dataset);
}
// Replay mode: the documented examples.
inline MockServer& replay_mock() { return photobridge::testing::shared_mock("shootbin"); }
// Dataset mode, 1,000 photos: project 1 album 12 holds photos 100..1099;
// project 2 album 22 (not owned by the caller) 1100..1119; project 3 album
// 32 (locked for review) 1120..1129.
inline MockServer& dataset_mock() { return photobridge::testing::shared_mock("shootbin", 1000); }
// Dataset mode with a photo selection limit of 1 approval per project.
inline MockServer& limited_mock() {
    static MockServer mock([] {
        auto o = mock_options(30);
        o.dataset_selection_limit = 1;
        return o;
    }());
    return mock;
}
// Dataset mode that refuses request bodies over 4 KiB with 413.
inline MockServer& small_body_mock() {
    static MockServer mock([] {
        auto o = mock_options(30);
        o.max_body_bytes = 4096;
        return o;
    }());
    return mock;
}

inline PluginUnderTest plugin(const std::string& base_url, const std::string& token = "mock-token") {
    return PluginUnderTest(kPluginId, json::object{{"base_url", base_url}, {"token", token}});
}

// The single photo of "List photos in an album", Example response, data[0].
inline const char* const kDocListItem = R"({
  "id": 123, "album_id": 12, "title": "Frame 001", "description": null, "tags": [],
  "original_filename": "IMG_4821.CR3", "approved_at": null, "revision_uploaded_at": null,
  "has_annotations": false, "image_url": "https://your-shootbin-domain.com/photos/...",
  "revisions": [], "annotations": []})";

// "Get a single photo", Example response.
inline const char* const kDocGetPhoto = R"({
  "id": 124, "album_id": 12, "title": "Frame 001", "description": "Uploaded through the API", "tags": [],
  "original_filename": "IMG_4821.CR3", "approved_at": "2025-04-02T14:10:00.000000Z",
  "revision_uploaded_at": null, "has_annotations": true,
  "image_url": "https://your-shootbin-domain.com/photos/...",
  "revisions": [{"id": 5, "revision_number": 1, "original_filename": "IMG_4821_v1.CR3",
                 "uploaded_at": "2025-04-01T10:00:00.000000Z", "archived_annotations_count": 2,
                 "image_url": "https://your-shootbin-domain.com/photos/revisions/..."}],
  "annotations": [{"id": 9, "comment": "Please retouch the hair on the left side.",
                   "x_position": 42.5, "y_position": 31.2, "created_at": "2025-04-02T11:00:00.000000Z"}]})";

// "Upload a photo", Example response (201 Created).
inline const char* const kDocUploadPhoto = R"({
  "id": 124, "album_id": 12, "title": "Frame 001", "description": "Uploaded through the API", "tags": [],
  "original_filename": "photo.jpg", "approved_at": null, "revision_uploaded_at": null,
  "has_annotations": false, "image_url": "https://your-shootbin-domain.com/photos/...",
  "revisions": [], "annotations": []})";

// The journal entries of shootbin requests (admin calls left out).
inline json::array provider_requests(const MockServer& mock) {
    return photobridge::testing::contract::provider_requests(mock, "shootbin");
}

// Every field of a canonical photo record, compared one by one.
inline void check_photo_record(const json::value& record, const std::string& id, std::optional<bool> approved,
                               const std::optional<std::string>& url, const json::value& raw,
                               const std::optional<std::string>& created_at = std::nullopt) {
    const json::object& r = record.as_object();
    CHECK(r.size() == 9);
    CHECK(r.at("kind") == "photo");
    CHECK(r.at("id") == json::value(id));
    CHECK(r.at("provider") == json::value(kPluginId));
    CHECK(r.at("person") == json::parse(R"({"id":null,"email":null,"name":null,"external_id":null})"));
    CHECK(r.at("status").is_null());
    if (approved) CHECK(r.at("approved") == json::value(*approved));
    else CHECK(r.at("approved").is_null());
    if (created_at) CHECK(r.at("created_at") == json::value(*created_at));
    else CHECK(r.at("created_at").is_null());
    const json::array& media = r.at("media").as_array();
    if (url) {
        REQUIRE(media.size() == 1);
        CHECK(media[0] == json::value{{"variant", "main"}, {"url", *url}, {"width", nullptr},
                                      {"height", nullptr}, {"expires_at", nullptr}});
    } else {
        CHECK(media.empty());
    }
    CHECK(r.at("raw") == raw);
}

}  // namespace shootbin_test
