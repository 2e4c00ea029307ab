// The shootbin plugin against the mock in replay mode: the requests it sends
// (checked in the mock's journal) and the canonical mapping of the
// documented examples, field by field.
#include "shootbin_test_support.hpp"

using namespace shootbin_test;

namespace {

json::object page_request(json::value cursor = nullptr, json::value page_size = nullptr) {
    return json::object{{"params", {{"project", 1}, {"album", 12}}}, {"cursor", cursor}, {"page_size", page_size}};
}

void check_common_headers(const json::object& entry) {
    const json::object& headers = entry.at("headers").as_object();
    CHECK(headers.at("authorization") == "[REDACTED]");
    CHECK(headers.at("accept") == "application/json");
}

}  // namespace

TEST_CASE("replay: album_photos first page maps the documented example and sends per_page") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value page = sb.call("album_photos", page_request()).json;

    const json::array& records = page.at("records").as_array();
    REQUIRE(records.size() == 1);
    check_photo_record(records[0], "123", false, "https://your-shootbin-domain.com/photos/...",
                       json::parse(kDocListItem));
    CHECK(page.at("next_cursor") == "eyJpZCI6MTIzfQ");
    CHECK(page.at("total").is_null());

    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    const json::object& e = journal[0].as_object();
    CHECK(e.at("method") == "GET");
    CHECK(e.at("path") == "/shootbin/api/projects/1/albums/12/photos");
    CHECK(e.at("query") == "per_page=50");
    CHECK(e.at("status") == 200);
    check_common_headers(e);
}

TEST_CASE("replay: album_photos passes the cursor through and clamps page_size to 100") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    // eyJpZCI6MjAwfQ is {"id":200} in base64, a cursor of the documented shape.
    sb.call("album_photos", page_request("eyJpZCI6MjAwfQ", 7));
    sb.call("album_photos", page_request(nullptr, 500));
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].at("query") == "per_page=7&cursor=eyJpZCI6MjAwfQ");
    CHECK(journal[1].at("query") == "per_page=100");
}

TEST_CASE("replay: a listing that hands back the cursor it was given is refused + not looped on") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const auto e = failure_of([&] { sb.call("album_photos", page_request("eyJpZCI6MTIzfQ")); });
    CHECK(e.code() == PB_ERR_PROTOCOL);
    CHECK(contains(e.what(), "next_cursor"));
}

TEST_CASE("replay: get_photo maps the documented example") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value record = sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 124}}).json;
    check_photo_record(record, "124", true, "https://your-shootbin-domain.com/photos/...", json::parse(kDocGetPhoto));

    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].at("method") == "GET");
    CHECK(journal[0].at("path") == "/shootbin/api/projects/1/albums/12/photos/124");
    CHECK(journal[0].at("query") == "");
    check_common_headers(journal[0].as_object());
}

TEST_CASE("replay: upload_photo posts multipart and maps the documented 201 example") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const std::string bytes = jpeg_bytes(1000);
    const json::value record =
        sb.call("upload_photo", {{"project", 1}, {"album", 12}, {"title", "Frame 001"},
                                 {"description", "Uploaded through the API"}}, bytes).json;
    check_photo_record(record, "124", false, "https://your-shootbin-domain.com/photos/...",
                       json::parse(kDocUploadPhoto));

    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    const json::object& e = journal[0].as_object();
    CHECK(e.at("method") == "POST");
    CHECK(e.at("path") == "/shootbin/api/projects/1/albums/12/photos");
    CHECK(e.at("status") == 201);
    CHECK(e.at("body_size").to_number<std::int64_t>() > 1000);
    CHECK(std::string_view(e.at("headers").at("content-type").as_string()).starts_with("multipart/form-data; boundary="));
    check_common_headers(e);
}

TEST_CASE("replay: update_photo sends a JSON PATCH and maps the answer") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value record =
        sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 124}, {"approved", true}}).json;
    check_photo_record(record, "124", true, "https://your-shootbin-domain.com/photos/...", json::parse(kDocGetPhoto));

    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    const json::object& e = journal[0].as_object();
    CHECK(e.at("method") == "PATCH");
    CHECK(e.at("path") == "/shootbin/api/projects/1/albums/12/photos/124");
    CHECK(e.at("headers").at("content-type") == "application/json");
    CHECK(e.at("body_size") == std::string_view(R"({"approved":true})").size());
    check_common_headers(e);
}

TEST_CASE("replay: the update scope is required (mock-token-create gets the documented 403)") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"), "mock-token-create");
    const auto e = failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 124}, {"approved", true}}); });
    CHECK(e.code() == PB_ERR_FORBIDDEN);
    CHECK(e.http_status() == 403);
    CHECK(contains(e.what(), "This action is unauthorized."));
}

TEST_CASE("replay: find_photo returns the first page's match without walking further") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value out =
        sb.call("find_photo", {{"project", 1}, {"album", 12}, {"original_filename", "IMG_4821.CR3"}}).json;
    check_photo_record(out.at("photo"), "123", false, "https://your-shootbin-domain.com/photos/...",
                       json::parse(kDocListItem));
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].at("query") == "per_page=100");
}

TEST_CASE("the manifest declares what the brief and the docs say") {
    const MockServer& mock = fresh(replay_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value m = sb.manifest();
    CHECK(m.at("config").at("base_url").as_object().if_contains("default") == nullptr);
    CHECK(m.at("config").at("base_url").at("required") == true);
    CHECK(m.at("config").at("token").at("secret") == true);
    const json::object& stream = m.at("streams").at("album_photos").as_object();
    CHECK(stream.at("page_size") == json::parse(R"({"default":50,"maximum":100})"));
    CHECK(stream.at("incremental").is_null());
    CHECK(m.at("operations").at("upload_photo").at("input_bytes").at("required") == true);
    for (const char* op : {"get_photo", "upload_photo", "update_photo", "find_photo", "download_media"})
        CHECK_MESSAGE(m.at("operations").as_object().contains(op), op);
}

TEST_CASE("a base_url that is not an absolute http(s) URL is refused at create") {
    const auto e = failure_of([] { plugin("proofs.example.com"); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "base_url"));
    const auto missing = failure_of([] { PluginUnderTest(kPluginId, json::object{{"token", "t"}}); });
    CHECK(missing.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(missing.what(), "base_url"));
}
