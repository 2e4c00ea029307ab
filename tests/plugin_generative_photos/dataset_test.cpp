// The generative_photos plugin against the mock's stateful dataset: the
// documented "Typical Usage" flow end to end, failures with their codes,
// idempotent variants, and the errors the mock gives.
#include "gp_test_support.hpp"

#include <chrono>

using namespace gp_test;

TEST_CASE("dataset: upload -> wait_faces -> create_variant -> wait_variant -> download") {
    const MockServer& mock = fresh(dataset_mock());
    const std::string base = mock.provider_url("generative_photos");
    const auto gp = plugin(base);

    const json::value uploaded = gp.call("upload_image", {{"filename", "portrait.png"}}, png_bytes()).json;
    const std::string image(uploaded.at("id").as_string());
    CHECK(uploaded.at("status") == "complete");  // "synchronous": complete on return
    CHECK(uploaded.at("faces").is_null());        // faces take a few polls

    const json::value with_faces = gp.call("wait_faces", fast_wait(image)).json;
    REQUIRE(with_faces.at("faces").is_array());
    CHECK(with_faces.at("faces").as_array().size() == 2);
    CHECK(gets_of(mock, image) == 3);  // the mock shows faces from the 3rd GET on

    const json::value queued = gp.call("create_variant", {{"id", image}, {"move", "smile"}, {"param", 0.5}}).json;
    const std::string variant(queued.at("id").as_string());
    CHECK(variant != image);
    CHECK(queued.at("status") == "waiting");
    CHECK(queued.at("photo").at("media").as_array().empty());

    const json::value done = gp.call("wait_variant", fast_wait(variant)).json;
    CHECK(done.at("status") == "complete");
    CHECK(done.at("error_code").is_null());
    const std::string bytes_url = base + "/teams/me/gallery/" + variant + "/pixels/original/bytes";
    CHECK(done.at("photo").at("media") ==
          json::array{{{"variant", "original"}, {"url", bytes_url}, {"width", nullptr}, {"height", nullptr}, {"expires_at", nullptr}}});
    CHECK(done.at("photo").at("status") == "complete");
    CHECK(gets_of(mock, variant) == 3);  // waiting, inprogress, complete

    const auto png = gp.call("download", {{"id", variant}});
    CHECK(is_png(png.bytes));
    CHECK(png.json.at("content_type") == "image/png");

    mock.clear_journal();
    const auto media = gp.call("download_media", {{"url", bytes_url}, {"variant", "original"}});
    CHECK(media.bytes == png.bytes);
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].at("headers").at("authorization") == "[REDACTED]");  // same origin as base_url
}

TEST_CASE("dataset by the clock: the variant completes after the mock's generation time, not after 3 GETs") {
    photobridge::testing::MockOptions options = mock_options(1);
    options.dataset_generation_time = std::chrono::milliseconds(300);
    options.dataset_face_detection_time = std::chrono::milliseconds(0);
    const MockServer mock(options);
    const auto gp = plugin(mock.provider_url("generative_photos"));

    const json::value uploaded = gp.call("upload_image", {{"filename", "portrait.png"}}, png_bytes()).json;
    CHECK(uploaded.at("faces").is_array());  // a face detection time of 0: faces at once
    const std::string image(uploaded.at("id").as_string());

    const auto started = std::chrono::steady_clock::now();
    const std::string variant(gp.call("create_variant", {{"id", image}, {"move", "smile"}}).json.at("id").as_string());
    const json::value done = gp.call("wait_variant", fast_wait(variant)).json;
    CHECK(done.at("status") == "complete");
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300));
    CHECK(gets_of(mock, variant) > 3);  // by poll count it would have completed on the 3rd GET
}

TEST_CASE("dataset: create_variant is idempotent for the same document + face + move and param") {
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const std::string image(gp.call("upload_image", {{"filename", "a.jpg"}}, jpeg_bytes()).json.at("id").as_string());
    gp.call("wait_faces", fast_wait(image));
    const json::value a = gp.call("create_variant", {{"id", image}, {"move", "age"}}).json;
    const json::value b = gp.call("create_variant", {{"id", image}, {"face", 0}, {"move", "age"}, {"param", 1.0}}).json;
    CHECK(a.at("id") == b.at("id"));  // "default" is face 0 and param defaults to 1.0
    const json::value c = gp.call("create_variant", {{"id", image}, {"move", "age"}, {"param", 2}}).json;
    CHECK(c.at("id") != a.at("id"));
}

TEST_CASE("dataset: a failed variant is CONFLICT carrying data.task.error.code") {
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const std::string image(gp.call("upload_image", {{"filename", "a.png"}}, png_bytes()).json.at("id").as_string());
    gp.call("wait_faces", fast_wait(image));

    SUBCASE("face 1 fails in the mock") {
        const std::string v(gp.call("create_variant", {{"id", image}, {"face", 1}, {"move", "gender"}}).json.at("id").as_string());
        const auto e = failure_of([&] { gp.call("wait_variant", fast_wait(v)); });
        CHECK(e.code() == PB_ERR_CONFLICT);
        CHECK(e.http_status() == 0);
        CHECK(e.provider_code() == "face_unprocessable");
        CHECK(contains(e.what(), "failed (data.task.error.code: face_unprocessable)"));
        // get_item reports the same state as data.
        const json::value item = gp.call("get_item", {{"id", v}}).json;
        CHECK(item.at("status") == "failed");
        CHECK(item.at("error_code") == "face_unprocessable");
    }
    SUBCASE("|param| >= 5 fails in the mock") {
        const std::string v(gp.call("create_variant", {{"id", image}, {"move", "smile"}, {"param", -6}}).json.at("id").as_string());
        const auto e = failure_of([&] { gp.call("wait_variant", fast_wait(v)); });
        CHECK(e.code() == PB_ERR_CONFLICT);
        CHECK(e.provider_code() == "param_out_of_range");
    }
}

TEST_CASE("dataset: provider errors keep their status + message and code") {
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));

    auto e = failure_of([&] { gp.call("get_item", {{"id", "no-such-document"}}); });
    CHECK(e.code() == PB_ERR_NOT_FOUND);
    CHECK(e.http_status() == 404);
    CHECK(e.provider_code() == "not_found");
    CHECK(contains(e.what(), "no such document"));

    const std::string image(gp.call("upload_image", {{"filename", "a.png"}}, png_bytes()).json.at("id").as_string());
    e = failure_of([&] { gp.call("create_variant", {{"id", image}, {"move", "smile"}}); });
    CHECK(e.code() == PB_ERR_CONFLICT);
    CHECK(e.http_status() == 409);
    CHECK(e.provider_code() == "faces_not_detected");

    gp.call("wait_faces", fast_wait(image));
    e = failure_of([&] { gp.call("create_variant", {{"id", image}, {"face", 7}, {"move", "smile"}}); });
    CHECK(e.code() == PB_ERR_NOT_FOUND);
    CHECK(e.provider_code() == "face_not_found");

    const std::string v(gp.call("create_variant", {{"id", image}, {"move", "smile"}}).json.at("id").as_string());
    e = failure_of([&] { gp.call("download", {{"id", v}}); });  // not complete yet
    CHECK(e.code() == PB_ERR_CONFLICT);
    CHECK(e.provider_code() == "task_not_complete");

    const auto bad_key = plugin(mock.provider_url("generative_photos"), "wrong-key");
    e = failure_of([&] { bad_key.call("get_item", {{"id", image}}); });
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(e.http_status() == 401);
    CHECK(contains(e.what(), "invalid credentials in the authorization header"));
}

TEST_CASE("client-side refusals: nothing is sent") {
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    auto e = failure_of([&] { gp.call("upload_image", {{"filename", "a.png"}}, ""); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    e = failure_of([&] { gp.call("upload_image", {{"filename", "a.gif"}}, "GIF89a......"); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "neither a PNG nor a JPEG"));
    e = failure_of([&] { gp.call("upload_image", {{"filename", ""}}, png_bytes()); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "filename"));
    e = failure_of([&] { gp.call("upload_image", json::object{}, png_bytes()); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    e = failure_of([&] { gp.call("create_variant", {{"id", "x"}, {"face", "first"}, {"move", "smile"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "\"default\""));
    e = failure_of([&] { gp.call("create_variant", {{"id", "x"}, {"face", -1}, {"move", "smile"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    e = failure_of([&] { gp.call("create_variant", {{"id", "x"}, {"move", "frown"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "is not one of"));
    e = failure_of([&] { gp.call("create_variant", {{"id", "x"}, {"move", "smile"}, {"param", "big"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(provider_requests(mock).empty());
}

TEST_CASE("a body cut off mid-way (mock fault: truncate) is the retryable NETWORK status") {
    // The host fails the read; complete-but-malformed JSON is covered with
    // the capture server (capture_test.cpp).
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const std::string image(gp.call("upload_image", {{"filename", "a.png"}}, png_bytes()).json.at("id").as_string());
    mock.admin("POST", "/__admin/faults",
               R"({"rules":[{"provider":"generative_photos","method":"GET","path":"/teams/me/gallery/{documentid}","fault":"truncate"}]})");
    const auto e = failure_of([&] { gp.call("get_item", {{"id", image}}); });
    CHECK(e.code() == PB_ERR_NETWORK);
    mock.admin("DELETE", "/__admin/faults");
}
