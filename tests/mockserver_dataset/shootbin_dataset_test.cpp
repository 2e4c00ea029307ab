// Shootbin dataset: opaque-cursor walks (newest first), uploads, approval,
// owner rules, selection limit and locked projects.
#include <doctest/doctest.h>

#include <set>

#include "framework/base64.hpp"
#include "dataset/image_synth.hpp"
#include "dataset_test_support.hpp"

using namespace dataset_test;
using photobridge::mock::MultipartPart;

namespace {

const std::string kAlbum = "/api/projects/1/albums/12/photos";

std::vector<boost::json::object> walk(DatasetBackend& backend, const std::string& path, std::int64_t per_page) {
    std::vector<boost::json::object> all;
    std::string cursor;
    std::size_t pages = 0;
    for (;;) {
        Query query{{"per_page", std::to_string(per_page)}};
        if (!cursor.empty()) query.emplace_back("cursor", cursor);
        const auto response = get(backend, path, query);
        REQUIRE(response.status == 200);
        const auto body = json_of(response);
        const auto& data = body.at("data").as_array();
        CHECK(body.at("photos") == body.at("data"));
        CHECK(body.at("meta").at("per_page").as_int64() == per_page);
        for (const auto& photo : data) all.push_back(photo.as_object());
        if (!body.at("has_more").as_bool()) {
            CHECK(body.at("next_cursor").is_null());
            break;
        }
        CHECK(static_cast<std::int64_t>(data.size()) == per_page);
        cursor = std::string(body.at("next_cursor").as_string());
        REQUIRE_MESSAGE(++pages < 100000, "the walk does not end");
    }
    return all;
}

MockRequest upload_request(const std::string& path, std::vector<MultipartPart> parts) {
    auto r = request("shootbin", "POST", path);
    r.parts = std::move(parts);
    return r;
}

MultipartPart photo_part(std::string filename, std::string content) {
    return part("photo", std::move(filename), "image/jpeg", std::move(content));
}

MockResponse patch(DatasetBackend& backend, const std::string& path, const boost::json::value& body,
                   const std::string& credential = "mock-token") {
    auto r = request("shootbin", "PATCH", path, {}, boost::json::serialize(body));
    r.credential = credential;
    return call(backend, r);
}

}  // namespace

TEST_CASE("shootbin: walking album 12 yields every photo once, newest first, with a correct last page") {
    auto backend = make_backend("shootbin", 1000);
    const auto photos = walk(*backend, kAlbum, 100);
    CHECK(photos.size() == 1000);
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < photos.size(); ++i) {
        ids.insert(photos[i].at("id").as_int64());
        CHECK(photos[i].at("album_id").as_int64() == 12);
        if (i > 0) CHECK(photos[i].at("id").as_int64() < photos[i - 1].at("id").as_int64());
    }
    CHECK(ids.size() == 1000);
    CHECK(ids.count(123) == 1);
    CHECK(walk(*backend, kAlbum, 7).size() == 1000);
    CHECK(walk(*backend, kAlbum, 1).size() == 1000);

    const auto first = json_of(get(*backend, kAlbum));
    CHECK(first.at("data").as_array().size() == 50);  // default per_page
    CHECK(first.at("meta").at("per_page").as_int64() == 50);

    // The docs' cursor eyJpZCI6MTIzfQ is {"id":123}: the page after photo 123.
    CHECK(photobridge::mock::base64url_decode("eyJpZCI6MTIzfQ").value() == R"({"id":123})");
    const auto after = json_of(get(*backend, kAlbum, {{"cursor", "eyJpZCI6MTIzfQ"}, {"per_page", "5"}}));
    CHECK(after.at("data").at(0).at("id").as_int64() == 122);
    const auto last = json_of(get(*backend, kAlbum, {{"cursor", "eyJpZCI6MTAzfQ"}, {"per_page", "5"}}));
    CHECK(last.at("data").as_array().size() == 3);  // 102, 101, 100
    CHECK_FALSE(last.at("has_more").as_bool());
    CHECK(last.at("next_cursor").is_null());
}

TEST_CASE("shootbin: bad parameters and unknown albums") {
    auto backend = make_backend("shootbin", 30);
    for (const auto& [name, value] : Query{{"per_page", "101"}, {"per_page", "0"}, {"per_page", "ten"},
                                           {"cursor", "!!!"}, {"cursor", "eyJ4IjoxfQ"}}) {
        const auto response = get(*backend, kAlbum, {{name, value}});
        CHECK_MESSAGE(response.status == 400, name << "=" << value);
        CHECK(std::string(json_of(response).at("parameter").as_string()) == name);
    }
    CHECK(get(*backend, "/api/projects/1/albums/22/photos").status == 404);  // album of another project
    CHECK(get(*backend, "/api/projects/9/albums/12/photos").status == 404);
    CHECK(get(*backend, kAlbum + "/999999").status == 404);
}

TEST_CASE("shootbin: records have the documented shape") {
    auto backend = make_backend("shootbin", 200);
    const auto documented = boost::json::parse(R"({"id":124,"album_id":12,"title":"Frame 001","description":null,
        "tags":[],"original_filename":"IMG_4821.CR3","approved_at":null,"revision_uploaded_at":null,
        "has_annotations":true,"image_url":"x","revisions":[{"id":5,"revision_number":1,
        "original_filename":"IMG_4821_v1.CR3","uploaded_at":"x","archived_annotations_count":2,"image_url":"x"}],
        "annotations":[{"id":9,"comment":"x","x_position":42.5,"y_position":31.2,"created_at":"x"}]})");
    bool saw_revision = false, saw_annotation = false;
    for (const auto& photo : walk(*backend, kAlbum, 100)) {
        std::string where;
        CHECK_MESSAGE(same_shape(documented, photo, where), where);
        saw_revision |= !photo.at("revisions").as_array().empty();
        saw_annotation |= !photo.at("annotations").as_array().empty();
        CHECK(photo.at("has_annotations").as_bool() == !photo.at("annotations").as_array().empty());
    }
    CHECK(saw_revision);
    CHECK(saw_annotation);
    const auto single = json_of(get(*backend, kAlbum + "/123"));
    CHECK(single.at("id").as_int64() == 123);
    auto [path, query] = split_url(std::string(single.at("image_url").as_string()), "shootbin");
    const auto image = get(*backend, path, query);
    CHECK(image.status == 200);
    CHECK(image.body.substr(0, 3) == "\xFF\xD8\xFF");
}

TEST_CASE("shootbin: an upload appears first in the listing and in get") {
    auto backend = make_backend("shootbin", 300);
    const std::string jpeg = photobridge::mock::dataset::portrait_jpeg("upload");
    const auto created = call(*backend, upload_request(kAlbum, {photo_part("/tmp/x/photo.jpg", jpeg),
                                                                 part("description", "", "", "Uploaded through the API")}));
    REQUIRE(created.status == 201);
    const auto photo = json_of(created);
    CHECK(photo.at("title").as_string() == "photo");  // the file name without extension
    CHECK(photo.at("original_filename").as_string() == "photo.jpg");
    CHECK(photo.at("description").as_string() == "Uploaded through the API");
    CHECK(photo.at("approved_at").is_null());
    CHECK(photo.at("id").as_int64() == 430);  // album 12 has 100..399, album 22 400..419, album 32 420..429
    const std::string created_path = kAlbum + "/430";

    const auto listed = json_of(get(*backend, kAlbum, {{"per_page", "2"}}));
    CHECK(listed.at("data").at(0) == photo);
    CHECK(json_of(get(*backend, created_path)) == photo);
    CHECK(walk(*backend, kAlbum, 100).size() == 301);
    auto [path, query] = split_url(std::string(photo.at("image_url").as_string()), "shootbin");
    CHECK(get(*backend, path, query).body == jpeg);  // the CDN serves the uploaded bytes

    const auto titled = json_of(call(*backend, upload_request(kAlbum, {photo_part("tmp123.jpg", jpeg),
                                                                       part("title", "", "", "Frame 001"),
                                                                       part("client_original_filename", "", "", "IMG_4821.CR3")})));
    CHECK(titled.at("title").as_string() == "Frame 001");
    CHECK(titled.at("original_filename").as_string() == "IMG_4821.CR3");
    CHECK(json_of(get(*backend, kAlbum)).at("data").at(0).at("id") == titled.at("id"));

    // The backend keeps the uploaded bytes the request carried, not a copy of them.
    const MockRequest kept = upload_request(kAlbum, {photo_part("kept.jpg", jpeg)});
    REQUIRE(call(*backend, kept).status == 201);
    CHECK(kept.parts[0].bytes.use_count() == 2);

    backend->reset();
    CHECK(get(*backend, created_path).status == 404);
    CHECK(kept.parts[0].bytes.use_count() == 1);
}

TEST_CASE("shootbin: upload validation and the locked project") {
    auto backend = make_backend("shootbin", 10);
    const std::string jpeg = photobridge::mock::dataset::portrait_jpeg("x");
    const auto missing = call(*backend, upload_request(kAlbum, {part("title", "", "", "no file")}));
    CHECK(missing.status == 422);
    CHECK(json_of(missing).at("errors").at("photo").at(0).is_string());
    const auto not_image = call(*backend, upload_request(kAlbum, {photo_part("notes.txt", "hello")}));
    CHECK(not_image.status == 422);
    std::string big = jpeg;
    big.resize(10 * 1024 * 1024 + 1, 'x');
    const auto too_big = call(*backend, upload_request(kAlbum, {photo_part("big.jpg", big)}));
    CHECK(too_big.status == 422);
    CHECK(std::string(json_of(too_big).at("errors").at("photo").at(0).as_string()).find("10240 kilobytes") !=
          std::string::npos);
    std::string limit_size = jpeg;
    limit_size.resize(10 * 1024 * 1024, 'x');
    CHECK(call(*backend, upload_request(kAlbum, {photo_part("edge.jpg", limit_size)})).status == 201);

    const auto locked = call(*backend, upload_request("/api/projects/3/albums/32/photos", {photo_part("a.jpg", jpeg)}));
    CHECK(locked.status == 403);
    CHECK(json_of(locked).at("message").is_string());
    CHECK(get(*backend, "/api/projects/3/albums/32/photos").status == 200);  // reading a locked project is fine
}

TEST_CASE("shootbin: approval persists, and only the owner edits title, description and tags") {
    auto backend = make_backend("shootbin", 30);
    const std::string photo = kAlbum + "/110";
    const auto approved = patch(*backend, photo, {{"approved", true}});
    REQUIRE(approved.status == 200);
    const auto approved_at = json_of(approved).at("approved_at");
    CHECK(approved_at.is_string());
    CHECK(json_of(get(*backend, photo)).at("approved_at") == approved_at);
    CHECK(patch(*backend, photo, {{"approved", false}}).status == 200);
    CHECK(json_of(get(*backend, photo)).at("approved_at").is_null());

    const auto edited = patch(*backend, photo, {{"title", "Hero"}, {"description", nullptr}, {"tags", {"a", "b"}}});
    REQUIRE(edited.status == 200);
    const auto fetched = json_of(get(*backend, photo));
    CHECK(fetched.at("title") == "Hero");
    CHECK(fetched.at("description").is_null());
    CHECK(fetched.at("tags") == boost::json::parse(R"(["a","b"])"));

    // Project 2 belongs to someone else: approving is allowed, editing is not.
    const auto list = json_of(get(*backend, "/api/projects/2/albums/22/photos"));
    const std::string other = "/api/projects/2/albums/22/photos/" + std::to_string(list.at("data").at(0).at("id").as_int64());
    CHECK(patch(*backend, other, {{"approved", true}}).status == 200);
    for (const auto& body : {boost::json::value{{"title", "Mine"}}, boost::json::value{{"description", "d"}},
                             boost::json::value{{"tags", {"x"}}}}) {
        const auto refused = patch(*backend, other, body);
        CHECK(refused.status == 403);
        CHECK(json_of(refused).at("message").is_string());
    }
    // The approver identity is not the owner of project 1 either.
    CHECK(patch(*backend, photo, {{"title", "Nope"}}, "mock-token-approver").status == 403);
    CHECK(patch(*backend, photo, {{"approved", true}}, "mock-token-approver").status == 200);

    CHECK(patch(*backend, photo, {{"approved", "yes"}}).status == 422);
    CHECK(patch(*backend, photo, {{"tags", {std::string(101, 't')}}}).status == 422);
    CHECK(patch(*backend, kAlbum + "/99999", {{"approved", true}}).status == 404);
}

TEST_CASE("shootbin: the selection limit refuses one approval too many with a 422 on `approved`") {
    auto backend = make_backend("shootbin", 30, 1, 3);
    for (const auto& photo : walk(*backend, kAlbum, 100)) CHECK(photo.at("approved_at").is_null());
    for (int id : {100, 101, 102}) CHECK(patch(*backend, kAlbum + "/" + std::to_string(id), {{"approved", true}}).status == 200);
    CHECK(patch(*backend, kAlbum + "/101", {{"approved", true}}).status == 200);  // already approved: no new selection
    const auto refused = patch(*backend, kAlbum + "/103", {{"approved", true}});
    CHECK(refused.status == 422);
    const auto body = json_of(refused);
    CHECK(body.at("message").is_string());
    CHECK(std::string(body.at("errors").at("approved").at(0).as_string()).find("3") != std::string::npos);
    CHECK(json_of(get(*backend, kAlbum + "/103")).at("approved_at").is_null());
    CHECK(patch(*backend, kAlbum + "/100", {{"approved", false}}).status == 200);
    CHECK(patch(*backend, kAlbum + "/103", {{"approved", true}}).status == 200);
}

TEST_CASE("shootbin: same seed gives identical bytes, another seed differs") {
    auto a = make_backend("shootbin", 100, 3);
    auto b = make_backend("shootbin", 100, 3);
    auto c = make_backend("shootbin", 100, 4);
    const Query query{{"per_page", "100"}};
    CHECK(get(*a, kAlbum, query).body == get(*b, kAlbum, query).body);
    CHECK(get(*a, kAlbum, query).body != get(*c, kAlbum, query).body);
}
