// generative.photos dataset: upload, face detection after polls, variant
// progression, idempotency, configured failures and PNG bytes; the same
// progressions by the clock (generation_time, face_detection_time). The
// clock cases sleep up to a second of real time; a check sees the wrong phase
// only if the test stalls for 300 ms or more between two requests.
#include <doctest/doctest.h>

#include "dataset/image_synth.hpp"
#include "dataset_test_support.hpp"

#include <chrono>
#include <optional>
#include <thread>

using namespace dataset_test;

namespace {

// The POST's answer: a GalleryItem whose task is complete.
boost::json::value upload_item(DatasetBackend& backend, const std::string& filename = "me.png") {
    auto r = request("generative_photos", "POST", "/teams/me/gallery");
    r.parts.push_back(part("object", filename, "image/png", photobridge::mock::dataset::portrait_png("upload")));
    const auto response = call(backend, r);
    REQUIRE(response.status == 200);
    auto body = json_of(response);
    CHECK(body.at("data").at("task").at("status") == "complete");
    return body;
}

// Uploads and returns the id; the answer shows no faces yet.
std::string upload(DatasetBackend& backend, const std::string& filename = "me.png") {
    const auto body = upload_item(backend, filename);
    CHECK_FALSE(body.at("data").as_object().contains("faces"));
    return std::string(body.at("id").as_string());
}

boost::json::value poll(DatasetBackend& backend, const std::string& id) {
    const auto response = get(backend, "/teams/me/gallery/" + id);
    REQUIRE(response.status == 200);
    return json_of(response);
}

bool has_faces(const boost::json::value& item) { return item.at("data").as_object().contains("faces"); }

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

std::string id_of(const boost::json::value& item) { return std::string(item.at("id").as_string()); }

photobridge::mock::DatasetOptions timed(std::optional<std::chrono::milliseconds> generation_time,
                                        std::optional<std::chrono::milliseconds> face_detection_time) {
    photobridge::mock::DatasetOptions options;
    options.records = 1;
    options.generation_time = generation_time;
    options.face_detection_time = face_detection_time;
    return options;
}

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

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
    r.parts.push_back(part("object", "", "image/png", photobridge::mock::dataset::portrait_png("x")));
    const auto response = call(*backend, r);
    CHECK(response.status == 400);
    CHECK(json_of(response).at("parameter") == "filename");
    CHECK(json_of(response).at("code").is_string());
    r.parts = {part("object", "a.gif", "image/gif", "GIF89a...")};
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

// ---- by the clock ------------------------------------------------------------

TEST_CASE("generative_photos: with a generation time, a variant completes by the clock, not by GETs") {
    auto backend = make_backend("generative_photos", timed(milliseconds(900), std::nullopt));
    // Faces still come by poll count: generation_time leaves them alone.
    const std::string source = upload(*backend);
    CHECK_FALSE(has_faces(poll(*backend, source)));
    CHECK_FALSE(has_faces(poll(*backend, source)));
    CHECK(has_faces(poll(*backend, source)));

    const auto created = json_of(put_variant(*backend, source, "default", {{"move", "smile"}}));
    const auto failing = json_of(put_variant(*backend, source, "1", {{"move", "smile"}}));
    const Clock::time_point created_by = Clock::now();
    CHECK(status_of(created) == "waiting");
    CHECK(status_of(failing) == "waiting");
    const std::string id = id_of(created);
    // More GETs than poll-count mode needs to finish: still the first third.
    for (int i = 0; i < 4; ++i) CHECK(status_of(poll(*backend, id)) == "waiting");
    CHECK(get(*backend, "/teams/me/gallery/" + id + "/pixels/original/bytes").status == 409);

    std::this_thread::sleep_until(created_by + milliseconds(450));  // past the first third (300 ms)
    const auto halfway = poll(*backend, id);
    CHECK(status_of(halfway) == "inprogress");
    CHECK_FALSE(has_faces(halfway));

    std::this_thread::sleep_until(created_by + milliseconds(1000));  // past 900 ms
    const auto done = poll(*backend, id);
    CHECK(status_of(done) == "complete");
    CHECK(has_faces(done));
    CHECK(get(*backend, "/teams/me/gallery/" + id + "/pixels/original/bytes").status == 200);
    // The failing face was never polled: it ends failed by the clock alone.
    const auto failed = poll(*backend, id_of(failing));
    CHECK(status_of(failed) == "failed");
    CHECK(failed.at("data").at("task").at("error").at("code") == "face_unprocessable");
    // Repeating the PUT answers the same variant in its current state.
    const auto again = json_of(put_variant(*backend, source, "default", {{"move", "smile"}}));
    CHECK(id_of(again) == id);
    CHECK(status_of(again) == "complete");
}

TEST_CASE("generative_photos: a long generation time keeps a variant waiting however often it is polled") {
    auto backend = make_backend("generative_photos", timed(milliseconds(60'000), std::nullopt));
    const std::string source = upload_with_faces(*backend);
    const std::string id = id_of(json_of(put_variant(*backend, source, "0", {{"move", "age"}})));
    for (int i = 0; i < 10; ++i) CHECK(status_of(poll(*backend, id)) == "waiting");
}

TEST_CASE("generative_photos: a generation time of zero completes a variant at once") {
    auto backend = make_backend("generative_photos", timed(milliseconds(0), std::nullopt));
    const std::string source = upload_with_faces(*backend);
    const auto created = json_of(put_variant(*backend, source, "default", {{"move", "smile"}}));
    CHECK(status_of(created) == "complete");
    CHECK(has_faces(created));
    CHECK(get(*backend, "/teams/me/gallery/" + id_of(created) + "/pixels/original/bytes").status == 200);
    const auto failed = json_of(put_variant(*backend, source, "0", {{"move", "smile"}, {"param", 7}}));
    CHECK(status_of(failed) == "failed");
    CHECK(failed.at("data").at("task").at("error").at("code") == "param_out_of_range");
}

TEST_CASE("generative_photos: with a face detection time, faces appear by the clock, not by GETs") {
    auto backend = make_backend("generative_photos", timed(std::nullopt, milliseconds(400)));
    const std::string source = upload(*backend);
    const Clock::time_point uploaded_by = Clock::now();
    // More GETs than poll-count mode needs: still no faces.
    for (int i = 0; i < 4; ++i) CHECK_FALSE(has_faces(poll(*backend, source)));
    const auto early = put_variant(*backend, source, "default", {{"move", "smile"}});
    CHECK(early.status == 409);
    CHECK(json_of(early).at("code") == "faces_not_detected");

    std::this_thread::sleep_until(uploaded_by + milliseconds(500));
    const auto detected = poll(*backend, source);
    CHECK(has_faces(detected));
    CHECK(detected.at("data").at("faces").as_array().size() == 2);

    // Variants still go by poll count: face_detection_time leaves them alone.
    const auto created = json_of(put_variant(*backend, source, "default", {{"move", "smile"}}));
    CHECK(status_of(created) == "waiting");
    const std::string id = id_of(created);
    CHECK(status_of(poll(*backend, id)) == "waiting");
    CHECK(status_of(poll(*backend, id)) == "inprogress");
    CHECK(status_of(poll(*backend, id)) == "complete");
}

TEST_CASE("generative_photos: a long face detection time shows no faces however often an upload is polled") {
    auto backend = make_backend("generative_photos", timed(std::nullopt, milliseconds(60'000)));
    const std::string source = upload(*backend);
    for (int i = 0; i < 10; ++i) CHECK_FALSE(has_faces(poll(*backend, source)));
    CHECK(put_variant(*backend, source, "default", {{"move", "smile"}}).status == 409);
}

TEST_CASE("generative_photos: a face detection time of zero shows faces in the upload's answer") {
    auto backend = make_backend("generative_photos", timed(std::nullopt, milliseconds(0)));
    const auto item = upload_item(*backend);
    CHECK(has_faces(item));
    CHECK(put_variant(*backend, id_of(item), "default", {{"move", "smile"}}).status == 200);
}
