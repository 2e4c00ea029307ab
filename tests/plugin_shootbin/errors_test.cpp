// Every documented Shootbin error, triggered against the mock's dataset
// world, and every client-side refusal (nothing may be sent for those).
#include "shootbin_test_support.hpp"

using namespace shootbin_test;

TEST_CASE("401: a wrong token is UNAUTHORIZED with the provider's message") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"), "not-a-token");
    const auto e = failure_of([&] { sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 100}}); });
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(e.http_status() == 401);
    CHECK(contains(e.what(), "invalid credentials in the Authorization header"));
    CHECK_FALSE(contains(e.what(), "not-a-token"));
}

TEST_CASE("403: upload without the create scope + and upload to a project locked for review") {
    const MockServer& mock = fresh(dataset_mock());
    SUBCASE("read-only token") {
        const auto sb = plugin(mock.provider_url("shootbin"), "mock-token-read");
        const auto e = failure_of([&] { sb.call("upload_photo", {{"project", 1}, {"album", 12}}, jpeg_bytes()); });
        CHECK(e.code() == PB_ERR_FORBIDDEN);
        CHECK(e.http_status() == 403);
    }
    SUBCASE("locked project") {
        const auto sb = plugin(mock.provider_url("shootbin"));
        const auto e = failure_of([&] { sb.call("upload_photo", {{"project", 3}, {"album", 32}}, jpeg_bytes()); });
        CHECK(e.code() == PB_ERR_FORBIDDEN);
        CHECK(e.http_status() == 403);
        CHECK(contains(e.what(), "This project is locked for review."));
    }
}

TEST_CASE("403: update without the update scope + and a non-owner editing title/description/tags") {
    const MockServer& mock = fresh(dataset_mock());
    SUBCASE("create-only token") {
        const auto sb = plugin(mock.provider_url("shootbin"), "mock-token-create");
        const auto e = failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 100}, {"approved", true}}); });
        CHECK(e.code() == PB_ERR_FORBIDDEN);
        CHECK(e.http_status() == 403);
    }
    SUBCASE("non-owner: approving is allowed, editing the title is not") {
        const auto sb = plugin(mock.provider_url("shootbin"));
        CHECK(sb.call("update_photo", {{"project", 2}, {"album", 22}, {"photo", 1100}, {"approved", true}}).json.at("approved") == true);
        for (const char* field : {"title", "description", "tags"}) {
            json::object input{{"project", 2}, {"album", 22}, {"photo", 1100}};
            input[field] = std::string_view(field) == "tags" ? json::value(json::array{"x"}) : json::value("x");
            const auto e = failure_of([&] { sb.call("update_photo", input); });
            CHECK(e.code() == PB_ERR_FORBIDDEN);
            CHECK(e.http_status() == 403);
            CHECK(contains(e.what(), "Only the project owner can update title, description, and tags."));
        }
    }
}

TEST_CASE("422: approving past the selection limit is CONFLICT with the approved field error") {
    const MockServer& mock = fresh(limited_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    CHECK(sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 100}, {"approved", true}}).json.at("approved") == true);
    const auto e = failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 101}, {"approved", true}}); });
    CHECK(e.code() == PB_ERR_CONFLICT);
    CHECK(e.http_status() == 422);
    CHECK(e.provider_code() == "approved");
    CHECK(contains(e.what(), "The photo selection limit of 1 photos for this project has been reached."));
    // The refused approval did not stick.
    CHECK(sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 101}}).json.at("approved") == false);
}

TEST_CASE("404: unknown album or photo is NOT_FOUND for every call") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const auto check_404 = [](const CallError& e) {
        CHECK(e.code() == PB_ERR_NOT_FOUND);
        CHECK(e.http_status() == 404);
        CHECK(contains(e.what(), "Not Found."));
    };
    check_404(failure_of([&] { sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 99999}}); }));
    check_404(failure_of([&] { sb.call("album_photos", {{"params", {{"project", 1}, {"album", 999}}}}); }));
    check_404(failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 999}, {"photo", 100}, {"approved", true}}); }));
    check_404(failure_of([&] { sb.call("upload_photo", {{"project", 9}, {"album", 12}}, jpeg_bytes()); }));
    check_404(failure_of([&] { sb.call("find_photo", {{"project", 1}, {"album", 999}, {"original_filename", "a.jpg"}}); }));
}

TEST_CASE("413 or size: over 10 MB is refused before sending - a server-side 413 is TOO_LARGE") {
    SUBCASE("client side: 10 MB + 1 byte, nothing sent") {
        const MockServer& mock = fresh(dataset_mock());
        const auto sb = plugin(mock.provider_url("shootbin"));
        const auto e = failure_of([&] { sb.call("upload_photo", {{"project", 1}, {"album", 12}}, jpeg_bytes(10 * 1024 * 1024 + 1)); });
        CHECK(e.code() == PB_ERR_TOO_LARGE);
        CHECK(e.http_status() == 0);
        CHECK(contains(e.what(), "10 MB"));
        CHECK(provider_requests(mock).empty());
    }
    SUBCASE("server side: the provider answers 413") {
        const MockServer& mock = fresh(small_body_mock());
        const auto sb = plugin(mock.provider_url("shootbin"));
        const auto e = failure_of([&] { sb.call("upload_photo", {{"project", 1}, {"album", 12}}, jpeg_bytes(20000)); });
        CHECK(e.code() == PB_ERR_TOO_LARGE);
        CHECK(e.http_status() == 413);
    }
}

TEST_CASE("client-side refusals: empty or non-image uploads + empty updates + long tags - nothing sent") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::object album{{"project", 1}, {"album", 12}};

    auto e = failure_of([&] { sb.call("upload_photo", album, ""); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    e = failure_of([&] { sb.call("upload_photo", album, "GIF89a not what Shootbin gets from us"); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "neither a JPEG nor a PNG"));
    e = failure_of([&] { sb.call("upload_photo", {{"project", 1}, {"album", 12}, {"filename", "a\"b.jpg"}}, jpeg_bytes()); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    e = failure_of([&] { sb.call("upload_photo", {{"project", "one"}, {"album", 12}}, jpeg_bytes()); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);

    e = failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 100}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "at least one of"));
    e = failure_of([&] {
        sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 100}, {"tags", json::array{"ok", std::string(101, 't')}}});
    });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "tags[1]"));
    e = failure_of([&] { sb.call("update_photo", {{"project", 1}, {"album", 12}, {"photo", 100}, {"approved", "yes"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);

    e = failure_of([&] { sb.call("download_media", {{"url", "ftp://example.com/a.jpg"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);

    CHECK(provider_requests(mock).empty());
}

TEST_CASE("a body cut off mid-way (mock fault: truncate) is the retryable NETWORK status") {
    // The mock announces the full Content-Length and closes the connection
    // half-way, so the host's HTTP service fails the read: the plugin never
    // sees half a JSON document. Malformed JSON that arrives complete is
    // covered with the capture server (capture_test.cpp).
    const MockServer& mock = fresh(dataset_mock());
    mock.admin("POST", "/__admin/faults",
               R"({"rules":[{"provider":"shootbin","method":"GET","path":"/api/projects/{project}/albums/{album}/photos/{photo}","fault":"truncate"}]})");
    const auto sb = plugin(mock.provider_url("shootbin"));
    const auto e = failure_of([&] { sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 100}}); });
    CHECK(e.code() == PB_ERR_NETWORK);
    mock.admin("DELETE", "/__admin/faults");
    CHECK(sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", 100}}).json.at("id") == "100");
}
