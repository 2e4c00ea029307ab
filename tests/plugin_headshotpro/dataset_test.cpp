// Dataset mode (1,000 records per collection): each stream walked to the end
// through the host's page loop, every record exactly once; batch_download's
// body honoured; download_media fetching the signed CDN URLs, with the key
// sent only to base_url's origin.
#include "helpers.hpp"

#include <set>
#include <string>

using namespace hp_test;

namespace {

constexpr std::size_t kRecords = 1000;

// Every record once: ids unique, and as many as expected.
void check_each_once(const json::array& records, std::size_t expected) {
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(str(r.at("id")));
    CHECK(records.size() == expected);
    CHECK(ids.size() == expected);
}

}  // namespace

TEST_CASE("model_photos walks 1,000 active photos to the end, each once, at several page sizes") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));

    mock.clear_journal();
    const json::array all = photobridge::testing::read_all(p, "model_photos", {{"modelId", kDocModel}}, 200);
    check_each_once(all, kRecords);
    const json::array journal = mock.journal();
    CHECK(journal.size() == 5);  // 5 x 200, the last with hasMore=false
    CHECK(query_params(str(journal.back().at("query"))) == query_params("limit=200&offset=800&status=active&include=main"));
    for (const auto& r : all) {
        CHECK(str(r.at("status")) == "active");
        CHECK_FALSE(r.at("created_at").is_null());
    }
    CHECK(str(all.front().at("id")) == kDocPhoto);

    // An odd page size (and the default one) must give the same set.
    const json::array odd = photobridge::testing::read_all(p, "model_photos", {{"modelId", kDocModel}}, 73);
    check_each_once(odd, kRecords);
    const json::array dflt = photobridge::testing::read_all(p, "model_photos", {{"modelId", kDocModel}});
    check_each_once(dflt, kRecords);
    for (std::size_t i = 0; i < kRecords; ++i) CHECK(odd[i].at("id") == all[i].at("id"));

    // status=deleted: the max(1, N/10) deleted ones.
    const json::array deleted =
        photobridge::testing::read_all(p, "model_photos", {{"modelId", kDocModel}, {"status", "deleted"}}, 200);
    check_each_once(deleted, kRecords / 10);
    for (const auto& r : deleted) CHECK(str(r.at("status")) == "deleted");

    // likedStatus filter is applied by the provider.
    const json::array loved =
        photobridge::testing::read_all(p, "model_photos", {{"modelId", kDocModel}, {"likedStatus", "loved"}}, 200);
    CHECK_FALSE(loved.empty());
    for (const auto& r : loved) CHECK(str(r.at("raw").at("likedStatus")) == "loved");
}

TEST_CASE("org_favorites walks 1,000 members' favorites to the end, each once") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    const json::array all = photobridge::testing::read_all(p, "org_favorites", {{"include", "all"}}, 150);
    check_each_once(all, kRecords);
    std::set<std::string> members;
    for (const auto& r : all) {
        members.insert(str(r.at("person").at("id")));
        CHECK(r.at("media").as_array().size() == 3);
    }
    CHECK(members.size() == kRecords);
    CHECK(str(all.front().at("person").at("name")) == "John Doe");

    const json::array team = photobridge::testing::read_all(p, "org_favorites", {{"teamId", "team_xyz789"}}, 200);
    CHECK_FALSE(team.empty());
    CHECK(team.size() < kRecords);
    for (const auto& r : team) CHECK(str(r.at("raw").at("member").at("teamId")) == "team_xyz789");
}

TEST_CASE("batch_download: photoIds and include reach the provider, omitted photoIds means all photos") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));

    const auto two = p.call("batch_download", json::object{{"modelId", kDocModel},
                                                           {"photoIds", json::array{kDocPhoto, "507f1f77bcf86cd799439023"}},
                                                           {"include", "all"}});
    const auto& d = two.json.at("downloads").as_array();
    REQUIRE(d.size() == 2);
    CHECK(str(d[0].at("photoId")) == kDocPhoto);
    CHECK(d[0].at("media").as_array().size() == 3);
    CHECK_FALSE(two.json.at("expires_at").is_null());

    const auto every = p.call("batch_download", json::object{{"modelId", kDocModel}});
    CHECK(every.json.at("downloads").as_array().size() == kRecords);
    CHECK(every.json.at("downloads").at(0).at("media").as_array().size() == 1);  // include defaults to main
}

TEST_CASE("get_favorite: photo:null for a model without a favorite (dataset)") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    const auto r = p.call("get_favorite", json::object{{"modelId", "507f1f77bcf86cd799439012"}});
    CHECK(r.json.at("photo").is_null());
    CHECK(str(r.json.at("message")) == "No favorite photo has been selected yet");
    const auto f = p.call("get_favorite", json::object{{"modelId", kDocModel}});
    CHECK(str(f.json.at("photo").at("id")) == kDocPhoto);
}

TEST_CASE("download_media: fetches a signed URL, the key goes only to base_url's origin") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    const auto photo = p.call("get_photo", json::object{{"modelId", kDocModel}, {"photoId", kDocPhoto}, {"include", "all"}});
    const auto& media = photo.json.at("media").as_array();
    REQUIRE(media.size() == 3);
    const std::string url = str(media[2].at("url"));
    REQUIRE(url.rfind(mock.base_url(), 0) == 0);  // the dataset's CDN lives on the mock

    mock.clear_journal();
    const auto same = p.call("download_media", json::object{{"url", url}, {"variant", "original"}});
    REQUIRE(same.bytes.size() > 3);
    CHECK(static_cast<unsigned char>(same.bytes[0]) == 0xFF);
    CHECK(static_cast<unsigned char>(same.bytes[1]) == 0xD8);
    CHECK(str(same.json.at("content_type")) == "image/jpeg");
    CHECK(same.json.at("size").to_number<std::size_t>() == same.bytes.size());
    CHECK(str(same.json.at("variant")) == "original");
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")).find("/headshotpro/cdn/photos/") == 0);
    CHECK(has_header(req, "authorization"));  // same scheme, host and port as base_url

    // The same server under another host name is another origin: no key.
    const std::string other = "http://localhost" + url.substr(std::string("http://127.0.0.1").size());
    mock.clear_journal();
    const auto cdn = p.call("download_media", json::object{{"url", other}});
    CHECK(cdn.bytes == same.bytes);
    CHECK(cdn.json.at("variant").is_null());
    const json::object req2 = only_request(mock);
    CHECK_FALSE(has_header(req2, "authorization"));

    // A tampered signature is the CDN's 403, typed.
    auto e = failure_of([&] { p.call("download_media", json::object{{"url", url + "0"}}); });
    CHECK(e.code() == PB_ERR_FORBIDDEN);
    CHECK(e.http_status() == 403);

    auto bad = failure_of([&] { p.call("download_media", json::object{{"url", "file:///etc/passwd"}}); });
    CHECK(bad.code() == PB_ERR_INVALID_ARGUMENT);
}
