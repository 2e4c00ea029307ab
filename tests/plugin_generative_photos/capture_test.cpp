// The generative_photos plugin against a loopback capture server: the raw
// authorization header, the multipart part, the JSON body, and answers the
// mock never gives (malformed items, a non-PNG download).
#include "support/capture_server.hpp"
#include "gp_test_support.hpp"

using namespace gp_test;

namespace {

capture::Answer ok(std::string body, int status = 200) { return capture::Answer{status, std::move(body), "application/json", {}}; }

const std::string kGallery = "/api/v0/teams/me/gallery";

}  // namespace

TEST_CASE("capture: the api key goes raw in the authorization header + base_url may carry a path") {
    capture::Server server;
    server.on("GET", kGallery + "/d1", ok(kDocGalleryItem));
    const auto gp = plugin(server.url() + "/api/v0", "static-jwt-key");
    gp.call("get_item", {{"id", "d1"}});
    const capture::Request r = server.last();
    CHECK(r.header("authorization") == "static-jwt-key");
    CHECK(r.header_count("authorization") == 1);
}

TEST_CASE("capture: upload_image sends one file part named 'object' with the file name and media type") {
    capture::Server server;
    server.on("POST", kGallery, ok(R"({"id":"new-1","data":{"task":{"status":"complete"}}})"));
    const auto gp = plugin(server.url() + "/api/v0");

    const json::value out = gp.call("upload_image", {{"filename", "My Portrait.png"}}, png_bytes()).json;
    CHECK(out.at("id") == "new-1");
    CHECK(out.at("status") == "complete");
    CHECK(out.at("error_code").is_null());
    // Complete: the canonical photo points at the documented bytes endpoint.
    CHECK(out.at("photo").at("media").at(0).at("url") == json::value(server.url() + kGallery + "/new-1/pixels/original/bytes"));

    capture::Request r = server.last();
    CHECK(r.header("Content-Type").value_or("").starts_with("multipart/form-data; boundary="));
    REQUIRE(r.parts.size() == 1);
    REQUIRE(r.parts.count("object") == 1);
    const capture::Part& part = r.parts.find("object")->second;
    CHECK(part.filename == "My Portrait.png");
    CHECK(part.content_type == "image/png");
    CHECK(part.content == png_bytes());

    gp.call("upload_image", {{"filename", "b.jpg"}}, jpeg_bytes());
    r = server.last();
    CHECK(r.parts.find("object")->second.content_type == "image/jpeg");
}

TEST_CASE("capture: create_variant sends {move + param} with param defaulting to 1.0") {
    capture::Server server;
    server.on("PUT", kGallery + "/d1/faces/default", ok(R"({"id":"v1","data":{"task":{"status":"waiting"}}})"));
    server.on("PUT", kGallery + "/d1/faces/0", ok(R"({"id":"v2","data":{"task":{"status":"waiting"}}})"));
    const auto gp = plugin(server.url() + "/api/v0");

    const json::value out = gp.call("create_variant", {{"id", "d1"}, {"move", "FemaleAsian"}}).json;
    CHECK(out.at("id") == "v1");
    CHECK(out.at("status") == "waiting");
    CHECK(server.last().header("Content-Type") == "application/json");
    CHECK(json::parse(server.last().body) == json::parse(R"({"move":"FemaleAsian","param":1.0})"));

    gp.call("create_variant", {{"id", "d1"}, {"face", 0}, {"move", "smile"}, {"param", -0.6}});
    CHECK(server.last().path == kGallery + "/d1/faces/0");
    CHECK(json::parse(server.last().body) == json::parse(R"({"move":"smile","param":-0.6})"));
}

TEST_CASE("capture: download refuses bytes that are not a PNG - Accept is */*") {
    capture::Server server;
    server.on("GET", kGallery + "/d1/pixels/original/bytes", capture::Answer{200, jpeg_bytes(), "image/jpeg", {}});
    const auto gp = plugin(server.url() + "/api/v0");
    const auto e = failure_of([&] { gp.call("download", {{"id", "d1"}}); });
    CHECK(e.code() == PB_ERR_PROTOCOL);
    CHECK(contains(e.what(), "not a PNG"));
    CHECK(server.last().header("Accept") == "*/*");
    CHECK(server.last().header("authorization") == "mock-token");
}

TEST_CASE("capture: malformed GalleryItems are PROTOCOL naming the field") {
    capture::Server server;
    const auto gp = plugin(server.url() + "/api/v0");
    const auto protocol = [&](const std::string& body, const std::string& expected) {
        server.on("GET", kGallery + "/d1", ok(body));
        const auto e = failure_of([&] { gp.call("get_item", {{"id", "d1"}}); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK_MESSAGE(contains(e.what(), expected), e.what());
    };
    protocol(R"({"data":{}})", "field 'id' is missing");
    protocol(R"({"id":7})", "field 'id' should be a string, got integer");
    protocol(R"({"id":"d1","data":"x"})", "field 'data' should be an object");
    protocol(R"({"id":"d1","data":{"task":[]}})", "field 'data.task' should be an object");
    protocol(R"({"id":"d1","data":{"task":{"status":3}}})", "field 'data.task.status' should be a string");
    protocol(R"({"id":"d1","data":{"task":{"status":"failed","error":{"code":false}}}})", "field 'data.task.error.code'");
    protocol(R"({"id":"d1","data":{"faces":"two"}})", "field 'data.faces' should be an array");
    protocol(R"([1,2])", "should be a GalleryItem object");
    protocol(R"({"id":"d1",)", "not valid JSON");
}

TEST_CASE("capture: a failed task without an error code still fails + with an empty provider_code") {
    capture::Server server;
    server.on("GET", kGallery + "/v1", ok(R"({"id":"v1","data":{"task":{"status":"failed"}}})"));
    const auto gp = plugin(server.url() + "/api/v0");
    const auto e = failure_of([&] { gp.call("wait_variant", fast_wait("v1")); });
    CHECK(e.code() == PB_ERR_CONFLICT);
    CHECK(e.provider_code().empty());
    CHECK(contains(e.what(), "none given"));
    // wait_faces stops on a failed task too.
    const auto f = failure_of([&] { gp.call("wait_faces", fast_wait("v1")); });
    CHECK(f.code() == PB_ERR_CONFLICT);
}

TEST_CASE("capture: download_media keeps the api key away from other origins") {
    capture::Server api;
    capture::Server cdn;
    cdn.on("GET", "/x.png", capture::Answer{200, png_bytes(), "image/png", {}});
    const auto gp = plugin(api.url() + "/api/v0", "secret-key-3");
    const auto r = gp.call("download_media", {{"url", cdn.url() + "/x.png"}});
    CHECK(r.bytes == png_bytes());
    CHECK_FALSE(cdn.last().header("authorization").has_value());
}
