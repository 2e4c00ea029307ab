// Dataset mode through the real server: HTTP walks, multipart upload and the
// public CDN (no credentials).
#include <doctest/doctest.h>
#include <httplib.h>

#include <boost/json.hpp>

#include <set>

#include "dataset/image_synth.hpp"
#include "photobridge/mock/server.hpp"

namespace {

struct RunningMock {
    explicit RunningMock(std::size_t records) : server(make_options(records)) {
        port = server.start();
    }
    static photobridge::mock::ServerOptions make_options(std::size_t records) {
        photobridge::mock::ServerOptions options;
        options.dataset = records;
        options.seed = 1;
        return options;
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_tcp_nodelay(true);
        return c;
    }
    photobridge::mock::Server server;
    int port = 0;
};

const httplib::Headers kBearer{{"Authorization", "Bearer mock-token"}};

}  // namespace

TEST_CASE("http: walking Shootbin album 12 over HTTP, then an upload appears first") {
    RunningMock mock(1000);
    auto client = mock.client();
    std::set<std::int64_t> ids;
    std::string cursor;
    int pages = 0;
    for (;;) {
        std::string path = "/shootbin/api/projects/1/albums/12/photos?per_page=100";
        if (!cursor.empty()) path += "&cursor=" + cursor;
        const auto response = client.Get(path.c_str(), kBearer);
        REQUIRE(response);
        REQUIRE(response->status == 200);
        const auto body = boost::json::parse(response->body);
        for (const auto& photo : body.at("data").as_array()) CHECK(ids.insert(photo.at("id").as_int64()).second);
        ++pages;
        if (!body.at("has_more").as_bool()) {
            CHECK(body.at("next_cursor").is_null());
            break;
        }
        cursor = std::string(body.at("next_cursor").as_string());
        REQUIRE(pages < 100);
    }
    CHECK(ids.size() == 1000);
    CHECK(pages == 10);

    httplib::MultipartFormDataItems items{
        {"photo", photobridge::mock::dataset::portrait_jpeg("http"), "IMG_0001.jpg", "image/jpeg"},
        {"description", "over http", "", ""}};
    const auto created = client.Post("/shootbin/api/projects/1/albums/12/photos", kBearer, items);
    REQUIRE(created);
    REQUIRE(created->status == 201);
    const auto photo = boost::json::parse(created->body);
    CHECK(photo.at("title") == "IMG_0001");
    const auto first = client.Get("/shootbin/api/projects/1/albums/12/photos?per_page=1", kBearer);
    REQUIRE(first);
    CHECK(boost::json::parse(first->body).at("data").at(0).at("id") == photo.at("id"));
}

TEST_CASE("http: HeadshotPro signed URLs are fetched without credentials") {
    RunningMock mock(20);
    auto client = mock.client();
    const auto listing =
        client.Get("/headshotpro/organization/models/507f1f77bcf86cd799439011/photos?limit=1", kBearer);
    REQUIRE(listing);
    REQUIRE(listing->status == 200);
    const std::string url(boost::json::parse(listing->body).at("photos").at(0).at("urls").at("main").as_string());
    const std::string prefix = "http://127.0.0.1:" + std::to_string(mock.port);
    REQUIRE(url.rfind(prefix, 0) == 0);
    const std::string path = url.substr(prefix.size());
    const auto image = client.Get(path.c_str());
    REQUIRE(image);
    CHECK(image->status == 200);
    CHECK(image->get_header_value("Content-Type") == "image/jpeg");
    CHECK(image->body.substr(0, 3) == "\xFF\xD8\xFF");

    std::string tampered = path;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    const auto refused = client.Get(tampered.c_str());
    REQUIRE(refused);
    CHECK(refused->status == 403);
}

TEST_CASE("http: Snapbar cursor walk and CloudCard offset walk over HTTP") {
    RunningMock mock(1000);
    auto client = mock.client();
    std::set<std::string> contacts;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
        std::string path = "/snapbar/contacts?limit=100&studio_id=64f1a2b3c4d5e6f7g8h9i0j2";
        if (!cursor.empty()) path += "&cursor=" + cursor;
        const auto response = client.Get(path.c_str(), kBearer);
        REQUIRE(response);
        REQUIRE(response->status == 200);
        const auto body = boost::json::parse(response->body);
        for (const auto& c : body.at("contacts").as_array()) CHECK(contacts.insert(std::string(c.at("id").as_string())).second);
        if (!body.at("page_info").at("has_next").as_bool()) break;
        cursor = std::string(body.at("page_info").at("next_cursor").as_string());
    }
    CHECK(contacts.size() == 1000);

    std::set<std::int64_t> photos;
    for (int offset = 0;; offset += 300) {
        const std::string path = "/cloudcard/photo?max=300&offset=" + std::to_string(offset);
        const auto response = client.Get(path.c_str(), httplib::Headers{{"X-Auth-Token", "mock-token"}});
        REQUIRE(response);
        REQUIRE(response->status == 200);
        const auto page = boost::json::parse(response->body).as_array();
        for (const auto& p : page) CHECK(photos.insert(p.at("id").as_int64()).second);
        if (page.size() < 300) break;
    }
    CHECK(photos.size() == 1000);
}
