// SDK helpers: URLs, multipart bodies, JSON accessors, error structs.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

TEST_CASE("build_url encodes path segments and query values with Boost.URL") {
    CHECK(sdk::build_url("https://api.example.com/v2/", {"models", "a b/c", "photos"}, {{"q", "x&y=z"}, {"n", "1"}}) ==
          "https://api.example.com/v2/models/a%20b%2Fc/photos?q=x%26y%3Dz&n=1");
    // '+' must not reach a server raw: most read it as a space.
    CHECK(sdk::build_url("http://h/x", {}, {{"email", "a+b@x.com"}, {"created_at_min", "2024-01-01T00:00:00+02:00"}}) ==
          "http://h/x?email=a%2Bb@x.com&created_at_min=2024-01-01T00:00:00%2B02:00");
    CHECK(sdk::build_url("http://127.0.0.1:8080/shootbin", {"api", "projects", "1"}) ==
          "http://127.0.0.1:8080/shootbin/api/projects/1");
    CHECK_THROWS_AS(sdk::build_url("not a url", {"x"}), sdk::Error);
}

TEST_CASE("multipart bodies carry fields and files with a fresh boundary") {
    sdk::Multipart form;
    form.field("title", "Frame 001").file("photo", "photo.jpg", "image/jpeg", std::string("\xFF\xD8\xFF", 3));
    const std::string type = form.content_type();
    const std::string boundary = type.substr(type.find("boundary=") + 9);
    const std::string body = form.finish();
    CHECK(body.find("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nFrame 001\r\n") == 0);
    CHECK(body.find("name=\"photo\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n") != std::string::npos);
    CHECK(body.substr(body.size() - boundary.size() - 6) == "--" + boundary + "--\r\n");
    CHECK_THROWS_AS(sdk::Multipart().field("bad\"name", "x"), sdk::Error);
    CHECK(sdk::sniff_image_type(std::string("\x89PNG\r\n\x1a\n....", 12)) == "image/png");
    CHECK(sdk::sniff_image_type("GIF89a") == "");
}

TEST_CASE("json accessors name the missing or mistyped field") {
    const json::value v = json::parse(R"({"pagination": {"hasMore": "yes", "total": 3}})");
    CHECK(sdk::json_access::require_int(v, "pagination.total", "list") == 3);
    try {
        sdk::json_access::require_bool(v, "pagination.hasMore", "headshotpro: list photos");
        FAIL("expected an error");
    } catch (const sdk::Error& e) {
        CHECK(e.status() == PB_ERR_PROTOCOL);
        CHECK(std::string(e.what()) == "headshotpro: list photos: field 'pagination.hasMore' should be a boolean, got string");
    }
    CHECK_THROWS_WITH(sdk::json_access::require_array(v, "photos", "list"), "list: field 'photos' is missing");
    CHECK_FALSE(sdk::json_access::optional_string(v, "nothing.here", "x").has_value());
}

TEST_CASE("fill_error truncates and terminates, statuses map from HTTP") {
    pb_error e = sdk::make_error_struct();
    sdk::fill_error(&e, PB_ERR_CONFLICT, std::string(5000, 'm'), 422, std::string(200, 'c'));
    CHECK(e.truncated == 1);
    CHECK(std::string(e.message).size() == PB_ERROR_MESSAGE_CAPACITY - 1);
    CHECK(std::string(e.provider_code).size() == PB_ERROR_CODE_CAPACITY - 1);
    pb_error shorter = sdk::make_error_struct();
    shorter.struct_size = 8;  // a caller from an older ABI: nothing beyond is touched
    sdk::fill_error(&shorter, PB_ERR_INTERNAL, "x");
    CHECK(shorter.code == 0);
    pb_error empty = sdk::make_error_struct();
    sdk::fill_error(&empty, PB_ERR_NETWORK, "reset", 0, std::string_view());  // null data(), size 0
    CHECK(std::string(empty.provider_code).empty());
    CHECK(empty.truncated == 0);
    CHECK(sdk::status_from_http(404) == PB_ERR_NOT_FOUND);
    CHECK(sdk::status_from_http(422) == PB_ERR_CONFLICT);
    CHECK(sdk::status_from_http(429) == PB_ERR_RATE_LIMITED);
    CHECK(sdk::status_from_http(503) == PB_ERR_UNAVAILABLE);
    CHECK(sdk::is_retryable(PB_ERR_RATE_LIMITED));
    CHECK_FALSE(sdk::is_retryable(PB_ERR_NOT_FOUND));
}
