// generative.photos dataset: upload, face detection after polls, variant
// progression, idempotency, configured failures and PNG bytes.
#include <doctest/doctest.h>

#include "dataset/image_synth.hpp"
#include "dataset_test_support.hpp"

using namespace dataset_test;

namespace {

std::string upload(DatasetBackend& backend, const std::string& filename = "me.png") {
    auto r = request("generative_photos", "POST", "/teams/me/gallery");
    r.parts.push_back({"object", filename, "image/png", photobridge::mock::dataset::portrait_png("upload")});
    const auto response = call(backend, r);
    REQUIRE(response.status == 200);
    const auto body = json_of(response);
    CHECK(body.at("data").at("task").at("status") == "complete");
    CHECK_FALSE(body.at("data").as_object().contains("faces"));
    return std::string(body.at("id").as_string());
}

boost::json::value poll(DatasetBackend& backend, const std::string& id) {
    const auto response = get(backend, "/teams/me/gallery/" + id);
    REQUIRE(response.status == 200);
    return json_of(response);
}

std::string status_of(const boost::json::value& item) {
    return std::string(item.at("data").at("task").at("status").as_string());
}

MockResponse put_variant(DatasetBackend& backend, const std::string& id, const std::string& face,
                         const boost::json::value& body) {
    return send_json(backend, "PUT", "/teams/me/gallery/" + id + "/faces/" + face, body);
}

// Uploads and polls until faces show (the 3rd GET).
std::string upload_with_faces(DatasetBackend& backend) {
    const std::string id = upload(backend);
    poll(backend, id);
    poll(backend, id);
    REQUIRE(poll(backend, id).at("data").as_object().contains("faces"));
    return id;
}

}  // namespace

TEST_CASE("generative_photos: faces appear on the third poll after an upload") {
    auto backend = make_backend("generative_photos", 5);
    const std::string id = upload(*backend);
    CHECK_FALSE(poll(*backend, id).at("data").as_object().contains("faces"));
    CHECK_FALSE(poll(*backend, id).at("data").as_object().contains("faces"));
    const auto third = poll(*backend, id);
    CHECK(status_of(third) == "complete");
    const auto& faces = third.at("data").at("faces").as_array();
    REQUIRE(faces.size() == 2);
    for (const auto& face : faces) {
        for (const char* key : {"x", "y", "width", "height"}) {
            const double value = face.at(key).to_number<double>();
            CHECK(value > 0.0);
            CHECK(value < 1.0);
        }
    }
    CHECK(std::string(third.at("data").at("pixels").as_string()) ==
          std::string(kBaseUrl) + "/generative_photos/teams/me/gallery/" + id + "/pixels/original/bytes");
    CHECK(upload(*backend) != id);
}

TEST_CASE("generative_photos: upload needs a file part with a non-empty filename") {
    auto backend = make_backend("generative_photos", 1);
    auto r = request("generative_photos", "POST", "/teams/me/gallery");
    r.parts.push_back({"object", "", "image/png", photobridge::mock::dataset::portrait_png("x")});
    const auto response = call(*backend, r);
    CHECK(response.status == 400);
    CHECK(json_of(response).at("parameter") == "filename");
    CHECK(json_of(response).at("code").is_string());
    r.parts = {{"object", "a.gif", "image/gif", "GIF89a..."}};
    CHECK(call(*backend, r).status == 400);
    CHECK(get(*backend, "/teams/me/gallery/nope").status == 404);
}

TEST_CASE("generative_photos: a variant goes waiting -> inprogress -> complete and is idempotent") {
    auto backend = make_backend("generative_photos", 1);
    const std::string source = upload(*backend);
    CHECK(put_variant(*backend, source, "default", {{"move", "smile"}}).status == 409);  // faces not detected yet
    poll(*backend, source);
    poll(*backend, source);
    poll(*backend, source);

    const auto created = put_variant(*backend, source, "default", {{"move", "smile"}, {"param", -0.6}});
    REQUIRE(created.status == 200);
    const auto item = json_of(created);
    const std::string id(item.at("id").as_string());
    CHECK(status_of(item) == "waiting");
    CHECK(json_of(get(*backend, "/teams/me/gallery/" + id + "/pixels/original/bytes")).at("code") == "task_not_complete");
    CHECK(status_of(poll(*backend, id)) == "waiting");
    CHECK(status_of(poll(*backend, id)) == "inprogress");
    const auto done = poll(*backend, id);
    CHECK(status_of(done) == "complete");
    CHECK(done.at("data").as_object().contains("faces"));
    CHECK(status_of(poll(*backend, id)) == "complete");

    // Same document, face, move and param: the same variant, in its current state.
    const auto again = json_of(put_variant(*backend, source, "0", {{"move", "smile"}, {"param", -0.6}}));
    CHECK(std::string(again.at("id").as_string()) == id);
    CHECK(status_of(again) == "complete");
    // param defaults to 1.0.
    const auto implicit = json_of(put_variant(*backend, source, "default", {{"move", "age"}}));
    const auto explicit_one = json_of(put_variant(*backend, source, "default", {{"move", "age"}, {"param", 1}}));
    CHECK(implicit.at("id") == explicit_one.at("id"));
    CHECK(json_of(put_variant(*backend, source, "default", {{"move", "age"}, {"param", 2}})).at("id") != implicit.at("id"));
    CHECK(json_of(put_variant(*backend, source, "default", {{"move", "gender"}})).at("id") != implicit.at("id"));

    const auto png = get(*backend, "/teams/me/gallery/" + id + "/pixels/original/bytes");
    CHECK(png.status == 200);
    CHECK(png.content_type == "image/png");
    CHECK(png.body.substr(0, 8) == "\x89PNG\r\n\x1a\n");
    CHECK(png.body.substr(png.body.size() - 8, 4) == "IEND");
    const auto original = get(*backend, "/teams/me/gallery/" + source + "/pixels/original/bytes");
    CHECK(original.body.substr(0, 8) == "\x89PNG\r\n\x1a\n");
}

TEST_CASE("generative_photos: faces configured to fail end failed with an error code") {
    auto backend = make_backend("generative_photos", 1);
    const std::string source = upload_with_faces(*backend);
    const auto expect_failure = [&](const std::string& face, const boost::json::value& body, const std::string& code) {
        const auto item = json_of(put_variant(*backend, source, face, body));
        const std::string id(item.at("id").as_string());
        CHECK(status_of(item) == "waiting");
        CHECK(status_of(poll(*backend, id)) == "waiting");
        CHECK(status_of(poll(*backend, id)) == "inprogress");
        const auto failed = poll(*backend, id);
        CHECK(status_of(failed) == "failed");
        CHECK(std::string(failed.at("data").at("task").at("error").at("code").as_string()) == code);
        CHECK(get(*backend, "/teams/me/gallery/" + id + "/pixels/original/bytes").status == 409);
    };
    expect_failure("1", {{"move", "FemaleAsian"}}, "face_unprocessable");
    expect_failure("0", {{"move", "age"}, {"param", 6.5}}, "param_out_of_range");
    expect_failure("0", {{"move", "smile"}, {"param", -5}}, "param_out_of_range");
}

TEST_CASE("generative_photos: invalid variant requests") {
    auto backend = make_backend("generative_photos", 1);
    const std::string source = upload_with_faces(*backend);
    const auto bad_move = put_variant(*backend, source, "default", {{"move", "frown"}});
    CHECK(bad_move.status == 400);
    CHECK(json_of(bad_move).at("parameter") == "move");
    CHECK(put_variant(*backend, source, "default", {{"param", 1.0}}).status == 400);
    CHECK(put_variant(*backend, source, "default", {{"move", "smile"}, {"param", "big"}}).status == 400);
    CHECK(put_variant(*backend, source, "2", {{"move", "smile"}}).status == 404);
    CHECK(put_variant(*backend, source, "left", {{"move", "smile"}}).status == 404);
    CHECK(put_variant(*backend, "missing", "0", {{"move", "smile"}}).status == 404);
}

TEST_CASE("generative_photos: same seed gives identical ids and bytes") {
    auto a = make_backend("generative_photos", 3, 11);
    auto b = make_backend("generative_photos", 3, 11);
    auto c = make_backend("generative_photos", 3, 12);
    const std::string id_a = upload_with_faces(*a);
    const std::string id_b = upload_with_faces(*b);
    CHECK(id_a == id_b);
    CHECK(upload(*c) != id_a);
    CHECK(get(*a, "/teams/me/gallery/" + id_a).body == get(*b, "/teams/me/gallery/" + id_b).body);
    const auto va = json_of(put_variant(*a, id_a, "0", {{"move", "MaleBlack"}}));
    const auto vb = json_of(put_variant(*b, id_b, "0", {{"move", "MaleBlack"}}));
    CHECK(va == vb);
}
