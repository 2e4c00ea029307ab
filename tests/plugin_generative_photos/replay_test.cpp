// The generative_photos plugin against the mock in replay mode: requests
// checked in the journal, the documented GalleryItem mapped field by field,
// the PNG download, and polling that never settles (timeout, cancellation).
#include "gp_test_support.hpp"

#include <chrono>
#include <future>
#include <thread>

using namespace gp_test;

namespace {

// The item view of the documented GalleryItem: status "string" is not
// complete, so the canonical photo has no media yet.
void check_doc_item(const json::value& out) {
    const json::object& o = out.as_object();
    CHECK(o.size() == 6);
    CHECK(o.at("id") == "string");
    CHECK(o.at("status") == "string");
    CHECK(o.at("error_code") == "string");
    CHECK(o.at("faces").is_null());
    CHECK(o.at("raw") == json::parse(kDocGalleryItem));
    const json::object& photo = o.at("photo").as_object();
    CHECK(photo.size() == 9);
    CHECK(photo.at("kind") == "photo");
    CHECK(photo.at("id") == "string");
    CHECK(photo.at("provider") == "generative_photos");
    CHECK(photo.at("person") == json::parse(R"({"id":null,"email":null,"name":null,"external_id":null})"));
    CHECK(photo.at("status") == "string");
    CHECK(photo.at("approved").is_null());
    CHECK(photo.at("created_at").is_null());
    CHECK(photo.at("media").as_array().empty());
    CHECK(photo.at("raw") == json::parse(kDocGalleryItem));
}

void check_auth(const json::object& entry) {
    CHECK(entry.at("headers").at("authorization") == "[REDACTED]");
}

}  // namespace

TEST_CASE("replay: get_item GETs the document and maps the documented GalleryItem") {
    const MockServer& mock = fresh(replay_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    check_doc_item(gp.call("get_item", {{"id", "doc-1"}}).json);
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].at("method") == "GET");
    CHECK(journal[0].at("path") == "/generative_photos/teams/me/gallery/doc-1");
    CHECK(journal[0].at("query") == "");
    CHECK(journal[0].at("status") == 200);
    check_auth(journal[0].as_object());
}

TEST_CASE("replay: upload_image POSTs multipart to /teams/me/gallery") {
    const MockServer& mock = fresh(replay_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    check_doc_item(gp.call("upload_image", {{"filename", "portrait.png"}}, png_bytes()).json);
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].at("method") == "POST");
    CHECK(journal[0].at("path") == "/generative_photos/teams/me/gallery");
    CHECK(std::string_view(journal[0].at("headers").at("content-type").as_string()).starts_with("multipart/form-data; boundary="));
    CHECK(journal[0].at("body_size").to_number<std::int64_t>() >= static_cast<std::int64_t>(png_bytes().size()));
    check_auth(journal[0].as_object());
}

TEST_CASE("replay: create_variant PUTs to faces/{faceid} with a JSON body") {
    const MockServer& mock = fresh(replay_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    check_doc_item(gp.call("create_variant", {{"id", "doc-1"}, {"move", "smile"}}).json);
    gp.call("create_variant", {{"id", "doc-1"}, {"face", 2}, {"move", "FemaleAsian"}, {"param", -0.6}});
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].at("method") == "PUT");
    CHECK(journal[0].at("path") == "/generative_photos/teams/me/gallery/doc-1/faces/default");
    CHECK(journal[0].at("headers").at("content-type") == "application/json");
    CHECK(journal[1].at("path") == "/generative_photos/teams/me/gallery/doc-1/faces/2");
    check_auth(journal[1].as_object());
}

TEST_CASE("replay: download returns the PNG bytes") {
    const MockServer& mock = fresh(replay_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const auto r = gp.call("download", {{"id", "doc-1"}});
    CHECK(is_png(r.bytes));
    CHECK(r.json.at("content_type") == "image/png");
    CHECK(r.json.at("size") == static_cast<std::int64_t>(r.bytes.size()));
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].at("method") == "GET");
    CHECK(journal[0].at("path") == "/generative_photos/teams/me/gallery/doc-1/pixels/original/bytes");
    CHECK(journal[0].at("headers").at("accept") == "*/*");
    check_auth(journal[0].as_object());
}

TEST_CASE("replay: wait_variant on an item that never settles times out after polling with backoff") {
    const MockServer& mock = fresh(replay_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const auto started = std::chrono::steady_clock::now();
    const auto e = failure_of([&] {
        gp.call("wait_variant", {{"id", "doc-1"}, {"timeout_ms", 400}, {"initial_delay_ms", 10}, {"max_delay_ms", 80}});
    });
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(e.code() == PB_ERR_TIMEOUT);
    CHECK(contains(e.what(), "did not settle within 400 ms"));
    CHECK(contains(e.what(), "last data.task.status: string"));
    CHECK(elapsed >= std::chrono::milliseconds(400));
    CHECK(elapsed < std::chrono::milliseconds(1500));
    // Immediate poll, then 10, 20, 40, 80, 80, ... ms apart, and a last one at the deadline.
    const std::size_t polls = provider_requests(mock).size();
    CHECK(polls >= 6);
    CHECK(polls <= 12);
}

TEST_CASE("replay: wait_variant honours host cancellation between polls") {
    const MockServer& mock = fresh(replay_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    auto waiting = std::async(std::launch::async, [&] {
        return failure_of([&] {
            gp.call("wait_variant", {{"id", "doc-1"}, {"timeout_ms", 30000}, {"initial_delay_ms", 2000}, {"max_delay_ms", 5000}});
        });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    const auto cancelled_at = std::chrono::steady_clock::now();
    gp.cancel();
    REQUIRE(waiting.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    const auto e = waiting.get();
    CHECK(e.code() == PB_ERR_CANCELLED);
    CHECK(std::chrono::steady_clock::now() - cancelled_at < std::chrono::milliseconds(500));
}

TEST_CASE("the manifest declares what the brief and the docs say") {
    const MockServer& mock = fresh(replay_mock());
    const json::value m = plugin(mock.provider_url("generative_photos")).manifest();
    CHECK(m.at("config").at("base_url").at("default") == "https://app.generative.photos/api/v0");
    CHECK(m.at("config").at("api_key").at("secret") == true);
    CHECK(m.at("config").at("api_key").at("required") == true);
    const json::object& cv = m.at("operations").at("create_variant").at("input").at("properties").as_object();
    CHECK(cv.at("move").at("enum").as_array().size() == 11);
    CHECK(cv.at("param").at("default") == 1.0);
    CHECK(cv.at("face").at("default") == "default");
    const json::object& wv = m.at("operations").at("wait_variant").at("input").at("properties").as_object();
    CHECK(wv.at("timeout_ms").at("default") == 120000);
    CHECK(wv.at("initial_delay_ms").at("default") == 500);
    CHECK(wv.at("max_delay_ms").at("default") == 5000);
    for (const char* op : {"upload_image", "get_item", "create_variant", "wait_variant", "wait_faces", "download", "download_media"})
        CHECK_MESSAGE(m.at("operations").as_object().contains(op), op);
}
