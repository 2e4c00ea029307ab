// Malformed or unexpected provider answers, served by a canned loopback
// server: each must give PB_ERR_PROTOCOL naming the field (or a typed error
// for unexpected statuses), never a crash.
#include "support/canned_server.hpp"
#include "helpers.hpp"

#include <string>

using namespace hp_test;

namespace {

const std::string kPhotos = "/api/v2/organization/models/M/photos";
const std::string kPhoto = "/api/v2/organization/models/M/photos/P";
const std::string kFavorite = "/api/v2/organization/models/M/photos/favorite";
const std::string kDownload = "/api/v2/organization/models/M/photos/download";
const std::string kFavorites = "/api/v2/organization/photos/favorites";

struct Fixture {
    canned::Server server;
    PluginUnderTest plugin = plugin_for(server.url() + "/api/v2");

    // The message of the PROTOCOL error the stream page gives for `body`.
    std::string page_protocol_error(const std::string& path, const std::string& stream, json::object params,
                                    const std::string& body) {
        server.on(path, {200, body});
        auto e = failure_of([&] { page(plugin, stream, std::move(params)); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        return e.what();
    }
    std::string call_protocol_error(const std::string& path, const std::string& op, json::object input,
                                    const std::string& body) {
        server.on(path, {200, body});
        auto e = failure_of([&] { plugin.call(op, input); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        return e.what();
    }
};


const std::string kGoodPagination = R"("pagination":{"total":1,"limit":50,"offset":0,"hasMore":false})";

}  // namespace

TEST_CASE("model_photos: malformed pages name the field") {
    Fixture f;
    const json::object params{{"modelId", "M"}};
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params, "<html>oops</html>"), "not valid JSON"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params, "[1,2]"), "should be a JSON object"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params, "{\"success\":true," + kGoodPagination + "}"),
                   "field 'photos' is missing"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params, R"({"success":true,"photos":{}})"),
                   "field 'photos' should be an array, got object"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params, R"({"success":true,"photos":[]})"),
                   "field 'pagination.hasMore' is missing"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params,
                                         R"({"photos":[],"pagination":{"hasMore":"no"}})"),
                   "field 'pagination.hasMore' should be a boolean"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params,
                                         R"({"photos":[],"pagination":{"hasMore":true}})"),
                   "pagination.hasMore' is true but the page has no photos"));
    {
        const std::string m = f.page_protocol_error(
            kPhotos, "model_photos", params,
            R"({"photos":[{"id":"a","urls":{"main":"u"}},{"id":7,"urls":{}}],)" + kGoodPagination + "}");
        CHECK(contains(m, "photos[1]"));
        CHECK(contains(m, "field 'id' should be a string, got integer"));
    }
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params,
                                         R"({"photos":[{"id":"a","urls":{"main":5}}],)" + kGoodPagination + "}"),
                   "field 'urls.main' should be a string"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params,
                                         R"({"photos":[{"id":"a"}],)" + kGoodPagination + "}"),
                   "field 'urls' is missing"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params,
                                         R"({"photos":[{"id":"a","urls":{},"createdAt":1}],)" + kGoodPagination + "}"),
                   "field 'createdAt' should be a string"));
    CHECK(contains(f.page_protocol_error(kPhotos, "model_photos", params,
                                         R"({"success":false,"message":"model is archived"})"),
                   "success=false: model is archived"));
}

TEST_CASE("org_favorites: a member of the wrong shape is named") {
    Fixture f;
    CHECK(contains(f.page_protocol_error(kFavorites, "org_favorites", {},
                                         R"({"photos":[{"id":"a","urls":{},"member":"john"}],)" + kGoodPagination + "}"),
                   "field 'member' should be an object"));
    CHECK(contains(f.page_protocol_error(kFavorites, "org_favorites", {},
                                         R"({"photos":[{"id":"a","urls":{},"member":{"email":5}}],)" + kGoodPagination + "}"),
                   "field 'member.email' should be a string"));
}

TEST_CASE("operations: malformed single answers name the field") {
    Fixture f;
    const json::object photo_in{{"modelId", "M"}, {"photoId", "P"}};
    CHECK(contains(f.call_protocol_error(kPhoto, "get_photo", photo_in, R"({"success":true})"), "field 'photo' is missing"));
    CHECK(contains(f.call_protocol_error(kPhoto, "get_photo", photo_in, R"({"success":true,"photo":null})"),
                   "photo should be an object, got null"));
    CHECK(contains(f.call_protocol_error(kPhoto, "get_photo", photo_in, R"({"success":"yes","photo":{}})"),
                   "field 'success' should be a boolean"));
    const json::object model_in{{"modelId", "M"}};
    CHECK(contains(f.call_protocol_error(kFavorite, "get_favorite", model_in, R"({"success":true})"),
                   "field 'photo' is missing"));
    CHECK(contains(f.call_protocol_error(kFavorite, "get_favorite", model_in, R"({"photo":null,"message":3})"),
                   "field 'message' should be a string"));
    CHECK(contains(f.call_protocol_error(kDownload, "batch_download", model_in, R"({"success":true})"),
                   "field 'downloads' is missing"));
    {
        const std::string m = f.call_protocol_error(
            kDownload, "batch_download", model_in,
            R"({"downloads":[{"photoId":"a","urls":{"main":"u"}},{"urls":{"main":"u"}}]})");
        CHECK(contains(m, "downloads[1]"));
        CHECK(contains(m, "field 'photoId' is missing"));
    }
    CHECK(contains(f.call_protocol_error(kDownload, "batch_download", model_in, R"({"downloads":[],"expiresAt":false})"),
                   "field 'expiresAt' should be a string"));
}

TEST_CASE("error bodies: envelope messages are read, other bodies are quoted") {
    Fixture f;
    f.server.on(kPhoto, {403, R"({"success":false,"message":"This model belongs to another organization","error":"forbidden"})"});
    auto e1 = failure_of([&] { f.plugin.call("get_photo", json::object{{"modelId", "M"}, {"photoId", "P"}}); });
    CHECK(e1.code() == PB_ERR_FORBIDDEN);
    CHECK(e1.http_status() == 403);
    CHECK(e1.provider_code() == "forbidden");
    CHECK(contains(e1.what(), "This model belongs to another organization"));

    f.server.on(kFavorite, {400, R"({"success":false,"errors":[{"message":"modelId is malformed"}]})"});
    auto e2 = failure_of([&] { f.plugin.call("get_favorite", json::object{{"modelId", "M"}}); });
    CHECK(e2.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(e2.http_status() == 400);
    CHECK(contains(e2.what(), "modelId is malformed"));

    f.server.on(kFavorites, {502, "<html>Bad Gateway</html>", "text/html"});
    auto e3 = failure_of([&] { page(f.plugin, "org_favorites", {}); });
    CHECK(e3.code() == PB_ERR_UNAVAILABLE);
    CHECK(e3.http_status() == 502);
    CHECK(contains(e3.what(), "Bad Gateway"));
}

TEST_CASE("download_media: redirects are followed, and the key never leaves base_url's origin") {
    Fixture f;
    const std::string other_origin = "http://localhost:" + f.server.url().substr(17);  // same server, another origin
    f.server.on("/cdn/y.png", {200, "\x89PNG\r\n\x1a\n....", "application/octet-stream"});
    const auto r = f.plugin.call("download_media", json::object{{"url", other_origin + "/cdn/y.png"}});
    CHECK(r.bytes.size() == 12);
    CHECK(str(r.json.at("content_type")) == "image/png");  // sniffed: the server sent a generic type
    CHECK(f.server.last_headers().count("Authorization") == 0);  // another origin

    f.server.on("/api/v2/media/x.jpg", {302, "", "text/plain", {{"Location", other_origin + "/cdn/y.png"}}});
    const auto followed = f.plugin.call("download_media", json::object{{"url", f.server.url() + "/api/v2/media/x.jpg"}});
    CHECK(followed.bytes.size() == 12);
    CHECK(f.server.last_headers().count("Authorization") == 0);  // the hop to the CDN origin carries no key

    f.server.on("/api/v2/media/loop.jpg", {302, "", "text/plain", {{"Location", "/api/v2/media/loop.jpg"}}});
    auto e = failure_of([&] { f.plugin.call("download_media", json::object{{"url", f.server.url() + "/api/v2/media/loop.jpg"}}); });
    CHECK(e.code() == PB_ERR_PROTOCOL);
    CHECK(e.http_status() == 302);
    CHECK(contains(e.what(), "more than 5 redirects"));
    CHECK(f.server.last_headers().count("Authorization") == 1);  // same origin as base_url

    f.server.on("/api/v2/media/nowhere.jpg", {301, "", "text/plain"});
    e = failure_of([&] { f.plugin.call("download_media", json::object{{"url", f.server.url() + "/api/v2/media/nowhere.jpg"}}); });
    CHECK(e.code() == PB_ERR_PROTOCOL);
    CHECK(contains(e.what(), "without a Location header"));
}
