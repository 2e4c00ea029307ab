// The photos stream and download_media against the mock: the request as the
// journal saw it, the canonical mapping of the documented example field by
// field, errors, and the 1,000-record walk in dataset mode.
#include "helpers.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

using namespace cc_test;

namespace {

// The documented example response (the mock's fixture is taken from cloudcard.md).
json::array documented_example() {
    std::ifstream in(PHOTOBRIDGE_SOURCE_DIR "/mockserver/fixtures/cloudcard/get-photo-list.json");
    std::stringstream ss;
    ss << in.rdbuf();
    const json::value fixture = json::parse(ss.str());
    return fixture.at("examples").at(0).at("body").as_array();
}

}  // namespace

TEST_CASE("manifest declares the photos stream, max paging and a secret token") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));
    const json::object m = p.manifest().as_object();
    CHECK(str(m.at("docs")) == "cloudcard.md");
    CHECK(m.at("config").at("token").at("secret").as_bool());
    CHECK(str(m.at("config").at("base_url").at("default")) == "https://api.cloudcard.us");
    const auto& s = m.at("streams").at("photos").as_object();
    CHECK(s.at("page_size").at("default").as_int64() == 25);
    CHECK(s.at("page_size").at("maximum").as_int64() == 1000);
    CHECK(str(s.at("incremental").at("field")) == "dateCreated");
    CHECK_FALSE(s.contains("total"));  // nothing reads it (sdk-docs/abi.md)
    CHECK(s.at("params").at("properties").at("status").at("enum").as_array().size() == 7);
    CHECK(m.at("operations").as_object().contains("download_media"));
}

TEST_CASE("photos: request and canonical records of the documented example") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));
    mock.clear_journal();

    const json::object pg = page(p, {{"status", "PENDING"}});
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")) == "/cloudcard/photo");
    CHECK(str(req.at("query")) == "status=PENDING&offset=0&max=25");
    CHECK(str(req.at("headers").at("x-auth-token")) == "[REDACTED]");
    CHECK(req.at("body_size").to_number<int>() == 0);
    CHECK(req.at("status").to_number<int>() == 200);

    CHECK(pg.at("next_cursor").is_null());  // 2 records < max 25: the last page
    CHECK(pg.at("total").is_null());        // a bare array carries no total
    const auto& records = pg.at("records").as_array();
    REQUIRE(records.size() == 2);
    const json::array doc = documented_example();

    const auto& r = records[0].as_object();
    CHECK(str(r.at("kind")) == "photo");
    CHECK(str(r.at("id")) == "1423442");
    CHECK(str(r.at("provider")) == kPluginId);
    CHECK(str(r.at("person").at("id")) == "57133436");
    CHECK(str(r.at("person").at("email")) == "test_user@cloudcard.us");
    CHECK(r.at("person").at("name").is_null());
    CHECK(str(r.at("person").at("external_id")) == "54622347");
    CHECK(str(r.at("status")) == "PENDING");
    CHECK(r.at("approved") == json::value(false));
    CHECK(str(r.at("created_at")) == "2022-09-01T16:43:47Z");
    const auto& media = r.at("media").as_array();
    REQUIRE(media.size() == 1);
    CHECK(str(media[0].at("variant")) == "main");
    CHECK(str(media[0].at("url")) ==
          "https://s3.amazonaws.com/test-photos.onlinephotosubmission.com/"
          "000008.22.244.929kldt4jgd6b4q3lgmkb8v7mf7dtfrl0aha1bmaq2uj2hasdfe96jil234dvrh2sfvftiglmgdf75m.jpg");
    CHECK(media[0].at("width").as_int64() == 300);
    CHECK(media[0].at("height").as_int64() == 400);
    CHECK(media[0].at("expires_at").is_null());
    CHECK(r.at("raw") == doc[0]);  // untouched

    const auto& r2 = records[1].as_object();
    CHECK(str(r2.at("id")) == "1415398");
    CHECK(str(r2.at("person").at("id")) == "577122");
    CHECK(str(r2.at("person").at("external_id")) == "123232323");
    CHECK(str(r2.at("created_at")) == "2022-09-01T16:43:05Z");
    CHECK(r2.at("media").at(0).at("height").as_int64() == 401);
    CHECK(r2.at("raw") == doc[1]);
}

TEST_CASE("photos: max is clamped to 1000, the cursor is the offset, status is optional") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));
    mock.clear_journal();
    page(p, {}, "50", 5000);
    CHECK(str(only_request(mock).at("query")) == "offset=50&max=1000");

    // A full page (2 of max 2) is not known to be the last: the cursor moves on.
    const json::object full = page(p, {}, nullptr, 2);
    CHECK(str(full.at("next_cursor")) == "2");
}

TEST_CASE("photos: a bad status or cursor is refused before sending") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));
    mock.clear_journal();
    auto e1 = failure_of([&] { page(p, {{"status", "pending"}}); });
    CHECK(e1.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e1.what(), "status"));
    auto e2 = failure_of([&] { page(p, {{"colour", "red"}}); });
    CHECK(e2.code() == PB_ERR_INVALID_ARGUMENT);
    auto e3 = failure_of([&] { page(p, {}, "ten"); });
    CHECK(e3.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(mock.journal().empty());
}

TEST_CASE("photos: a wrong token is UNAUTHORIZED with the provider's message, never the token") {
    MockServer& mock = replay_mock();
    const std::string token = "not-the-token-0815";
    const auto p = plugin_for(mock.provider_url("cloudcard"), token);
    auto e = failure_of([&] { page(p, {}); });
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(e.http_status() == 401);
    CHECK(e.provider_code() == "unauthorized");
    CHECK(contains(e.what(), "invalid credentials in the X-Auth-Token header"));
    CHECK_FALSE(contains(e.what(), token));

    auto missing = failure_of([] { PluginUnderTest(kPluginId, json::object{}); });
    CHECK(missing.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(missing.what(), "token"));
}

TEST_CASE("photos: 429 with Retry-After and 5xx are typed (injected statuses)") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));
    const FaultRules rules(mock, json::array{
        json::object{{"id", "busy"}, {"provider", "cloudcard"}, {"path", "/photo"}, {"fault", "status"},
                     {"status", 429}, {"retry_after_s", 2}, {"nth", 1}},
        json::object{{"id", "down"}, {"provider", "cloudcard"}, {"path", "/photo"}, {"fault", "status"},
                     {"status", 500}, {"nth", 2}}});
    auto e1 = failure_of([&] { page(p, {}); });
    CHECK(e1.code() == PB_ERR_RATE_LIMITED);
    CHECK(e1.http_status() == 429);
    CHECK(e1.retry_after_ms() == 2000);
    auto e2 = failure_of([&] { page(p, {}); });
    CHECK(e2.code() == PB_ERR_UNAVAILABLE);
    CHECK(e2.http_status() == 500);
    CHECK(page(p, {}).at("records").as_array().size() == 2);  // the rules are spent
}

TEST_CASE("photos: 1,000 records walked to the end, each once, at several page sizes") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));

    mock.clear_journal();
    const json::array all = photobridge::testing::read_all(p, "photos", {}, 250);
    const json::array journal = mock.journal();
    CHECK(journal.size() == 5);  // four full pages, then an empty one ends the stream
    CHECK(str(journal.back().at("query")) == "offset=1000&max=250");
    std::set<std::string> ids;
    for (const auto& r : all) ids.insert(str(r.at("id")));
    CHECK(all.size() == 1000);
    CHECK(ids.size() == 1000);

    for (std::int64_t size : {1000, 137}) {
        CAPTURE(size);
        const json::array again = photobridge::testing::read_all(p, "photos", {}, size);
        REQUIRE(again.size() == 1000);
        for (std::size_t i = 0; i < again.size(); ++i) CHECK(again[i].at("id") == all[i].at("id"));
    }
    CHECK(photobridge::testing::read_all(p, "photos", {}).size() == 1000);  // max 25: 40 full pages + 1

    // Per status, each photo in exactly one status; approved follows the documented rule.
    std::set<std::string> seen;
    std::map<std::string, std::size_t> counts;
    for (const char* status : {"PENDING", "APPROVED", "DENIED", "READY_FOR_DOWNLOAD", "DOWNLOADED", "DONE", "ENROUTE"}) {
        CAPTURE(status);
        const json::array part = photobridge::testing::read_all(p, "photos", {{"status", status}}, 1000);
        counts[status] = part.size();
        for (const auto& r : part) {
            CHECK(str(r.at("status")) == status);
            CHECK(seen.insert(str(r.at("id"))).second);
            const std::string s = status;
            if (s == "PENDING" || s == "DENIED") CHECK(r.at("approved") == json::value(false));
            else if (s == "ENROUTE") CHECK(r.at("approved") == json::value(!r.at("raw").at("dateApproved").is_null()));
            else CHECK(r.at("approved") == json::value(true));
        }
    }
    CHECK(seen.size() == 1000);
    CHECK(counts["PENDING"] >= 2);
}

TEST_CASE("download_media: fetches links.bytes, the token goes only to base_url's origin") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("cloudcard"));
    const json::object pg = page(p, {}, nullptr, 1);
    const std::string url = str(pg.at("records").at(0).at("media").at(0).at("url"));
    REQUIRE(url.rfind(mock.base_url(), 0) == 0);

    mock.clear_journal();
    const auto same = p.call("download_media", json::object{{"url", url}, {"variant", "main"}});
    REQUIRE(same.bytes.size() > 3);
    CHECK(static_cast<unsigned char>(same.bytes[0]) == 0xFF);
    CHECK(static_cast<unsigned char>(same.bytes[1]) == 0xD8);
    CHECK(str(same.json.at("content_type")) == "image/jpeg");
    CHECK(same.json.at("size").to_number<std::size_t>() == same.bytes.size());
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")).find("/cloudcard/cdn/photos/") == 0);
    CHECK(has_header(req, "x-auth-token"));

    mock.clear_journal();
    const std::string other = "http://localhost" + url.substr(std::string("http://127.0.0.1").size());
    const auto cdn = p.call("download_media", json::object{{"url", other}});
    CHECK(cdn.bytes == same.bytes);
    CHECK_FALSE(has_header(only_request(mock), "x-auth-token"));

    auto e = failure_of([&] { p.call("download_media", json::object{{"url", mock.provider_url("cloudcard") + "/cdn/photos/nope.jpg"}}); });
    CHECK(e.code() == PB_ERR_NOT_FOUND);
    CHECK(e.http_status() == 404);
    CHECK(contains(e.what(), "not found"));
}
