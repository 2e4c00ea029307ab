// HeadshotPro dataset: limit/offset walks, filters, favorites, download and
// the signed CDN.
#include <doctest/doctest.h>

#include <set>

#include "dataset/url_signer.hpp"
#include "dataset_test_support.hpp"

using namespace dataset_test;

namespace {

const std::string kModelPhotos = "/organization/models/507f1f77bcf86cd799439011/photos";

// Walks a limit/offset listing; checks every page's pagination block.
std::vector<boost::json::object> walk(DatasetBackend& backend, const std::string& path, Query filters,
                                      std::int64_t limit) {
    std::vector<boost::json::object> all;
    for (std::int64_t offset = 0;; offset += limit) {
        Query query = filters;
        query.emplace_back("limit", std::to_string(limit));
        query.emplace_back("offset", std::to_string(offset));
        const auto response = get(backend, path, query);
        REQUIRE(response.status == 200);
        const auto body = json_of(response);
        const auto& photos = body.at("photos").as_array();
        const auto& pagination = body.at("pagination").as_object();
        CHECK(body.at("success").as_bool());
        CHECK(pagination.at("limit").as_int64() == limit);
        CHECK(pagination.at("offset").as_int64() == offset);
        const std::int64_t total = pagination.at("total").as_int64();
        CHECK(static_cast<std::int64_t>(photos.size()) == std::min<std::int64_t>(limit, std::max<std::int64_t>(0, total - offset)));
        for (const auto& photo : photos) all.push_back(photo.as_object());
        const bool has_more = pagination.at("hasMore").as_bool();
        CHECK(has_more == (offset + static_cast<std::int64_t>(photos.size()) < total));
        if (!has_more) {
            CHECK(static_cast<std::int64_t>(all.size()) == total);
            break;
        }
        REQUIRE_MESSAGE(offset < 1000000, "the walk does not end");
    }
    return all;
}

std::set<std::string> ids_of(const std::vector<boost::json::object>& records) {
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(std::string(r.at("id").as_string()));
    return ids;
}

}  // namespace

TEST_CASE("headshotpro: walking the docs' model yields N active photos once, then the deleted ones") {
    auto backend = make_backend("headshotpro", 1000);
    const auto active = walk(*backend, kModelPhotos, {}, 200);
    CHECK(active.size() == 1000);
    CHECK(ids_of(active).size() == 1000);
    CHECK(active.front().at("id").as_string() == "507f1f77bcf86cd799439022");
    for (const auto& photo : active) CHECK(photo.at("status").as_string() == "active");

    const auto odd_pages = walk(*backend, kModelPhotos, {}, 7);
    CHECK(ids_of(odd_pages) == ids_of(active));

    const auto deleted = walk(*backend, kModelPhotos, {{"status", "deleted"}}, 33);
    CHECK(deleted.size() == 100);
    for (const auto& photo : deleted) CHECK(photo.at("status").as_string() == "deleted");
    for (const auto& id : ids_of(deleted)) CHECK(ids_of(active).count(id) == 0);

    // Default limit is 50; an offset past the end is an empty last page.
    auto body = json_of(get(*backend, kModelPhotos));
    CHECK(body.at("photos").as_array().size() == 50);
    CHECK(body.at("pagination").at("limit").as_int64() == 50);
    body = json_of(get(*backend, kModelPhotos, {{"offset", "5000"}}));
    CHECK(body.at("photos").as_array().empty());
    CHECK_FALSE(body.at("pagination").at("hasMore").as_bool());
}

TEST_CASE("headshotpro: likedStatus and include filters") {
    auto backend = make_backend("headshotpro", 300);
    std::size_t total = 0;
    for (const char* liked : {"none", "liked", "loved"}) {
        const auto photos = walk(*backend, kModelPhotos, {{"likedStatus", liked}}, 200);
        CHECK(!photos.empty());
        for (const auto& photo : photos) CHECK(photo.at("likedStatus").as_string() == liked);
        total += photos.size();
    }
    CHECK(total == 300);

    const auto main_only = json_of(get(*backend, kModelPhotos, {{"limit", "3"}}));
    for (const auto& photo : main_only.at("photos").as_array()) {
        CHECK(photo.at("urls").as_object().size() == 1);
        CHECK(photo.at("urls").as_object().contains("main"));
    }
    const auto all = json_of(get(*backend, kModelPhotos, {{"limit", "3"}, {"include", "all"}}));
    for (const auto& photo : all.at("photos").as_array()) {
        const auto& urls = photo.at("urls").as_object();
        CHECK(urls.size() == 3);
        CHECK(std::string(urls.at("thumbnail").as_string()).find("_thumb.jpg?") != std::string::npos);
        CHECK(std::string(urls.at("original").as_string()).find("_original.jpg?") != std::string::npos);
    }
}

TEST_CASE("headshotpro: records have the documented shapes") {
    auto backend = make_backend("headshotpro", 20);
    const auto documented_list_photo = boost::json::parse(R"({"id":"507f1f77bcf86cd799439022","status":"active",
        "likedStatus":"loved","createdAt":"2024-01-15T11:45:00.000Z","urls":{"main":"x"},"expiresAt":"x"})");
    const auto list = json_of(get(*backend, kModelPhotos, {{"limit", "1"}}));
    std::string where;
    CHECK_MESSAGE(same_shape(documented_list_photo, list.at("photos").at(0), where), where);
    CHECK(list.at("photos").at(0).at("likedStatus").as_string() == "loved");

    const auto documented_single = boost::json::parse(R"({"success":true,"photo":{"id":"x","modelId":"x",
        "status":"active","likedStatus":"loved","createdAt":"x","urls":{"main":"x"},"expiresAt":"x"}})");
    const auto single = json_of(get(*backend, kModelPhotos + "/507f1f77bcf86cd799439022"));
    where.clear();
    CHECK_MESSAGE(same_shape(documented_single, single, where), where);
    CHECK(single.at("photo").at("modelId").as_string() == "507f1f77bcf86cd799439011");

    const auto documented_favorite = boost::json::parse(R"({"id":"x","modelId":"x","member":{"id":"user_abc123",
        "email":"john@example.com","name":"John Doe","teamId":"team_xyz789","teamName":"Marketing"},
        "likedStatus":"loved","urls":{"main":"x"},"expiresAt":"x"})");
    const auto favorites = json_of(get(*backend, "/organization/photos/favorites"));
    where.clear();
    CHECK_MESSAGE(same_shape(documented_favorite, favorites.at("photos").at(0), where), where);
}

TEST_CASE("headshotpro: organization favorites walk to N and filter by teamId") {
    auto backend = make_backend("headshotpro", 1000);
    const auto all = walk(*backend, "/organization/photos/favorites", {}, 200);
    CHECK(all.size() == 1000);
    CHECK(ids_of(all).size() == 1000);
    CHECK(all.front().at("id").as_string() == "507f1f77bcf86cd799439022");
    CHECK(all.front().at("member").at("email").as_string() == "john@example.com");

    const auto team = walk(*backend, "/organization/photos/favorites", {{"teamId", "team_xyz789"}}, 50);
    CHECK(team.size() > 1);
    CHECK(team.size() < 1000);
    for (const auto& favorite : team) CHECK(favorite.at("member").at("teamId").as_string() == "team_xyz789");
    CHECK(walk(*backend, "/organization/photos/favorites", {{"teamId", "team_nobody"}}, 50).empty());

    // Every favorite is its model's favorite.
    const auto& second = all.at(1);
    const auto favorite = json_of(
        get(*backend, "/organization/models/" + std::string(second.at("modelId").as_string()) + "/photos/favorite"));
    CHECK(favorite.at("photo").at("id") == second.at("id"));
}

TEST_CASE("headshotpro: favorite route, with and without a favorite") {
    auto backend = make_backend("headshotpro", 50);
    const auto with = json_of(get(*backend, kModelPhotos + "/favorite"));
    CHECK(with.at("photo").at("id").as_string() == "507f1f77bcf86cd799439022");
    for (const char* model : {"507f1f77bcf86cd799439012", "507f1f77bcf86cd799439013", "507f1f77bcf86cd799439014"}) {
        const auto none = get(*backend, std::string("/organization/models/") + model + "/photos/favorite");
        CHECK(none.status == 200);
        CHECK(json_of(none) == boost::json::parse(
                                   R"({"success":true,"photo":null,"message":"No favorite photo has been selected yet"})"));
    }
    CHECK(get(*backend, "/organization/models/000000000000000000000000/photos/favorite").status == 404);
    CHECK(get(*backend, kModelPhotos + "/000000000000000000000000").status == 404);
}

TEST_CASE("headshotpro: batch download") {
    auto backend = make_backend("headshotpro", 120);
    const std::string path = kModelPhotos + "/download";
    auto all = send_json(*backend, "POST", path, boost::json::object{});
    CHECK(all.status == 200);
    auto body = json_of(all);
    CHECK(body.at("downloads").as_array().size() == 120);
    CHECK(body.at("downloads").at(0).at("urls").as_object().size() == 1);
    CHECK(body.at("expiresAt").is_string());

    auto picked = json_of(send_json(*backend, "POST", path,
                                    {{"photoIds", {"507f1f77bcf86cd799439022", "507f1f77bcf86cd799439023"}},
                                     {"include", "all"}}));
    const auto& downloads = picked.at("downloads").as_array();
    REQUIRE(downloads.size() == 2);
    CHECK(downloads[1].at("photoId").as_string() == "507f1f77bcf86cd799439023");
    CHECK(downloads[0].at("urls").as_object().size() == 3);

    CHECK(send_json(*backend, "POST", path, {{"photoIds", {"nope"}}}).status == 404);
    CHECK(send_json(*backend, "POST", path, {{"include", "everything"}}).status == 400);
    CHECK(send_json(*backend, "POST", path, {{"photoIds", "507f1f77bcf86cd799439022"}}).status == 400);
}

TEST_CASE("headshotpro: invalid parameters answer 400 naming the parameter") {
    auto backend = make_backend("headshotpro", 10);
    const std::vector<std::pair<std::string, std::string>> bad{
        {"limit", "0"}, {"limit", "201"}, {"limit", "abc"}, {"offset", "-1"},
        {"status", "archived"}, {"likedStatus", "hated"}, {"include", "thumbs"}};
    for (const auto& [name, value] : bad) {
        const auto response = get(*backend, kModelPhotos, {{name, value}});
        CHECK_MESSAGE(response.status == 400, name << "=" << value);
        const auto body = json_of(response);
        CHECK(std::string(body.at("parameter").as_string()) == name);
        CHECK(body.at("error").as_string() == "invalid_parameter");
        CHECK(std::string(body.at("value").as_string()) == value);
    }
    CHECK(json_of(get(*backend, kModelPhotos, {{"limit", "201"}})).at("message").as_string() ==
          "limit must be an integer between 1 and 200");
    CHECK(get(*backend, "/organization/photos/favorites", {{"limit", "500"}}).status == 400);
}

TEST_CASE("headshotpro: signed CDN URLs serve JPEG bytes and refuse tampered or expired ones") {
    auto backend = make_backend("headshotpro", 10, 7);
    const auto body = json_of(get(*backend, kModelPhotos, {{"include", "all"}, {"limit", "1"}}));
    const auto& photo = body.at("photos").at(0);

    // expiresAt is 23 to 24 hours from now.
    const std::int64_t now = photobridge::mock::dataset::wall_clock_unix_seconds();
    const std::string main_url(photo.at("urls").at("main").as_string());
    auto [path, query] = split_url(main_url, "headshotpro");
    CHECK(path == "/cdn/photos/507f1f77bcf86cd799439022.jpg");
    REQUIRE(query.size() == 2);
    const std::int64_t expires = std::stoll(query[0].second);
    CHECK(expires > now + 23 * 3600 - 5);
    CHECK(expires <= now + 24 * 3600);

    for (const char* variant : {"main", "thumbnail", "original"}) {
        auto [p, q] = split_url(std::string(photo.at("urls").at(variant).as_string()), "headshotpro");
        const auto image = get(*backend, p, q);
        CHECK(image.status == 200);
        CHECK(image.content_type == "image/jpeg");
        CHECK(image.body.substr(0, 3) == "\xFF\xD8\xFF");
        CHECK(image.body.substr(image.body.size() - 2) == "\xFF\xD9");
    }

    Query tampered = query;
    tampered[1].second[0] = tampered[1].second[0] == 'a' ? 'b' : 'a';
    CHECK(get(*backend, path, tampered).status == 403);
    Query later = query;
    later[0].second = std::to_string(expires + 3600);  // extend the expiry: signature no longer matches
    CHECK(get(*backend, path, later).status == 403);
    CHECK(get(*backend, "/cdn/photos/507f1f77bcf86cd799439023.jpg", query).status == 403);  // another photo
    CHECK(get(*backend, path).status == 403);                                              // unsigned

    // A correctly signed URL that has expired.
    const photobridge::mock::dataset::UrlSigner signer(7);
    const std::int64_t past = now - 60;
    const auto expired = get(*backend, path, {{"expires", std::to_string(past)}, {"signature", signer.signature(path, past)}});
    CHECK(expired.status == 403);
    CHECK(std::string(json_of(expired).at("message").as_string()).find("expired") != std::string::npos);
    // The same signer with a future expiry is accepted: the test's signer is the backend's.
    const std::int64_t future = now + 600;
    CHECK(get(*backend, path, {{"expires", std::to_string(future)}, {"signature", signer.signature(path, future)}}).status == 200);
    // A different seed signs differently.
    const photobridge::mock::dataset::UrlSigner other(8);
    CHECK(get(*backend, path, {{"expires", std::to_string(future)}, {"signature", other.signature(path, future)}}).status == 403);
}

TEST_CASE("headshotpro: same seed gives identical bytes, another seed differs") {
    // Signed URLs change once per wall-clock hour; retry if the hour turned mid-test.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto a = make_backend("headshotpro", 200, 42);
        auto b = make_backend("headshotpro", 200, 42);
        auto c = make_backend("headshotpro", 200, 43);
        const Query query{{"limit", "200"}, {"include", "all"}};
        const auto first = get(*a, kModelPhotos, query).body;
        const auto second = get(*b, kModelPhotos, query).body;
        const auto other = get(*c, kModelPhotos, query).body;
        if (first != second && attempt == 0) continue;
        CHECK(first == second);
        CHECK(first != other);
        CHECK(get(*a, "/organization/photos/favorites", query).body ==
              get(*b, "/organization/photos/favorites", query).body);
        break;
    }
}
