// Replay mode: each stream and operation against the documented examples of
// headshotpro.md — the request as the mock's journal saw it, and the
// canonical mapping field by field.
#include "helpers.hpp"

using namespace hp_test;

namespace {

// The photo of the docs' examples, as every example carries it.
void check_doc_photo_core(const json::object& r) {
    CHECK(str(r.at("kind")) == "photo");
    CHECK(str(r.at("id")) == kDocPhoto);
    CHECK(str(r.at("provider")) == kPluginId);
    CHECK(r.at("approved").is_null());  // HeadshotPro has no approval step
}

}  // namespace

TEST_CASE("manifest declares streams, operations and a secret api_key") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    const json::object m = p.manifest().as_object();
    CHECK(str(m.at("docs")) == "headshotpro.md");
    const auto& config = m.at("config").as_object();
    CHECK(config.at("api_key").at("secret").as_bool());
    CHECK(str(config.at("base_url").at("default")) == "https://server.headshotpro.com/api/v2");
    const auto& streams = m.at("streams").as_object();
    CHECK(streams.at("model_photos").at("page_size").at("maximum").as_int64() == 200);
    CHECK(str(streams.at("model_photos").at("incremental").at("field")) == "createdAt");
    CHECK(streams.at("org_favorites").at("incremental").is_null());
    for (const char* op : {"get_photo", "get_favorite", "batch_download", "download_media"})
        CHECK(m.at("operations").as_object().contains(op));
}

TEST_CASE("model_photos: request and canonical record of the documented example") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();

    const json::object pg = page(p, "model_photos", {{"modelId", kDocModel}, {"likedStatus", "loved"}});

    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")) == std::string("/headshotpro/organization/models/") + kDocModel + "/photos");
    CHECK(query_params(str(req.at("query"))) == query_params("limit=50&offset=0&status=active&likedStatus=loved&include=main"));
    CHECK(str(req.at("headers").at("authorization")) == "[REDACTED]");
    CHECK(req.at("body_size").to_number<std::int64_t>() == 0);
    CHECK(req.at("status").to_number<int>() == 200);

    CHECK(pg.at("next_cursor").is_null());  // pagination.hasMore = false
    CHECK(pg.at("total").to_number<std::int64_t>() == 40);
    const auto& records = pg.at("records").as_array();
    REQUIRE(records.size() == 1);
    const auto& r = records[0].as_object();
    check_doc_photo_core(r);
    CHECK(str(r.at("status")) == "active");
    CHECK(str(r.at("created_at")) == "2024-01-15T11:45:00.000Z");
    const auto& person = r.at("person").as_object();
    for (const char* k : {"id", "email", "name", "external_id"}) CHECK(person.at(k).is_null());
    const auto& media = r.at("media").as_array();
    REQUIRE(media.size() == 1);
    CHECK(str(media[0].at("variant")) == "main");
    CHECK(str(media[0].at("url")) == "https://cdn.headshotpro.com/photos/abc123.jpg?signature=...");
    CHECK(media[0].at("width").is_null());
    CHECK(media[0].at("height").is_null());
    CHECK(str(media[0].at("expires_at")) == "2024-01-16T11:45:00.000Z");
    CHECK(str(r.at("raw").at("likedStatus")) == "loved");
    // raw is the documented photo object itself, untouched.
    CHECK(r.at("raw") == json::parse(R"({"id":"507f1f77bcf86cd799439022","status":"active","likedStatus":"loved",
        "createdAt":"2024-01-15T11:45:00.000Z","urls":{"main":"https://cdn.headshotpro.com/photos/abc123.jpg?signature=..."},
        "expiresAt":"2024-01-16T11:45:00.000Z"})"));
}

TEST_CASE("model_photos: page size is clamped to 200, the cursor is the offset, filters are sent") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();
    page(p, "model_photos", {{"modelId", kDocModel}, {"status", "deleted"}, {"include", "all"}}, "150", 500);
    const json::object req = only_request(mock);
    CHECK(query_params(str(req.at("query"))) == query_params("limit=200&offset=150&status=deleted&include=all"));

    mock.clear_journal();
    page(p, "model_photos", {{"modelId", kDocModel}}, nullptr, 7);
    CHECK(query_params(str(only_request(mock).at("query"))) == query_params("limit=7&offset=0&status=active&include=main"));
}

TEST_CASE("model_photos: bad params and cursors are refused before sending") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();
    auto e1 = failure_of([&] { page(p, "model_photos", {{"status", "active"}}); });
    CHECK(e1.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e1.what()).find("modelId") != std::string::npos);
    auto e2 = failure_of([&] { page(p, "model_photos", {{"modelId", kDocModel}, {"likedStatus", "hated"}}); });
    CHECK(e2.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e2.what()).find("likedStatus") != std::string::npos);
    auto e3 = failure_of([&] { page(p, "model_photos", {{"modelId", kDocModel}}, "-5"); });
    CHECK(e3.code() == PB_ERR_INVALID_ARGUMENT);
    auto e4 = failure_of([&] { page(p, "model_photos", {{"modelId", kDocModel}}, "12abc"); });
    CHECK(e4.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(mock.journal().empty());
}

TEST_CASE("org_favorites: request and canonical record with the member as person") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();

    const json::object pg = page(p, "org_favorites", {{"teamId", "team_xyz789"}});
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")) == "/headshotpro/organization/photos/favorites");
    CHECK(query_params(str(req.at("query"))) == query_params("limit=50&offset=0&teamId=team_xyz789&include=main"));
    CHECK(str(req.at("headers").at("authorization")) == "[REDACTED]");

    CHECK(pg.at("next_cursor").is_null());
    CHECK(pg.at("total").to_number<std::int64_t>() == 25);
    const auto& records = pg.at("records").as_array();
    REQUIRE(records.size() == 1);
    const auto& r = records[0].as_object();
    check_doc_photo_core(r);
    CHECK(r.at("status").is_null());      // the favorites list has no status
    CHECK(r.at("created_at").is_null());  // nor createdAt
    const auto& person = r.at("person").as_object();
    CHECK(str(person.at("id")) == "user_abc123");
    CHECK(str(person.at("email")) == "john@example.com");
    CHECK(str(person.at("name")) == "John Doe");
    CHECK(person.at("external_id").is_null());
    const auto& media = r.at("media").as_array();
    REQUIRE(media.size() == 1);
    CHECK(str(media[0].at("url")) == "https://cdn.headshotpro.com/photos/abc123.jpg");
    CHECK(str(media[0].at("expires_at")) == "2024-01-16T11:45:00.000Z");
    CHECK(str(r.at("raw").at("member").at("teamName")) == "Marketing");
    CHECK(str(r.at("raw").at("modelId")) == kDocModel);

    mock.clear_journal();
    page(p, "org_favorites", {});
    CHECK(query_params(str(only_request(mock).at("query"))) == query_params("limit=50&offset=0&include=main"));
}

TEST_CASE("get_photo: request and all three URL variants in order") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();

    const auto r = p.call("get_photo", json::object{{"modelId", kDocModel}, {"photoId", kDocPhoto}, {"include", "all"}});
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")) == std::string("/headshotpro/organization/models/") + kDocModel + "/photos/" + kDocPhoto);
    CHECK(str(req.at("query")) == "include=all");
    CHECK(str(req.at("headers").at("authorization")) == "[REDACTED]");

    const auto& rec = r.json.as_object();
    check_doc_photo_core(rec);
    CHECK(str(rec.at("status")) == "active");
    CHECK(str(rec.at("created_at")) == "2024-01-15T11:45:00.000Z");
    for (const char* k : {"id", "email", "name", "external_id"}) CHECK(rec.at("person").at(k).is_null());
    const auto& media = rec.at("media").as_array();
    REQUIRE(media.size() == 3);
    CHECK(str(media[0].at("variant")) == "main");
    CHECK(str(media[0].at("url")) == "https://cdn.headshotpro.com/photos/abc123.jpg");
    CHECK(str(media[1].at("variant")) == "thumbnail");
    CHECK(str(media[1].at("url")) == "https://cdn.headshotpro.com/photos/abc123_thumb.jpg");
    CHECK(str(media[2].at("variant")) == "original");
    CHECK(str(media[2].at("url")) == "https://cdn.headshotpro.com/photos/abc123_original.jpg");
    for (const auto& m : media) CHECK(str(m.at("expires_at")) == "2024-01-16T11:45:00.000Z");
    CHECK(str(rec.at("raw").at("modelId")) == kDocModel);

    mock.clear_journal();
    p.call("get_photo", json::object{{"modelId", kDocModel}, {"photoId", kDocPhoto}});
    CHECK(str(only_request(mock).at("query")) == "include=main");  // the documented default, sent explicitly
}

TEST_CASE("get_photo: photoId 'favorite' is refused before sending") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();
    auto e = failure_of([&] { p.call("get_photo", json::object{{"modelId", kDocModel}, {"photoId", "favorite"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("get_favorite") != std::string::npos);
    CHECK(mock.journal().empty());
}

TEST_CASE("get_favorite: a selected favorite, and the documented photo:null as a normal result") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();

    const auto with = p.call("get_favorite", json::object{{"modelId", kDocModel}});
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "GET");
    CHECK(str(req.at("path")) == std::string("/headshotpro/organization/models/") + kDocModel + "/photos/favorite");
    CHECK(str(req.at("query")) == "");
    CHECK(str(req.at("headers").at("authorization")) == "[REDACTED]");
    const auto& photo = with.json.at("photo").as_object();
    check_doc_photo_core(photo);
    CHECK(str(photo.at("status")) == "active");
    CHECK(str(photo.at("created_at")) == "2024-01-15T11:45:00.000Z");
    REQUIRE(photo.at("media").as_array().size() == 1);
    CHECK(str(photo.at("media").at(0).at("url")) == "https://cdn.headshotpro.com/photos/abc123.jpg?signature=...");
    CHECK(str(photo.at("media").at(0).at("expires_at")) == "2024-01-16T11:45:00.000Z");
    CHECK_FALSE(with.json.as_object().contains("message"));

    const auto without = p.call("get_favorite", json::object{{"modelId", kNoFavoriteModel}});
    CHECK(without.json.at("photo").is_null());
    CHECK(str(without.json.at("message")) == "No favorite photo has been selected yet");
}

TEST_CASE("batch_download: JSON body and the documented downloads") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();

    const json::array ids{kDocPhoto, "507f1f77bcf86cd799439023"};
    const auto r = p.call("batch_download", json::object{{"modelId", kDocModel}, {"photoIds", ids}, {"include", "all"}});
    const json::object req = only_request(mock);
    CHECK(str(req.at("method")) == "POST");
    CHECK(str(req.at("path")) == std::string("/headshotpro/organization/models/") + kDocModel + "/photos/download");
    CHECK(str(req.at("headers").at("authorization")) == "[REDACTED]");
    CHECK(str(req.at("headers").at("content-type")) == "application/json");
    // The journal keeps sizes, not bodies: the body is exactly {"photoIds":[...],"include":"all"}.
    const std::string expected = json::serialize(json::object{{"photoIds", ids}, {"include", "all"}});
    CHECK(req.at("body_size").to_number<std::size_t>() == expected.size());

    const auto& out = r.json.as_object();
    CHECK(str(out.at("expires_at")) == "2024-01-16T11:45:00.000Z");
    const auto& downloads = out.at("downloads").as_array();
    REQUIRE(downloads.size() == 2);
    CHECK(str(downloads[0].at("photoId")) == kDocPhoto);
    CHECK(str(downloads[1].at("photoId")) == "507f1f77bcf86cd799439023");
    CHECK(str(downloads[1].at("urls").at("thumbnail")) == "https://cdn.headshotpro.com/photos/def456_thumb.jpg");
    const auto& media = downloads[1].at("media").as_array();
    REQUIRE(media.size() == 3);
    CHECK(str(media[0].at("variant")) == "main");
    CHECK(str(media[0].at("url")) == "https://cdn.headshotpro.com/photos/def456.jpg");
    CHECK(str(media[2].at("variant")) == "original");
    CHECK(str(media[2].at("expires_at")) == "2024-01-16T11:45:00.000Z");

    // Without photoIds and include the body is an empty object ("omit for all photos").
    mock.clear_journal();
    p.call("batch_download", json::object{{"modelId", kDocModel}});
    CHECK(only_request(mock).at("body_size").to_number<std::size_t>() == 2);  // "{}"
}

TEST_CASE("batch_download: photoIds must be strings") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    mock.clear_journal();
    auto e = failure_of([&] { p.call("batch_download", json::object{{"modelId", kDocModel}, {"photoIds", json::array{1, 2}}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("photoIds") != std::string::npos);
    CHECK(mock.journal().empty());
}
