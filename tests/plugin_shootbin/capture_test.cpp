// The shootbin plugin against a loopback capture server: exact headers,
// JSON bodies and multipart parts (the mock's journal records sizes only),
// undocumented or malformed answers, and where the token may go.
#include "support/capture_server.hpp"
#include "shootbin_test_support.hpp"

using namespace shootbin_test;

namespace {

const std::string kPhotos = "/api/projects/1/albums/12/photos";
const std::string kPhoto = "/api/projects/1/albums/12/photos/124";

capture::Answer ok(std::string body, int status = 200) { return capture::Answer{status, std::move(body), "application/json", {}}; }

}  // namespace

TEST_CASE("capture: credentials and Accept are sent exactly as documented") {
    capture::Server server;
    server.on("GET", kPhoto, ok(kDocGetPhoto));
    const auto sb = plugin(server.url(), "secret-token-1");
    sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 124}});
    const capture::Request r = server.last();
    CHECK(r.header("Authorization") == "Bearer secret-token-1");
    CHECK(r.header("Accept") == "application/json");
    CHECK(r.header_count("Accept") == 1);
}

TEST_CASE("capture: upload_photo sends the parts photo + title + description + client_original_filename") {
    capture::Server server;
    server.on("POST", kPhotos, ok(kDocUploadPhoto, 201));
    const auto sb = plugin(server.url());
    const std::string bytes = jpeg_bytes(3000);

    SUBCASE("all parts") {
        sb.call("upload_photo", {{"project", 1}, {"album", 12}, {"title", "Frame 001"}, {"description", "Uploaded through the API"},
                                 {"client_original_filename", "IMG_4821.CR3"}}, bytes);
        const capture::Request r = server.last();
        CHECK(r.method == "POST");
        CHECK(r.path == kPhotos);
        CHECK(r.header("Content-Type").value_or("").starts_with("multipart/form-data; boundary="));
        REQUIRE(r.parts.count("photo") == 1);
        const capture::Part& photo = r.parts.find("photo")->second;
        CHECK(photo.content == bytes);
        CHECK(photo.filename == "photo.jpg");
        CHECK(photo.content_type == "image/jpeg");
        CHECK(r.parts.find("title")->second.content == "Frame 001");
        CHECK(r.parts.find("description")->second.content == "Uploaded through the API");
        CHECK(r.parts.find("client_original_filename")->second.content == "IMG_4821.CR3");
        CHECK(r.parts.size() == 4);
    }
    SUBCASE("only the photo; PNG named photo.png; an explicit filename wins") {
        sb.call("upload_photo", {{"project", 1}, {"album", 12}}, png_bytes());
        capture::Request r = server.last();
        CHECK(r.parts.size() == 1);
        CHECK(r.parts.find("photo")->second.filename == "photo.png");
        CHECK(r.parts.find("photo")->second.content_type == "image/png");
        sb.call("upload_photo", {{"project", 1}, {"album", 12}, {"filename", "Frame 7.jpg"}}, bytes);
        r = server.last();
        CHECK(r.parts.find("photo")->second.filename == "Frame 7.jpg");
    }
}

TEST_CASE("capture: update_photo sends only the given fields as JSON") {
    capture::Server server;
    server.on("PATCH", kPhoto, ok(kDocGetPhoto));
    const auto sb = plugin(server.url());
    const json::object where{{"project", 1}, {"album", 12}, {"photo", 124}};

    json::object approve = where;
    approve["approved"] = true;
    sb.call("update_photo", approve);
    CHECK(server.last().method == "PATCH");
    CHECK(server.last().header("Content-Type") == "application/json");
    CHECK(json::parse(server.last().body) == json::parse(R"({"approved":true})"));

    json::object edit = where;
    edit["description"] = nullptr;
    edit["title"] = "T";
    // 100 two-byte characters: 100 characters (allowed) but 200 bytes.
    std::string hundred_e;
    for (int i = 0; i < 100; ++i) hundred_e += "\xC3\xA9";
    edit["tags"] = json::array{"a", hundred_e};
    sb.call("update_photo", edit);
    CHECK(json::parse(server.last().body) == json::value{{"title", "T"}, {"description", nullptr}, {"tags", json::array{"a", hundred_e}}});
}

TEST_CASE("capture: the listing falls back to the photos alias + and refuses shapes that would break the walk") {
    capture::Server server;
    const auto sb = plugin(server.url());
    const json::object first{{"params", {{"project", 1}, {"album", 12}}}, {"cursor", nullptr}, {"page_size", nullptr}};
    const std::string item = kDocListItem;

    SUBCASE("photos only") {
        server.on("GET", kPhotos, ok(R"({"photos":[)" + item + R"(],"next_cursor":null,"has_more":false,"meta":{"per_page":50}})"));
        const json::value page = sb.call("album_photos", first).json;
        REQUIRE(page.at("records").as_array().size() == 1);
        check_photo_record(page.at("records").at(0), "123", false, "https://your-shootbin-domain.com/photos/...",
                           json::parse(kDocListItem));
        CHECK(page.at("next_cursor").is_null());
    }
    SUBCASE("data wins over photos when both are present") {
        server.on("GET", kPhotos, ok(R"({"data":[)" + item + R"(],"photos":[],"next_cursor":null,"has_more":false})"));
        CHECK(sb.call("album_photos", first).json.at("records").as_array().size() == 1);
    }
    SUBCASE("neither data nor photos") {
        server.on("GET", kPhotos, ok(R"({"next_cursor":null,"has_more":false})"));
        const auto e = failure_of([&] { sb.call("album_photos", first); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(contains(e.what(), "field 'data' is missing"));
    }
    SUBCASE("data is not an array") {
        server.on("GET", kPhotos, ok(R"({"data":{"id":1},"has_more":false})"));
        const auto e = failure_of([&] { sb.call("album_photos", first); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(contains(e.what(), "field 'data' should be an array, got object"));
    }
    SUBCASE("a photo without id") {
        server.on("GET", kPhotos, ok(R"({"data":[)" + item + R"(,{"title":"x"}],"has_more":false})"));
        const auto e = failure_of([&] { sb.call("album_photos", first); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(contains(e.what(), "data[1]: field 'id' is missing"));
    }
    SUBCASE("approved_at of the wrong type") {
        server.on("GET", kPhotos, ok(R"({"data":[{"id":1,"approved_at":5}],"has_more":false})"));
        const auto e = failure_of([&] { sb.call("album_photos", first); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(contains(e.what(), "field 'approved_at' should be a string, got integer"));
    }
    SUBCASE("has_more without next_cursor") {
        server.on("GET", kPhotos, ok(R"({"data":[],"next_cursor":null,"has_more":true})"));
        const auto e = failure_of([&] { sb.call("album_photos", first); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(contains(e.what(), "field 'next_cursor' is null while has_more is true"));
    }
    SUBCASE("not JSON at all") {
        server.on("GET", kPhotos, capture::Answer{200, "<html>maintenance</html>", "text/html", {}});
        const auto e = failure_of([&] { sb.call("album_photos", first); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(contains(e.what(), "not valid JSON"));
    }
    SUBCASE("created_at is kept when a photo has one; absent approved_at gives approved null") {
        server.on("GET", kPhotos, ok(R"({"data":[{"id":7,"created_at":"2025-04-01T10:00:00.000000Z","image_url":null}],"has_more":false})"));
        const json::value page = sb.call("album_photos", first).json;
        check_photo_record(page.at("records").at(0), "7", std::nullopt, std::nullopt,
                           json::parse(R"({"id":7,"created_at":"2025-04-01T10:00:00.000000Z","image_url":null})"),
                           "2025-04-01T10:00:00.000000Z");
    }
}

TEST_CASE("capture: a Laravel validation body gives the message + the field errors and the field as code") {
    capture::Server server;
    server.on("PATCH", kPhoto, ok(R"({"message":"The given data was invalid.","errors":{"approved":["The photo selection limit of 10 photos has been reached."]}})", 422));
    const auto sb = plugin(server.url());
    const auto e = failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 124}, {"approved", true}}); });
    CHECK(e.code() == PB_ERR_CONFLICT);
    CHECK(e.http_status() == 422);
    CHECK(e.provider_code() == "approved");
    CHECK(contains(e.what(), "The given data was invalid. (approved: The photo selection limit of 10 photos has been reached.)"));
}

TEST_CASE("capture: download_media sends the token only to base_url's origin + also across redirects") {
    capture::Server api;
    capture::Server cdn;
    const std::string jpeg = jpeg_bytes(400);
    api.on("GET", "/photos/1.jpg", capture::Answer{200, jpeg, "image/jpeg", {}});
    api.on("GET", "/photos/2.jpg", capture::Answer{302, "", "text/plain", {{"Location", cdn.url() + "/signed/2.jpg?sig=abc"}}});
    cdn.on("GET", "/signed/2.jpg", capture::Answer{200, jpeg, "image/jpeg", {}});
    cdn.on("GET", "/3.jpg", capture::Answer{200, jpeg, "image/jpeg", {}});
    const auto sb = plugin(api.url(), "secret-token-2");

    auto r = sb.call("download_media", {{"url", api.url() + "/photos/1.jpg"}});
    CHECK(r.bytes == jpeg);
    CHECK(r.json == json::value{{"content_type", "image/jpeg"}, {"size", 400}, {"variant", nullptr}});
    CHECK(api.last().header("Authorization") == "Bearer secret-token-2");

    r = sb.call("download_media", {{"url", cdn.url() + "/3.jpg"}});
    CHECK(r.bytes == jpeg);
    CHECK_FALSE(cdn.last().header("Authorization").has_value());

    r = sb.call("download_media", {{"url", api.url() + "/photos/2.jpg"}});
    CHECK(r.bytes == jpeg);
    CHECK(api.last().header("Authorization") == "Bearer secret-token-2");
    CHECK(cdn.last().path == "/signed/2.jpg");
    CHECK(cdn.last().query.find("sig")->second == "abc");
    CHECK_FALSE(cdn.last().header("Authorization").has_value());

    // 127.0.0.1 vs localhost are different hosts: no token.
    const auto localhost = plugin("http://localhost:" + std::to_string(api.port()), "secret-token-2");
    localhost.call("download_media", {{"url", api.url() + "/photos/1.jpg"}});
    CHECK_FALSE(api.last().header("Authorization").has_value());
}

TEST_CASE("capture: download_media maps an error status") {
    capture::Server api;
    api.on("GET", "/photos/9.jpg", ok(R"({"message":"Not Found."})", 404));
    const auto sb = plugin(api.url());
    const auto e = failure_of([&] { sb.call("download_media", {{"url", api.url() + "/photos/9.jpg"}}); });
    CHECK(e.code() == PB_ERR_NOT_FOUND);
    CHECK(e.http_status() == 404);
    CHECK(contains(e.what(), "Not Found."));
}
