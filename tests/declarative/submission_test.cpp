// The `submission` record kind and media made from an array of the record,
// through valid/picture_day.provider.toml (a made-up school picture-day
// service) against a loopback server: the canonical submission field by
// field, one media entry per photo named by its label, a photo without a
// URL left out, and a photo without a label refused with PROTOCOL.
#include "support/harness.hpp"
#include "support/loopback_server.hpp"
#include "support/plugin_contract.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <string>

using namespace photobridge;
namespace json = boost::json;

namespace {

const std::string kValidDir = std::string(DECLARATIVE_TEST_DIR) + "/valid";

// GET /v1/submissions: two submissions on the first page, one on the
// second (cursor "c2"), or `body` when it is set.
struct PictureDayApi {
    std::string body;
    testing::LoopbackServer server{"picture day", [this](const httplib::Request& req, httplib::Response& res) {
                                       if (req.get_header_value("Authorization") != "Bearer pd-token") {
                                           res.status = 401;
                                           return;
                                       }
                                       if (!body.empty()) {
                                           res.set_content(body, "application/json");
                                           return;
                                       }
                                       const bool second = req.get_param_value("cursor") == "c2";
                                       json::array items;
                                       if (!second) {
                                           items.push_back(json::parse(R"({
                                             "id": "s1", "state": "accepted", "submitted_at": "2026-09-01T08:00:00Z",
                                             "updated_at": "2026-09-02T09:00:00Z", "school_id": "north-high",
                                             "student": {"id": 41, "email": "ana@example.com", "name": "Ana Ruiz"},
                                             "photos": [{"label": "front", "url": "https://cdn.example/s1/front.jpg", "w": 600, "h": 800},
                                                        {"label": "profile", "url": "https://cdn.example/s1/profile.jpg"},
                                                        {"label": "raw"}]})"));
                                           items.push_back(json::parse(R"({"id": "s2", "state": "waiting", "photos": []})"));
                                       } else {
                                           items.push_back(json::parse(R"({"id": "s3", "state": "rejected"})"));
                                       }
                                       json::object page{{"items", std::move(items)}, {"next", second ? json::value(nullptr) : json::value("c2")}};
                                       res.set_content(json::serialize(page), "application/json");
                                   }};
};

testing::PluginUnderTest picture_day(const PictureDayApi& api) {
    testing::PluginOptions options;
    options.folder = kValidDir;
    return testing::PluginUnderTest("picture_day", json::object{{"base_url", api.server.url()}, {"token", "pd-token"}},
                                    options);
}

}  // namespace

TEST_CASE("submission records: photo-shaped, with submitted_at, updated_at, studio_id and a media entry per photo") {
    PictureDayApi api;
    const auto p = picture_day(api);
    CHECK(p.manifest().at("streams").at("submissions").at("record") == "submission");

    const json::array records = testing::read_all(p, "submissions", json::object{}, 2);
    REQUIRE(records.size() == 3);
    const json::object& s1 = records[0].as_object();
    CHECK(s1.at("kind") == "submission");
    CHECK(s1.at("id") == "s1");
    CHECK(s1.at("provider") == "picture_day");
    CHECK(s1.at("person") == json::parse(R"({"id":"41","email":"ana@example.com","name":"Ana Ruiz","external_id":null})"));
    CHECK(s1.at("status") == "accepted");
    CHECK(s1.at("approved") == true);
    CHECK(s1.at("created_at") == "2026-09-01T08:00:00Z");
    CHECK(s1.at("submitted_at") == "2026-09-01T08:00:00Z");
    CHECK(s1.at("updated_at") == "2026-09-02T09:00:00Z");
    CHECK(s1.at("studio_id") == "north-high");
    CHECK(s1.at("media") == json::parse(R"([
        {"variant": "front", "url": "https://cdn.example/s1/front.jpg", "width": 600, "height": 800, "expires_at": null},
        {"variant": "profile", "url": "https://cdn.example/s1/profile.jpg", "width": null, "height": null, "expires_at": null}])"));
    CHECK(s1.at("raw").at("school_id") == "north-high");

    const json::object& s2 = records[1].as_object();
    CHECK(s2.at("approved").is_null());
    CHECK(s2.at("media").as_array().empty());
    CHECK(s2.at("submitted_at").is_null());
    CHECK(s2.at("studio_id").is_null());
    CHECK(records[2].at("approved") == false);
}

TEST_CASE("submission records: a photo that names no variant, or photos that are not an array, fail the page") {
    PictureDayApi api;
    const auto p = picture_day(api);
    api.body = R"({"items": [{"id": "s9", "photos": [{"url": "https://cdn.example/x.jpg"}]}], "next": null})";
    auto e = testing::contract::failure_of([&] { testing::stream_page(p, "submissions", {}, nullptr, 5); });
    CHECK(e.code() == PB_ERR_PROTOCOL);
    CHECK(testing::contract::contains(e.what(), "items[0]: photos[0]: field 'label' should name the media variant"));
    api.body = R"({"items": [{"id": "s9", "photos": {"front": "u"}}], "next": null})";
    e = testing::contract::failure_of([&] { testing::stream_page(p, "submissions", {}, nullptr, 5); });
    CHECK(e.code() == PB_ERR_PROTOCOL);
    CHECK(testing::contract::contains(e.what(), "field 'photos' should be an array, got object"));
}
