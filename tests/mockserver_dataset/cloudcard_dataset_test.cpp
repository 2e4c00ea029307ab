// CloudCard dataset: GET /photo offset/max walks (bare arrays), status
// filter, documented record shape and CDN bytes.
#include <doctest/doctest.h>

#include <set>

#include "dataset_test_support.hpp"

using namespace dataset_test;

namespace {

std::vector<boost::json::object> walk(DatasetBackend& backend, Query filters, std::int64_t max) {
    std::vector<boost::json::object> all;
    for (std::int64_t offset = 0;; offset += max) {
        Query query = filters;
        query.emplace_back("offset", std::to_string(offset));
        query.emplace_back("max", std::to_string(max));
        const auto response = get(backend, "/photo", query);
        REQUIRE(response.status == 200);
        const auto page = json_of(response).as_array();
        for (const auto& photo : page) all.push_back(photo.as_object());
        if (static_cast<std::int64_t>(page.size()) < max) break;  // a short page is the last one
        REQUIRE_MESSAGE(offset < 1000000, "the walk does not end");
    }
    return all;
}

// The first element of the docs' example array.
boost::json::value documented_photo() {
    const std::string doc = provider_doc("cloudcard", "cloudcard.md");
    const auto start = doc.find("200 OK [");
    REQUIRE(start != std::string::npos);
    const auto end = doc.find("Related content", start);
    boost::json::value array = boost::json::parse(doc.substr(start + 7, doc.rfind(']', end) - start - 6));
    return array.as_array().at(0);
}

}  // namespace

TEST_CASE("cloudcard: walking /photo with offset/max yields every photo once, newest first") {
    auto backend = make_backend("cloudcard", 1000);
    const auto photos = walk(*backend, {}, 37);
    CHECK(photos.size() == 1000);
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < photos.size(); ++i) {
        ids.insert(photos[i].at("id").as_int64());
        if (i > 0) {
            CHECK(photos[i].at("id").as_int64() < photos[i - 1].at("id").as_int64());
            CHECK(photos[i].at("dateCreated").as_string() <= photos[i - 1].at("dateCreated").as_string());
        }
    }
    CHECK(ids.size() == 1000);
    CHECK(photos[0].at("id").as_int64() == 1423442);
    CHECK(photos[1].at("id").as_int64() == 1415398);
    CHECK(walk(*backend, {}, 1000).size() == 1000);

    CHECK(json_of(get(*backend, "/photo")).as_array().size() == 25);  // default max
    CHECK(json_of(get(*backend, "/photo", {{"max", "0"}})).as_array().empty());
    CHECK(json_of(get(*backend, "/photo", {{"offset", "990"}, {"max", "25"}})).as_array().size() == 10);
}

TEST_CASE("cloudcard: status filter covers every documented status") {
    auto backend = make_backend("cloudcard", 400);
    std::size_t total = 0;
    for (const char* status : {"PENDING", "APPROVED", "DENIED", "READY_FOR_DOWNLOAD", "DOWNLOADED", "DONE", "ENROUTE"}) {
        const auto photos = walk(*backend, {{"status", status}}, 50);
        CHECK_MESSAGE(!photos.empty(), status);
        for (const auto& photo : photos) {
            CHECK(photo.at("status").as_string() == status);
            const bool approved = std::string(status) != "PENDING" && std::string(status) != "DENIED";
            CHECK(photo.at("dateApproved").is_null() != approved);
        }
        total += photos.size();
    }
    CHECK(total == 400);
}

TEST_CASE("cloudcard: invalid parameters answer 400 naming the parameter") {
    auto backend = make_backend("cloudcard", 10);
    for (const auto& [name, value] : Query{{"max", "1001"}, {"max", "-1"}, {"offset", "-5"}, {"offset", "x"},
                                           {"status", "pending"}, {"status", "ARCHIVED"}}) {
        const auto response = get(*backend, "/photo", {{name, value}});
        CHECK_MESSAGE(response.status == 400, name << "=" << value);
        CHECK(std::string(json_of(response).at("parameter").as_string()) == name);
    }
}

TEST_CASE("cloudcard: records have the documented shape and their URLs serve JPEG bytes") {
    auto backend = make_backend("cloudcard", 5);
    const auto photos = json_of(get(*backend, "/photo")).as_array();
    const auto documented = documented_photo();
    for (const auto& photo : photos) {
        std::string where;
        CHECK_MESSAGE(same_shape(documented, photo, where), where);
    }
    const auto& first = photos.at(0);
    CHECK(first.at("person").at("email").as_string() == "test_user@cloudcard.us");
    CHECK(first.at("externalURL") == first.at("links").at("bytes"));
    for (const auto& url : {first.at("externalURL"), first.at("originalPhoto").at("links").at("bytes"),
                            first.at("person").at("additionalPhotos").at(0).at("links").at("bytes")}) {
        auto [path, query] = split_url(std::string(url.as_string()), "cloudcard");
        const auto image = get(*backend, path, query);
        CHECK(image.status == 200);
        CHECK(image.content_type == "image/jpeg");
        CHECK(image.body.substr(0, 3) == "\xFF\xD8\xFF");
    }
    CHECK(get(*backend, "/cdn/photos/unknown.jpg").status == 404);
}

TEST_CASE("cloudcard: same seed gives identical bytes, another seed differs") {
    auto a = make_backend("cloudcard", 100, 5);
    auto b = make_backend("cloudcard", 100, 5);
    auto c = make_backend("cloudcard", 100, 6);
    const Query query{{"max", "100"}};
    CHECK(get(*a, "/photo", query).body == get(*b, "/photo", query).body);
    CHECK(get(*a, "/photo", query).body != get(*c, "/photo", query).body);
}
