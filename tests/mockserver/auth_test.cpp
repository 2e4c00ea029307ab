// Credentials per provider (documented header and scheme) and Shootbin scopes.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

namespace json = boost::json;
using namespace mocktest;

namespace {
const std::vector<std::pair<std::string, std::string>> kOneRoutePerProvider = {
    {"headshotpro", "/headshotpro/organization/photos/favorites"},
    {"generative_photos", "/generative_photos/teams/me/gallery/doc1"},
    {"cloudcard", "/cloudcard/photo"},
    {"snapbar", "/snapbar/contacts"},
    {"shootbin", "/shootbin/api/projects/1/albums/12/photos"},
};
}  // namespace

TEST_CASE("each provider accepts mock-token in its documented header and refuses anything else with 401 JSON") {
    RunningMock mock;
    auto c = mock.client();
    for (const auto& [provider, path] : kOneRoutePerProvider) {
        INFO(provider);
        auto ok = c.Get(path.c_str(), headers_for(provider));
        REQUIRE(ok);
        CHECK(ok->status == 200);

        auto missing = c.Get(path.c_str());
        REQUIRE(missing);
        CHECK(missing->status == 401);
        CHECK(json::parse(missing->body).at("error") == "unauthorized");

        auto wrong = c.Get(path.c_str(), headers_for(provider, "not-the-token"));
        REQUIRE(wrong);
        CHECK(wrong->status == 401);
    }
    // Right token, wrong header or scheme.
    auto r = c.Get("/cloudcard/photo", httplib::Headers{{"Authorization", "Bearer mock-token"}});
    REQUIRE(r);
    CHECK(r->status == 401);
    r = c.Get("/headshotpro/organization/photos/favorites", httplib::Headers{{"Authorization", "mock-token"}});
    REQUIRE(r);
    CHECK(r->status == 401);
    r = c.Get("/generative_photos/teams/me/gallery/d", httplib::Headers{{"Authorization", "Bearer mock-token"}});
    REQUIRE(r);
    CHECK(r->status == 401);
    // Header names are case-insensitive; the Bearer scheme too.
    r = c.Get("/headshotpro/organization/photos/favorites", httplib::Headers{{"authorization", "bearer mock-token"}});
    REQUIRE(r);
    CHECK(r->status == 200);
}

TEST_CASE("--token replaces mock-token") {
    photobridge::mock::ServerOptions o;
    o.token = "s3cret";
    RunningMock mock(o);
    auto c = mock.client();
    auto r = c.Get("/snapbar/contacts", headers_for("snapbar", "s3cret"));
    REQUIRE(r);
    CHECK(r->status == 200);
    r = c.Get("/snapbar/contacts", headers_for("snapbar", "mock-token"));
    REQUIRE(r);
    CHECK(r->status == 401);
}

TEST_CASE("Shootbin scopes: read-only and create tokens") {
    RunningMock mock;
    auto c = mock.client();
    const std::string list = "/shootbin/api/projects/1/albums/12/photos";
    const std::string photo = list + "/123";
    httplib::MultipartFormDataItems upload = {{"photo", "bytes", "photo.jpg", "image/jpeg"}};
    struct Case {
        std::string token;
        int read, create, update;
    };
    for (const Case& k : {Case{"mock-token", 200, 201, 200}, Case{"mock-token-read", 200, 403, 403},
                          Case{"mock-token-create", 200, 201, 403}}) {
        INFO(k.token);
        auto h = headers_for("shootbin", k.token);
        auto r = c.Get(list.c_str(), h);
        REQUIRE(r);
        CHECK(r->status == k.read);
        r = c.Get(photo.c_str(), h);
        REQUIRE(r);
        CHECK(r->status == k.read);
        r = c.Post(list.c_str(), h, upload);
        REQUIRE(r);
        CHECK(r->status == k.create);
        r = c.Patch(photo.c_str(), h, R"({"approved":true})", "application/json");
        REQUIRE(r);
        CHECK(r->status == k.update);
        if (k.update == 403) CHECK(json::parse(r->body).is_object());
        if (k.create == 403) {
            auto denied = c.Post(list.c_str(), h, upload);
            REQUIRE(denied);
            CHECK(json::parse(denied->body).at("required_scope") == "create");
        }
    }
}
